// Two windows as two real processes (as two extension hosts of one browser-hosted workbench):
// each keeps its secrets in the host vault of one shared folder and renews under the host lock
// there (test/support/windowChild.ts). Against the real sandbox with 4 s tokens (renewed 2 s
// after receipt): across several renewal periods, one refresh per period, no rejected refresh,
// no login after the first, and every request answered 200. And a vault written by two
// processes at once keeps every key of both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it, type TestContext } from 'node:test';
import { createSession } from '../../src/core/auth/session';
import { VAULT_FILE, vaultStore, type VaultKey } from '../../src/core/auth/vaultStore';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { withSandbox } from '../support/sandbox';
import type { WindowChildArgs, WindowChildReport } from '../support/windowChild';

const [MANAGER] = DOCUMENTED_SANDBOX_USERS;
const LIFETIME_SECONDS = 4;
const RUN_MS = 9_000;

interface RunningWindow {
  /** Resolves once the window has loaded and waits for go(). */
  readonly ready: Promise<void>;
  go(): void;
  readonly report: Promise<WindowChildReport>;
}

function runWindow(args: WindowChildArgs): RunningWindow {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'windowChild.ts'), JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let isReady!: () => void;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) isReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const report = new Promise<WindowChildReport>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      isReady();
      if (code === 0) resolve(JSON.parse(out.replace(/^ready\n/, '')) as WindowChildReport);
      else reject(new Error(`window ${args.name} exited ${code}: ${err}`));
    });
  });
  return { ready, report, go: () => child.stdin.end('go\n') };
}

function sharedFolder(ctx: TestContext): { dir: string; key: VaultKey; keyArgs: { key: string; keyId: string; keyCreatedAt: number } } {
  const dir = mkdtempSync(join(tmpdir(), 'fincode-windows-'));
  ctx.after(() => rmSync(dir, { recursive: true, force: true }));
  const key = { id: randomUUID(), key: randomBytes(32), createdAt: Date.now() };
  return { dir, key, keyArgs: { key: key.key.toString('base64'), keyId: key.id, keyCreatedAt: key.createdAt } };
}

describe('two windows as two processes over the host vault and lock', { timeout: 60_000 }, () => {
  it('renew one session together: one refresh per renewal period, no rejected refresh, no re-login, every request 200', async (ctx) => {
    const t = await withSandbox({ expiresInSeconds: LIFETIME_SECONDS });
    ctx.after(() => t.stop());
    const { dir, key, keyArgs } = sharedFolder(ctx);
    const common = { dir, ...keyArgs, baseUrl: t.env.baseUrl, email: MANAGER.email, mode: 'renew' as const, runMs: RUN_MS };
    const windows = [runWindow({ ...common, name: 'a' }), runWindow({ ...common, name: 'b' })];
    await Promise.all(windows.map((window) => window.ready));
    const store = vaultStore(dir, { read: async () => key, create: async () => undefined });
    await createSession({ profileId: 'p1', env: t.env, email: MANAGER.email, store }).signIn(MANAGER.password);
    store.dispose();
    const started = Date.now();
    for (const window of windows) window.go();
    const [a, b] = await Promise.all(windows.map((window) => window.report));
    const elapsed = Date.now() - started;
    const counters = await t.counters();
    ctx.diagnostic(`${counters.refreshes} refreshes, ${counters.failedRefreshes} rejected, ${counters.logins} login in ${elapsed} ms; requests: a ${a.statuses.length}, b ${b.statuses.length}`);
    assert.ok(a.statuses.length > 10 && b.statuses.length > 10, 'both windows sent all along');
    assert.ok([...a.statuses, ...b.statuses].every((status) => status === 200), 'every request answered 200 at once');
    assert.equal(a.tokens.length, a.statuses.length, 'no request needed a retry after a 401');
    assert.equal(b.tokens.length, b.statuses.length, 'no request needed a retry after a 401');
    assert.equal(counters.failedRefreshes, 0, 'no refresh token was presented twice');
    assert.equal(counters.logins, 1, 'only the first sign-in: no silent re-login');
    const periods = Math.floor(elapsed / ((LIFETIME_SECONDS * 1000) / 2));
    assert.ok(counters.refreshes >= 2, `renewed across several periods (${counters.refreshes})`);
    assert.ok(counters.refreshes <= periods + 1, `at most one refresh per renewal period (${counters.refreshes} in ${elapsed} ms)`);
    const distinct = new Set([...a.tokens, ...b.tokens]);
    assert.equal(distinct.size, counters.refreshes + 1, 'the windows sent with each renewed token, none went unused');
    const shared = [...distinct].filter((token) => a.tokens.includes(token) && b.tokens.includes(token));
    assert.ok(shared.length >= distinct.size - 1, 'both windows sent with every token but perhaps the last');
    assert.equal(readdirSync(join(dir, 'locks')).length, 0, 'no lock left behind');
  });

  it('both find the token due at the same moment: exactly one refresh call, both send with its token', async (ctx) => {
    const t = await withSandbox({ expiresInSeconds: LIFETIME_SECONDS });
    ctx.after(() => t.stop());
    const { dir, key, keyArgs } = sharedFolder(ctx);
    const common = { dir, ...keyArgs, baseUrl: t.env.baseUrl, email: MANAGER.email, mode: 'renew' as const, runMs: 0 };
    const windows = [runWindow({ ...common, name: 'a' }), runWindow({ ...common, name: 'b' })];
    await Promise.all(windows.map((window) => window.ready));
    const store = vaultStore(dir, { read: async () => key, create: async () => undefined });
    await createSession({ profileId: 'p1', env: t.env, email: MANAGER.email, store }).signIn(MANAGER.password);
    store.dispose();
    // Past half the lifetime: due for renewal in both windows.
    await delay((LIFETIME_SECONDS * 1000) / 2 + 200);
    for (const window of windows) window.go();
    const [a, b] = await Promise.all(windows.map((window) => window.report));
    const counters = await t.counters();
    assert.deepEqual([counters.refreshes, counters.failedRefreshes, counters.logins], [1, 0, 1], 'one refresh, none rejected, no re-login');
    assert.deepEqual([...a.statuses, ...b.statuses], [200, 200]);
    assert.equal(a.tokens[0], b.tokens[0], 'both sent with the one renewed token');
  });

  it('a vault written by two processes at once keeps both writers\' keys', async (ctx) => {
    const { dir, key, keyArgs } = sharedFolder(ctx);
    const count = 25;
    await Promise.all(['a', 'b'].map((name) => runWindow({ dir, ...keyArgs, name, mode: 'write', count }).report));
    const store = vaultStore(dir, { read: async () => key, create: async () => undefined });
    try {
      for (const name of ['a', 'b']) {
        for (let i = 0; i < count; i += 1) assert.equal(await store.get(`fincode.apiToken.${name}-${i}`), `secret-${name}-${i}`);
      }
    } finally {
      store.dispose();
    }
    const onDisk = readFileSync(join(dir, VAULT_FILE), 'utf8');
    assert.ok(!onDisk.includes('secret-a-0') && !onDisk.includes('fincode.apiToken'), 'nothing readable in the file');
  });
});
