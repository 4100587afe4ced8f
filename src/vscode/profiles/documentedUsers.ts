// Add Documented Sandbox Test Users: the four users of the FinCode documentation, into a sandbox.
import * as vscode from 'vscode';
import { COMMANDS, STATUS_MESSAGE_MS } from '../ids';
import type { CommandDeps } from './commandDeps';
import { chooseEnvironment } from './environmentPicker';

export async function addDocumentedUsersCommand({ model }: CommandDeps, arg?: unknown): Promise<void> {
  const env = await chooseEnvironment(model, arg, 'Add Documented Sandbox Test Users', (e) => e.kind === 'sandbox' || e.local === true);
  if (!env) {
    const add = 'Add Environment';
    const choice = await vscode.window.showInformationMessage('The documented test users only exist in a tenant sandbox: add a sandbox environment first.', add);
    if (choice === add) await vscode.commands.executeCommand(COMMANDS.addEnvironment);
    return;
  }
  const added = await model.addDocumentedUsers(env.id);
  vscode.window.setStatusBarMessage(
    added === 0 ? `$(info) ${env.label} already has the four documented test users` : `$(pass) Added ${added} documented sandbox test user${added === 1 ? '' : 's'} to ${env.label}`,
    STATUS_MESSAGE_MS,
  );
}
