// The emulator's permission change (`PUT _emulator/users/{id}/permissions`): what a client
// meets when an administrator changes a user's rights. Real HTTP against a started sandbox.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLE_PERMISSIONS } from '../../src/core/fincode/roles';
import { call, login, refreshCall, sandboxFor, type LoginUser } from '../support/sandbox';
import { decodeJwtPart } from '../support/jwt';

const AGENT_ID = 'user_agt_456';
const route = (id: string) => `_emulator/users/${encodeURIComponent(id)}/permissions`;

interface Changed {
  emulator: true;
  user: LoginUser;
}

const claimsOf = (token: string) => decodeJwtPart(token, 1).permissions;

describe('sandbox: changing a user\'s permissions (_emulator/users/{id}/permissions)', () => {
  test('add/remove: issued tokens keep their claims; the next refresh and login carry the new list', async (t) => {
    const sandbox = await sandboxFor(t);
    const before = await login(sandbox.baseUrl, 'AGENT');
    assert.deepEqual(claimsOf(before.access_token), [...ROLE_PERMISSIONS.AGENT]);

    const answer = await call<Changed>(sandbox.baseUrl, route(AGENT_ID), { method: 'PUT', body: { add: ['settings:write'], remove: ['kyc:perform'] } });
    assert.equal(answer.status, 200, answer.text);
    const expected = [...ROLE_PERMISSIONS.AGENT.filter((p) => p !== 'kyc:perform'), 'settings:write'];
    assert.equal(answer.body.emulator, true);
    assert.equal(answer.body.user.id, AGENT_ID);
    assert.equal(answer.body.user.role, 'AGENT');
    assert.deepEqual(answer.body.user.permissions, expected);

    // The token issued before the change still says what it said.
    assert.deepEqual(claimsOf(before.access_token), [...ROLE_PERMISSIONS.AGENT]);
    const renewed = await refreshCall(sandbox.baseUrl, before.refresh_token, before.access_token);
    assert.equal(renewed.status, 200, renewed.text);
    assert.deepEqual(claimsOf(renewed.body.access_token), expected);
    const again = await login(sandbox.baseUrl, 'AGENT');
    assert.deepEqual(again.user.permissions, expected);
    assert.deepEqual(claimsOf(again.access_token), expected);
    // Only that user changed.
    assert.deepEqual((await login(sandbox.baseUrl, 'MANAGER')).user.permissions, [...ROLE_PERMISSIONS.MANAGER]);
  });

  test('"permissions" replaces the list (duplicates once); an empty list is allowed', async (t) => {
    const sandbox = await sandboxFor(t);
    const replaced = await call<Changed>(sandbox.baseUrl, route('user_csh_789'), { method: 'PUT', body: { permissions: ['receipts:print', 'receipts:print', 'cash:handle'] } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(replaced.body.user.permissions, ['receipts:print', 'cash:handle']);
    assert.deepEqual((await login(sandbox.baseUrl, 'CASHIER')).user.permissions, ['receipts:print', 'cash:handle']);
    const emptied = await call<Changed>(sandbox.baseUrl, route('user_csh_789'), { method: 'PUT', body: { permissions: [] } });
    assert.deepEqual(emptied.body.user.permissions, []);
  });

  test('each sandbox instance has its own users: a change in one does not reach another', async (t) => {
    const one = await sandboxFor(t);
    const two = await sandboxFor(t);
    await call(one.baseUrl, route(AGENT_ID), { method: 'PUT', body: { permissions: ['reports:read'] } });
    assert.deepEqual((await login(two.baseUrl, 'AGENT')).user.permissions, [...ROLE_PERMISSIONS.AGENT]);
  });

  test('bad input is a 400 naming the problem and changes nothing; an unknown user a 404; GET a 405', async (t) => {
    const sandbox = await sandboxFor(t);
    const bad: [unknown, RegExp][] = [
      [{}, /Missing required field: permissions/],
      [{ permissions: 'users:read' }, /expected an array/],
      [{ add: [1] }, /non-empty name/],
      [{ add: [''] }, /non-empty name/],
      [{ remove: ['a\nb'] }, /printable/],
      [{ add: ['x'.repeat(101)] }, /at most 100 printable/],
      [{ permissions: Array.from({ length: 101 }, (_, i) => `p${i}`) }, /at most 100 permissions/],
      [{ permissions: ['a'], add: ['b'] }, /either "permissions"/],
      [[], /must be a JSON object/],
    ];
    for (const [body, message] of bad) {
      const answer = await call<{ error: string; message: string }>(sandbox.baseUrl, route(AGENT_ID), { method: 'PUT', body });
      assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
      assert.equal(answer.body.error, 'validation');
      assert.match(answer.body.message, message);
    }
    const notJson = await call(sandbox.baseUrl, route(AGENT_ID), { method: 'PUT', body: '{"add": [', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.status, 400, notJson.text);
    assert.deepEqual((await login(sandbox.baseUrl, 'AGENT')).user.permissions, [...ROLE_PERMISSIONS.AGENT]);

    const unknown = await call<{ error: string }>(sandbox.baseUrl, route('user_nobody'), { method: 'PUT', body: { permissions: [] } });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(unknown.body.error, 'not_found');
    const get = await call(sandbox.baseUrl, route(AGENT_ID));
    assert.equal(get.status, 405, get.text);
  });

  test('is served under /sandbox/api/v6/services too, with the same state, and listed in the root document', async (t) => {
    const sandbox = await sandboxFor(t);
    await call(sandbox.sandboxBaseUrl, route(AGENT_ID), { method: 'PUT', body: { add: ['webhooks:manage'] } });
    assert.ok((await login(sandbox.baseUrl, 'AGENT')).user.permissions.includes('webhooks:manage'));
    const root = await call<{ routes: { method: string; path: string; auth: boolean }[] }>(sandbox.url, '');
    assert.ok(root.body.routes.some((r) => r.method === 'PUT' && r.path === '_emulator/users/{id}/permissions' && r.auth === false));
  });
});
