import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLES } from '../../src/core/fincode/roles';
import { signJwt } from '../../src/sandbox/jwt';
import { call, login, manualClock, refreshCall, sandboxFor } from '../support/sandbox';
import { decodeJwtPart, withClaims } from '../support/jwt';

const PREFERENCE = 'admin/organisation-preference-management/fetch-organisaction-preference';
const CAUSES = ['Invalid or expired access token', 'Missing Authorization header', 'Malformed JWT token'];

function unauthorized(message: string) {
  return { error: 'unauthorized', message, causes: CAUSES };
}

describe('sandbox authenticated requests', () => {
  test('the documented preference endpoint answers every role, with X-Auth-Token or Bearer, on both prefixes', async (t) => {
    const sandbox = await sandboxFor(t);
    for (const role of ROLES) {
      const { access_token: token } = await login(sandbox.baseUrl, role);
      const viaXAuth = await call(sandbox.baseUrl, PREFERENCE, { token });
      assert.equal(viaXAuth.status, 200, `${role}: ${viaXAuth.text}`);
      assert.equal(viaXAuth.body.tenant_id, 'tenant_456');
      assert.equal(viaXAuth.body.emulator, undefined, 'a real route carries no emulator marker');
      const viaBearer = await call(sandbox.sandboxBaseUrl, PREFERENCE, { headers: { platform: 'fincode', uuid: '200', authorization: `Bearer ${token}` } });
      assert.equal(viaBearer.status, 200);
      assert.deepEqual(viaBearer.body, viaXAuth.body);
    }
  });

  test('no token, a malformed one, a forged one or a non-Bearer Authorization → 401 with the guide causes', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'MANAGER');
    const [header, payload] = token.split('.');
    const forgedClaims = { ...decodeJwtPart(token, 1), role: 'MANAGER', sub: 'user_cust_101' };
    const cases: [Record<string, string>, string][] = [
      [{}, 'Missing Authorization header'],
      [{ 'x-auth-token': 'not-a-jwt' }, 'Malformed JWT token'],
      [{ authorization: 'Bearer a.b' }, 'Malformed JWT token'],
      [{ 'x-auth-token': withClaims(token, forgedClaims) }, 'Invalid token signature'],
      [{ 'x-auth-token': signJwt({ sub: 'user_mgr_123', exp: 4_000_000_000, jti: 'x' }, Buffer.from('guessed')) }, 'Invalid token signature'],
      [{ 'x-auth-token': `${header}.${payload}.${'A'.repeat(43)}` }, 'Invalid token signature'],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'Malformed Authorization header: expected "Bearer <token>"'],
    ];
    for (const [headers, message] of cases) {
      const answer = await call(sandbox.baseUrl, PREFERENCE, { headers: { platform: 'fincode', uuid: '200', ...headers } });
      assert.equal(answer.status, 401, message);
      assert.deepEqual(answer.body, unauthorized(message));
    }
  });

  test('an expired access token → 401 "Access token expired" with the causes', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now, expiresInSeconds: 60 });
    const { access_token: token } = await login(sandbox.baseUrl, 'AGENT');
    clock.advance(59);
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token })).status, 200);
    clock.advance(1);
    const expired = await call(sandbox.baseUrl, PREFERENCE, { token });
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, unauthorized('Access token expired'));
  });

  test('the FinCode headers are checked before the token', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'MANAGER');
    const answer = await call(sandbox.baseUrl, PREFERENCE, { headers: { 'x-auth-token': token, platform: 'fincode' } });
    assert.deepEqual([answer.status, answer.body.message], [400, 'Missing required header: uuid']);
  });
});

describe('sandbox refresh', () => {
  test('refresh rotates the refresh token and issues a working access token', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now });
    const session = await login(sandbox.baseUrl, 'CUSTOMER');
    clock.advance(5);
    const refreshed = await refreshCall(sandbox.baseUrl, session.refresh_token, session.access_token);
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.deepEqual(Object.keys(refreshed.body), ['access_token', 'expires_in', 'refresh_token']);
    assert.equal(refreshed.body.expires_in, 3600);
    assert.match(refreshed.body.refresh_token, /^def50200[0-9a-f]+$/);
    assert.notEqual(refreshed.body.refresh_token, session.refresh_token, 'rotated');
    assert.notEqual(refreshed.body.access_token, session.access_token);
    const claims = decodeJwtPart(refreshed.body.access_token, 1);
    assert.equal(claims.sub, 'user_cust_101');
    assert.equal(claims.customer_id, 'cust_202');
    assert.equal(claims.iat, Math.floor(clock.now() / 1000));
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: refreshed.body.access_token })).status, 200);
    const again = await refreshCall(sandbox.baseUrl, refreshed.body.refresh_token);
    assert.equal(again.status, 200, 'the rotated token refreshes; X-Auth-Token is optional');
  });

  test('refresh accepts an expired access token in X-Auth-Token but not a badly signed one or another user’s', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now, expiresInSeconds: 60 });
    const session = await login(sandbox.baseUrl, 'MANAGER');
    const other = await login(sandbox.baseUrl, 'AGENT');
    clock.advance(3600);
    const forged = `${session.access_token.slice(0, session.access_token.lastIndexOf('.'))}.${'B'.repeat(43)}`;
    const badSignature = await refreshCall(sandbox.baseUrl, session.refresh_token, forged);
    assert.deepEqual([badSignature.status, badSignature.body], [401, unauthorized('Invalid token signature')]);
    const wrongUser = await refreshCall(sandbox.baseUrl, session.refresh_token, other.access_token);
    assert.deepEqual([wrongUser.status, wrongUser.body], [401, unauthorized('Access token does not belong to this session')]);
    const ok = await refreshCall(sandbox.baseUrl, session.refresh_token, session.access_token);
    assert.equal(ok.status, 200, ok.text);
  });

  test('reusing a rotated refresh token revokes the whole family', async (t) => {
    const sandbox = await sandboxFor(t);
    const session = await login(sandbox.baseUrl, 'CASHIER');
    const bystander = await login(sandbox.baseUrl, 'CASHIER');
    const first = await refreshCall(sandbox.baseUrl, session.refresh_token);
    assert.equal(first.status, 200);

    const reuse = await refreshCall(sandbox.baseUrl, session.refresh_token);
    assert.equal(reuse.status, 401);
    assert.deepEqual(reuse.body, unauthorized('Refresh token reuse detected; the session has been revoked'));

    const newest = await refreshCall(sandbox.baseUrl, first.body.refresh_token);
    assert.deepEqual([newest.status, newest.body.message], [401, 'Refresh token revoked']);
    for (const token of [session.access_token, first.body.access_token]) {
      const answer = await call(sandbox.baseUrl, PREFERENCE, { token });
      assert.deepEqual([answer.status, answer.body], [401, unauthorized('Access token revoked')]);
    }
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: bystander.access_token })).status, 200, 'other sessions live on');
    assert.equal((await refreshCall(sandbox.baseUrl, bystander.refresh_token)).status, 200);
  });

  test('a missing, non-string or unknown refresh token', async (t) => {
    const sandbox = await sandboxFor(t);
    const missing = await call(sandbox.baseUrl, 'securitymanagement/refresh', { method: 'POST', body: {} });
    assert.deepEqual([missing.status, missing.body], [400, { error: 'validation', message: 'Missing required field: refresh_token' }]);
    const wrongType = await call(sandbox.baseUrl, 'securitymanagement/refresh', { method: 'POST', body: { refresh_token: 7 } });
    assert.equal(wrongType.status, 400);
    const unknown = await refreshCall(sandbox.baseUrl, 'def50200deadbeef');
    assert.deepEqual([unknown.status, unknown.body], [401, unauthorized('Invalid refresh token')]);
  });
});

describe('sandbox logout', () => {
  test('logout revokes the session: its access and refresh tokens → 401 afterwards', async (t) => {
    const sandbox = await sandboxFor(t);
    const session = await login(sandbox.baseUrl, 'MANAGER');
    const refreshed = await refreshCall(sandbox.baseUrl, session.refresh_token);
    const other = await login(sandbox.baseUrl, 'MANAGER');
    const answer = await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', body: {}, token: refreshed.body.access_token });
    assert.deepEqual([answer.status, answer.body], [200, { message: 'Logged out' }]);

    for (const token of [session.access_token, refreshed.body.access_token]) {
      const after = await call(sandbox.baseUrl, PREFERENCE, { token });
      assert.deepEqual([after.status, after.body], [401, unauthorized('Access token revoked')]);
    }
    const refreshAfter = await refreshCall(sandbox.baseUrl, refreshed.body.refresh_token);
    assert.deepEqual([refreshAfter.status, refreshAfter.body.message], [401, 'Refresh token revoked']);
    const twice = await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: session.access_token });
    assert.equal(twice.status, 401);
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: other.access_token })).status, 200, 'another login is untouched');
  });

  test('logout with Bearer works; without a token or with a malformed one → 401', async (t) => {
    const sandbox = await sandboxFor(t);
    const session = await login(sandbox.baseUrl, 'AGENT');
    const bearer = await call(sandbox.sandboxBaseUrl, 'securitymanagement/logout', {
      method: 'POST',
      headers: { platform: 'fincode', uuid: '200', authorization: `Bearer ${session.access_token}` },
    });
    assert.equal(bearer.status, 200);
    const none = await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST' });
    assert.deepEqual([none.status, none.body], [401, unauthorized('Missing Authorization header')]);
    const malformed = await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: 'garbage' });
    assert.deepEqual([malformed.status, malformed.body], [401, unauthorized('Malformed JWT token')]);
  });
});
