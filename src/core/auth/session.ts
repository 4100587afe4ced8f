// The session lifecycle of one profile: sign in, keep a valid access token, renew it once for
// any number of concurrent callers, retry once after a 401, and end cleanly when the server
// says the session is over. Tokens live only in the secret store, re-read before every renewal
// so that another window's refresh is adopted instead of repeated; a lease in the store keeps
// two windows from renewing with the same refresh token at once (refreshLease.ts).
import { authClient as defaultClient, type AuthCallOptions, type AuthClient, type FinCodeUser, type TokenSet } from '../fincode/authClient';
import type { Environment } from '../fincode/environments';
import {
  AccountLockedError,
  FinCodeError,
  ForbiddenError,
  InvalidCredentialsError,
  RateLimitedError,
  CancelledError,
  SignInRequiredError,
  UnauthorizedError,
  UserNotFoundError,
  ValidationError,
} from '../fincode/errors';
import { DEFAULT_TIMEOUTS } from '../net/transport';
import { refreshLease } from './refreshLease';
import { bufferMsFor } from './renewalSchedule';
import { secretKeys, type SecretStore } from './secretStore';

export const DEFAULT_REFRESH_BUFFER_SECONDS = 300;

export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Local clock, ms: receipt time + expires_in. Never derived from the token's `exp`. */
  readonly expiresAt: number;
  /** Local clock, ms, when the tokens arrived (absent in tokens stored by older versions). */
  readonly receivedAt?: number;
}

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
  /** Called after the stored tokens changed (signed in, renewed, cleared). */
  readonly onDidChange?: () => void;
}

export interface Session {
  readonly profileId: string;
  signIn(password: string, options?: { remember?: boolean; signal?: AbortSignal }): Promise<FinCodeUser>;
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
  state(): Promise<SessionState>;
  hasStoredPassword(): Promise<boolean>;
}

/** Failures that mean the refresh token is no good: anything else (network, 5xx, 429) keeps it. */
function isRejection(error: unknown): boolean {
  return error instanceof UnauthorizedError || error instanceof ValidationError || error instanceof ForbiddenError;
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

export function createSession(options: SessionOptions): Session {
  const client = options.client ?? defaultClient;
  const now = options.now ?? Date.now;
  const bufferSeconds = options.bufferSeconds ?? DEFAULT_REFRESH_BUFFER_SECONDS;
  const { store, env, profileId } = options;
  const tokensKey = secretKeys.tokens(profileId);
  const passwordKey = secretKeys.password(profileId);
  let renewal: Promise<StoredTokens> | undefined;
  // Bumped by sign-in and sign-out: a renewal that started before must not write its tokens.
  let generation = 0;
  // Long enough for a refresh and the login that may follow it.
  const lease = refreshLease(store, secretKeys.refreshLease(profileId), 2 * (options.auth?.timeouts?.totalMs || DEFAULT_TIMEOUTS.totalMs), now);

  async function readTokens(): Promise<StoredTokens | undefined> {
    const raw = await store.get(tokensKey);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredTokens>;
      if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return undefined;
      return {
        accessToken: parsed.accessToken,
        expiresAt: parsed.expiresAt,
        ...(typeof parsed.refreshToken === 'string' ? { refreshToken: parsed.refreshToken } : {}),
        ...(typeof parsed.receivedAt === 'number' ? { receivedAt: parsed.receivedAt } : {}),
      };
    } catch {
      return undefined;
    }
  }

  async function writeTokens(tokens: StoredTokens): Promise<void> {
    await store.store(tokensKey, JSON.stringify(tokens));
    options.onDidChange?.();
  }

  async function clearTokens(): Promise<void> {
    await store.delete(tokensKey);
    options.onDidChange?.();
  }

  function fromTokenSet(set: TokenSet, previousRefreshToken?: string): StoredTokens {
    const refreshToken = set.refreshToken ?? previousRefreshToken;
    return {
      accessToken: set.accessToken,
      expiresAt: set.receivedAt + set.expiresIn * 1000,
      receivedAt: set.receivedAt,
      ...(refreshToken ? { refreshToken } : {}),
    };
  }

  // Receipt time comes from the injected clock so expiry math and "now" use one clock.
  function received(set: TokenSet): TokenSet {
    return { ...set, receivedAt: now() };
  }

  const fresh = (tokens: StoredTokens): boolean => tokens.expiresAt - now() > bufferMsFor(tokens, bufferSeconds);

  async function signInWith(password: string, signal?: AbortSignal): Promise<FinCodeUser> {
    const result = await client.login(env, options.email, password, { ...options.auth, signal });
    await writeTokens(fromTokenSet(received(result)));
    return result.user;
  }

  /** After the server ended the session: at most one login with a stored password, never more. */
  async function recover(reason: string): Promise<StoredTokens> {
    const password = await store.get(passwordKey);
    if (!password) throw new SignInRequiredError(`${reason} Sign in again.`);
    try {
      await signInWith(password);
    } catch (error) {
      // A stored password the server refuses would only lock the account on later attempts.
      if (error instanceof InvalidCredentialsError || error instanceof UserNotFoundError) await store.delete(passwordKey);
      if (error instanceof InvalidCredentialsError || error instanceof UserNotFoundError || error instanceof AccountLockedError || error instanceof RateLimitedError) {
        throw new SignInRequiredError(`${reason} Signing in with the stored password failed: ${(error as FinCodeError).message} Sign in again.`);
      }
      throw error;
    }
    const tokens = await readTokens();
    if (!tokens) throw new SignInRequiredError(`${reason} Sign in again.`);
    return tokens;
  }

  /** The stored tokens when they are no longer `current` (renewed or signed in elsewhere); throws once signed out. */
  async function replaced(current: StoredTokens): Promise<StoredTokens | undefined> {
    const latest = await readTokens();
    if (!latest) throw new SignInRequiredError('Signed out while the session was being renewed. Sign in again.');
    return latest.accessToken === current.accessToken ? undefined : latest;
  }

  async function renewFrom(current: StoredTokens): Promise<StoredTokens> {
    if (!current.refreshToken) {
      await clearTokens();
      return recover('The session has no refresh token.');
    }
    const adopted = await lease.acquire(() => replaced(current));
    if (adopted) return adopted;
    try {
      return await refreshWith(current, current.refreshToken);
    } finally {
      await lease.release();
    }
  }

  async function refreshWith(current: StoredTokens, refreshToken: string): Promise<StoredTokens> {
    const started = generation;
    let set: TokenSet;
    try {
      set = await client.refresh(env, { accessToken: current.accessToken, refreshToken }, options.auth);
    } catch (error) {
      if (!isRejection(error)) throw error;
      // A sign-out meanwhile revokes the session too: it must not end in a login with the stored password.
      const adopted = await replaced(current);
      if (adopted) return adopted;
      await clearTokens();
      return recover('FinCode ended the session (the refresh token was rejected).');
    }
    const adopted = await replaced(current);
    if (adopted) return adopted;
    if (generation !== started) throw new SignInRequiredError('Signed out while the session was being renewed. Sign in again.');
    const next = fromTokenSet(received(set), refreshToken);
    // The rotated refresh token is stored before anyone uses the new access token.
    await writeTokens(next);
    return next;
  }

  /**
   * Single-flight renewal. `staleAccessToken` is the token the caller found wanting; when the
   * store already holds a different, fresh one (another caller or window renewed), adopt it.
   * The shared renewal carries no caller's signal (one caller cancelling must not fail the
   * others); each caller stops waiting on its own signal instead.
   */
  function renew(staleAccessToken: string | undefined, force: boolean, signal?: AbortSignal): Promise<StoredTokens> {
    renewal ??= (async () => {
      const current = await readTokens();
      if (!current) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
      const renewedElsewhere = staleAccessToken !== undefined && current.accessToken !== staleAccessToken;
      if (renewedElsewhere && current.expiresAt > now()) return current;
      if (!force && fresh(current)) return current;
      return renewFrom(current);
    })().finally(() => {
      renewal = undefined;
    });
    return untilAborted(renewal, signal);
  }

  async function getAccessToken(signal?: AbortSignal): Promise<string> {
    if (renewal) return (await untilAborted(renewal, signal)).accessToken;
    const tokens = await readTokens();
    if (!tokens) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
    if (fresh(tokens)) return tokens.accessToken;
    return (await renew(tokens.accessToken, false, signal)).accessToken;
  }

  return {
    profileId,

    async signIn(password, { remember = false, signal } = {}) {
      generation += 1;
      const user = await signInWith(password, signal);
      if (remember) await store.store(passwordKey, password);
      else await store.delete(passwordKey);
      return user;
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
      const tokens = await readTokens();
      await renew(tokens?.accessToken, true, signal);
    },

    async renewScheduled(expiresAt, signal) {
      const tokens = await readTokens();
      if (!tokens) throw new SignInRequiredError('Not signed in. Sign in to this profile first.');
      if (tokens.expiresAt !== expiresAt) return;
      await renew(tokens.accessToken, true, signal);
    },

    async signOut(signal) {
      generation += 1;
      const tokens = await readTokens();
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

    async state() {
      const tokens = await readTokens();
      if (!tokens) return { status: 'signed-out' };
      const left = tokens.expiresAt - now();
      if (left <= 0) return { status: 'expired', expiresAt: tokens.expiresAt, canRefresh: tokens.refreshToken !== undefined };
      return { status: 'signed-in', expiresAt: tokens.expiresAt, secondsLeft: Math.floor(left / 1000), refreshDue: left <= bufferMsFor(tokens, bufferSeconds) };
    },

    async hasStoredPassword() {
      return (await store.get(passwordKey)) !== undefined;
    },
  };
}
