// A clock the tests move by hand, for the renewal schedule: the wall clock (Date.now), the
// monotonic clock (performance.now) and timers that run on the monotonic one, as libuv's do.
// `real()` is the time that truly passed (what a remote server's clock sees): it moves with
// `advance` and `sleep`, never with `jumpWall`.
import type { ScheduleClock } from '../../src/core/auth/renewalSchedule';

export interface FakeClock extends ScheduleClock {
  real(): number;
  /** Time passes while awake: all three clocks move, and due timers fire in order. */
  advance(ms: number): void;
  /** The system clock is set forward (ms > 0) or back; nothing else moves. */
  jumpWall(ms: number): void;
  /** A suspend: the wall clock and real time move; the monotonic clock and the timers stand still. */
  sleep(ms: number): void;
  /** Timers armed and not yet fired. */
  pending(): number;
}

export function fakeClock(start = Date.now()): FakeClock {
  let wall = start;
  let real = start;
  let monotonic = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const move = (ms: number): void => {
    wall += ms;
    real += ms;
    monotonic += ms;
  };

  return {
    wall: () => wall,
    real: () => real,
    monotonic: () => monotonic,
    setTimer(callback, ms) {
      nextId += 1;
      timers.set(nextId, { at: monotonic + Math.max(0, ms), callback });
      return nextId;
    },
    clearTimer(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const target = monotonic + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= target).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        const [id, timer] = due;
        timers.delete(id);
        move(timer.at - monotonic);
        timer.callback();
      }
      move(target - monotonic);
    },
    jumpWall(ms) {
      wall += ms;
    },
    sleep(ms) {
      wall += ms;
      real += ms;
    },
    pending: () => timers.size,
  };
}
