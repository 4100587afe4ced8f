// The auth client against the real local sandbox over HTTP, and against tiny misbehaving
// servers for the failures a sandbox does not produce on its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jwtDecode } from 'jwt-decode';
import { login, logout, refresh, retryAfterSeconds } from '../../src/core/fincode/authClient';
import {
  AccountLockedError,
  CancelledError,
  InvalidCredentialsError,
  MalformedResponseError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UserNotFoundError,
  ValidationError,
  describeError,
} from '../../src/core/fincode/errors';
import { makeEnvironment } from '../../src/core/fincode/environments';
import { ROLE_PERMISSIONS } from '../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { closedPort, httpServer } from '../support/throwawayServer';

const [MANAGER, AGENT, CASHIER, CUSTOMER] = DOCUMENTED_SANDBOX_USERS;
const EXPECTED_IDS = { MANAGER: 'user_mgr_123', AGENT: 'user_agt_456', CASHIER: 'user_csh_789', CUSTOMER: 'user_cust_101' };

async function orgPreference(t: TestSandbox, token: string): Promise<number> {
  const response = await fetch(`${t.env.baseUrl}/admin/organisation-preference-management/fetch-organisaction-preference`, {
    headers: { 'x-auth-token': token, platform: 'fincode', uuid: '200' },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('auth client against the local sandbox', () => {
  let t: TestSandbox;
  before(async () => {
    t = await withSandbox({ lockoutAttempts: 5, lockoutSeconds: 900 });
  });
  after(() => t.stop());

  for (const user of DOCUMENTED_SANDBOX_USERS) {
    it(`logs in as the documented ${user.role} and returns the documented shape`, async () => {
      const result = await login(t.env, user.email, user.password);
      assert.equal(result.expiresIn, 3600);
      assert.match(result.accessToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.match(result.refreshToken ?? '', /^def50200[0-9a-f]+$/);
      assert.ok(Math.abs(result.receivedAt - Date.now()) < 5000);
      assert.equal(result.user.id, EXPECTED_IDS[user.role]);
      assert.equal(result.user.email, user.email);
      assert.equal(result.user.role, user.role);
      assert.equal(result.user.tenantId, 'tenant_456');
      assert.deepEqual(result.user.permissions, ROLE_PERMISSIONS[user.role]);
      assert.equal(result.user.customerId, user.role === 'CUSTOMER' ? 'cust_202' : undefined);
      const claims = jwtDecode<Record<string, unknown>>(result.accessToken);
      assert.equal(claims.role, user.role);
      assert.equal(claims.sub, EXPECTED_IDS[user.role]);
    });
  }

  it('tells the cashier and the customer apart by password although they share an e-mail', async () => {
    assert.equal(CASHIER.email, CUSTOMER.email);
    assert.equal((await login(t.env, CASHIER.email, CASHIER.password)).user.role, 'CASHIER');
    assert.equal((await login(t.env, CUSTOMER.email, CUSTOMER.password)).user.role, 'CUSTOMER');
  });

  it('maps a wrong password to InvalidCredentialsError with the documented advice', async () => {
    const error = await login(t.env, MANAGER.email, 'wrong-password-1').catch((e: unknown) => e);
    assert.ok(error instanceof InvalidCredentialsError);
    assert.equal(error.status, 401);
    assert.ok(error.advice.includes('Use password reset if forgotten'));
    assert.ok(!error.message.includes('wrong-password-1'));
    await login(t.env, MANAGER.email, MANAGER.password); // resets the failure count
  });

  it('maps an unknown e-mail to UserNotFoundError', async () => {
    const error = await login(t.env, 'nobody@example.com', 'Password@1').catch((e: unknown) => e);
    assert.ok(error instanceof UserNotFoundError);
    assert.ok(describeError(error).advice.includes('Contact administrator to create the user account'));
  });

  it('refuses a password under 8 characters before sending anything', async () => {
    const before = await t.counters();
    const error = await login(t.env, MANAGER.email, 'short').catch((e: unknown) => e);
    assert.ok(error instanceof ValidationError);
    assert.match(error.message, /at least 8 characters/);
    assert.deepEqual(await t.counters(), before);
  });

  it('reports the header the server says is wrong when the required headers are misconfigured', async () => {
    const error = await login(t.env, MANAGER.email, MANAGER.password, { requiredHeaders: { platform: 'fincode', uuid: '999' } }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError);
    assert.equal(error.status, 400);
    assert.match(error.message, /uuid/);
  });

  it('locks the account after 5 failures (423 with the documented advice), one request per call', async () => {
    for (let i = 0; i < 5; i += 1) {
      assert.ok((await login(t.env, AGENT.email, 'not-the-password').catch((e: unknown) => e)) instanceof InvalidCredentialsError);
    }
    const before = await t.counters();
    const error = await login(t.env, AGENT.email, AGENT.password).catch((e: unknown) => e);
    assert.ok(error instanceof AccountLockedError);
    assert.equal(error.status, 423);
    assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0 && error.retryAfterSeconds <= 900);
    assert.ok(error.advice.includes('Wait for the lockout period to expire'));
    const afterCounters = await t.counters();
    assert.equal(afterCounters.logins, before.logins, 'a locked account does not log in');
  });

  it('refreshes with rotation; the rotated-out refresh token then revokes the whole family', async () => {
    const session = await login(t.env, CASHIER.email, CASHIER.password);
    const first = await refresh(t.env, { accessToken: session.accessToken, refreshToken: session.refreshToken! });
    assert.equal(first.expiresIn, 3600);
    assert.ok(first.refreshToken && first.refreshToken !== session.refreshToken, 'refresh token rotated');
    assert.equal(await orgPreference(t, first.accessToken), 200);

    const reuse = await refresh(t.env, { accessToken: session.accessToken, refreshToken: session.refreshToken! }).catch((e: unknown) => e);
    assert.ok(reuse instanceof UnauthorizedError);
    // The family is gone: the newest refresh token and access token no longer work either.
    const next = await refresh(t.env, { accessToken: first.accessToken, refreshToken: first.refreshToken }).catch((e: unknown) => e);
    assert.ok(next instanceof UnauthorizedError);
    assert.equal(await orgPreference(t, first.accessToken), 401);
  });

  it('logs out: the token is then refused with 401, and a second logout is harmless', async () => {
    const session = await login(t.env, CUSTOMER.email, CUSTOMER.password);
    assert.equal(await orgPreference(t, session.accessToken), 200);
    const before = await t.counters();
    await logout(t.env, session.accessToken);
    assert.equal((await t.counters()).logouts, before.logouts + 1);
    assert.equal(await orgPreference(t, session.accessToken), 401);
    await logout(t.env, session.accessToken);
  });

  it('sends the token as Authorization: Bearer when that style is configured', async () => {
    const session = await login(t.env, MANAGER.email, MANAGER.password);
    await logout(t.env, session.accessToken, { authStyle: 'bearer' });
    assert.equal(await orgPreference(t, session.accessToken), 401);
  });

  it('cancels through the AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await login(t.env, MANAGER.email, MANAGER.password, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError);
  });
});

describe('auth client failures', () => {
  it('maps 429 with Retry-After to RateLimitedError and sends exactly one request', async () => {
    const t = await withSandbox({ loginRateLimit: { max: 1, windowSeconds: 60 } });
    try {
      await login(t.env, MANAGER.email, MANAGER.password);
      const error = await login(t.env, MANAGER.email, MANAGER.password).catch((e: unknown) => e);
      assert.ok(error instanceof RateLimitedError);
      assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0);
      assert.equal((await t.counters()).logins, 1);
    } finally {
      await t.stop();
    }
  });

  it('fails fast with a NetworkError when nothing listens, without any secret in the message', async () => {
    const env = makeEnvironment({ id: 'down', kind: 'custom', baseUrl: `http://127.0.0.1:${await closedPort()}/api/v6/services` });
    const started = Date.now();
    const error = await login(env, MANAGER.email, 'Canary-Password-123').catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError);
    assert.equal(error.causeCode, 'ECONNREFUSED');
    assert.ok(Date.now() - started < 2000);
    assert.ok(!error.message.includes('Canary-Password-123'));
    assert.ok(!error.message.includes('securitymanagement'), 'only the host is named');
  });

  it('times out when headers never come, and when the body stalls', async () => {
    const server = await httpServer((req, res) => {
      if (req.url?.includes('refresh')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"access_token":');
      }
    });
    try {
      const env = makeEnvironment({ id: 'slow', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
      const headers = await login(env, MANAGER.email, MANAGER.password, { timeouts: { headersMs: 200 } }).catch((e: unknown) => e);
      assert.ok(headers instanceof TimeoutError);
      assert.equal(headers.phase, 'headers');
      const body = await refresh(env, { accessToken: 'a', refreshToken: 'r' }, { timeouts: { bodyMs: 200 } }).catch((e: unknown) => e);
      assert.ok(body instanceof TimeoutError);
      assert.equal(body.phase, 'body');
      const total = await login(env, MANAGER.email, MANAGER.password, { timeouts: { totalMs: 150 } }).catch((e: unknown) => e);
      assert.ok(total instanceof TimeoutError);
      assert.equal(total.phase, 'total');
    } finally {
      await server.close();
    }
  });

  it('treats a 200 without access_token, an HTML page and a 5xx as failures, never as a session', async () => {
    const answers: Record<string, [number, string, string]> = {
      '/api/v6/services/securitymanagement/login': [200, 'application/json', '{"expires_in":3600,"user":{}}'],
      '/html/api/v6/services/securitymanagement/login': [200, 'application/json', '<html>maintenance</html>'],
      '/down/api/v6/services/securitymanagement/login': [503, 'text/plain', 'unavailable'],
    };
    const server = await httpServer((req, res) => {
      const [status, type, body] = answers[req.url ?? ''] ?? [404, 'text/plain', 'no'];
      res.writeHead(status, { 'content-type': type, 'retry-after': '30' });
      res.end(body);
    });
    const { origin } = server;
    try {
      const noToken = await login(makeEnvironment({ id: 'a', kind: 'custom', baseUrl: `${origin}/api/v6/services` }), MANAGER.email, MANAGER.password).catch((e: unknown) => e);
      assert.ok(noToken instanceof MalformedResponseError);
      assert.match(noToken.message, /no access_token/);
      const html = await login(makeEnvironment({ id: 'b', kind: 'custom', baseUrl: `${origin}/html/api/v6/services` }), MANAGER.email, MANAGER.password).catch(
        (e: unknown) => e,
      );
      assert.ok(html instanceof MalformedResponseError);
      const down = await login(makeEnvironment({ id: 'c', kind: 'custom', baseUrl: `${origin}/down/api/v6/services` }), MANAGER.email, MANAGER.password).catch(
        (e: unknown) => e,
      );
      assert.ok(down instanceof ServerError);
      assert.equal(down.status, 503);
      assert.equal(down.retryAfterSeconds, 30);
    } finally {
      await server.close();
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterSeconds('120'), 120);
    assert.equal(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1)), 60);
    assert.equal(retryAfterSeconds('soon'), undefined);
    assert.equal(retryAfterSeconds(undefined), undefined);
  });
});
