// The stored metadata: first-run data, the documented users, the tolerant reader of globalState,
// and the environments declared in the fincode.environments setting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { defaultData, documentedPassword, documentedProfiles, environmentsFromSetting, LOCAL_ENVIRONMENT_ID, localEnvironment, parseData, type StoredProfile } from '../../src/vscode/storedProfiles';

const NOW = Date.parse('2026-11-23T12:00:00Z');

let counter = 0;
const ids = (): string => `id-${++counter}`;

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('stored data', () => {
  it('first run: the local sandbox (custom, 127.0.0.1) with the four documented profiles, no password in it', () => {
    const data = defaultData(ids);
    assert.equal(data.environments.length, 1);
    const [env] = data.environments;
    assert.equal(env!.id, LOCAL_ENVIRONMENT_ID);
    assert.equal(env!.kind, 'custom');
    assert.equal(env!.local, true);
    assert.match(env!.baseUrl, /^http:\/\/127\.0\.0\.1/);
    assert.deepEqual(data.profiles.map((p) => p.role), ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']);
    assert.equal(new Set(data.profiles.map((p) => p.id)).size, 4, 'own ids, not e-mails (cashier and customer share one)');
    const text = JSON.stringify(data);
    for (const user of DOCUMENTED_SANDBOX_USERS) assert.ok(!text.includes(user.password), 'no password in globalState');
  });

  it('the documented password is found by role and e-mail (the shared e-mail has two passwords)', () => {
    const [, , cashierProfile, customerProfile] = defaultData(ids).profiles;
    assert.equal(documentedPassword(cashierProfile!), 'PQW7ERMP');
    assert.equal(documentedPassword(customerProfile!), 'Password@1');
    assert.equal(documentedPassword({ ...cashierProfile!, documented: undefined }), undefined);
  });

  it('adding the documented users twice adds nothing the second time', () => {
    const first = documentedProfiles('env-1', ids);
    assert.equal(first.length, 4);
    assert.equal(documentedProfiles('env-1', ids, first).length, 0);
    assert.equal(documentedProfiles('env-2', ids, first).length, 4);
  });

  it('parseData keeps valid entries, drops malformed ones and a dangling active id', () => {
    const raw = {
      environments: [localEnvironment(), { id: 'x', label: 'bad', kind: 'moon', baseUrl: 'x' }],
      profiles: [cashier, { ...cashier, id: 'p2', role: 'ADMIN' }, { ...cashier, id: 'p3', environmentId: 'gone' }],
      apiTokens: [{ id: 't1', environmentId: LOCAL_ENVIRONMENT_ID, label: 'ci', expiry: '1m', createdAt: NOW }, { id: 't2', environmentId: LOCAL_ENVIRONMENT_ID, label: 'x', expiry: '2w', createdAt: NOW }],
      activeId: 'p2',
    };
    const data = parseData(raw)!;
    assert.deepEqual(data.environments.map((e) => e.id), [LOCAL_ENVIRONMENT_ID]);
    assert.deepEqual(data.profiles.map((p) => p.id), ['p-cashier']);
    assert.deepEqual(data.apiTokens.map((t) => t.id), ['t1']);
    assert.equal(data.activeId, undefined);
    assert.equal(parseData(undefined), undefined);
    assert.equal(parseData([1, 2]), undefined);
  });
});

describe('environments from the fincode.environments setting', () => {
  it('builds each kind as Add Environment does, marked as from the settings', () => {
    const { environments, problems } = environmentsFromSetting([
      { id: 'acme-sb', kind: 'sandbox', tenant: 'acme' },
      { id: 'acme', label: 'ACME live', kind: 'production', tenant: 'acme' },
      { id: 'mock', kind: 'custom', baseUrl: 'http://127.0.0.1:9999/api/v6/services/' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      environments.map((env) => [env.id, env.label, env.kind, env.baseUrl, env.fromSettings]),
      [
        ['setting:acme-sb', 'acme (sandbox)', 'sandbox', 'https://acme.fincode.software/sandbox/api/v6/services', true],
        ['setting:acme', 'ACME live', 'production', 'https://acme.fincode.software/api/v6/services', true],
        ['setting:mock', 'http://127.0.0.1:9999/api/v6/services', 'custom', 'http://127.0.0.1:9999/api/v6/services', true],
      ],
    );
  });

  it('leaves out bad entries with a problem naming each, and never throws', () => {
    const { environments, problems } = environmentsFromSetting([
      { id: 'ok', kind: 'custom', baseUrl: 'https://api.example.test' },
      { kind: 'sandbox', tenant: 'acme' },
      { id: 'k', kind: 'staging' },
      { id: 'bad tenant', kind: 'sandbox', tenant: 'not a tenant!' },
      { id: 'creds', kind: 'custom', baseUrl: 'https://user:pw@api.example.test' },
      { id: 'ok', kind: 'custom', baseUrl: 'https://other.example.test' },
      'text',
      null,
    ]);
    assert.deepEqual(environments.map((env) => env.id), ['setting:ok']);
    assert.equal(problems.length, 7);
    assert.match(problems[0]!, /fincode\.environments\[1\] needs an "id"/);
    assert.match(problems[1]!, /"kind" must be sandbox, production or custom/);
    assert.match(problems[2]!, /not a valid tenant name/);
    assert.match(problems[3]!, /must not contain a user name or password/);
    assert.match(problems[4]!, /used twice/);
    for (const raw of [42, 'x', {}, [[]], [{ id: {}, kind: [] }]]) assert.doesNotThrow(() => environmentsFromSetting(raw));
    assert.deepEqual(environmentsFromSetting(undefined), { environments: [], problems: [] });
  });

  it('profiles stored for a setting environment survive a reload while the setting declares it', () => {
    const raw = { environments: [], profiles: [{ id: 'p', environmentId: 'setting:acme', name: 'me', role: 'AGENT', email: 'a@b.co' }], apiTokens: [] };
    assert.equal(parseData(raw)!.profiles.length, 0, 'an environment nobody declares: dropped');
    assert.equal(parseData(raw, new Set(['setting:acme']))!.profiles.length, 1);
  });
});
