// Failed-login counting per e-mail. After `attempts` consecutive failures the e-mail is locked
// for `lockSeconds`; while locked even the right password is refused. A success resets it.

interface FailedLogins {
  count: number;
  lockedUntil?: number;
}

export type LockoutBook = Map<string, FailedLogins>;

export interface LockoutPolicy {
  readonly attempts: number;
  readonly lockSeconds: number;
}

function key(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds left on the lock (≥ 1), or undefined when the e-mail is not locked. An expired lock is cleared. */
export function lockedFor(book: LockoutBook, email: string, nowMs: number): number | undefined {
  const entry = book.get(key(email));
  if (entry?.lockedUntil === undefined) return undefined;
  if (entry.lockedUntil <= nowMs) {
    book.delete(key(email));
    return undefined;
  }
  return Math.max(1, Math.ceil((entry.lockedUntil - nowMs) / 1000));
}

export function recordFailure(book: LockoutBook, email: string, nowMs: number, policy: LockoutPolicy): void {
  const entry = book.get(key(email)) ?? { count: 0 };
  entry.count += 1;
  if (entry.count >= policy.attempts) entry.lockedUntil = nowMs + policy.lockSeconds * 1000;
  book.set(key(email), entry);
}

export function clearFailures(book: LockoutBook, email: string): void {
  book.delete(key(email));
}
