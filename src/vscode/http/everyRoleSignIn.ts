// How "Send As Every Role" gets each profile's credential: signed-out profiles are signed in with
// their stored passwords, after asking outside the local sandbox (each sign-in is a real login,
// and a stale stored password counts towards the account's lockout). The one place the .http
// commands sign in on their own.
import * as vscode from 'vscode';
import { SignInRequiredError } from '../../core/fincode/errors';
import type { CredentialSource } from '../../core/http/sender';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import { candidateLabel, type SendCandidate } from './candidates';
import { trustedCredential } from './workspaceTrust';

export interface EveryRoleCredentials {
  /** Per profile: left signed out on purpose ("Send Without Them"), so nothing is sent as it. */
  readonly notSent: readonly boolean[];
  credentialFor(profile: SendCandidate): Promise<CredentialSource>;
}

/** Undefined: the user cancelled the sign-in question. */
export async function everyRoleCredentials(model: ProfilesModel, log: Log, profiles: readonly SendCandidate[]): Promise<EveryRoleCredentials | undefined> {
  const isSignedOut = (profile: SendCandidate): boolean => model.profile(profile.id) !== undefined && model.tokenState(profile.id).kind === 'signed-out';
  const signedOut = profiles.filter(isSignedOut);
  let signIn = true;
  if (signedOut.length > 0 && !signedOut.every((profile) => model.environment(profile.environmentId)?.local)) {
    const signInLabel = 'Sign In and Send';
    const answer = await vscode.window.showWarningMessage(
      `${signedOut.length} profile${signedOut.length === 1 ? ' is' : 's are'} signed out: ${signedOut.map(candidateLabel).join(', ')}. Sign ${signedOut.length === 1 ? 'it' : 'them'} in with the stored password${signedOut.length === 1 ? '' : 's'}?`,
      { modal: true, detail: 'Each sign-in is a real login: a wrong stored password counts towards locking the account. "Send Without Them" shows those roles as signed out.' },
      signInLabel,
      'Send Without Them',
    );
    if (answer === undefined) return undefined;
    signIn = answer === signInLabel;
  }
  const notSent = profiles.map((profile) => !signIn && isSignedOut(profile));
  const credentialFor = async (profile: SendCandidate): Promise<CredentialSource> => {
    const credential = await trustedCredential(model, profile.id);
    if (!signIn || credential.kind !== 'session') return credential;
    try {
      await credential.session.getAccessToken();
    } catch (error) {
      if (!(error instanceof SignInRequiredError)) throw error;
      // As the core's sign-in policy rules: a refused stored password is not tried again, a lockout not retried.
      if (!(await model.signInWithStoredPassword(profile.id, { automatic: true }))) throw error;
      model.setProblem(profile.id, undefined);
      log.info(`Signed in ${profile.name} (${profile.role}) for "Send As Every Role".`);
    }
    return model.credentialFor(profile.id);
  };
  return { notSent, credentialFor };
}
