// A lock that every process on this machine sees at once: a file in a folder they share (the
// extension's global storage). Two VS Code windows are two extension-host processes, and in a
// browser-hosted workbench they share no live secret store (each page answers from its own copy),
// so the lock cannot live there. The lock file is created atomically with its content (written
// to a private file, then hard-linked to the lock's name: the link fails when the lock exists)
// and names its owner and an end time; a lock past its end time (a window that crashed while
// holding it) is taken over.
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** How often a waiting process looks again: the lock fires no events. */
const POLL_MS = 50;

interface LockRecord {
  readonly owner: string;
  readonly until: number;
}

export interface RenewalLock {
  /**
   * Resolves when this process holds the lock (undefined), or with what `changed` found once
   * another process did the work meanwhile. `changed` re-reads the shared state: undefined while
   * unchanged. Called again after the lock is taken, so work done just before is not repeated.
   */
  acquire<T>(changed: () => Promise<T | undefined>): Promise<T | undefined>;
  release(): Promise<void>;
}

/** Makes the lock named `name`; `lifetimeMs` bounds how long a holder may keep it. */
export type LockFactory = (name: string, lifetimeMs: number, now: () => number) => RenewalLock;

/** One process (the CLI, a test of one session): the session's own single flight is enough. */
export const noLock: LockFactory = () => ({
  acquire: async () => undefined,
  release: async () => undefined,
});

/** Locks as files in `dir`, shared by every process that uses the same folder. */
export function hostLocks(dir: string): LockFactory {
  return (name, lifetimeMs, now) => hostLock(join(dir, `${encodeURIComponent(name)}.lock`), lifetimeMs, now);
}

export function hostLock(path: string, lifetimeMs: number, now: () => number = Date.now): RenewalLock {
  const owner = randomUUID();

  async function read(): Promise<LockRecord | undefined> {
    try {
      const record = JSON.parse(await readFile(path, 'utf8')) as Partial<LockRecord>;
      return typeof record.owner === 'string' && typeof record.until === 'number' ? { owner: record.owner, until: record.until } : { owner: '', until: 0 };
    } catch (error) {
      // Unparseable content cannot happen (the content is linked in whole): treat it as stale.
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : { owner: '', until: 0 };
    }
  }

  async function tryTake(): Promise<boolean> {
    await mkdir(dirname(path), { recursive: true });
    const mine = `${path}.${owner}`;
    await writeFile(mine, JSON.stringify({ owner, until: now() + lifetimeMs }));
    try {
      await link(mine, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(mine).catch(() => undefined);
    }
  }

  // An end time further off than a lock can last comes from a clock set back since: stale.
  const live = (record: LockRecord): boolean => record.until > now() && record.until - now() <= lifetimeMs;

  /** Removes a stale lock, unless it changed since it was judged (then someone else took it over). */
  async function removeStale(judged: LockRecord): Promise<void> {
    const current = await read();
    if (current && current.owner === judged.owner && current.until === judged.until) await unlink(path).catch(() => undefined);
  }

  async function release(): Promise<void> {
    if ((await read())?.owner === owner) await unlink(path).catch(() => undefined);
  }

  return {
    release,
    async acquire(changed) {
      for (;;) {
        if (await tryTake()) {
          let adopted: Awaited<ReturnType<typeof changed>>;
          try {
            adopted = await changed();
          } catch (error) {
            await release();
            throw error;
          }
          if (adopted !== undefined) await release();
          return adopted;
        }
        const held = await read();
        if (held && !live(held)) {
          await removeStale(held);
          continue;
        }
        if (held) await delay(Math.max(1, Math.min(POLL_MS, held.until - now())));
        const adopted = await changed();
        if (adopted !== undefined) return adopted;
      }
    },
  };
}

/** Runs `work` while holding the lock at `path` (waiting for it first). */
export async function underHostLock<T>(path: string, lifetimeMs: number, work: () => Promise<T>): Promise<T> {
  const lock = hostLock(path, lifetimeMs);
  await lock.acquire(async () => undefined);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
