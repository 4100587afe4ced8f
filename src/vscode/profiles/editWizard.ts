// Edit: a profile's name, e-mail and role (three input steps); an environment's or API token's label.
import * as vscode from 'vscode';
import { ROLES } from '../../core/fincode/roles';
import { emailProblem, nameProblem } from '../inputValidation';
import { ROLE_ICONS } from '../roleIcons';
import type { ProfilesModel } from '../profilesModel';
import type { CommandDeps } from './commandDeps';
import { chooseTarget, requireProfile } from './targetPicker';

async function editProfile(model: ProfilesModel, id: string): Promise<void> {
  const profile = requireProfile(model, id);
  const name = await vscode.window.showInputBox({ title: `Edit ${profile.name} (1/3)`, prompt: 'Name', value: profile.name, validateInput: nameProblem, ignoreFocusOut: true });
  if (name === undefined) return;
  const email = await vscode.window.showInputBox({ title: `Edit ${profile.name} (2/3)`, prompt: 'E-mail (changing it signs the profile out and forgets its password)', value: profile.email, validateInput: emailProblem, ignoreFocusOut: true });
  if (email === undefined) return;
  const role = await vscode.window.showQuickPick(
    ROLES.map((r) => ({ label: `$(${ROLE_ICONS[r]}) ${r}`, role: r, picked: r === profile.role })),
    { title: `Edit ${profile.name} (3/3)`, placeHolder: `Role (now ${profile.role})`, ignoreFocusOut: true },
  );
  if (!role) return;
  await model.updateProfile(id, { name: name.trim(), email: email.trim(), role: role.role });
}

async function relabel(model: ProfilesModel, id: string): Promise<void> {
  const entry = model.entry(id);
  if (!entry) return;
  const current = entry.kind === 'apiToken' ? entry.item.label : entry.kind === 'environment' ? entry.item.label : '';
  const label = await vscode.window.showInputBox({ title: `Rename "${current}"`, prompt: 'New label', value: current, validateInput: nameProblem, ignoreFocusOut: true });
  if (label === undefined) return;
  if (entry.kind === 'apiToken') await model.renameApiToken(id, label.trim());
  else await model.renameEnvironment(id, label.trim());
}

export async function editCommand({ model }: CommandDeps, arg?: unknown): Promise<void> {
  const target = await chooseTarget(model, arg, ['environment', 'profile', 'apiToken'], 'Choose what to edit.');
  if (!target) return;
  if (target.kind === 'profile') await editProfile(model, target.id);
  else await relabel(model, target.id);
}
