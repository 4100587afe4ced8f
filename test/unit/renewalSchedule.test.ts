// Row 15 of the fault and attack table: sleep, clock jumps of ±2 h and a server clock ±10 min
// off. The background renewal's schedule runs on a clock the test moves (test/support/fakeClock.ts);
// the session it renews is real and talks to the real sandbox, whose clock follows the time
// that truly passed. Expected: one renewal, at the right moment, and no loop.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { nextWakeDelay, refreshDueAt, scheduleRenewal, type RenewalOutcome } from '../../src/core/auth/renewalSchedule';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { SignInRequiredError } from '../../src/core/fincode/errors';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { fakeClock, type FakeClock } from '../support/fakeClock';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { orgPreference, storedTokens } from '../support/session';

const [MANAGER] = DOCUMENTED_SANDBOX_USERS;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BUFFER_SECONDS = 300;

interface Scheduled {
  clock: FakeClock;
  t: TestSandbox;
  proxy: FaultProxy;
  session: Session;
  store: ReturnType<typeof memorySecretStore>;
  /** Local (wall) time the first token was received. */
  receivedAt: number;
  dueAt: number;
  /** One entry per renewal the schedule started. */
  runs: Promise<RenewalOutcome>[];
}

/** Signs in (3600 s tokens) and schedules the background renewal as the extension does. */
async function scheduled(ctx: TestContext, { serverSkewMs = 0, bufferSeconds = BUFFER_SECONDS } = {}): Promise<Scheduled> {
  const clock = fakeClock();
  const t = await withSandbox({ now: () => clock.real() + serverSkewMs });
  const proxy = await startFaultProxy(t.url);
  const store = memorySecretStore();
  const session = createSession({ profileId: 'p1', env: proxy.env, email: MANAGER.email, store, bufferSeconds, now: clock.wall });
  const receivedAt = clock.wall();
  await session.signIn(MANAGER.password);
  const tokens = await storedTokens(store);
  const expiresAt = tokens?.expiresAt ?? NaN;
  const dueAt = refreshDueAt(expiresAt, bufferSeconds, 0, tokens?.receivedAt);
  const runs: Promise<RenewalOutcome>[] = [];
  const schedule = scheduleRenewal(
    dueAt,
    () => {
      const run = session.renewScheduled(expiresAt).then(
        (): RenewalOutcome => 'done',
        (error: unknown): RenewalOutcome => (error instanceof SignInRequiredError ? 'done' : 'retry'),
      );
      runs.push(run);
      return run;
    },
    clock,
  );
  ctx.after(async () => {
    schedule.dispose();
    await proxy.close();
    await t.stop();
  });
  return { clock, t, proxy, session, store, receivedAt, dueAt, runs };
}

/** After the one renewal: the new token works at the server, is used without another refresh, and nothing is scheduled. */
async function assertRenewedOnce(s: Scheduled): Promise<void> {
  assert.equal(s.runs.length, 1);
  assert.equal(await s.runs[0], 'done');
  const counters = await s.t.counters();
  assert.deepEqual([counters.refreshes, counters.failedRefreshes], [1, 0]);
  const token = await s.session.getAccessToken();
  assert.equal((await orgPreference(s.t.env)(token)).status, 200);
  s.clock.advance(10 * HOUR);
  assert.equal(s.runs.length, 1, 'no second renewal, no loop');
  assert.equal(s.clock.pending(), 0);
  assert.equal((await s.t.counters()).refreshes, 1);
}

describe('row 15: sleep, clock jumps and skew', { timeout: 20_000 }, () => {
  it('row 15: renews once at expiry − buffer (+1 s), not a minute before', async (ctx) => {
    const s = await scheduled(ctx);
    assert.equal(s.dueAt - s.receivedAt, (3600 - BUFFER_SECONDS + 1) * 1000);
    s.clock.advance(s.dueAt - s.clock.wall() - MINUTE);
    assert.equal(s.runs.length, 0);
    s.clock.advance(MINUTE);
    await assertRenewedOnce(s);
  });

  it('row 15: after a 2 h sleep the renewal runs within a minute of waking, once', async (ctx) => {
    const s = await scheduled(ctx);
    s.clock.advance(10 * MINUTE);
    s.clock.sleep(2 * HOUR);
    assert.equal(s.runs.length, 0, 'timers stand still while asleep');
    s.clock.advance(MINUTE);
    await assertRenewedOnce(s);
  });

  it('row 15: the clock set 2 h forward renews once, within a minute', async (ctx) => {
    const s = await scheduled(ctx);
    s.clock.jumpWall(2 * HOUR);
    s.clock.advance(MINUTE);
    await assertRenewedOnce(s);
  });

  it('row 15: the clock set 2 h back still renews at the right moment, not 2 h late', async (ctx) => {
    const s = await scheduled(ctx);
    s.clock.advance(10 * MINUTE);
    s.clock.jumpWall(-2 * HOUR);
    const untilDue = s.dueAt - s.receivedAt - 10 * MINUTE;
    s.clock.advance(untilDue - MINUTE);
    assert.equal(s.runs.length, 0, 'not early');
    s.clock.advance(MINUTE);
    await assertRenewedOnce(s);
  });

  for (const skew of [10 * MINUTE, -10 * MINUTE]) {
    it(`row 15: a server clock ${skew > 0 ? 'ahead' : 'behind'} by 10 min: the token works until the renewal, which comes at the local time`, async (ctx) => {
      const s = await scheduled(ctx, { serverSkewMs: skew });
      assert.equal(s.dueAt - s.receivedAt, (3600 - BUFFER_SECONDS + 1) * 1000, 'counted from receipt, not from the server’s exp');
      s.clock.advance(s.dueAt - s.clock.wall() - 1000);
      assert.equal(s.runs.length, 0);
      const token = (await storedTokens(s.store))?.accessToken ?? '';
      assert.equal((await orgPreference(s.t.env)(token)).status, 200, 'no 401 before the renewal');
      s.clock.advance(1000);
      await assertRenewedOnce(s);
    });
  }

  it('row 15: a buffer as long as the token lifetime renews at half-life, once per token, not in a loop', async (ctx) => {
    const s = await scheduled(ctx, { bufferSeconds: 3600 });
    assert.equal(s.dueAt - s.receivedAt, (1800 + 1) * 1000);
    for (let i = 0; i < 20; i += 1) await s.session.getAccessToken();
    assert.equal((await s.t.counters()).refreshes, 0, 'requests do not renew fresh tokens either');
    s.clock.advance(s.dueAt - s.clock.wall());
    await assertRenewedOnce(s);
    const renewed = await storedTokens(s.store);
    assert.ok(renewed?.receivedAt !== undefined);
    assert.equal(refreshDueAt(renewed.expiresAt, 3600, 0, renewed.receivedAt) - renewed.receivedAt, (1800 + 1) * 1000, 'the next renewal is half a life away too');
  });

  it('row 15: a renewal that fails while the server is down tries again each minute, and stops once it worked', async (ctx) => {
    const s = await scheduled(ctx);
    await s.proxy.down();
    s.clock.advance(s.dueAt - s.clock.wall());
    assert.equal(await s.runs[0], 'retry');
    s.clock.advance(MINUTE - 1);
    assert.equal(s.runs.length, 1, 'no retry storm');
    s.clock.advance(1);
    assert.equal(await s.runs[1], 'retry');
    await s.proxy.up();
    s.clock.advance(MINUTE);
    assert.equal(s.runs.length, 3);
    assert.equal(await s.runs[2], 'done');
    s.clock.advance(10 * HOUR);
    assert.equal(s.runs.length, 3);
    assert.equal((await s.t.counters()).refreshes, 1);
  });
});

describe('refresh scheduling', () => {
  it('due at expiresAt − buffer; waits at most a minute at a time; fires at once when overdue (after a sleep)', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const expiresAt = now + 60 * 60_000;
    const due = refreshDueAt(expiresAt, 300);
    assert.equal(due, expiresAt - 300_000 + 1000);
    assert.equal(nextWakeDelay(due, now), 60_000);
    assert.equal(nextWakeDelay(due, due - 5000), 5000);
    assert.equal(nextWakeDelay(due, due + 3 * 3600_000), 0);
    // Spread across windows: up to 30 s later, never before the buffer boundary.
    assert.equal(refreshDueAt(expiresAt, 300, 1), due + 30_000);
    assert.equal(refreshDueAt(expiresAt, 20, 1), expiresAt - 20_000 + 1000 + 10_000);
    assert.ok(refreshDueAt(expiresAt, 300, 0.5) > due);
  });
});
