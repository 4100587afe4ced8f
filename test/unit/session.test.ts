// The session lifecycle against the real local sandbox: buffer, single-flight refresh,
// rotation stored before use, retry once on 401, rejected refresh, skewed clocks, sign-out.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore, secretKeys } from '../../src/core/auth/secretStore';
import { SignInRequiredError, CancelledError } from '../../src/core/fincode/errors';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import type { SandboxOptions } from '../../src/sandbox/server';
import { sandboxFor, type TestSandbox } from '../support/sandbox';
import { INTO_BUFFER_MS, movableClock, orgPreference, storedTokens as stored } from '../support/session';

const [MANAGER, , CASHIER] = DOCUMENTED_SANDBOX_USERS;

interface Fixture {
  t: TestSandbox;
  store: ReturnType<typeof memorySecretStore>;
  session: Session;
}

/** A store whose writes take a while, as SecretStorage's do (OS keyring round trips). */
function slowStore(): ReturnType<typeof memorySecretStore> {
  const store = memorySecretStore();
  const write = store.store;
  return { ...store, store: (key, value) => new Promise((resolve) => setTimeout(() => resolve(write(key, value)), 15)) };
}

/** A session over a sandbox that stops when the test ends. */
async function fixture(context: TestContext, sandboxOptions: SandboxOptions = {}, now?: () => number, user = MANAGER): Promise<Fixture> {
  const t = await sandboxFor(context, sandboxOptions);
  const store = slowStore();
  const session = createSession({ profileId: 'p1', env: t.env, email: user.email, store, ...(now ? { now } : {}) });
  return { t, store, session };
}

describe('session lifecycle', () => {
  it('signs in, keeps tokens only in the secret store, and reports the state', async (context) => {
    const { t, store, session } = await fixture(context);
    assert.deepEqual(await session.state(), { status: 'signed-out' });
    const user = await session.signIn(MANAGER.password);
    assert.equal(user.role, 'MANAGER');
    const tokens = await stored(store);
    assert.ok(tokens?.accessToken && tokens.refreshToken);
    assert.equal(await session.hasStoredPassword(), false, 'the password is kept only when asked');
    const state = await session.state();
    assert.equal(state.status, 'signed-in');
    assert.ok(state.status === 'signed-in' && state.secondsLeft > 3500 && !state.refreshDue);
    assert.equal(await session.getAccessToken(), tokens.accessToken);
    assert.equal((await t.counters()).refreshes, 0, 'a fresh token is not refreshed');
  });

  it('refreshes first when less than the buffer is left', async (context) => {
    const clock = movableClock();
    const { t, store, session } = await fixture(context, {}, clock.now);
    await session.signIn(MANAGER.password);
    clock.advance(INTO_BUFFER_MS);
    const before = await stored(store);
    const token = await session.getAccessToken();
    assert.notEqual(token, before?.accessToken);
    assert.equal((await t.counters()).refreshes, 1);
  });

  it('20 concurrent getAccessToken() on an expiring session cause exactly one refresh', async (context) => {
    const clock = movableClock();
    const { t, session } = await fixture(context, {}, clock.now);
    await session.signIn(MANAGER.password);
    clock.advance(INTO_BUFFER_MS);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => session.getAccessToken()));
    assert.equal(new Set(tokens).size, 1, 'every caller gets the same new token');
    const counters = await t.counters();
    assert.equal(counters.refreshes, 1);
    assert.equal(counters.failedRefreshes, 0);
  });

  it('counts expiry from local receipt time, so a skewed local clock causes no refresh loop', async (context) => {
    // The local clock runs 2 h ahead of the server: by `exp` the token looks long expired.
    const skew = 2 * 60 * 60 * 1000;
    const { t, session } = await fixture(context, {}, () => Date.now() + skew);
    await session.signIn(MANAGER.password);
    for (let i = 0; i < 5; i += 1) await session.getAccessToken();
    assert.equal((await t.counters()).refreshes, 0);
  });

  it('on a 401 refreshes once and retries once, with the rotated tokens stored before the retry', async (context) => {
    let serverOffset = 0;
    const { t, store, session } = await fixture(context, { now: () => Date.now() + serverOffset });
    await session.signIn(MANAGER.password);
    const original = await stored(store);
    serverOffset = 2 * 60 * 60 * 1000; // the server now sees the access token as expired
    const sent: string[] = [];
    const send = orgPreference(t.env, sent);
    const response = await session.withAuth(async (token) => {
      if (sent.length === 1) {
        const now = await stored(store);
        assert.equal(now?.accessToken, token, 'the retry uses the token already in the store');
        assert.notEqual(now?.refreshToken, original?.refreshToken, 'the rotated refresh token is stored');
      }
      return send(token);
    });
    assert.equal(response.status, 200);
    assert.equal(sent.length, 2);
    assert.equal((await t.counters()).refreshes, 1);
  });

  it('a second 401 is final: two sends, one refresh, no loop', async (context) => {
    const { t, session } = await fixture(context);
    await session.signIn(MANAGER.password);
    let sends = 0;
    const response = await session.withAuth(async () => {
      sends += 1;
      return { status: 401 };
    });
    assert.equal(response.status, 401);
    assert.equal(sends, 2);
    assert.equal((await t.counters()).refreshes, 1);
  });

  it('20 concurrent requests that all get 401 cause exactly one refresh and one retry each', async (context) => {
    let serverOffset = 0;
    const { t, session } = await fixture(context, { now: () => Date.now() + serverOffset });
    await session.signIn(MANAGER.password);
    serverOffset = 2 * 60 * 60 * 1000;
    const sent: string[] = [];
    const responses = await Promise.all(Array.from({ length: 20 }, () => session.withAuth(orgPreference(t.env, sent))));
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(sent.length, 40);
    assert.equal((await t.counters()).refreshes, 1);
  });

  it('a rejected refresh clears the tokens and asks to sign in again when no password is stored', async (context) => {
    const { t, store, session } = await fixture(context);
    await session.signIn(MANAGER.password);
    const tokens = await stored(store);
    // Another client rotates the refresh token, then this session presents the old one.
    const rotated = await fetch(`${t.env.baseUrl}/securitymanagement/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200' },
      body: JSON.stringify({ refresh_token: tokens?.refreshToken }),
    });
    assert.equal(rotated.status, 200);
    const before = await t.counters();
    const error = await session.refreshNow().catch((e: unknown) => e);
    assert.ok(error instanceof SignInRequiredError);
    assert.match(error.message, /sign in again/i);
    assert.equal(await stored(store), undefined, 'tokens cleared');
    assert.deepEqual(await session.state(), { status: 'signed-out' });
    assert.equal((await t.counters()).logins, before.logins, 'no login without a stored password');
  });

  it('a rejected refresh tries exactly one login with the stored password', async (context) => {
    const { t, store, session } = await fixture(context, {}, undefined, CASHIER);
    await session.signIn(CASHIER.password, { remember: true });
    assert.equal(await session.hasStoredPassword(), true);
    const tokens = await stored(store);
    await store.store(secretKeys.tokens('p1'), JSON.stringify({ ...tokens, refreshToken: 'def50200deadbeef' }));
    const before = await t.counters();
    const token = await session.getAccessToken().then(() => session.refreshNow()).then(() => session.getAccessToken());
    assert.ok(token);
    const after = await t.counters();
    assert.equal(after.logins, before.logins + 1);
    assert.equal(after.failedRefreshes, before.failedRefreshes + 1);
  });

  it('never retries a login the server refuses: one attempt, then "sign in again", and a wrong stored password is forgotten', async (context) => {
    const { t, store, session } = await fixture(context);
    await session.signIn(MANAGER.password, { remember: true });
    await store.store(secretKeys.password('p1'), 'Changed-Password-9');
    const tokens = await stored(store);
    await store.store(secretKeys.tokens('p1'), JSON.stringify({ ...tokens, refreshToken: 'def50200deadbeef' }));
    const before = await t.counters();
    const error = await session.refreshNow().catch((e: unknown) => e);
    assert.ok(error instanceof SignInRequiredError);
    assert.ok(!error.message.includes('Changed-Password-9'));
    assert.equal((await t.counters()).failedLogins, before.failedLogins + 1);
    assert.equal(await session.hasStoredPassword(), false);
    // Later calls do not try again.
    await session.getAccessToken().catch(() => undefined);
    assert.equal((await t.counters()).failedLogins, before.failedLogins + 1);
  });

  it('after a 401, adopts the token another window already renewed instead of refreshing again', async (context) => {
    let serverOffset = 0;
    const t = await sandboxFor(context, { now: () => Date.now() + serverOffset });
    const store = memorySecretStore();
    const options = { profileId: 'p1', env: t.env, email: MANAGER.email, store };
    const windowA = createSession(options);
    const windowB = createSession(options);
    await windowA.signIn(MANAGER.password);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sentByB: string[] = [];
    const send = orgPreference(t.env, sentByB);
    // B's request is under way with the old token while A meets a 401 and renews.
    const requestB = windowB.withAuth(async (token) => {
      if (sentByB.length === 0) await gate;
      return send(token);
    });
    serverOffset = 2 * 60 * 60 * 1000;
    assert.equal((await windowA.withAuth(orgPreference(t.env))).status, 200);
    release();
    assert.equal((await requestB).status, 200);
    assert.equal(sentByB.length, 2);
    assert.equal((await stored(store))?.accessToken, sentByB[1], 'B retried with the token A stored');
    assert.equal((await t.counters()).refreshes, 1);
  });

  it('signs out locally even when the server is down, and later requests carry no token', async (context) => {
    const { t, store, session } = await fixture(context);
    await session.signIn(MANAGER.password);
    await t.stop();
    const result = await session.signOut();
    assert.equal(result.revoked, false);
    assert.equal(await stored(store), undefined);
    assert.ok((await session.getAccessToken().catch((e: unknown) => e)) instanceof SignInRequiredError);
  });

  it('signs out on the server: the old token is refused afterwards', async (context) => {
    const { t, store, session } = await fixture(context);
    await session.signIn(MANAGER.password);
    const token = (await stored(store))!.accessToken;
    assert.deepEqual(await session.signOut(), { revoked: true });
    assert.equal((await orgPreference(t.env)(token)).status, 401);
    assert.equal((await t.counters()).logouts, 1);
  });

  it('a caller that cancels stops waiting without failing the shared refresh for the others', async (context) => {
    const clock = movableClock();
    const { t, session } = await fixture(context, {}, clock.now);
    await session.signIn(MANAGER.password);
    clock.advance(INTO_BUFFER_MS);
    const controller = new AbortController();
    const cancelled = session.getAccessToken(controller.signal);
    const other = session.getAccessToken();
    controller.abort();
    const results = await Promise.allSettled([cancelled, other]);
    assert.ok(results[1].status === 'fulfilled');
    if (results[0].status === 'rejected') assert.ok(results[0].reason instanceof CancelledError);
    assert.equal((await t.counters()).refreshes, 1);
  });
});
