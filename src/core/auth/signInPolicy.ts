// The one rule for signing in with a stored password, whoever asks: the Sign In command, the
// every-role run's sign-ins, the session's recovery after a rejected refresh, the CLI. A stored
// password that FinCode refuses (wrong password, unknown user) is forgotten at once and not tried
// again, by any path or window, until the user types one: each try counts towards the account's
// lockout (5 failures). A locked or rate-limited answer is not retried by a sign-in nobody asked
// for (background recovery, every-role runs) until the lock has ended or the user signs in.
import { AccountLockedError, InvalidCredentialsError, RateLimitedError, SignInRequiredError, UserNotFoundError } from '../fincode/errors';
import { secretKeys, type SecretStore } from './secretStore';

/** Why automatic sign-ins are held back, kept beside the password (shared by every window). */
type Hold = { readonly kind: 'refused' } | { readonly kind: 'locked'; readonly until?: number };

export interface StoredPasswordOptions {
  /** Used when no password is stored (a documented sandbox user's); kept once it works. */
  readonly fallback?: string;
  /** A sign-in nobody asked for (recovery, every-role run): a lockout is not retried by it. */
  readonly automatic: boolean;
}

/** FinCode refused the password itself: trying it again can only lock the account. */
export const isRefusal = (error: unknown): boolean => error instanceof InvalidCredentialsError || error instanceof UserNotFoundError;

export const isLockout = (error: unknown): error is AccountLockedError | RateLimitedError => error instanceof AccountLockedError || error instanceof RateLimitedError;

async function readHold(store: SecretStore, profileId: string): Promise<Hold | undefined> {
  const raw = await store.get(secretKeys.signInHold(profileId));
  if (!raw) return undefined;
  try {
    const hold = JSON.parse(raw) as Partial<Hold> & { until?: unknown };
    if (hold.kind === 'refused') return { kind: 'refused' };
    if (hold.kind === 'locked') return typeof hold.until === 'number' ? { kind: 'locked', until: hold.until } : { kind: 'locked' };
  } catch {
    // An unreadable hold holds nothing back.
  }
  return undefined;
}

/**
 * Signs in with the stored password (or the fallback) through `login`. Resolves false when there
 * is no password to use: none stored, or the last one was refused (only a typed one is tried now).
 * A refusal forgets the password before it is rethrown; a lockout is remembered for automatic sign-ins.
 */
export async function signInWithStoredPassword(
  store: SecretStore,
  profileId: string,
  login: (password: string) => Promise<unknown>,
  options: StoredPasswordOptions,
  now: () => number = Date.now,
): Promise<boolean> {
  const hold = await readHold(store, profileId);
  if (hold?.kind === 'refused') return false;
  if (hold?.kind === 'locked' && options.automatic && (hold.until === undefined || hold.until > now())) {
    throw new SignInRequiredError('FinCode locked this account at the last sign-in with the stored password; it is not tried again by itself. Sign in when the lock has ended.');
  }
  const stored = await store.get(secretKeys.password(profileId));
  const password = stored ?? options.fallback;
  if (password === undefined) return false;
  try {
    await login(password);
  } catch (error) {
    if (isRefusal(error)) {
      await store.delete(secretKeys.password(profileId));
      await store.store(secretKeys.signInHold(profileId), JSON.stringify({ kind: 'refused' }));
    } else if (isLockout(error)) {
      const until = error.retryAfterSeconds === undefined ? undefined : now() + error.retryAfterSeconds * 1000;
      await store.store(secretKeys.signInHold(profileId), JSON.stringify({ kind: 'locked', ...(until === undefined ? {} : { until }) }));
    }
    throw error;
  }
  if (stored === undefined) await store.store(secretKeys.password(profileId), password);
  if (hold) await store.delete(secretKeys.signInHold(profileId));
  return true;
}

/** After a sign-in with a password the user typed: the hold ends, the password is kept or forgotten as chosen. */
export async function afterTypedSignIn(store: SecretStore, profileId: string, password: string, remember: boolean): Promise<void> {
  if (remember) await store.store(secretKeys.password(profileId), password);
  else await store.delete(secretKeys.password(profileId));
  await store.delete(secretKeys.signInHold(profileId));
}
