// One pending call per key (a document's URI): a call for a key replaces the one still waiting,
// so a burst of edits does the work once, after the burst.

export interface KeyedDebounce {
  run(key: string, action: () => void): void;
  cancel(key: string): void;
  /** Cancels every pending call. */
  dispose(): void;
}

export function keyedDebounce(delayMs: number): KeyedDebounce {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    run(key, action) {
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          action();
        }, delayMs),
      );
    },
    cancel(key) {
      clearTimeout(timers.get(key));
      timers.delete(key);
    },
    dispose() {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
    },
  };
}
