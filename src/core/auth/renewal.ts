// How a session's tokens are renewed once they are due or refused: under the renewal lock (one
// window at a time; a window that finds them renewed meanwhile adopts them), the refresh, and
// after FinCode ended the session, at most one login with the stored password (signInPolicy.ts).
// Sign-ins with the stored password take the same lock.
import type { AuthCallOptions, AuthClient, FinCodeUser, TokenSet } from '../fincode/authClient';
import type { Environment } from '../fincode/environments';
import { FinCodeError, ForbiddenError, SignInRequiredError, UnauthorizedError, ValidationError } from '../fincode/errors';
import type { RenewalLock } from './hostLock';
import type { SecretStore } from './secretStore';
import { isLockout, isRefusal, signInWithStoredPassword, type StoredPasswordOptions } from './signInPolicy';
import { fromTokenSet, type StoredTokens } from './tokenRecord';

/** What a session lends its renewal. */
export interface RenewalParts {
  readonly store: SecretStore;
  readonly profileId: string;
  readonly env: Environment;
  readonly client: AuthClient;
  readonly auth: Omit<AuthCallOptions, 'signal'> | undefined;
  readonly now: () => number;
  readonly lock: RenewalLock;
  current(): Promise<StoredTokens | undefined>;
  writeTokens(tokens: StoredTokens): Promise<void>;
  clearTokens(): Promise<void>;
  login(password: string, signal?: AbortSignal): Promise<FinCodeUser>;
  /** Bumped by sign-in and sign-out: a renewal that started before must not write its tokens. */
  generation(): number;
}

/** Failures that mean the refresh token is no good: anything else (network, 5xx, 429) keeps it. */
function isRejection(error: unknown): boolean {
  return error instanceof UnauthorizedError || error instanceof ValidationError || error instanceof ForbiddenError;
}

/** After the server ended the session: at most one login with the stored password (signInPolicy.ts), never more. */
async function recover(parts: RenewalParts, reason: string): Promise<StoredTokens> {
  try {
    if (!(await signInWithStoredPassword(parts.store, parts.profileId, (password) => parts.login(password), { automatic: true }, parts.now))) throw new SignInRequiredError(`${reason} Sign in again.`);
  } catch (error) {
    if (isRefusal(error) || isLockout(error)) {
      throw new SignInRequiredError(`${reason} Signing in with the stored password failed: ${(error as FinCodeError).message} Sign in again.`);
    }
    throw error;
  }
  const tokens = await parts.current();
  if (!tokens) throw new SignInRequiredError(`${reason} Sign in again.`);
  return tokens;
}

/** The stored tokens when they are no longer `than` (renewed or signed in elsewhere); throws once signed out. */
async function replaced(parts: RenewalParts, than: StoredTokens): Promise<StoredTokens | undefined> {
  const latest = await parts.current();
  if (!latest) throw new SignInRequiredError('Signed out while the session was being renewed. Sign in again.');
  return latest.accessToken === than.accessToken ? undefined : latest;
}

export async function renewFrom(parts: RenewalParts, tokens: StoredTokens): Promise<StoredTokens> {
  if (!tokens.refreshToken) {
    await parts.clearTokens();
    return recover(parts, 'The session has no refresh token.');
  }
  const adopted = await parts.lock.acquire(() => replaced(parts, tokens));
  if (adopted) return adopted;
  try {
    return await refreshWith(parts, tokens, tokens.refreshToken);
  } finally {
    await parts.lock.release();
  }
}

async function refreshWith(parts: RenewalParts, tokens: StoredTokens, refreshToken: string): Promise<StoredTokens> {
  const started = parts.generation();
  let set: TokenSet;
  try {
    set = await parts.client.refresh(parts.env, { accessToken: tokens.accessToken, refreshToken }, parts.auth);
  } catch (error) {
    if (!isRejection(error)) throw error;
    // A sign-out meanwhile revokes the session too: it must not end in a login with the stored password.
    const adopted = await replaced(parts, tokens);
    if (adopted) return adopted;
    await parts.clearTokens();
    return recover(parts, 'FinCode ended the session (the refresh token was rejected).');
  }
  const adopted = await replaced(parts, tokens);
  if (adopted) return adopted;
  if (parts.generation() !== started) throw new SignInRequiredError('Signed out while the session was being renewed. Sign in again.');
  const next = fromTokenSet({ ...set, receivedAt: parts.now() }, refreshToken);
  // The rotated refresh token is stored before anyone uses the new access token.
  await parts.writeTokens(next);
  return next;
}

/** A sign-in with the stored password under the renewal lock, so that two windows do not both try it. */
export async function signInUnderLock(parts: RenewalParts, policy: StoredPasswordOptions, signal?: AbortSignal): Promise<boolean> {
  const before = await parts.current();
  const signedInElsewhere = async (): Promise<true | undefined> => {
    const latest = await parts.current();
    return latest && latest.accessToken !== before?.accessToken ? true : undefined;
  };
  if (await parts.lock.acquire(signedInElsewhere)) return true;
  try {
    return await signInWithStoredPassword(parts.store, parts.profileId, (password) => parts.login(password, signal), policy, parts.now);
  } finally {
    await parts.lock.release();
  }
}
