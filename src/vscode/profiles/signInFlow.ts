// The interactive sign-in: the stored password when there is one (a documented test user's built-in
// one otherwise), else ask for it and whether to remember it; after a refused stored password, ask
// once. When a stored password is used or forgotten is the core's sign-in policy (signInPolicy.ts).
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import { isRefusal } from '../../core/auth/signInPolicy';
import { passwordProblem } from '../inputValidation';
import type { StoredProfile } from '../storedProfiles';
import { showUserError, userMessage } from '../userErrors';
import type { CommandDeps } from './commandDeps';
import { requireProfile } from './targetPicker';

interface Credentials {
  readonly password: string;
  readonly remember: boolean;
}

async function askPassword(profile: StoredProfile, reason?: string): Promise<Credentials | undefined> {
  const password = await vscode.window.showInputBox({
    title: `Sign in: ${profile.name} (${profile.role})`,
    prompt: `${reason ? `${reason} ` : ''}Password for ${profile.email}`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => passwordProblem(value),
  });
  if (password === undefined) return undefined;
  const remember = await vscode.window.showQuickPick(
    [
      { label: '$(lock) Remember in the OS keyring', description: 'renewals after the session ends sign in again by themselves', remember: true },
      { label: '$(circle-slash) Do not remember', description: 'asked at every sign-in', remember: false },
    ],
    { title: `Sign in: ${profile.name}`, placeHolder: 'Keep this password in the OS keyring (SecretStorage)?', ignoreFocusOut: true },
  );
  if (!remember) return undefined;
  return { password, remember: remember.remember };
}

/** Signs the profile in and makes it the active one; false when the user cancelled. Failures are thrown. */
export async function signIn({ model, log, watch }: CommandDeps, profileId: string): Promise<boolean> {
  const profile = requireProfile(model, profileId);
  await model.ensureReachable(profile.environmentId);
  const progress = <T>(work: () => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `FinCode: signing in as ${profile.name} (${profile.role})…` }, work);
  let signedIn: boolean;
  let reason: string | undefined;
  try {
    // The stored password first; the policy forgets it at once when FinCode refuses it.
    signedIn = await progress(() => model.signInWithStoredPassword(profileId, { automatic: false }));
  } catch (error) {
    if (!isRefusal(error) || profile.documented) {
      model.setProblem(profileId, error);
      throw error;
    }
    signedIn = false;
    reason = 'The stored password was refused.';
  }
  if (!signedIn) {
    const credentials = await askPassword(profile, reason);
    if (!credentials) return false;
    try {
      await progress(() => model.session(profileId).signIn(credentials.password, { remember: credentials.remember }));
    } catch (error) {
      model.setProblem(profileId, error);
      throw error;
    }
  }
  model.setProblem(profileId, undefined);
  await watch?.remember(profileId);
  await model.setActive(profileId);
  log.info(`Signed in: ${profile.name} (${profile.role}).`);
  vscode.window.setStatusBarMessage(`$(pass) Signed in as ${profile.name} (${profile.role})`, STATUS_MESSAGE_MS);
  return true;
}

/** signIn from a notification's button, where no command wrapper reports a failure: report it here. */
export async function signInReportingFailure(deps: CommandDeps, profileId: string): Promise<void> {
  try {
    await signIn(deps, profileId);
  } catch (error) {
    deps.log.error(`Sign-in failed: ${userMessage(error)}`);
    void showUserError(vscode, error);
  }
}
