// Copy Access Token (after a modal warning about the clipboard) and Inspect Token (the JWT inspector).
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import type { CommandDeps } from './commandDeps';
import { chooseTarget, isSignedIn, type Target } from './targetPicker';
import { tokenOrAsk } from './tokenLookup';

export async function copyAccessTokenCommand({ model }: CommandDeps, arg?: unknown): Promise<void> {
  const target = await chooseTarget(model, arg, ['profile', 'apiToken'], 'Choose whose token to copy.', { filter: (t) => hasToken(model, t), preferActive: true });
  if (!target) return;
  const entry = model.entry(target.id);
  if (!entry || entry.kind === 'environment') return;
  const who = entry.kind === 'profile' ? `${entry.item.name} (${entry.item.role})` : `API token "${entry.item.label}"`;
  const copy = 'Copy';
  const choice = await vscode.window.showWarningMessage(
    `Copy the access token of ${who} to the clipboard?`,
    { modal: true, detail: 'Anyone who can read the clipboard can act as this user until the token expires. Clipboard managers may keep it.' },
    copy,
  );
  if (choice !== copy) return;
  const token = await tokenOrAsk(model, target.id);
  if (!token) return;
  await vscode.env.clipboard.writeText(token);
  vscode.window.setStatusBarMessage(`$(clippy) Token of ${who} copied`, STATUS_MESSAGE_MS);
}

export async function inspectTokenCommand({ model, inspector }: CommandDeps, arg?: unknown): Promise<void> {
  const target = await chooseTarget(model, arg, ['profile', 'apiToken'], 'Choose whose token to inspect.', { filter: (t) => hasToken(model, t), preferActive: true });
  if (!target) return;
  const entry = model.entry(target.id);
  const token = await tokenOrAsk(model, target.id);
  if (!token || !entry || entry.kind === 'environment') return;
  const title = entry.kind === 'profile' ? `JWT: ${entry.item.name} (${entry.item.role})` : `JWT: API token ${entry.item.label}`;
  // The page keeps only the id (a non-secret reference); the token is re-read from SecretStorage after a reload.
  inspector.show(token, { title, ref: target.id, kind: entry.kind === 'profile' ? 'access' : 'api' });
}

/** An API token, or a signed-in profile: something with a token to hand over. */
function hasToken(model: CommandDeps['model'], target: Target): boolean {
  return target.kind === 'apiToken' || isSignedIn(model, target);
}
