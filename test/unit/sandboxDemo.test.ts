import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { forbiddenBody, PERMISSION_MATRIX, ROLE_PERMISSIONS, ROLES, type Access, type Role } from '../../src/core/fincode/roles';
import type { Principal } from '../../src/sandbox/authenticate';
import type { DemoCall, Grant } from '../../src/sandbox/demoAccess';
import { listBeneficiaries, listUsers } from '../../src/sandbox/demoDirectory';
import { listPlugins, settingsUpdater } from '../../src/sandbox/demoSettings';
import { listTransactions } from '../../src/sandbox/demoTransactions';
import { resolveOptions } from '../../src/sandbox/options';
import type { Reply } from '../../src/sandbox/reply';
import type { RequestContext } from '../../src/sandbox/router';
import { DEMO_ENDPOINTS, type DemoEndpoint } from '../../src/core/fincode/demoEndpoints';
import { createState } from '../../src/sandbox/state';
import { call, login, sandboxFor, type Answer, type LoginUser } from '../support/sandbox';

const OTHER_CUSTOMER = 'cust_303';
const SCOPES: Record<Exclude<Access, 'no'>, string> = { yes: 'full', own: 'own', limited: 'limited' };

interface DemoAnswer {
  emulator: true;
  capability: string;
  scope: string;
  data: unknown;
}

type Json = Record<string, unknown>;

/** One request per demo endpoint, in the caller's terms: path parameters filled in, a body. */
const PROBES: Record<string, (user: LoginUser) => { path?: string; body?: unknown }> = {
  'POST _emulator/demo/transactions': (user) => ({ body: { amount: 100, currency: 'GBP', customer_id: user.customer_id ?? OTHER_CUSTOMER } }),
  'GET _emulator/demo/transactions': () => ({}),
  // txn_1002 belongs to cust_202 and was created by the cashier: "own" for both.
  'PATCH _emulator/demo/transactions/{id}': () => ({ path: '_emulator/demo/transactions/txn_1002', body: { status: 'processing' } }),
  'GET _emulator/demo/users': () => ({}),
  'POST _emulator/demo/users': () => ({ body: { email: 'new.user@example.com', role: 'CASHIER' } }),
  'PUT _emulator/demo/kyc-aml/configuration': () => ({ body: { risk_threshold: 80 } }),
  'POST _emulator/demo/kyc-aml/verifications': (user) => ({ body: { document_type: 'passport', customer_id: user.customer_id ?? OTHER_CUSTOMER } }),
  'PUT _emulator/demo/tenant/configuration': () => ({ body: { timezone: 'Africa/Lagos' } }),
  'POST _emulator/demo/transactions/{id}/refund': () => ({ path: '_emulator/demo/transactions/txn_1001/refund', body: { reason: 'test' } }),
  'GET _emulator/demo/analytics': () => ({}),
  'GET _emulator/demo/beneficiaries': () => ({}),
  'POST _emulator/demo/beneficiaries': (user) => ({
    body: { name: 'Chidi Okafor', country: 'NG', account_number: '1234567', customer_id: user.customer_id ?? OTHER_CUSTOMER },
  }),
  'GET _emulator/demo/plugins': () => ({}),
  'PUT _emulator/demo/plugins': () => ({ body: { id: 'webhooks', enabled: true } }),
  'PUT _emulator/demo/agents/configuration': () => ({ body: { daily_limit: 1000 } }),
  'PUT _emulator/demo/markups': () => ({ body: { markup_percent: 1.25 } }),
  'POST _emulator/demo/quotes': () => ({ body: { amount: 100, from_currency: 'GBP', to_currency: 'NGN' } }),
};

function key(endpoint: DemoEndpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}

/**
 * What the test expects, from the documents: the matrix cell, except that a permission ending
 * in `:own` (CUSTOMER's `transactions:read:own`, "View own transactions") opens the own view.
 */
function expectedAccess(endpoint: DemoEndpoint, role: Role): Access {
  const cell = PERMISSION_MATRIX.find((row) => row.id === endpoint.capability)?.access[role];
  assert.ok(cell, `no matrix row for ${endpoint.capability}`);
  const ownPermission = endpoint.ownPermission;
  if (cell === 'no' && ownPermission !== undefined && ROLE_PERMISSIONS[role].includes(ownPermission)) {
    assert.match(ownPermission, /:own$/);
    return 'own';
  }
  return cell;
}

function ownedBy(record: Json, user: LoginUser): boolean {
  const mine = [user.id, user.customer_id].filter((value) => value !== undefined);
  return [record.id, record.customer_id, record.created_by, record.requested_by].some((value) => mine.includes(value as string));
}

async function probe(t: TestContext, endpoint: DemoEndpoint, role: Role): Promise<{ user: LoginUser; answer: Answer<DemoAnswer> }> {
  const sandbox = await sandboxFor(t);
  const session = await login(sandbox.baseUrl, role);
  const request = PROBES[key(endpoint)]?.(session.user);
  assert.ok(request, `no probe for ${key(endpoint)}`);
  const answer = await call<DemoAnswer>(sandbox.baseUrl, request.path ?? endpoint.path, {
    method: endpoint.method,
    token: session.access_token,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { user: session.user, answer };
}

function assertOwnScope(data: unknown, user: LoginUser): void {
  const records = Array.isArray(data) ? (data as Json[]) : [data as Json];
  for (const record of records) {
    if ('owner' in record) assert.equal(record.owner, user.customer_id ?? user.id, 'own settings are the caller’s');
    else assert.ok(ownedBy(record, user), `not the caller's: ${JSON.stringify(record)}`);
  }
}

function fieldCount(data: unknown): number {
  const first = Array.isArray(data) ? (data[0] as Json | undefined) : (data as Json);
  return first ? Object.keys('settings' in first ? (first.settings as Json) : first).length : 0;
}

describe('sandbox demo endpoints follow the permission matrix', () => {
  test('every matrix row has a demo endpoint, every endpoint a matrix row and a probe', () => {
    for (const row of PERMISSION_MATRIX) {
      assert.ok(DEMO_ENDPOINTS.some((endpoint) => endpoint.capability === row.id), `no endpoint for ${row.id}`);
    }
    for (const endpoint of DEMO_ENDPOINTS) {
      assert.ok(PERMISSION_MATRIX.some((row) => row.id === endpoint.capability), key(endpoint));
      assert.ok(PROBES[key(endpoint)], `no probe for ${key(endpoint)}`);
      assert.match(endpoint.path, /^_emulator\/demo\//);
    }
    assert.equal(new Set(DEMO_ENDPOINTS.map(key)).size, DEMO_ENDPOINTS.length, 'no duplicate endpoints');
  });

  for (const row of PERMISSION_MATRIX) {
    for (const endpoint of DEMO_ENDPOINTS.filter((candidate) => candidate.capability === row.id)) {
      for (const role of ROLES) {
        const access = expectedAccess(endpoint, role);
        test(`${row.label}: ${key(endpoint)} as ${role} → ${access}`, async (t) => {
          const { user, answer } = await probe(t, endpoint, role);
          if (access === 'no') {
            assert.equal(answer.status, 403, answer.text);
            assert.deepEqual(answer.body, forbiddenBody(role));
            return;
          }
          assert.ok(answer.status === 200 || answer.status === 201, `${answer.status}: ${answer.text}`);
          assert.equal(answer.body.emulator, true);
          assert.equal(answer.body.capability, row.id);
          assert.equal(answer.body.scope, SCOPES[access]);
          if (access === 'own') assertOwnScope(answer.body.data, user);
          if (access === 'limited') {
            const fullRole = ROLES.find((candidate) => expectedAccess(endpoint, candidate) === 'yes');
            if (fullRole) {
              const full = await probe(t, endpoint, fullRole);
              assert.ok(fieldCount(answer.body.data) < fieldCount(full.answer.body.data), 'a limited view shows fewer fields');
            }
          }
        });
      }
    }
  }
});

describe('sandbox demo endpoints: own and limited in detail', () => {
  test('a CUSTOMER lists only its own transactions; a MANAGER sees every customer’s', async (t) => {
    const sandbox = await sandboxFor(t);
    const customer = await login(sandbox.baseUrl, 'CUSTOMER');
    const manager = await login(sandbox.baseUrl, 'MANAGER');
    const own = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/transactions', { token: customer.access_token });
    const all = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/transactions', { token: manager.access_token });
    const ids = (answer: Answer<DemoAnswer>) => (answer.body.data as Json[]).map((record) => record.id);
    assert.deepEqual(ids(own), ['txn_1001', 'txn_1002']);
    assert.deepEqual(ids(all), ['txn_1001', 'txn_1002', 'txn_1003', 'txn_1004']);
    assert.ok((own.body.data as Json[]).every((record) => record.customer_id === 'cust_202'));
    assert.ok((all.body.data as Json[]).some((record) => record.customer_id === OTHER_CUSTOMER));
  });

  test('a CUSTOMER creates transactions for itself only: another customer_id → 403', async (t) => {
    const sandbox = await sandboxFor(t);
    const customer = await login(sandbox.baseUrl, 'CUSTOMER');
    const path = '_emulator/demo/transactions';
    const implicit = await call<DemoAnswer>(sandbox.baseUrl, path, { method: 'POST', token: customer.access_token, body: { amount: 50, currency: 'GBP' } });
    assert.equal(implicit.status, 201, implicit.text);
    assert.equal((implicit.body.data as Json).customer_id, 'cust_202');
    assert.equal((implicit.body.data as Json).created_by, 'user_cust_101');
    const foreign = await call(sandbox.baseUrl, path, { method: 'POST', token: customer.access_token, body: { amount: 50, currency: 'GBP', customer_id: OTHER_CUSTOMER } });
    assert.deepEqual([foreign.status, foreign.body], [403, forbiddenBody('CUSTOMER')]);
    const listed = await call<DemoAnswer>(sandbox.baseUrl, path, { token: customer.access_token });
    assert.equal((listed.body.data as Json[]).length, 3, 'the new transaction is listed; the refused one does not exist');
  });

  test('a CASHIER must name the customer; bad amounts and currencies → 400', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'CASHIER');
    const path = '_emulator/demo/transactions';
    const cases: [unknown, string][] = [
      [{ amount: 50, currency: 'GBP' }, 'Missing required field: customer_id'],
      [{ amount: -5, currency: 'GBP', customer_id: OTHER_CUSTOMER }, 'Invalid field amount: expected a positive number'],
      [{ amount: 5, currency: 'pounds', customer_id: OTHER_CUSTOMER }, 'Invalid field currency: expected an ISO 4217 code such as GBP'],
    ];
    for (const [body, message] of cases) {
      const answer = await call(sandbox.baseUrl, path, { method: 'POST', token, body });
      assert.deepEqual([answer.status, answer.body.message], [400, message]);
    }
  });

  test('an AGENT manages its own users: itself and those it created', async (t) => {
    const sandbox = await sandboxFor(t);
    const agent = await login(sandbox.baseUrl, 'AGENT');
    const path = '_emulator/demo/users';
    const before = await call<DemoAnswer>(sandbox.baseUrl, path, { token: agent.access_token });
    assert.deepEqual((before.body.data as Json[]).map((user) => user.id), ['user_agt_456', 'user_cust_101', 'user_cust_303']);
    const created = await call<DemoAnswer>(sandbox.baseUrl, path, { method: 'POST', token: agent.access_token, body: { email: 'c@example.com', role: 'CUSTOMER' } });
    assert.equal(created.status, 201);
    const after = await call<DemoAnswer>(sandbox.baseUrl, path, { token: agent.access_token });
    assert.equal((after.body.data as Json[]).length, 4);
    const badRole = await call(sandbox.baseUrl, path, { method: 'POST', token: agent.access_token, body: { email: 'c@example.com', role: 'ADMIN' } });
    assert.deepEqual([badRole.status, badRole.body.message], [400, 'Invalid field role: expected one of MANAGER, AGENT, CASHIER, CUSTOMER']);
  });

  test('AGENT analytics are limited: counts only, no volumes', async (t) => {
    const sandbox = await sandboxFor(t);
    const agent = await login(sandbox.baseUrl, 'AGENT');
    const manager = await login(sandbox.baseUrl, 'MANAGER');
    const limited = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/analytics', { token: agent.access_token });
    const full = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/analytics', { token: manager.access_token });
    assert.deepEqual(limited.body.data, { transaction_count: 4, by_status: { completed: 2, pending: 1, processing: 1 } });
    assert.equal(limited.body.scope, 'limited');
    assert.deepEqual((full.body.data as Json).volume_by_currency, { GBP: 1270, EUR: 75 });
  });

  test('a CUSTOMER’s beneficiaries and markups are its own', async (t) => {
    const sandbox = await sandboxFor(t);
    const customer = await login(sandbox.baseUrl, 'CUSTOMER');
    const manager = await login(sandbox.baseUrl, 'MANAGER');
    const own = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/beneficiaries', { token: customer.access_token });
    assert.deepEqual((own.body.data as Json[]).map((record) => record.id), ['ben_501']);
    const foreign = await call(sandbox.baseUrl, '_emulator/demo/beneficiaries', {
      method: 'POST',
      token: customer.access_token,
      body: { name: 'X', country: 'GH', account_number: '1', customer_id: OTHER_CUSTOMER },
    });
    assert.equal(foreign.status, 403);
    const markup = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/markups', { method: 'PUT', token: customer.access_token, body: { markup_percent: 2 } });
    assert.deepEqual(markup.body.data, { owner: 'cust_202', settings: { markup_percent: 2, flat_fee: 2.5, corridor: 'GBP-NGN' } });
    const tenant = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/tenant/configuration', { method: 'PUT', token: manager.access_token, body: { timezone: 'UTC' } });
    assert.equal((tenant.body.data as Json).owner, 'tenant');
    const badSetting = await call(sandbox.baseUrl, '_emulator/demo/markups', { method: 'PUT', token: customer.access_token, body: { nested: { a: 1 } } });
    assert.equal(badSetting.status, 400);
  });

  test('updating or refunding: unknown id → 404, a second refund → 409, a bad status → 400', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'MANAGER');
    const missing = await call(sandbox.baseUrl, '_emulator/demo/transactions/txn_nope', { method: 'PATCH', token, body: { status: 'completed' } });
    assert.equal(missing.status, 404);
    const badStatus = await call(sandbox.baseUrl, '_emulator/demo/transactions/txn_1002', { method: 'PATCH', token, body: { status: 'lost' } });
    assert.equal(badStatus.status, 400);
    const refund = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/transactions/txn_1003/refund', { method: 'POST', token });
    assert.equal(refund.status, 201, 'a refund needs no body');
    const again = await call(sandbox.baseUrl, '_emulator/demo/transactions/txn_1003/refund', { method: 'POST', token });
    assert.equal(again.status, 409);
  });

  test('a CASHIER updating a transaction it did not create, as "yes", may; the demo endpoints need a token', async (t) => {
    const sandbox = await sandboxFor(t);
    const { access_token: token } = await login(sandbox.baseUrl, 'CASHIER');
    const answer = await call<DemoAnswer>(sandbox.baseUrl, '_emulator/demo/transactions/txn_1003', { method: 'PATCH', token, body: { status: 'cancelled' } });
    assert.deepEqual([answer.status, answer.body.scope], [200, 'full']);
    const anonymous = await call(sandbox.baseUrl, '_emulator/demo/transactions');
    assert.equal(anonymous.status, 401);
  });
});

describe('sandbox demo handlers serve every grant, so a matrix change needs no code change', () => {
  function callAs(role: Role, grant: Grant, body?: unknown): DemoCall {
    const state = createState(resolveOptions({}));
    const user = state.users.find((candidate) => candidate.role === role);
    assert.ok(user);
    const principal: Principal = { user, tokenUse: 'access' };
    const ctx = { state, params: {}, body } as unknown as RequestContext;
    return { ctx, principal, grant, capability: 'manageUsers' };
  }

  function dataOf(reply: Reply): Json[] {
    return (reply.body as { data: Json[] }).data;
  }

  test('limited: each record kind shows its reduced fields', () => {
    const cases: [(call: DemoCall) => Reply, string[]][] = [
      [listTransactions, ['id', 'status', 'amount', 'currency']],
      [listUsers, ['id', 'role']],
      [listBeneficiaries, ['id', 'name', 'country']],
      [listPlugins, ['id', 'enabled']],
    ];
    for (const [handler, fields] of cases) {
      const limited = dataOf(handler(callAs('MANAGER', 'limited')));
      const full = dataOf(handler(callAs('MANAGER', 'yes')));
      assert.equal(limited.length, full.length, handler.name);
      for (const record of limited) assert.deepEqual(Object.keys(record), fields, handler.name);
    }
    const settings = settingsUpdater('agents')(callAs('MANAGER', 'limited', { daily_limit: 5 }));
    assert.deepEqual((settings.body as { data: unknown }).data, { owner: 'tenant', updated: ['daily_limit'] });
  });

  test('own: each record kind keeps only the caller’s records', () => {
    assert.deepEqual(dataOf(listTransactions(callAs('CASHIER', 'own'))).map((record) => record.id), ['txn_1002', 'txn_1004']);
    assert.deepEqual(dataOf(listBeneficiaries(callAs('CUSTOMER', 'own'))).map((record) => record.id), ['ben_501']);
    assert.deepEqual(dataOf(listUsers(callAs('CUSTOMER', 'own'))).map((record) => record.id), ['user_cust_101']);
    assert.deepEqual(dataOf(listPlugins(callAs('MANAGER', 'own'))), [], 'plugins are the tenant’s, nobody’s own');
  });
});
