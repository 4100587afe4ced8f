import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLES, ROLE_PERMISSIONS, type Role } from '../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { verifyJwt } from '../../src/sandbox/jwt';
import { call, documentedUser, loginCall, manualClock, sandboxFor, type LoginResponse } from '../support/sandbox';
import { decodeJwtPart } from '../support/jwt';

const SECRET = Buffer.from('login-test-secret');

/** The ids and tenant of the guide's example login responses. */
const EXPECTED_IDS: Record<Role, { id: string; customer_id?: string }> = {
  MANAGER: { id: 'user_mgr_123' },
  AGENT: { id: 'user_agt_456' },
  CASHIER: { id: 'user_csh_789' },
  CUSTOMER: { id: 'user_cust_101', customer_id: 'cust_202' },
};

const MANAGER = documentedUser('MANAGER');
const CASHIER = documentedUser('CASHIER');
const CUSTOMER = documentedUser('CUSTOMER');

describe('sandbox login: the documented response for each documented user', () => {
  for (const role of ROLES) {
    test(`${role} logs in with the documented credentials and gets the documented shape`, async (t) => {
      const clock = manualClock();
      const sandbox = await sandboxFor(t, { secret: SECRET, now: clock.now });
      const { email, password } = documentedUser(role);
      const answer = await loginCall(sandbox.baseUrl, email, password);
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
      const body = answer.body as unknown as LoginResponse;
      assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'refresh_token', 'user']);
      assert.equal(body.expires_in, 3600);
      assert.match(body.refresh_token, /^def50200[0-9a-f]{32,}$/);
      const ids = EXPECTED_IDS[role];
      const expectedUser = {
        id: ids.id,
        email,
        role,
        tenant_id: 'tenant_456',
        ...(ids.customer_id === undefined ? {} : { customer_id: ids.customer_id }),
        permissions: [...ROLE_PERMISSIONS[role]],
      };
      assert.deepEqual(body.user, expectedUser);
      assert.deepEqual(Object.keys(body.user), Object.keys(expectedUser), 'field order as documented');

      assert.deepEqual(decodeJwtPart(body.access_token, 0), { alg: 'HS256', typ: 'JWT' });
      const verified = verifyJwt(body.access_token, SECRET, { nowSeconds: Math.floor(clock.now() / 1000) });
      assert.ok(verified.ok, 'the access token is signed with the sandbox secret');
      const claims = verified.claims;
      const iat = Math.floor(clock.now() / 1000);
      assert.equal(claims.sub, ids.id);
      assert.equal(claims.email, email);
      assert.equal(claims.role, role);
      assert.equal(claims.tenant_id, 'tenant_456');
      assert.deepEqual(claims.permissions, [...ROLE_PERMISSIONS[role]]);
      assert.equal(claims.customer_id, ids.customer_id);
      assert.equal('customer_id' in claims, role === 'CUSTOMER');
      assert.equal(claims.iat, iat);
      assert.equal(claims.exp, iat + 3600);
      assert.match(String(claims.jti), /^[0-9a-f]{32}$/);
    });
  }

  test('the sandbox prefix serves the same login; every login gets fresh tokens', async (t) => {
    const sandbox = await sandboxFor(t);
    const first = await loginCall(sandbox.sandboxBaseUrl, MANAGER.email, MANAGER.password);
    const second = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.notEqual(first.body.access_token, second.body.access_token);
    assert.notEqual(first.body.refresh_token, second.body.refresh_token);
  });

  test('the shared cashier/customer e-mail: the password picks the user; e-mail case does not matter', async (t) => {
    const sandbox = await sandboxFor(t);
    const cashier = await loginCall(sandbox.baseUrl, CASHIER.email, CASHIER.password);
    const customer = await loginCall(sandbox.baseUrl, CUSTOMER.email.toUpperCase(), CUSTOMER.password);
    assert.equal(CASHIER.email, CUSTOMER.email);
    assert.equal((cashier.body as unknown as LoginResponse).user.role, 'CASHIER');
    assert.equal((customer.body as unknown as LoginResponse).user.role, 'CUSTOMER');
  });

  test('tenantId sets tenant_id in the user and the token', async (t) => {
    const sandbox = await sandboxFor(t, { tenantId: 'tenant_acme' });
    const answer = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal((answer.body as unknown as LoginResponse).user.tenant_id, 'tenant_acme');
    assert.equal(decodeJwtPart(String(answer.body.access_token), 1).tenant_id, 'tenant_acme');
  });

  test('expiresInSeconds sets expires_in and exp', async (t) => {
    const sandbox = await sandboxFor(t, { expiresInSeconds: 120 });
    const answer = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    const claims = decodeJwtPart(String(answer.body.access_token), 1);
    assert.equal(answer.body.expires_in, 120);
    assert.equal(Number(claims.exp) - Number(claims.iat), 120);
  });
});

describe('sandbox login: request validation', () => {
  const path = 'securitymanagement/login';
  const body = { email: MANAGER.email, currentPassword: MANAGER.password };
  const json = { 'content-type': 'application/json' };

  const headerCases: [string, Record<string, string>, string][] = [
    ['no platform', { ...json, uuid: '200' }, 'Missing required header: platform'],
    ['no uuid', { ...json, platform: 'fincode' }, 'Missing required header: uuid'],
    ['wrong platform', { ...json, platform: 'web', uuid: '200' }, 'Invalid value for header platform: expected fincode'],
    ['wrong uuid', { ...json, platform: 'fincode', uuid: '123' }, 'Invalid value for header uuid: expected 200'],
  ];
  for (const [name, headers, message] of headerCases) {
    test(`${name} → 400 naming the header, on both prefixes`, async (t) => {
      const sandbox = await sandboxFor(t);
      for (const base of [sandbox.baseUrl, sandbox.sandboxBaseUrl]) {
        const answer = await call(base, path, { method: 'PUT', headers, body });
        assert.equal(answer.status, 400);
        assert.deepEqual(answer.body, { error: 'validation', message });
      }
    });
  }

  test('a body without Content-Type: application/json → 400 naming Content-Type', async (t) => {
    const sandbox = await sandboxFor(t);
    const answer = await call(sandbox.baseUrl, path, { method: 'PUT', headers: { platform: 'fincode', uuid: '200', 'content-type': 'text/plain' }, body });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'validation');
    assert.match(String(answer.body.message), /Content-Type/);
  });

  test('missing or non-string fields → 400 naming the field', async (t) => {
    const sandbox = await sandboxFor(t);
    const cases: [unknown, string][] = [
      [{ currentPassword: 'Password@1' }, 'Missing required field: email'],
      [{ email: MANAGER.email }, 'Missing required field: currentPassword'],
      [{ email: 42, currentPassword: 'Password@1' }, 'Invalid field email: expected a string'],
      [{ email: MANAGER.email, currentPassword: ['Password@1'] }, 'Invalid field currentPassword: expected a string'],
      [[], 'Request body must be a JSON object'],
      ['"just a string"', 'Request body must be a JSON object'],
    ];
    for (const [sent, message] of cases) {
      const answer = await call(sandbox.baseUrl, path, { method: 'PUT', body: sent });
      assert.equal(answer.status, 400, JSON.stringify(sent));
      assert.deepEqual(answer.body, { error: 'validation', message });
    }
    const empty = await call(sandbox.baseUrl, path, { method: 'PUT' });
    assert.deepEqual([empty.status, empty.body.message], [400, 'Request body is required']);
  });

  test('a password shorter than 8 characters → 400', async (t) => {
    const sandbox = await sandboxFor(t);
    const answer = await loginCall(sandbox.baseUrl, MANAGER.email, 'Pass@1');
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { error: 'validation', message: 'Password must be at least 8 characters' });
  });

  test('an unknown e-mail → 404 user_not_found', async (t) => {
    const sandbox = await sandboxFor(t);
    const answer = await loginCall(sandbox.baseUrl, 'nobody@example.com', 'Password@1');
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.body, { error: 'user_not_found', message: 'Email address not registered in the system' });
  });

  test('a wrong password → 401 invalid_credentials', async (t) => {
    const sandbox = await sandboxFor(t);
    const answer = await loginCall(sandbox.baseUrl, MANAGER.email, 'WrongPassword1');
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.body, { error: 'invalid_credentials', message: 'Email or password is incorrect' });
  });
});

describe('sandbox login: lockout and rate limit', () => {
  const LOCKED = { error: 'account_locked', message: 'Account locked after multiple failed login attempts' };

  test('5 failures lock the e-mail: 423 with Retry-After, even with the right password, until lockoutSeconds pass', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await loginCall(sandbox.baseUrl, MANAGER.email, 'WrongPassword1');
      assert.equal(answer.status, 401, `attempt ${attempt}`);
    }
    const locked = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal(locked.status, 423);
    assert.deepEqual(locked.body, { ...LOCKED, retry_after: 900 });
    assert.equal(locked.headers.get('retry-after'), '900');

    clock.advance(600);
    const stillLocked = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal(stillLocked.status, 423);
    assert.equal(stillLocked.body.retry_after, 300);
    assert.equal(stillLocked.headers.get('retry-after'), '300');

    const other = await loginCall(sandbox.baseUrl, documentedUser('AGENT').email, 'Password@1');
    assert.equal(other.status, 200, 'other e-mails are not locked');

    clock.advance(300);
    const unlocked = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal(unlocked.status, 200, unlocked.text);
  });

  test('the lock is per e-mail, so it covers both users sharing one', async (t) => {
    const sandbox = await sandboxFor(t, { lockoutAttempts: 2 });
    await loginCall(sandbox.baseUrl, CASHIER.email, 'WrongPassword1');
    await loginCall(sandbox.baseUrl, CASHIER.email, 'WrongPassword1');
    assert.equal((await loginCall(sandbox.baseUrl, CASHIER.email, CASHIER.password)).status, 423);
    assert.equal((await loginCall(sandbox.baseUrl, CUSTOMER.email, CUSTOMER.password)).status, 423);
  });

  test('a success resets the failure count; options change the attempts and duration', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now, lockoutAttempts: 3, lockoutSeconds: 60 });
    for (let round = 0; round < 3; round += 1) {
      assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, 'WrongPassword1')).status, 401);
      assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, 'WrongPassword1')).status, 401);
      assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password)).status, 200, `round ${round}`);
    }
    for (let attempt = 0; attempt < 3; attempt += 1) await loginCall(sandbox.baseUrl, MANAGER.email, 'WrongPassword1');
    const locked = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.deepEqual([locked.status, locked.headers.get('retry-after')], [423, '60']);
    clock.advance(60);
    assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password)).status, 200);
  });

  test('loginRateLimit: more logins than max per window → 429 with Retry-After; the next window is open again', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now, loginRateLimit: { max: 2, windowSeconds: 30 } });
    assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password)).status, 200);
    clock.advance(10);
    assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password)).status, 200);
    const limited = await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'rate_limited');
    assert.equal(limited.body.retry_after, 20);
    assert.equal(limited.headers.get('retry-after'), '20');
    clock.advance(20);
    assert.equal((await loginCall(sandbox.baseUrl, MANAGER.email, MANAGER.password)).status, 200);
  });

  test('without loginRateLimit many logins are fine', async (t) => {
    const sandbox = await sandboxFor(t);
    for (const user of [...DOCUMENTED_SANDBOX_USERS, ...DOCUMENTED_SANDBOX_USERS, ...DOCUMENTED_SANDBOX_USERS]) {
      assert.equal((await loginCall(sandbox.baseUrl, user.email, user.password)).status, 200);
    }
  });
});
