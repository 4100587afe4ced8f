// The fault and attack table, auth rows: real sessions against the real sandbox behind a fault
// proxy (test/support/faultProxy.ts) that refuses connections, answers 5xx or HTML, cuts bodies,
// loses answers after the sandbox acted, or holds them back. Counts come from the sandbox's
// `_emulator/counters` and the proxy's request log.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore, secretKeys } from '../../src/core/auth/secretStore';
import {
  AccountLockedError,
  CancelledError,
  InvalidCredentialsError,
  MalformedResponseError,
  NetworkError,
  RateLimitedError,
  ServerError,
  SignInRequiredError,
  formatError,
} from '../../src/core/fincode/errors';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import type { SandboxOptions } from '../../src/sandbox/server';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { countingClient, INTO_BUFFER_MS, movableClock, orgPreference, PREFERENCE_PATH, rejectionOf, sendWith, storedTokens } from '../support/session';

const [MANAGER, AGENT, CASHIER] = DOCUMENTED_SANDBOX_USERS;
const HOUR_MS = 3600 * 1000;

interface Rig {
  t: TestSandbox;
  proxy: FaultProxy;
  store: ReturnType<typeof memorySecretStore>;
  session: Session;
  calls: ReturnType<typeof countingClient>['calls'];
  /** Moves the sandbox's clock: 2 h makes every access token expired there, not here. */
  setServerOffset(ms: number): void;
  /** Moves the session's clock so that its tokens are due for renewal (still valid at the server). */
  enterBuffer(): void;
}

/** A sandbox, the fault proxy in front of it, and a session (profile p1) talking through the proxy; stopped when the test ends. */
async function rig(ctx: TestContext, options: SandboxOptions = {}, user = MANAGER): Promise<Rig> {
  let offset = 0;
  const t = await withSandbox({ now: () => Date.now() + offset, ...options });
  const proxy = await startFaultProxy(t.url);
  const store = memorySecretStore();
  const { client, calls } = countingClient();
  const clock = movableClock();
  const session = createSession({ profileId: 'p1', env: proxy.env, email: user.email, store, client, now: clock.now });
  ctx.after(async () => {
    await proxy.close();
    await t.stop();
  });
  return {
    t,
    proxy,
    store,
    session,
    calls,
    setServerOffset: (ms) => {
      offset = ms;
    },
    enterBuffer: () => clock.advance(INTO_BUFFER_MS),
  };
}

/** Every secret the store holds for p1, none of which may appear in `text`. */
async function assertNoSecretIn(text: string, r: Rig, extra: string[] = []): Promise<void> {
  const tokens = await storedTokens(r.store);
  for (const secret of [tokens?.accessToken, tokens?.refreshToken, ...extra]) {
    if (secret) assert.ok(!text.includes(secret), 'no token or password in the message');
  }
}

const apiRequests = (proxy: FaultProxy): number => proxy.requests.filter((request) => request.path.endsWith(PREFERENCE_PATH)).length;
const refreshRequests = (proxy: FaultProxy): number => proxy.requests.filter((request) => request.path.endsWith('securitymanagement/refresh')).length;

describe('row 1: server down (connection refused)', { timeout: 15_000 }, () => {
  it('row 1: a request fails fast with a NetworkError, tries no refresh and keeps the tokens', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    const before = await storedTokens(r.store);
    await r.proxy.down();
    const started = Date.now();
    const error = await rejectionOf(sendWith(r.session, r.proxy.env));
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(error.causeCode, 'ECONNREFUSED');
    assert.ok(Date.now() - started < 2000, 'fails fast');
    await assertNoSecretIn(formatError(error), r, [MANAGER.password]);
    assert.equal(r.calls.refresh, 0, 'a refused connection is not a 401');
    assert.deepEqual(await storedTokens(r.store), before);
  });

  it('row 1: 20 concurrent requests needing renewal make one refresh attempt, fail fast, and work once the server is back', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    r.enterBuffer();
    const before = await storedTokens(r.store);
    await r.proxy.down();
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => sendWith(r.session, r.proxy.env)));
    assert.ok(Date.now() - started < 3000, 'fails fast');
    for (const result of results) {
      assert.ok(result.status === 'rejected' && result.reason instanceof NetworkError);
      await assertNoSecretIn(formatError(result.reason), r);
    }
    assert.equal(r.calls.refresh, 1, 'one attempt for all 20, no retry storm');
    assert.deepEqual(await storedTokens(r.store), before, 'tokens kept for when the server is back');
    await r.proxy.up();
    assert.equal((await sendWith(r.session, r.proxy.env)).status, 200);
    assert.equal(r.calls.refresh, 2);
    assert.equal((await r.t.counters()).refreshes, 1, 'the sandbox saw only the attempt after it came back');
  });
});

describe('row 7: 500/502/503 with Retry-After', { timeout: 15_000 }, () => {
  for (const status of [500, 502, 503]) {
    it(`row 7: a ${status} from the API comes back as it is, is not retried and triggers no refresh`, async (ctx) => {
      const r = await rig(ctx);
      await r.session.signIn(MANAGER.password);
      const body = JSON.stringify({ error: 'unavailable', message: `Upstream said ${status}` });
      r.proxy.inject(PREFERENCE_PATH, { kind: 'answer', status, headers: { 'retry-after': '30' }, body });
      const apiBefore = apiRequests(r.proxy);
      const response = await sendWith(r.session, r.proxy.env);
      assert.equal(response.status, status);
      assert.equal(response.text, body);
      assert.ok(response.headers.some((header) => header.name.toLowerCase() === 'retry-after' && header.value === '30'));
      assert.equal(apiRequests(r.proxy) - apiBefore, 1, 'sent once');
      assert.equal(r.calls.refresh, 0);
      assert.equal(refreshRequests(r.proxy), 0);
    });
  }

  it('row 7: a 503 from the refresh endpoint is a ServerError with its wait; the tokens and password stay, no login', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password, { remember: true });
    r.enterBuffer();
    const before = await storedTokens(r.store);
    r.proxy.inject('securitymanagement/refresh', { kind: 'answer', status: 503, headers: { 'retry-after': '30' }, body: '{"error":"unavailable"}' });
    const error = await rejectionOf(r.session.getAccessToken());
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 503);
    assert.equal(error.retryAfterSeconds, 30);
    assert.match(error.message, /server error \(HTTP 503\); it asks to wait 30 s before trying again\./);
    assert.deepEqual(await storedTokens(r.store), before);
    assert.equal(await r.session.hasStoredPassword(), true);
    assert.equal(r.calls.login, 1, 'only the sign-in: a server error is no reason to log in again');
    assert.notEqual(await r.session.getAccessToken(), before?.accessToken, 'renews once the server is well');
  });
});

describe('row 8 (auth part): truncated or HTML bodies labelled JSON', { timeout: 15_000 }, () => {
  const BAD_BODIES: [string, string, RegExp][] = [
    ['an HTML page', '<html><body><h1>Down for maintenance</h1></body></html>', /HTML page/],
    ['JSON cut short', '{"access_token":"eyJhbGciOiJIUzI1NiJ9.secret-part', /not valid JSON \(cut off or malformed\)/],
    ['an empty body', '', /is empty/],
  ];

  for (const [what, body, message] of BAD_BODIES) {
    it(`row 8: ${what} from refresh fails with a clear message and keeps the old tokens`, async (ctx) => {
      const r = await rig(ctx);
      await r.session.signIn(MANAGER.password);
      const before = await storedTokens(r.store);
      r.proxy.inject('securitymanagement/refresh', { kind: 'answer', status: 200, body });
      const error = await rejectionOf(r.session.refreshNow());
      assert.ok(error instanceof MalformedResponseError, String(error));
      assert.match(error.message, message);
      assert.match(error.message, /^The securitymanagement\/refresh|^The refresh response/);
      assert.ok(!error.message.includes('secret-part'), 'the body is never quoted');
      assert.deepEqual(await storedTokens(r.store), before);
      assert.equal(await r.session.getAccessToken(), before?.accessToken, 'the old session goes on');
    });

    it(`row 8: ${what} from login fails with a clear message; the previous session and password stay`, async (ctx) => {
      const r = await rig(ctx);
      await r.session.signIn(MANAGER.password, { remember: true });
      const before = await storedTokens(r.store);
      r.proxy.inject('securitymanagement/login', { kind: 'answer', status: 200, body });
      const error = await rejectionOf(r.session.signIn(MANAGER.password, { remember: true }));
      assert.ok(error instanceof MalformedResponseError, String(error));
      assert.match(error.message, message);
      assert.deepEqual(await storedTokens(r.store), before);
      assert.equal(await r.session.hasStoredPassword(), true);
    });
  }

  it('row 8: a refresh answer whose connection ends before the announced length is a typed failure; the old tokens stay', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    const before = await storedTokens(r.store);
    const whole = JSON.stringify({ access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.cut-secret', expires_in: 3600, refresh_token: 'def50200cafe' });
    r.proxy.inject('securitymanagement/refresh', { kind: 'cut', body: whole, keep: 20 });
    const error = await rejectionOf(r.session.refreshNow());
    assert.ok(error instanceof NetworkError, String(error));
    assert.ok(!formatError(error).includes('cut-secret'));
    assert.deepEqual(await storedTokens(r.store), before);
  });
});

describe('row 11: 20 concurrent requests all get 401', { timeout: 15_000 }, () => {
  it('row 11: through the sender: one refresh, and each request sent exactly twice (old token, then new)', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    const old = (await storedTokens(r.store))?.accessToken;
    r.setServerOffset(2 * HOUR_MS);
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendWith(r.session, r.proxy.env)));
    assert.ok(responses.every((response) => response.status === 200));
    const renewed = (await storedTokens(r.store))?.accessToken;
    const tokens = r.proxy.requests.filter((request) => request.path.endsWith(PREFERENCE_PATH)).map((request) => request.token);
    // withAuth sends at most twice, so 40 sends of 20 requests means exactly twice each.
    assert.equal(tokens.length, 40);
    assert.equal(tokens.filter((token) => token === old).length, 20);
    assert.equal(tokens.filter((token) => token === renewed).length, 20);
    const counters = await r.t.counters();
    assert.equal(counters.refreshes, 1);
    assert.equal(counters.failedRefreshes, 0);
  });

  it('row 11: when the retries get 401 too, each request ends after two attempts with the 401 shown; still one refresh, no loop', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    r.proxy.inject(PREFERENCE_PATH, { kind: 'answer', status: 401, body: '{"error":"unauthorized","message":"Access token expired"}' }, 1000);
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendWith(r.session, r.proxy.env)));
    assert.ok(responses.every((response) => response.status === 401));
    assert.equal(apiRequests(r.proxy), 40);
    assert.equal((await r.t.counters()).refreshes, 1);
  });

  it('row 11: 401s that arrive after the refresh finished adopt the new token without another refresh', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    r.setServerOffset(2 * HOUR_MS);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const send = orgPreference(r.proxy.env);
    const late = Array.from({ length: 10 }, () => {
      let first = true;
      return r.session.withAuth(async (token) => {
        if (first) await gate;
        first = false;
        return send(token);
      });
    });
    const early = await Promise.all(Array.from({ length: 10 }, () => r.session.withAuth(send)));
    assert.ok(early.every((response) => response.status === 200));
    assert.equal((await r.t.counters()).refreshes, 1);
    release();
    assert.ok((await Promise.all(late)).every((response) => response.status === 200));
    assert.equal((await r.t.counters()).refreshes, 1, 'the late 401s adopted the renewed token');
  });
});

describe('row 12: refresh rejected', { timeout: 15_000 }, () => {
  /** Replaces the stored refresh token with one the sandbox never issued. */
  async function spoilRefreshToken(r: Rig): Promise<void> {
    const tokens = await storedTokens(r.store);
    await r.store.store(secretKeys.tokens('p1'), JSON.stringify({ ...tokens, refreshToken: 'def50200deadbeef' }));
  }

  it('row 12: 20 concurrent 401s with a rejected refresh: one refresh, one login with the stored password, each request retried once', async (ctx) => {
    const r = await rig(ctx, {}, CASHIER);
    await r.session.signIn(CASHIER.password, { remember: true });
    await spoilRefreshToken(r);
    r.setServerOffset(2 * HOUR_MS);
    const before = await r.t.counters();
    const responses = await Promise.all(Array.from({ length: 20 }, () => sendWith(r.session, r.proxy.env)));
    assert.ok(responses.every((response) => response.status === 200));
    assert.equal(apiRequests(r.proxy), 40);
    const counters = await r.t.counters();
    assert.equal(counters.failedRefreshes - before.failedRefreshes, 1);
    assert.equal(counters.logins - before.logins, 1);
  });

  it('row 12: without a stored password every request ends in "sign in again" after one refresh; later requests send nothing', async (ctx) => {
    const r = await rig(ctx);
    const otherProfile = createSession({ profileId: 'p2', env: r.proxy.env, email: CASHIER.email, store: r.store });
    await otherProfile.signIn(CASHIER.password);
    const otherTokens = await storedTokens(r.store, 'p2');
    await r.session.signIn(MANAGER.password);
    await spoilRefreshToken(r);
    r.setServerOffset(2 * HOUR_MS);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => sendWith(r.session, r.proxy.env)));
    for (const result of results) {
      assert.ok(result.status === 'rejected' && result.reason instanceof SignInRequiredError);
      assert.match(formatError(result.reason), /sign in again/i);
    }
    assert.equal(await storedTokens(r.store), undefined, 'the tokens of the profile are cleared');
    assert.deepEqual(await r.session.state(), { status: 'signed-out' });
    const sent = r.proxy.requests.length;
    assert.ok((await rejectionOf(sendWith(r.session, r.proxy.env))) instanceof SignInRequiredError);
    assert.equal(r.proxy.requests.length, sent, 'nothing is sent in the signed-out state');
    const counters = await r.t.counters();
    assert.equal(counters.failedRefreshes, 1);
    assert.equal(counters.logins, 2, 'only the two sign-ins');
    assert.deepEqual(await storedTokens(r.store, 'p2'), otherTokens, 'only that profile is signed out');
  });

  it('row 12: a stored password met by a lockout (423) is tried once; then "sign in again" with the lockout advice, and no more logins', async (ctx) => {
    const r = await rig(ctx, { lockoutAttempts: 1 }, AGENT);
    await r.session.signIn(AGENT.password, { remember: true });
    await spoilRefreshToken(r);
    await rejectionOf(createSession({ profileId: 'other', env: r.proxy.env, email: AGENT.email, store: memorySecretStore() }).signIn('Not-The-Password-1'));
    const before = await r.t.counters();
    const error = await rejectionOf(r.session.refreshNow());
    assert.ok(error instanceof SignInRequiredError);
    assert.match(error.message, /locked/);
    assert.equal((await r.t.counters()).failedLogins - before.failedLogins, 1);
    await rejectionOf(r.session.getAccessToken());
    assert.equal((await r.t.counters()).failedLogins - before.failedLogins, 1, 'no second attempt');
  });
});

describe('row 13: refresh response lost after the server rotated', { timeout: 15_000 }, () => {
  it('row 13: with a stored password: a typed failure, then exactly one re-sign-in and working requests', async (ctx) => {
    const r = await rig(ctx, {}, CASHIER);
    await r.session.signIn(CASHIER.password, { remember: true });
    const before = await storedTokens(r.store);
    r.proxy.inject('securitymanagement/refresh', { kind: 'lose' });
    const lost = await rejectionOf(r.session.refreshNow());
    assert.ok(lost instanceof NetworkError, String(lost));
    await assertNoSecretIn(formatError(lost), r);
    assert.equal((await r.t.counters()).refreshes, 1, 'the sandbox did rotate');
    assert.deepEqual(await storedTokens(r.store), before, 'the client never saw the new tokens');

    r.setServerOffset(2 * HOUR_MS);
    assert.equal((await sendWith(r.session, r.proxy.env)).status, 200);
    const counters = await r.t.counters();
    assert.equal(counters.failedRefreshes, 1, 'the rotated-out refresh token is refused once');
    assert.equal(counters.logins, 2, 'one re-sign-in with the stored password');
    assert.equal((await sendWith(r.session, r.proxy.env)).status, 200);
    assert.deepEqual(await r.t.counters(), counters, 'and then nothing more: not stuck, no loop');
  });

  it('row 13: without a stored password: one "sign in again", and the next sign-in works', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    r.proxy.inject('securitymanagement/refresh', { kind: 'lose' });
    assert.ok((await rejectionOf(r.session.refreshNow())) instanceof NetworkError);
    r.setServerOffset(2 * HOUR_MS);
    const error = await rejectionOf(sendWith(r.session, r.proxy.env));
    assert.ok(error instanceof SignInRequiredError);
    assert.deepEqual(await r.session.state(), { status: 'signed-out' });
    r.setServerOffset(0);
    await r.session.signIn(MANAGER.password);
    assert.equal((await sendWith(r.session, r.proxy.env)).status, 200);
    const counters = await r.t.counters();
    assert.equal(counters.refreshes, 1);
    assert.equal(counters.failedRefreshes, 1);
  });
});

describe('row 16: login 401 / 423 / 429', { timeout: 15_000 }, () => {
  async function signInFailure(r: Rig, password: string): Promise<{ error: unknown; loginRequests: number }> {
    const before = r.proxy.requests.length;
    const error = await rejectionOf(r.session.signIn(password, { remember: true }));
    const loginRequests = r.proxy.requests.slice(before).filter((request) => request.path.endsWith('securitymanagement/login')).length;
    assert.equal(await r.session.hasStoredPassword(), false, 'a refused password is not remembered');
    assert.ok(!formatError(error).includes(password));
    return { error, loginRequests };
  }

  it('row 16: 401 → one call, "incorrect" with the documented advice', async (ctx) => {
    const r = await rig(ctx);
    const { error, loginRequests } = await signInFailure(r, 'Wrong-Password-16');
    assert.equal(loginRequests, 1);
    assert.ok(error instanceof InvalidCredentialsError);
    assert.equal(formatError(error), 'Email or password is incorrect. Verify email address is correct. Check password is entered correctly. Use password reset if forgotten. Contact support if issue persists.');
    assert.equal((await r.t.counters()).failedLogins, 1);
  });

  it('row 16: 423 → one call, the wait from Retry-After and the documented lockout advice; the old session stays', async (ctx) => {
    const r = await rig(ctx, { lockoutAttempts: 1, lockoutSeconds: 900 });
    await r.session.signIn(MANAGER.password);
    const session = await storedTokens(r.store);
    await rejectionOf(r.session.signIn('Wrong-Password-16'));
    const { error, loginRequests } = await signInFailure(r, MANAGER.password);
    assert.equal(loginRequests, 1);
    assert.ok(error instanceof AccountLockedError);
    assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 890 && error.retryAfterSeconds <= 900);
    assert.match(formatError(error), /locked.*Try again in 15 min\. Wait for the lockout period to expire\. Contact your administrator to unlock the account\./);
    assert.deepEqual(await storedTokens(r.store), session, 'a refused sign-in leaves the current session alone');
  });

  it('row 16: 429 → one call, the wait from Retry-After, and no automatic retry', async (ctx) => {
    const r = await rig(ctx, { loginRateLimit: { max: 1, windowSeconds: 60 } });
    await r.session.signIn(MANAGER.password);
    const { error, loginRequests } = await signInFailure(r, MANAGER.password);
    assert.equal(loginRequests, 1);
    assert.ok(error instanceof RateLimitedError);
    assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0 && error.retryAfterSeconds <= 60);
    assert.match(formatError(error), /wait \d+ s before trying again\. Wait before trying again; the request is not retried automatically\./);
    const counters = await r.t.counters();
    assert.deepEqual([counters.logins, counters.failedLogins], [1, 1]);
  });
});

describe('row 28: sign out while the server is down or slow', { timeout: 15_000 }, () => {
  it('row 28: the logout hangs: local tokens are gone at once, the next request carries no token, cancelling ends the wait', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password, { remember: true });
    const token = (await storedTokens(r.store))?.accessToken;
    r.proxy.inject('securitymanagement/logout', { kind: 'hang' });
    const controller = new AbortController();
    const cleared = new Promise<void>((resolve) => {
      const subscription = r.store.onDidChange((key) => {
        if (key === secretKeys.tokens('p1') && !r.store.entries.has(key)) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const signingOut = r.session.signOut(controller.signal);
    await cleared;
    assert.equal(await storedTokens(r.store), undefined);
    const sent = r.proxy.requests.length;
    assert.ok((await rejectionOf(sendWith(r.session, r.proxy.env))) instanceof SignInRequiredError);
    assert.equal(r.proxy.requests.length, sent, 'no request goes out, so none carries a token');
    controller.abort();
    const result = await signingOut;
    assert.equal(result.revoked, false);
    assert.ok(result.error instanceof CancelledError);
    assert.ok(r.proxy.requests.filter((request) => request.token === token).every((request) => !request.path.endsWith(PREFERENCE_PATH)));
  });

  it('row 28: a renewal whose answer arrives after the sign-out does not sign the user back in', async (ctx) => {
    const r = await rig(ctx);
    await r.session.signIn(MANAGER.password);
    r.enterBuffer();
    let release!: () => void;
    let reached!: () => void;
    const answered = new Promise<void>((resolve) => (reached = resolve));
    r.proxy.inject('securitymanagement/refresh', { kind: 'hold', release: new Promise<void>((resolve) => (release = resolve)), reached });
    const renewing = r.session.getAccessToken();
    await answered;
    assert.deepEqual(await r.session.signOut(), { revoked: true });
    release();
    assert.ok((await rejectionOf(renewing)) instanceof SignInRequiredError);
    assert.equal(await storedTokens(r.store), undefined, 'still signed out');
    assert.deepEqual(await r.session.state(), { status: 'signed-out' });
    assert.ok((await rejectionOf(r.session.getAccessToken())) instanceof SignInRequiredError);
  });
});
