// When the background renewal of a session runs, decided in plain Node so that sleeps and clock
// jumps can be tested with a clock the tests move. A timer never waits longer than a minute and
// then compares the clocks: the wall clock runs ahead after a sleep or a forward jump (renew
// now, once), the monotonic clock runs ahead after a backward jump (the due time moves back by
// the same amount, so the renewal still comes on time rather than hours late).

/** Longest single timer: a timer that sleeps through a suspend fires late, so wake often and re-check the clocks. */
export const MAX_TIMER_CHUNK_MS = 60_000;
/** After a renewal that failed for a passing reason (network, 5xx), the next try. */
export const RENEWAL_RETRY_MS = 60_000;

/**
 * The renewal buffer a token gets: the setting, but at most half the token's lifetime when its
 * receipt time is known, so that a token is never due the moment it arrives (a buffer as long as
 * the lifetime would renew in a loop).
 */
export function bufferMsFor(tokens: { readonly expiresAt: number; readonly receivedAt?: number }, bufferSeconds: number): number {
  const bufferMs = bufferSeconds * 1000;
  return tokens.receivedAt === undefined ? bufferMs : Math.max(0, Math.min(bufferMs, (tokens.expiresAt - tokens.receivedAt) / 2));
}

/**
 * When a session should be renewed: at expiresAt − buffer (see bufferMsFor), plus a second of
 * slack so the session sees it as due, plus `spread` (0..1) of up to 30 s (at most half the
 * buffer) so that two windows holding the same session rarely renew at the same instant (the
 * later one then adopts the earlier one's tokens instead of renewing again).
 */
export function refreshDueAt(expiresAt: number, bufferSeconds: number, spread = 0, receivedAt?: number): number {
  const bufferMs = bufferMsFor({ expiresAt, ...(receivedAt === undefined ? {} : { receivedAt }) }, bufferSeconds);
  const jitterMs = Math.min(30_000, bufferMs / 2) * Math.min(1, Math.max(0, spread));
  return expiresAt - bufferMs + 1000 + Math.floor(jitterMs);
}

/** How long to wait before checking again: 0 when due (or overdue after a sleep), else at most one chunk. */
export function nextWakeDelay(dueAt: number, now: number, maxChunkMs = MAX_TIMER_CHUNK_MS): number {
  return Math.max(0, Math.min(dueAt - now, maxChunkMs));
}

export interface ScheduleClock {
  /** Date.now: jumps with the system clock and runs on through a sleep. */
  wall(): number;
  /** performance.now: never jumps. */
  monotonic(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: ScheduleClock = {
  wall: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** 'retry' runs it again after RENEWAL_RETRY_MS; 'done' ends the schedule (a new sign-in lifetime takes over). */
export type RenewalOutcome = 'done' | 'retry';

/** Calls `run` once `dueAt` (wall clock) is reached, judged as above; dispose() stops it. */
export function scheduleRenewal(dueAt: number, run: () => Promise<RenewalOutcome>, clock: ScheduleClock = systemClock): { dispose(): void } {
  let due = dueAt;
  let lastWall = clock.wall();
  let lastMonotonic = clock.monotonic();
  let timer: unknown;
  let disposed = false;

  const arm = (): void => {
    if (!disposed) timer = clock.setTimer(() => void wake(), nextWakeDelay(due, clock.wall()));
  };

  async function wake(): Promise<void> {
    if (disposed) return;
    const wall = clock.wall();
    const monotonic = clock.monotonic();
    const wallBehind = monotonic - lastMonotonic - (wall - lastWall);
    if (wallBehind > 0) due -= wallBehind;
    lastWall = wall;
    lastMonotonic = monotonic;
    if (wall < due) return arm();
    const outcome = await run();
    if (outcome === 'retry' && !disposed) {
      due = clock.wall() + RENEWAL_RETRY_MS;
      lastWall = clock.wall();
      lastMonotonic = clock.monotonic();
      arm();
    }
  }

  arm();
  return {
    dispose() {
      disposed = true;
      clock.clearTimer(timer);
    },
  };
}
