// A fixed-window request counter. The sandbox only listens on 127.0.0.1, so one window for
// all clients is what a per-client limit would be anyway.

export interface FixedWindow {
  start: number;
  count: number;
}

export interface RateLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

export function newWindow(): FixedWindow {
  return { start: 0, count: 0 };
}

/** Counts one request; returns the seconds to wait (≥ 1) when it exceeds the limit, else undefined. */
export function takeSlot(window: FixedWindow, limit: RateLimit, nowMs: number): number | undefined {
  const windowMs = limit.windowSeconds * 1000;
  if (nowMs - window.start >= windowMs) {
    window.start = nowMs;
    window.count = 0;
  }
  window.count += 1;
  if (window.count <= limit.max) return undefined;
  return Math.max(1, Math.ceil((window.start + windowMs - nowMs) / 1000));
}
