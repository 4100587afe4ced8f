// The session lifecycle of one profile: sign in, keep a valid access token, renew it once for
// any number of concurrent callers, retry once after a 401, and end cleanly when the server
// says the session is over. Tokens live only in the secret store (tokenRecord.ts), re-read before
// every renewal so that another window's refresh is adopted instead of repeated; a lock every
// window sees (hostLock.ts) keeps two windows from renewing with the same refresh token at once.
// Stored passwords are used only as signInPolicy.ts says.
import { authClient as defaultClient, type AuthCallOptions, type AuthClient, type FinCodeUser } from '../fincode/authClient';
import type { Environment } from '../fincode/environments';
import { CancelledError, SignInRequiredError } from '../fincode/errors';
import { DEFAULT_TIMEOUTS } from '../net/transport';
import { noLock, type LockFactory } from './hostLock';
import { bufferMsFor } from './renewalSchedule';
import { secretKeys, type SecretStore } from './secretStore';
import { renewFrom, signInUnderLock, type RenewalParts } from './renewal';
import { afterTypedSignIn, type StoredPasswordOptions } from './signInPolicy';
import { clearTokenRecord, fromTokenSet, readTokenRecord, writeTokenRecord, type StoredTokens } from './tokenRecord';

export const DEFAULT_REFRESH_BUFFER_SECONDS = 300;

export type { StoredTokens } from './tokenRecord';

export type SessionState =
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly expiresAt: number; readonly secondsLeft: number; readonly refreshDue: boolean }
  | { readonly status: 'expired'; readonly expiresAt: number; readonly canRefresh: boolean };

export interface SignOutResult {
  /** False when the server could not be told (down, slow, error): the tokens expire there on their own. */
  readonly revoked: boolean;
  readonly error?: unknown;
}

export interface SessionOptions {
  readonly profileId: string;
  readonly env: Environment;
  readonly email: string;
  readonly store: SecretStore;
  readonly client?: AuthClient;
  readonly auth?: Omit<AuthCallOptions, 'signal'>;
  readonly bufferSeconds?: number;
  readonly now?: () => number;
  /** The lock windows renew under (hostLocks in the extension); none for one process (the CLI). */
  readonly lock?: LockFactory;
  /** Called after the stored tokens changed (signed in, renewed, cleared). */
  readonly onDidChange?: () => void;
}

export interface Session {
  readonly profileId: string;
  /** With a password the user typed (or the CLI was given). */
  signIn(password: string, options?: { remember?: boolean; signal?: AbortSignal }): Promise<FinCodeUser>;
  /**
   * With the stored password, as signInPolicy.ts rules; false when there is none to use. Windows
   * take turns (the renewal lock): a window that finds the profile signed in meanwhile adopts it.
   */
  signInWithStoredPassword(options: StoredPasswordOptions & { signal?: AbortSignal }): Promise<boolean>;
  /** A valid access token, renewed first when less than the buffer is left. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Sends with the current token; on a 401 renews once and retries once. A second 401 is final. */
  withAuth<T extends { readonly status: number }>(send: (accessToken: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Renews now, whatever the time left (the user's "Refresh Token"). */
  refreshNow(signal?: AbortSignal): Promise<void>;
  /**
   * The background renewal: renews the tokens that expire at `expiresAt` whatever the local
   * clock says (it may have jumped back), unless they were replaced meanwhile (another window).
   */
  renewScheduled(expiresAt: number, signal?: AbortSignal): Promise<void>;
  /** Revokes on the server when it can; local tokens are cleared in every case. */
  signOut(signal?: AbortSignal): Promise<SignOutResult>;
  /** Clears the local tokens without telling the server (it forgot them: a stopped local sandbox). */
  forget(): Promise<void>;
  state(): Promise<SessionState>;
  /** The stored access token as it is (never renewed): for showing what it allows. */
  storedAccessToken(): Promise<string | undefined>;
  hasStoredPassword(): Promise<boolean>;
}

/** Waits for `promise` unless `signal` aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The session's view of the stored record: anything unreadable is no session. */
async function readTokens(store: SecretStore, profileId: string): Promise<StoredTokens | undefined> {
  const record = await readTokenRecord(store, profileId);
  return record.kind === 'tokens' ? record.tokens : undefined;
}

export function createSession(options: SessionOptions): Session {
  const client = options.client ?? defaultClient;
  const now = options.now ?? Date.now;
  const bufferSeconds = options.bufferSeconds ?? DEFAULT_REFRESH_BUFFER_SECONDS;
  const { store, env, profileId } = options;
  let renewal: Promise<StoredTokens> | undefined;
  let storedSignIn: Promise<boolean> | undefined;
  // Bumped by sign-in and sign-out: a renewal that started before must not write its tokens.
  let generation = 0;
  // Long enough for a refresh and the login that may follow it.
  const lock = (options.lock ?? noLock)(`renewal-${profileId}`, 2 * (options.auth?.timeouts?.totalMs || DEFAULT_TIMEOUTS.totalMs), now);
  const current = (): Promise<StoredTokens | undefined> => readTokens(store, profileId);

  async function writeTokens(tokens: StoredTokens): Promise<void> {
    await writeTokenRecord(store, profileId, tokens);
    options.onDidChange?.();
  }

  async function clearTokens(): Promise<void> {
    await clearTokenRecord(store, profileId);
    options.onDidChange?.();
  }

  const fresh = (tokens: StoredTokens): boolean => tokens.expiresAt - now() > bufferMsFor(tokens, bufferSeconds);

  async function login(password: string, signal?: AbortSignal): Promise<FinCodeUser> {
    const result = await client.login(env, options.email, password, { ...options.auth, signal });
    // Receipt time comes from the injected clock so expiry math and "now" use one clock.
    await writeTokens(fromTokenSet({ ...result, receivedAt: now() }));
    return result.user;
  }

  const parts: RenewalParts = { store, profileId, env, client, auth: options.auth, now, lock, current, writeTokens, clearTokens, login, generation: () => generation };

  /**
   * Single-flight renewal. `staleAccessToken` is the token the caller found wanting; when the
   * store already holds a different, fresh one (another caller or window renewed), adopt it.
   * The shared renewal carries no caller's signal (one caller cancelling must not fail the
   * others); each caller stops waiting on its own signal instead.
   */
  function renew(staleAccessToken: string | undefined, force: boolean, signal?: AbortSignal): Promise<StoredTokens> {
    renewal ??= (async () => {
      const tokens = await current();
      if (!tokens) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
      const renewedElsewhere = staleAccessToken !== undefined && tokens.accessToken !== staleAccessToken;
      if (renewedElsewhere && tokens.expiresAt > now()) return tokens;
      if (!force && fresh(tokens)) return tokens;
      return renewFrom(parts, tokens);
    })().finally(() => {
      renewal = undefined;
    });
    return untilAborted(renewal, signal);
  }

  async function getAccessToken(signal?: AbortSignal): Promise<string> {
    if (renewal) return (await untilAborted(renewal, signal)).accessToken;
    const tokens = await current();
    if (!tokens) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
    if (fresh(tokens)) return tokens.accessToken;
    return (await renew(tokens.accessToken, false, signal)).accessToken;
  }

  return {
    profileId,

    async signIn(password, { remember = false, signal } = {}) {
      generation += 1;
      const user = await login(password, signal);
      await afterTypedSignIn(store, profileId, password, remember);
      return user;
    },

    signInWithStoredPassword({ signal, ...policy }) {
      // One try for every caller in this window at once (a Sign In during an every-role run).
      generation += 1;
      storedSignIn ??= signInUnderLock(parts, policy, signal).finally(() => {
        storedSignIn = undefined;
      });
      return storedSignIn;
    },

    getAccessToken,

    async withAuth(send, signal) {
      const token = await getAccessToken(signal);
      const first = await send(token);
      if (first.status !== 401) return first;
      const renewed = await renew(token, true, signal);
      return send(renewed.accessToken);
    },

    async refreshNow(signal) {
      const tokens = await current();
      await renew(tokens?.accessToken, true, signal);
    },

    async renewScheduled(expiresAt, signal) {
      const tokens = await current();
      if (!tokens) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
      if (tokens.expiresAt !== expiresAt) return;
      await renew(tokens.accessToken, true, signal);
    },

    async signOut(signal) {
      generation += 1;
      const tokens = await current();
      // Local secrets go first: a down or slow server must not keep the user signed in.
      await clearTokens();
      if (!tokens) return { revoked: true };
      try {
        await client.logout(env, tokens.accessToken, { ...options.auth, signal });
        return { revoked: true };
      } catch (error) {
        return { revoked: false, error };
      }
    },

    async forget() {
      generation += 1;
      await clearTokens();
    },

    async state() {
      const tokens = await current();
      if (!tokens) return { status: 'signed-out' };
      const left = tokens.expiresAt - now();
      if (left <= 0) return { status: 'expired', expiresAt: tokens.expiresAt, canRefresh: tokens.refreshToken !== undefined };
      return { status: 'signed-in', expiresAt: tokens.expiresAt, secondsLeft: Math.floor(left / 1000), refreshDue: left <= bufferMsFor(tokens, bufferSeconds) };
    },

    async storedAccessToken() {
      return (await current())?.accessToken;
    },

    async hasStoredPassword() {
      return (await store.get(secretKeys.password(profileId))) !== undefined;
    },
  };
}
