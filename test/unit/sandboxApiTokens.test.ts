import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_TOKEN_EXPIRIES, API_TOKEN_EXPIRY_SECONDS } from '../../src/core/fincode/apiTokens';
import { ROLE_PERMISSIONS } from '../../src/core/fincode/roles';
import { verifyJwt } from '../../src/sandbox/jwt';
import { call, login, manualClock, sandboxFor } from '../support/sandbox';

const SECRET = Buffer.from('api-token-test-secret');
const TOKENS = '_emulator/api-tokens';
const PREFERENCE = 'admin/organisation-preference-management/fetch-organisaction-preference';

interface Minted {
  emulator: true;
  id: string;
  label: string;
  expiry: string;
  api_token: string;
  expires_at: string;
}

describe('sandbox API tokens (emulated dashboard)', () => {
  for (const expiry of API_TOKEN_EXPIRIES) {
    test(`mint with expiry ${expiry}: 201, an HS256 JWT with the user's claims, token_use "api" and its label`, async (t) => {
      const clock = manualClock();
      const sandbox = await sandboxFor(t, { secret: SECRET, now: clock.now });
      const session = await login(sandbox.baseUrl, 'CUSTOMER');
      const answer = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token: session.access_token, body: { label: 'billing job', expiry } });
      assert.equal(answer.status, 201, answer.text);
      assert.deepEqual(Object.keys(answer.body).sort(), ['api_token', 'emulator', 'expires_at', 'expiry', 'id', 'label']);
      assert.equal(answer.body.emulator, true);
      assert.equal(answer.body.label, 'billing job');
      assert.equal(answer.body.expiry, expiry);
      const iat = Math.floor(clock.now() / 1000);
      const exp = iat + API_TOKEN_EXPIRY_SECONDS[expiry];
      assert.equal(answer.body.expires_at, new Date(exp * 1000).toISOString());
      const verified = verifyJwt(answer.body.api_token, SECRET, { nowSeconds: iat });
      assert.ok(verified.ok);
      const { jti, ...claims } = verified.claims;
      assert.match(String(jti), /^[0-9a-f]{32}$/);
      assert.deepEqual(claims, {
        sub: 'user_cust_101',
        email: session.user.email,
        role: 'CUSTOMER',
        tenant_id: 'tenant_456',
        permissions: [...ROLE_PERMISSIONS.CUSTOMER],
        customer_id: 'cust_202',
        iat,
        exp,
        token_use: 'api',
        label: 'billing job',
      });
    });
  }

  test('an API token authenticates via X-Auth-Token and Bearer, survives logout, and expires', async (t) => {
    const clock = manualClock();
    const sandbox = await sandboxFor(t, { now: clock.now });
    const session = await login(sandbox.baseUrl, 'MANAGER');
    const minted = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token: session.access_token, body: { label: 'ci', expiry: '24h' } });
    const apiToken = minted.body.api_token;
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: apiToken })).status, 200);
    const bearer = await call(sandbox.sandboxBaseUrl, PREFERENCE, { headers: { platform: 'fincode', uuid: '200', authorization: `Bearer ${apiToken}` } });
    assert.equal(bearer.status, 200);
    assert.equal((await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: session.access_token })).status, 200);
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: apiToken })).status, 200, 'dashboard tokens are not sessions');
    const logoutWithApiToken = await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: apiToken });
    assert.equal(logoutWithApiToken.status, 400);
    clock.advance(API_TOKEN_EXPIRY_SECONDS['24h']);
    const expired = await call(sandbox.baseUrl, PREFERENCE, { token: apiToken });
    assert.deepEqual([expired.status, expired.body.message], [401, 'Access token expired']);
  });

  test('list shows the caller’s tokens without their values; delete revokes → 401 "Access token revoked"', async (t) => {
    const sandbox = await sandboxFor(t);
    const manager = await login(sandbox.baseUrl, 'MANAGER');
    const agent = await login(sandbox.baseUrl, 'AGENT');
    const first = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token: manager.access_token, body: { label: 'one', expiry: '1m' } });
    const second = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token: manager.access_token, body: { label: 'two', expiry: '1y' } });
    const agents = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token: agent.access_token, body: { label: 'agent', expiry: '3m' } });

    const listed = await call<{ emulator: true; api_tokens: Record<string, unknown>[] }>(sandbox.baseUrl, TOKENS, { token: manager.access_token });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.api_tokens.map((entry) => [entry.id, entry.label, entry.expiry, entry.revoked]),
      [
        [first.body.id, 'one', '1m', false],
        [second.body.id, 'two', '1y', false],
      ],
    );
    for (const minted of [first, second, agents]) assert.ok(!listed.text.includes(minted.body.api_token), 'no token values listed');

    const othersToken = await call(sandbox.baseUrl, `${TOKENS}/${agents.body.id}`, { method: 'DELETE', token: manager.access_token });
    assert.equal(othersToken.status, 404, 'another user’s token is not the caller’s to delete');
    const revoked = await call(sandbox.baseUrl, `${TOKENS}/${first.body.id}`, { method: 'DELETE', token: manager.access_token });
    assert.equal(revoked.status, 204);
    assert.equal(revoked.text, '');
    const use = await call(sandbox.baseUrl, PREFERENCE, { token: first.body.api_token });
    assert.deepEqual([use.status, use.body.message], [401, 'Access token revoked']);
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: second.body.api_token })).status, 200);
    assert.equal((await call(sandbox.baseUrl, PREFERENCE, { token: agents.body.api_token })).status, 200);
    const relisted = await call<{ api_tokens: Record<string, unknown>[] }>(sandbox.baseUrl, TOKENS, { token: manager.access_token });
    assert.deepEqual(relisted.body.api_tokens.map((entry) => entry.revoked), [true, false]);
    const unknown = await call(sandbox.baseUrl, `${TOKENS}/apitok_nope`, { method: 'DELETE', token: manager.access_token });
    assert.equal(unknown.status, 404);
  });

  test('invalid expiry or label → 400 naming the allowed values; no token → 401; an API token cannot mint', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'CASHIER');
    for (const expiry of ['2d', '', 24, null, '1M']) {
      const answer = await call(sandbox.baseUrl, TOKENS, { method: 'POST', token, body: { label: 'x', expiry } });
      assert.equal(answer.status, 400, String(expiry));
      assert.equal(answer.body.message, `Invalid field expiry: expected one of ${API_TOKEN_EXPIRIES.join(', ')}`);
    }
    const noLabel = await call(sandbox.baseUrl, TOKENS, { method: 'POST', token, body: { expiry: '24h' } });
    assert.deepEqual([noLabel.status, noLabel.body.message], [400, 'Missing required field: label']);
    const longLabel = await call(sandbox.baseUrl, TOKENS, { method: 'POST', token, body: { label: 'x'.repeat(101), expiry: '24h' } });
    assert.equal(longLabel.status, 400);
    const anonymous = await call(sandbox.baseUrl, TOKENS, { method: 'POST', body: { label: 'x', expiry: '24h' } });
    assert.equal(anonymous.status, 401);
    const minted = await call<Minted>(sandbox.baseUrl, TOKENS, { method: 'POST', token, body: { label: 'x', expiry: '24h' } });
    const chained = await call(sandbox.baseUrl, TOKENS, { method: 'POST', token: minted.body.api_token, body: { label: 'y', expiry: '24h' } });
    assert.equal(chained.status, 403);
  });
});
