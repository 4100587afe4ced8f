// The interactive sign-in: the stored password when there is one (restoring a documented test
// user's), else ask for it and whether to remember it; a refused stored password is forgotten
// and asked for once. Everything about when a stored password is used lives in signIn() here.
import * as vscode from 'vscode';
import { secretKeys } from '../../core/auth/secretStore';
import { InvalidCredentialsError, UserNotFoundError } from '../../core/fincode/errors';
import { passwordProblem } from '../inputValidation';
import type { StoredProfile } from '../storedProfiles';
import { userMessage } from '../userErrors';
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
  const session = () => model.session(profileId);
  await model.ensureReachable(profile.environmentId);
  let stored = await model.store.get(secretKeys.password(profileId));
  if (stored === undefined && (await model.storeDocumentedPassword(profile))) stored = await model.store.get(secretKeys.password(profileId));
  let credentials: Credentials | undefined = stored !== undefined ? { password: stored, remember: true } : await askPassword(profile);
  if (!credentials) return false;
  const fromStore = stored !== undefined;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `FinCode: signing in as ${profile.name} (${profile.role})…` },
      () => session().signIn(credentials!.password, { remember: credentials!.remember }),
    );
  } catch (error) {
    if (fromStore && (error instanceof InvalidCredentialsError || error instanceof UserNotFoundError) && !profile.documented) {
      // The stored password is no longer right: forget it (retrying it would lock the account) and ask once.
      await model.store.delete(secretKeys.password(profileId));
      credentials = await askPassword(profile, 'The stored password was refused.');
      if (!credentials) return false;
      try {
        await session().signIn(credentials.password, { remember: credentials.remember });
      } catch (again) {
        model.setProblem(profileId, again);
        throw again;
      }
    } else {
      model.setProblem(profileId, error);
      throw error;
    }
  }
  model.setProblem(profileId, undefined);
  await watch?.remember(profileId);
  await model.setActive(profileId);
  log.info(`Signed in: ${profile.name} (${profile.role}).`);
  vscode.window.setStatusBarMessage(`$(pass) Signed in as ${profile.name} (${profile.role})`, 4000);
  return true;
}

/** signIn from a notification's button, where no command wrapper reports a failure: report it here. */
export async function signInReportingFailure(deps: CommandDeps, profileId: string): Promise<void> {
  try {
    await signIn(deps, profileId);
  } catch (error) {
    deps.log.error(`Sign-in failed: ${userMessage(error)}`);
    void vscode.window.showErrorMessage(userMessage(error));
  }
}
