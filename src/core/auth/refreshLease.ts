// Cross-window single flight for renewals. Windows share one secret store but no lock: if two
// renewed at once with the same refresh token, FinCode would see the token reused and revoke
// the whole session. So a window first writes a lease (its owner id and an end time), waits
// long enough for a rival's write to land, and renews only if the lease is still its own; the
// others wait for the tokens to change and adopt them. A lease that outlives its end time (a
// window that crashed mid-renewal) is taken over.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { changeOrTimeout, type SecretStore } from './secretStore';

/** Longer than a store write takes to reach the other windows' reads. */
export const LEASE_SETTLE_MS = 150;
/** How often a waiting window re-reads when the store sends no change events. */
const POLL_MS = 100;

interface Lease {
  readonly owner: string;
  readonly until: number;
}

export interface RefreshLease {
  /**
   * Resolves when this window may renew (undefined) or with what `changed` found once another
   * window renewed meanwhile. `changed` re-reads the tokens: undefined while unchanged.
   */
  acquire<T>(changed: () => Promise<T | undefined>): Promise<T | undefined>;
  release(): Promise<void>;
}

export function refreshLease(store: SecretStore, key: string, lifetimeMs: number, now: () => number): RefreshLease {
  const owner = randomUUID();

  async function read(): Promise<Lease | undefined> {
    const raw = await store.get(key);
    if (!raw) return undefined;
    try {
      const lease = JSON.parse(raw) as Partial<Lease>;
      return typeof lease.owner === 'string' && typeof lease.until === 'number' ? { owner: lease.owner, until: lease.until } : undefined;
    } catch {
      return undefined;
    }
  }

  // An end time further off than a lease can last comes from a clock set back since: stale.
  const heldByRival = (lease: Lease | undefined): lease is Lease =>
    lease !== undefined && lease.owner !== owner && lease.until > now() && lease.until - now() <= lifetimeMs;

  async function release(): Promise<void> {
    if ((await read())?.owner === owner) await store.delete(key);
  }

  return {
    release,
    async acquire(changed) {
      for (;;) {
        const lease = await read();
        if (heldByRival(lease)) {
          await changeOrTimeout(store, Math.min(POLL_MS, lease.until - now()));
        } else {
          await store.store(key, JSON.stringify({ owner, until: now() + lifetimeMs }));
          await delay(LEASE_SETTLE_MS);
          if ((await read())?.owner === owner) {
            const adopted = await changed();
            if (adopted !== undefined) await release();
            return adopted;
          }
        }
        const adopted = await changed();
        if (adopted !== undefined) return adopted;
      }
    },
  };
}
