// Sign In, Renew and Sign Out: the commands around a profile's session. Each opens the keyring
// first, so it offers the sessions as they are there, not as last known. Sign Out of a profile of
// the stopped local sandbox deletes the stored token record here (nobody to tell).
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import { userMessage } from '../userErrors';
import type { CommandDeps } from './commandDeps';
import { signIn } from './signInFlow';
import { chooseTarget, isSignedIn, requireProfile } from './targetPicker';

export async function signInCommand(deps: CommandDeps, arg?: unknown): Promise<void> {
  const { model } = deps;
  await model.openKeyring();
  const target = await chooseTarget(model, arg, ['profile'], 'Choose the profile to sign in with.', { filter: (t) => !isSignedIn(model, t) });
  if (target) await signIn(deps, target.id);
}

export async function renewCommand({ model, watch }: CommandDeps, arg?: unknown): Promise<void> {
  await model.openKeyring();
  const target = await chooseTarget(model, arg, ['profile'], 'Choose the session to renew.', { filter: (t) => isSignedIn(model, t), preferActive: true });
  if (!target) return;
  const profile = requireProfile(model, target.id);
  await model.ensureReachable(profile.environmentId);
  await watch?.beforeRenewal(target.id);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `FinCode: renewing ${profile.name}…` }, () => model.session(target.id).refreshNow());
  } catch (error) {
    model.setProblem(target.id, error);
    throw error;
  }
  model.setProblem(target.id, undefined);
  await watch?.afterRenewal(target.id);
  vscode.window.setStatusBarMessage(`$(pass) Renewed the session of ${profile.name} (${profile.role})`, STATUS_MESSAGE_MS);
}

export async function signOutCommand({ model, log }: CommandDeps, arg?: unknown): Promise<void> {
  await model.openKeyring();
  const target = await chooseTarget(model, arg, ['profile'], 'Choose the profile to sign out.', { filter: (t) => isSignedIn(model, t), preferActive: true });
  if (!target) return;
  const profile = requireProfile(model, target.id);
  const localStopped = model.environment(profile.environmentId)?.local === true && model.sandboxUrl() === undefined;
  // A stopped local sandbox forgot its sessions: nobody to tell.
  // Local secrets go first; telling FinCode may take up to the total timeout: a spinner says so meanwhile.
  const result = localStopped
    ? { revoked: true as const }
    : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Signing out of ${profile.name}` }, () => model.session(target.id).signOut());
  if (localStopped) {
    await model.session(target.id).forget();
    await model.reload();
  }
  model.setProblem(target.id, undefined);
  log.info(`Signed out: ${profile.name} (${profile.role}); revoked on the server: ${result.revoked}.`);
  if (!result.revoked) {
    void vscode.window.showWarningMessage(
      `Signed out of ${profile.name} here, but FinCode could not be told (${userMessage(result.error)}). The session ends there when its tokens expire.`,
    );
  } else {
    vscode.window.setStatusBarMessage(`$(sign-out) Signed out of ${profile.name} (${profile.role})`, STATUS_MESSAGE_MS);
  }
}
