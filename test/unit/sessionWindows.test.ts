// Row 14 of the fault and attack table: two windows (two Session instances) over one shared
// secret store, as two VS Code windows share SecretStorage, and one host lock folder, as two
// windows share the extension's global storage. Renewing with the same refresh token twice would
// make the sandbox revoke the whole session (reuse detection), so exactly one window may renew;
// the other adopts its tokens. (Two separate processes: sessionProcesses.test.ts.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostLocks } from '../../src/core/auth/hostLock';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore, type SecretStore } from '../../src/core/auth/secretStore';
import { SignInRequiredError } from '../../src/core/fincode/errors';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import type { SandboxOptions } from '../../src/sandbox/server';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { INTO_BUFFER_MS, movableClock, orgPreference, storedTokens } from '../support/session';

const [MANAGER] = DOCUMENTED_SANDBOX_USERS;

/** A shared store whose change events come twice, plus one naming no key, as a keyring's may. */
function noisyStore(): SecretStore & { readonly entries: Map<string, string> } {
  const base = memorySecretStore();
  return {
    entries: base.entries,
    get: base.get,
    store: base.store,
    delete: base.delete,
    onDidChange(listener) {
      return base.onDidChange((key) => {
        listener(key);
        listener(key);
        listener('');
      });
    },
  };
}

/** A shared store that sends no change events: waiting windows must re-read on their own. */
function silentStore(): SecretStore & { readonly entries: Map<string, string> } {
  const { entries, get, store, delete: remove } = memorySecretStore();
  return { entries, get, store, delete: remove };
}

/** A shared store whose writes take 40 ms to land, as a keyring's round trips may: both windows may write a lease before either reads. */
function slowStore(): SecretStore & { readonly entries: Map<string, string> } {
  const base = memorySecretStore();
  return {
    ...base,
    store: (key, value) => new Promise((resolve) => setTimeout(() => resolve(base.store(key, value)), 40)),
  };
}

interface Windows {
  t: TestSandbox;
  store: SecretStore & { readonly entries: Map<string, string> };
  a: Session;
  b: Session;
  /** Both windows' local clock. */
  now: () => number;
  /** The lock file of p1's renewals in the windows' shared folder. */
  lease: string;
}

/** Window a signs in; with `due`, both windows' clocks then move on until the tokens are due for renewal. */
async function twoWindows(store: Windows['store'], options: SandboxOptions = {}, due = true): Promise<Windows> {
  const sandbox = await withSandbox(options);
  const dir = mkdtempSync(join(tmpdir(), 'fincode-locks-'));
  const t = { ...sandbox, stop: () => sandbox.stop().finally(() => rmSync(dir, { recursive: true, force: true })) };
  const clock = movableClock();
  const window = (): Session => createSession({ profileId: 'p1', env: t.env, email: MANAGER.email, store, now: clock.now, lock: hostLocks(dir) });
  const windows = { t, store, a: window(), b: window(), now: clock.now, lease: join(dir, 'renewal-p1.lock') };
  await windows.a.signIn(MANAGER.password);
  if (due) clock.advance(INTO_BUFFER_MS);
  return windows;
}

describe('row 14: two windows share tokens and both expire', { timeout: 15_000 }, () => {
  for (const [kind, makeStore] of [
    ['duplicate and empty change events', noisyStore],
    ['no change events at all', silentStore],
    ['slow writes', slowStore],
  ] as const) {
    it(`row 14: both renew at once: one refresh, both end with the same working token (${kind})`, async () => {
      const { t, store, a, b, lease } = await twoWindows(makeStore());
      try {
        const [tokenA, tokenB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
        assert.equal(tokenA, tokenB);
        assert.equal(tokenA, (await storedTokens(store))?.accessToken);
        const counters = await t.counters();
        assert.equal(counters.refreshes, 1);
        assert.equal(counters.failedRefreshes, 0, 'no reuse of the rotated refresh token');
        assert.equal((await orgPreference(t.env)(tokenA)).status, 200, 'the session was not revoked');
        assert.equal(existsSync(lease), false, 'the lease is released');
      } finally {
        await t.stop();
      }
    });
  }

  it('row 14: both windows meet a 401 at once: one refresh, both retry once with the new token', async () => {
    let serverOffset = 0;
    const { t, a, b } = await twoWindows(noisyStore(), { now: () => Date.now() + serverOffset }, false);
    try {
      serverOffset = 2 * 3600 * 1000;
      const sentA: string[] = [];
      const sentB: string[] = [];
      const [responseA, responseB] = await Promise.all([a.withAuth(orgPreference(t.env, sentA)), b.withAuth(orgPreference(t.env, sentB))]);
      assert.deepEqual([responseA.status, responseB.status], [200, 200]);
      assert.deepEqual([sentA.length, sentB.length], [2, 2]);
      assert.equal(sentA[1], sentB[1]);
      assert.deepEqual([(await t.counters()).refreshes, (await t.counters()).failedRefreshes], [1, 0]);
    } finally {
      await t.stop();
    }
  });

  it('row 14: a lease left by a window that crashed mid-renewal holds the other only until it ends', async () => {
    const { t, store, b, now, lease } = await twoWindows(noisyStore());
    try {
      const until = now() + 400;
      writeFileSync(lease, JSON.stringify({ owner: 'crashed-window', until }));
      const token = await b.getAccessToken();
      assert.ok(now() >= until, 'waited for the lease to end');
      assert.equal(token, (await storedTokens(store))?.accessToken);
      assert.equal((await t.counters()).refreshes, 1);
      // A lease ending hours away was written before the clock was set back: not waited for.
      writeFileSync(lease, JSON.stringify({ owner: 'crashed-window', until: now() + 2 * 3600 * 1000 }));
      const started = Date.now();
      await b.refreshNow();
      assert.ok(Date.now() - started < 5000);
      assert.equal((await t.counters()).refreshes, 2);
    } finally {
      await t.stop();
    }
  });

  it('row 14: a window that signs out while the other is about to renew stays signed out; no refresh is sent', async () => {
    const { t, store, a, lease, now } = await twoWindows(noisyStore());
    try {
      // Window b's lock tells the test once b holds it, and waits there until a has signed out.
      let leaseTaken!: () => void;
      const taken = new Promise<void>((resolve) => (leaseTaken = resolve));
      let signedOut!: () => void;
      const proceed = new Promise<void>((resolve) => (signedOut = resolve));
      const locks = hostLocks(join(lease, '..'));
      const b = createSession({
        profileId: 'p1',
        env: t.env,
        email: MANAGER.email,
        store,
        now,
        lock: (name, lifetimeMs, clock) => {
          const lock = locks(name, lifetimeMs, clock);
          return {
            release: () => lock.release(),
            acquire: (changed) =>
              lock.acquire(async () => {
                leaseTaken();
                await proceed;
                return changed();
              }),
          };
        },
      });
      const renewing = b.getAccessToken().catch((error: unknown) => error);
      await taken;
      assert.ok(existsSync(lease), 'b holds the lease');
      await a.signOut();
      signedOut();
      assert.ok((await renewing) instanceof SignInRequiredError);
      assert.equal(await storedTokens(store), undefined);
      assert.deepEqual(await b.state(), { status: 'signed-out' });
      assert.equal((await t.counters()).refreshes, 0);
      assert.equal(existsSync(lease), false, 'the lease is released');
    } finally {
      await t.stop();
    }
  });
});
