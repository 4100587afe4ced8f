import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { environmentVariables, parseRestClientEnv } from '../../src/core/http/envFiles';
import { parseJsonc } from '../../src/core/http/jsonc';
import { namesToShare, PeerSettingsError, planPeerSettings, SHARED_WITH_PEERS_SETTING, type PlanInput } from '../../src/core/http/peerEnvironments';
import { shareableVariables } from '../../src/core/http/shareableVariables';

const FILE = '.vscode/settings.json';
const BOTH = ['rest-client', 'httpyac'] as const;

function plan(text: string, variables: Record<string, string>, extra: Partial<PlanInput> = {}) {
  return planPeerSettings({ text, file: FILE, variables, peers: BOTH, ...extra });
}

describe('sharing our variables with REST Client and httpYac', () => {
  it("writes each peer's $shared and records what it wrote, keeping the user's settings and comments", () => {
    const text = '{\n  // my editor\n  "editor.tabSize": 2,\n  "rest-client.environmentVariables": {\n    "dev": { "host": "dev.example" }\n  }\n}\n';
    const result = plan(text, { baseUrl: 'https://acme.fincode.software/sandbox/api/v6/services', version: 'v6' });
    assert.ok(result.changed);
    assert.ok(result.text.startsWith('{\n  // my editor\n  "editor.tabSize": 2,\n'));
    const settings = parseJsonc(result.text) as Record<string, Record<string, Record<string, string>>>;
    const expected = { baseUrl: 'https://acme.fincode.software/sandbox/api/v6/services', version: 'v6' };
    assert.deepEqual(settings['rest-client.environmentVariables'], { dev: { host: 'dev.example' }, $shared: expected });
    assert.deepEqual(settings['httpyac.environmentVariables'], { $shared: expected });
    assert.deepEqual(settings[SHARED_WITH_PEERS_SETTING], { 'rest-client.environmentVariables': expected, 'httpyac.environmentVariables': expected });
    assert.deepEqual(
      result.entries.map((entry) => `${entry.peer}:${entry.name}:${entry.outcome}`),
      ['rest-client:baseUrl:added', 'rest-client:version:added', 'httpyac:baseUrl:added', 'httpyac:version:added'],
    );
  });

  it('is idempotent: writing the same again changes nothing', () => {
    const first = plan('', { baseUrl: 'http://127.0.0.1:8080/sandbox/api/v6/services' });
    const second = plan(first.text, { baseUrl: 'http://127.0.0.1:8080/sandbox/api/v6/services' });
    assert.equal(second.changed, false);
    assert.equal(second.text, first.text);
    assert.ok(second.entries.every((entry) => entry.outcome === 'unchanged'));
  });

  it("updates its own earlier copy, never the user's own entry", () => {
    const first = plan('', { baseUrl: 'http://127.0.0.1:1111/x', tenant: 'acme' });
    // The user changes REST Client's tenant copy by hand (the first one): it is theirs now.
    const edited = first.text.replace('"tenant": "acme"', '"tenant": "mine"');
    assert.ok(edited.indexOf('"tenant": "mine"') < edited.indexOf('"httpyac.environmentVariables"'));
    const second = plan(edited, { baseUrl: 'http://127.0.0.1:2222/x', tenant: 'other' });
    const settings = parseJsonc(second.text) as Record<string, Record<string, Record<string, string>>>;
    assert.equal(settings['rest-client.environmentVariables']?.$shared?.baseUrl, 'http://127.0.0.1:2222/x');
    assert.equal(settings['rest-client.environmentVariables']?.$shared?.tenant, 'mine');
    assert.equal(settings['httpyac.environmentVariables']?.$shared?.tenant, 'other');
    assert.deepEqual(settings[SHARED_WITH_PEERS_SETTING]?.['rest-client.environmentVariables'], { baseUrl: 'http://127.0.0.1:2222/x' });
    assert.deepEqual(settings[SHARED_WITH_PEERS_SETTING]?.['httpyac.environmentVariables'], { baseUrl: 'http://127.0.0.1:2222/x', tenant: 'other' });
    assert.deepEqual(
      second.entries.filter((entry) => entry.peer === 'rest-client').map((entry) => entry.outcome),
      ['updated', 'kept-yours'],
    );
  });

  it("keeps the user's own $shared entries, in this file or in their user settings", () => {
    const text = '{ "httpyac.environmentVariables": { "$shared": { "baseUrl": "http://localhost:3000" } } }';
    const result = plan(text, { baseUrl: 'https://acme.fincode.software/api/v6/services', region: 'jp' }, { elsewhere: { 'rest-client': { region: 'us' } } });
    const settings = parseJsonc(result.text) as Record<string, Record<string, Record<string, string>>>;
    assert.equal(settings['httpyac.environmentVariables']?.$shared?.baseUrl, 'http://localhost:3000');
    assert.equal(settings['rest-client.environmentVariables']?.$shared?.region, undefined);
    const outcomes = Object.fromEntries(result.entries.map((entry) => [`${entry.peer}:${entry.name}`, entry.outcome]));
    assert.equal(outcomes['httpyac:baseUrl'], 'kept-yours');
    assert.equal(outcomes['rest-client:region'], 'kept-yours');
    assert.equal(outcomes['rest-client:baseUrl'], 'added');
  });

  it('writes only for the peers asked for', () => {
    const result = planPeerSettings({ text: '{}', file: FILE, variables: { baseUrl: 'https://x' }, peers: ['httpyac'] });
    const settings = parseJsonc(result.text) as Record<string, unknown>;
    assert.equal(settings['rest-client.environmentVariables'], undefined);
    assert.ok(settings['httpyac.environmentVariables']);
  });

  it('never touches a malformed file or a setting of another shape, and says which and where', () => {
    for (const text of ['{\n  "a": 1\n  "b": 2\n}', '[]', '{ "rest-client.environmentVariables": [] }', '{ "httpyac.environmentVariables": { "$shared": "x" } }']) {
      assert.throws(
        () => plan(text, { baseUrl: 'https://x' }),
        (error: unknown) => error instanceof PeerSettingsError && error.message.includes(FILE),
        text,
      );
    }
    assert.throws(() => plan('{\n  "a": 1\n  "b": 2\n}', { baseUrl: 'https://x' }), /line 3/);
  });

  it("FinCode's own reading of REST Client's setting ignores the copies, but not a value the user changed", () => {
    const shared = plan('', { baseUrl: 'http://127.0.0.1:1111/old', version: 'v6' }).text;
    assert.deepEqual(environmentVariables(parseRestClientEnv(shared, FILE), ''), {});
    const edited = shared.replace('"version": "v6"', '"version": "v7"');
    assert.deepEqual(environmentVariables(parseRestClientEnv(edited, FILE), ''), { version: 'v7' });
  });
});

describe('shareable variables', () => {
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJl';
  const CANARIES = {
    password: 'Canary-Password-1',
    accessToken: 'canary-access-token',
    refresh_token: 'def50200canaryrefresh',
    apiToken: 'canary-api-token-value',
    clientSecret: 'canary-client-secret',
    innocent: JWT,
    header: 'Bearer canary-bearer-value',
    rotated: 'def50200a1b2c3d4e5f6',
    opaque: 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
    derived: 'x-{{apiToken}}',
  };

  it('never lets a credential or anything shaped like one through, and says why', () => {
    const result = shareableVariables({ baseUrl: 'https://acme.fincode.software/api/v6/services', variables: { ...CANARIES, version: 'v6' } });
    assert.deepEqual(result.variables, { baseUrl: 'https://acme.fincode.software/api/v6/services', version: 'v6' });
    assert.deepEqual(result.withheld.map((entry) => entry.name).sort(), Object.keys(CANARIES).sort());
    const written = plan('', result.variables).text;
    for (const value of [...Object.values(CANARIES), 'canary']) assert.ok(!written.includes(value), value);
  });

  it('expands references to plain values, as we would send them', () => {
    const result = shareableVariables({ baseUrl: 'https://acme.fincode.software/api/v6/services', variables: { payments: '{{baseUrl}}/payments', host: 'h', url: 'https://{{host}}' } });
    assert.deepEqual(result.variables, { baseUrl: 'https://acme.fincode.software/api/v6/services', payments: 'https://acme.fincode.software/api/v6/services/payments', host: 'h', url: 'https://h' });
  });

  it('withholds values computed per request or from the machine, and an environment baseUrl wins over the built-in', () => {
    const result = shareableVariables({
      baseUrl: 'https://builtin',
      variables: { baseUrl: 'https://mine', id: '{{$guid}}', stamp: '{{$timestamp}}', home: '{{$processEnv HOME}}', chained: '{{login.response.body.$.id}}', loop: '{{loop}}', missing: '{{nope}}', uuid: '550e8400-e29b-41d4-a716-446655440000' },
    });
    assert.deepEqual(result.variables, { baseUrl: 'https://mine', uuid: '550e8400-e29b-41d4-a716-446655440000' });
    assert.deepEqual(result.withheld.map((entry) => entry.name).sort(), ['chained', 'home', 'id', 'loop', 'missing', 'stamp']);
  });

  it('shares nothing but the variables without an active environment', () => {
    assert.deepEqual(shareableVariables({ variables: { version: 'v6' } }).variables, { version: 'v6' });
  });
});

describe('what to offer to share', () => {
  const ours = { baseUrl: 'http://127.0.0.1:2222/x', version: 'v6', tenant: 'acme' };
  const none = { defined: new Set<string>(), shared: {}, copies: {} };

  it('offers the referenced names only we define and the peer does not see', () => {
    const result = namesToShare(['baseUrl', 'version', 'baseUrl', 'id', 'tenant'], ours, new Set(['tenant']), { ...none, defined: new Set(['version']) });
    assert.deepEqual(result, { unseen: ['baseUrl'], stale: [] });
  });

  it("calls our earlier copy stale when ours changed, but never the user's own value, nor an unsettled one", () => {
    const peer = { defined: new Set(['baseUrl', 'version']), shared: { baseUrl: 'http://127.0.0.1:1111/x', version: 'v5' }, copies: { baseUrl: 'http://127.0.0.1:1111/x' } };
    assert.deepEqual(namesToShare(['baseUrl', 'version'], ours, new Set(), peer), { unseen: [], stale: ['baseUrl'] });
    assert.deepEqual(namesToShare(['baseUrl'], ours, new Set(), peer, new Set(['baseUrl'])), { unseen: [], stale: [] });
    assert.deepEqual(namesToShare(['baseUrl'], ours, new Set(), { ...peer, shared: { baseUrl: 'http://mine' } }), { unseen: [], stale: [] });
  });
});
