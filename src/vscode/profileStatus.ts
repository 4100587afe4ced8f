// A profile's state from its stored tokens and its last failure: signed in (with the time left and
// whether renewal is due), expired, signed out, locked or error, with the label the tree shows
// ("signed in · expires in 41 min"). No 'vscode' import: plain Node tests.
import { bufferMsFor } from '../core/auth/renewalSchedule';
import { formatTimeLeft } from './timeLeft';

/** What the secret store says about a profile's tokens. */
export type TokenState =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly expiresAt: number; readonly receivedAt?: number }
  | { readonly kind: 'unreadable'; readonly message: string };

/** The last sign-in or refresh failure of a profile, kept in memory. */
export type Problem =
  | { readonly kind: 'locked'; readonly message: string; readonly retryAfterSeconds?: number; readonly at: number }
  | { readonly kind: 'error'; readonly message: string; readonly at: number };

export type ProfileStatus = 'signedIn' | 'signedOut' | 'expired' | 'locked' | 'error';

export interface ProfileStatusView {
  readonly status: ProfileStatus;
  /** e.g. "signed in · expires in 41 min" */
  readonly label: string;
  readonly secondsLeft?: number;
  /** Less than the refresh buffer left. */
  readonly refreshDue: boolean;
  readonly detail?: string;
}

export function profileStatus(token: TokenState, problem: Problem | undefined, now: number, bufferSeconds: number): ProfileStatusView {
  if (token.kind === 'signed-in') {
    const secondsLeft = Math.floor((token.expiresAt - now) / 1000);
    if (secondsLeft <= 0) return { status: 'expired', label: 'expired', refreshDue: true, secondsLeft: 0, ...(problem ? { detail: problem.message } : {}) };
    return {
      status: 'signedIn',
      label: `signed in · expires in ${formatTimeLeft(secondsLeft)}`,
      secondsLeft,
      // The buffer renewal uses: a short-lived token is not "due" (warning colour) from the start.
      refreshDue: secondsLeft * 1000 <= bufferMsFor(token, bufferSeconds),
      ...(problem ? { detail: `Last refresh failed: ${problem.message}` } : {}),
    };
  }
  if (token.kind === 'unreadable') return { status: 'error', label: 'error', refreshDue: false, detail: token.message };
  if (problem?.kind === 'locked') return { status: 'locked', label: 'locked', refreshDue: false, detail: problem.message };
  if (problem) return { status: 'error', label: 'error', refreshDue: false, detail: problem.message };
  return { status: 'signedOut', label: 'signed out', refreshDue: false };
}
