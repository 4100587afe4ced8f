// Remove: an environment (with its profiles and API tokens), a profile or an API token, after a
// modal confirmation; its secrets leave the OS keyring with it.
import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { chooseTarget } from './targetPicker';

export async function removeCommand({ model }: CommandDeps, arg?: unknown): Promise<void> {
  const target = await chooseTarget(model, arg, ['environment', 'profile', 'apiToken'], 'Choose what to remove.');
  if (!target) return;
  const entry = model.entry(target.id);
  if (!entry) return;
  const what =
    entry.kind === 'environment'
      ? `the environment "${entry.item.label}" with its ${model.childrenOf(entry.item.id).profiles.length} profile(s) and ${model.childrenOf(entry.item.id).apiTokens.length} API token(s)`
      : entry.kind === 'profile'
        ? `the profile "${entry.item.name}" (${entry.item.role}, ${entry.item.email})`
        : `the API token "${entry.item.label}"`;
  const remove = 'Remove';
  const choice = await vscode.window.showWarningMessage(`Remove ${what}?`, { modal: true, detail: 'Its stored password and tokens are deleted from the OS keyring. Signed-in sessions are not revoked on the server.' }, remove);
  if (choice !== remove) return;
  await model.remove(target.id);
}
