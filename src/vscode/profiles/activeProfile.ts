// Switch Active Profile (palette, status bar) and Set Active (tree): which profile or API token
// signs .http requests, with the permission difference against the previous one.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { CommandDeps } from './commandDeps';
import { signInReportingFailure } from './signInFlow';
import { chooseTarget, requireProfile, targetItems } from './targetPicker';

async function makeActive({ model, watch }: CommandDeps, id: string): Promise<void> {
  const previous = model.activeId;
  await model.setActive(id);
  await watch?.afterSwitch(previous, id);
}

export async function switchProfileCommand(deps: CommandDeps): Promise<void> {
  const { model } = deps;
  const choices = targetItems(model, ['profile', 'apiToken']);
  if (choices.length === 0) {
    const add = 'Add Profile';
    const choice = await vscode.window.showInformationMessage('There is no FinCode profile yet.', add);
    if (choice === add) await vscode.commands.executeCommand(COMMANDS.addProfile);
    return;
  }
  const picked = await vscode.window.showQuickPick(choices, {
    title: 'Switch Active Profile',
    placeHolder: 'The active profile signs .http requests and shows in the status bar',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  await makeActive(deps, picked.target.id);
  if (picked.target.kind === 'profile' && model.status(picked.target.id).status !== 'signedIn') {
    const signInNow = 'Sign In';
    void vscode.window
      .showInformationMessage(`${requireProfile(model, picked.target.id).name} is the active profile and is not signed in.`, signInNow)
      .then((choice) => (choice === signInNow ? signInReportingFailure(deps, picked.target.id) : undefined));
  }
}

export async function setActiveCommand(deps: CommandDeps, arg?: unknown): Promise<void> {
  const target = await chooseTarget(deps.model, arg, ['profile', 'apiToken'], 'Choose the active profile or API token.');
  if (target) await makeActive(deps, target.id);
}
