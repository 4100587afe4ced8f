// Credential and FinCode-header scoping: a table of look-alike URLs and a seeded fuzz against
// the pure origin check, then real requests to the sandbox echo, which shows exactly which
// headers arrived.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { credentialAllowed, injectHeaders, isEnvironmentOrigin } from '../../src/core/http/injection';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type CredentialSource, type SendSettings } from '../../src/core/http/sender';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { mulberry32 } from '../support/random';

const TENANT = makeEnvironment({ id: 'p', kind: 'production', tenant: 'tenant' });
const SANDBOX_LIKE = makeEnvironment({ id: 's', kind: 'custom', baseUrl: 'https://sandbox.example/api/v6/services' });
const LOCAL = makeEnvironment({ id: 'l', kind: 'custom', baseUrl: 'http://127.0.0.1:8787/api/v6/services' });

const TABLE: readonly [Environment, string, boolean, string][] = [
  [TENANT, 'https://tenant.fincode.software/api/v6/services/x', true, 'the environment itself'],
  [TENANT, 'https://tenant.fincode.software/other/path?q=1#f', true, 'any path on the origin'],
  [TENANT, 'https://TENANT.FinCode.SOFTWARE/api/v6/services/x', true, 'upper case normalises to the same host'],
  [TENANT, 'https://tenant.fincode.software:443/x', true, 'the default port is the same origin'],
  [TENANT, 'https://ｔｅｎａｎｔ.fincode.software/x', true, 'full-width letters map to the same ASCII host'],
  [TENANT, 'https://tenant.fincode.software\\x', true, 'a backslash is a slash for https: same host'],
  [TENANT, 'https://tenant.fincode.software.evil.test/x', false, 'look-alike: suffix domain'],
  [TENANT, 'https://tenant.fincode.software%2eevil.test/x', false, 'look-alike: percent-encoded dot'],
  [TENANT, 'https://tenant-fincode.software/x', false, 'look-alike: dash for dot'],
  [TENANT, 'https://eviltenant.fincode.software/x', false, 'look-alike: prefix'],
  [TENANT, 'https://other.fincode.software/x', false, 'another tenant'],
  [TENANT, 'https://fincode.software/x', false, 'the parent domain'],
  [TENANT, 'https://tenant.fincode.software@evil.test/x', false, 'userinfo: the host is evil.test'],
  [TENANT, 'https://user@tenant.fincode.software/x', false, 'userinfo on the right host is refused too'],
  [TENANT, 'https://user:pw@tenant.fincode.software/x', false, 'user and password'],
  [TENANT, 'https://evil.test#@tenant.fincode.software/x', false, 'fragment trick'],
  [TENANT, 'https://evil.test/https://tenant.fincode.software/x', false, 'the origin in the path'],
  [TENANT, 'https://evil.test/?u=https://tenant.fincode.software', false, 'the origin in the query'],
  [TENANT, 'https://tenant.fincode.software:8443/x', false, 'another port'],
  [TENANT, 'http://tenant.fincode.software/x', false, 'plain http'],
  [TENANT, 'wss://tenant.fincode.software/x', false, 'another scheme'],
  [TENANT, 'https://tenant.fincode.software./x', false, 'trailing dot'],
  [TENANT, 'https://tenant.fincοde.software/x', false, 'IDN look-alike: Greek omicron'],
  [TENANT, 'https://tеnant.fincode.software/x', false, 'IDN look-alike: Cyrillic e'],
  [TENANT, 'https://xn--tenant-9ua.fincode.software/x', false, 'punycode look-alike'],
  [TENANT, '//tenant.fincode.software/x', false, 'scheme-relative (not absolute)'],
  [TENANT, 'tenant.fincode.software/x', false, 'no scheme'],
  [TENANT, 'not a url', false, 'not a URL'],
  [SANDBOX_LIKE, 'https://sandbox.example/api/v6/services/x', true, 'custom environment itself'],
  [SANDBOX_LIKE, 'https://sandbox.example.evil.test/api/v6/services/x', false, 'look-alike: suffix domain'],
  [SANDBOX_LIKE, 'https://sandbox.example:444/x', false, 'another port'],
  [LOCAL, 'http://127.0.0.1:8787/api/v6/services/x', true, 'local sandbox itself'],
  [LOCAL, 'http://127.1:8787/x', true, 'short IPv4 form is the same address'],
  [LOCAL, 'http://2130706433:8787/x', true, 'integer IPv4 form is the same address'],
  [LOCAL, 'http://localhost:8787/x', false, 'localhost is another origin than 127.0.0.1'],
  [LOCAL, 'http://127.0.0.1:8788/x', false, 'another port'],
  [LOCAL, 'http://127.0.0.1/x', false, 'the default port'],
  [LOCAL, 'https://127.0.0.1:8787/x', false, 'https is another origin'],
  [LOCAL, 'http://[::1]:8787/x', false, 'IPv6 loopback'],
  [LOCAL, 'http://127.0.0.2:8787/x', false, 'another loopback address'],
];

describe('injection: the origin check, table', () => {
  for (const [env, url, expected, why] of TABLE) {
    it(`${expected ? 'sends to' : 'refuses'} ${url} (${why})`, () => {
      assert.equal(isEnvironmentOrigin(url, env), expected);
    });
  }
});


const HOMOGLYPHS: Readonly<Record<string, string[]>> = {
  a: ['а', 'ɑ', 'à'],
  e: ['е', 'é', 'ё'],
  o: ['ο', 'о', '0', 'ö'],
  i: ['і', 'ı', '1', 'l'],
  c: ['с', 'ϲ'],
  n: ['ո', 'ñ'],
  t: ['т', 'ţ'],
  d: ['ԁ'],
  s: ['ѕ', '5'],
  f: ['ƒ'],
  r: ['г'],
  w: ['ԝ'],
  x: ['х'],
  m: ['rn'],
  l: ['1', 'I'],
  p: ['р'],
};

function lookAlike(host: string, port: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const position = Math.floor(random() * host.length);
  const char = host[position] ?? 'a';
  const mutations: (() => string)[] = [
    () => `https://${host}.${pick(['evil.test', 'attacker.example', 'co', 'fincode.software.evil'])}${port}/x`,
    () => `https://${pick(['evil', 'x', 'www', 'tenant-x'])}${pick(['.', '-'])}${host}${port}/x`,
    () => `https://${host.slice(0, position)}${pick(HOMOGLYPHS[char] ?? ['z'])}${host.slice(position + 1)}${port}/x`,
    () => `https://${host.slice(0, position)}${host.slice(position + 1)}${port}/x`,
    () => `https://${host.slice(0, position)}${pick(['-', 'x', '0', 'q'])}${host.slice(position)}${port}/x`,
    () => `https://${host.replace('.', pick(['-', '', '_']))}${port}/x`,
    () => `https://${host}:${1 + Math.floor(random() * 65534)}/x`,
    () => `http://${host}${port}/x`,
    () => `https://${pick(['u', 'user:pw', host, `${host}:443`])}@${host}${port}/x`,
    () => `https://${host}@${pick(['evil.test', '127.0.0.1', 'attacker.example'])}/x`,
    () => `https://${host}.${port}/x`,
  ];
  return pick(mutations)();
}

describe('injection: the origin check, fuzzed look-alikes', () => {
  for (const env of [TENANT, SANDBOX_LIKE]) {
    it(`no look-alike of ${new URL(env.baseUrl).host} passes (2000 seeded cases)`, () => {
      const random = mulberry32(0xf1c0de);
      const host = new URL(env.baseUrl).hostname;
      let passed = 0;
      for (let i = 0; i < 2000; i++) {
        const url = lookAlike(host, '', random);
        let parsed: URL | undefined;
        try {
          parsed = new URL(url);
        } catch {
          parsed = undefined;
        }
        const truly = parsed !== undefined && parsed.origin === new URL(env.baseUrl).origin && parsed.username === '' && parsed.password === '';
        // A mutation that lands on the very same origin (e.g. a port that happens to be 443) may pass; nothing else.
        assert.equal(isEnvironmentOrigin(url, env), truly, url);
        if (truly) {
          passed++;
          assert.equal(parsed?.hostname, host);
        }
      }
      assert.ok(passed < 200, `${passed} of 2000 look-alikes were the same origin`);
    });
  }
});

describe('injection: what is added', () => {
  const settings = { requiredHeaders: { platform: 'fincode', uuid: '200' }, authStyle: 'both' as const };

  it('adds FinCode headers and the credential for the environment, only Content-Type elsewhere', () => {
    const body = Buffer.from('{}');
    const same = injectHeaders({ method: 'POST', url: `${TENANT.baseUrl}/x`, headers: [], body }, TENANT, settings, 'tok');
    assert.deepEqual(same.injected, ['content-type', 'platform', 'uuid', 'x-auth-token', 'authorization']);
    const other = injectHeaders({ method: 'POST', url: 'https://evil.test/x', headers: [], body }, TENANT, settings, 'tok');
    assert.deepEqual(other.injected, ['content-type']);
    assert.deepEqual(other.headers, [{ name: 'content-type', value: 'application/json' }]);
  });

  it('never overrides a header written in the file, whatever its case', () => {
    const written = [
      { name: 'Content-Type', value: 'text/plain' },
      { name: 'PLATFORM', value: 'mine' },
    ];
    const result = injectHeaders({ method: 'POST', url: `${TENANT.baseUrl}/x`, headers: written, body: Buffer.from('x') }, TENANT, settings, 'tok');
    assert.deepEqual(result.injected, ['uuid', 'x-auth-token', 'authorization']);
  });

  it('adds no credential at all when the file writes one (in any style)', () => {
    const result = injectHeaders({ method: 'GET', url: `${TENANT.baseUrl}/x`, headers: [{ name: 'authorization', value: 'Basic abc' }] }, TENANT, settings, 'tok');
    assert.deepEqual(result.injected, ['platform', 'uuid']);
  });

  it('still adds the credential when the file writes only a Cookie', () => {
    const result = injectHeaders({ method: 'GET', url: `${TENANT.baseUrl}/x`, headers: [{ name: 'Cookie', value: 'a=1' }] }, TENANT, settings, 'tok');
    assert.deepEqual(result.injected, ['platform', 'uuid', 'x-auth-token', 'authorization']);
  });

  it('adds no Content-Type without a body, and no empty FinCode header', () => {
    const result = injectHeaders({ method: 'GET', url: `${TENANT.baseUrl}/x`, headers: [] }, TENANT, { ...settings, requiredHeaders: { platform: '', uuid: '200' } }, undefined);
    assert.deepEqual(result.injected, ['uuid']);
  });

  it('allows a credential only for the origin, without @no-auth, when none is written', () => {
    const request = { url: `${TENANT.baseUrl}/x`, headers: [] };
    assert.equal(credentialAllowed(request, TENANT, false), true);
    assert.equal(credentialAllowed(request, TENANT, true), false);
    assert.equal(credentialAllowed({ ...request, headers: [{ name: 'X-Auth-Token', value: 'mine' }] }, TENANT, false), false);
    assert.equal(credentialAllowed({ ...request, url: 'https://tenant.fincode.software.evil.test/x' }, TENANT, false), false);
  });
});

interface Echo {
  headers: Record<string, string | undefined>;
  body: string;
}

describe('injection: what the sandbox echo receives', () => {
  let home: TestSandbox;
  let other: TestSandbox;
  before(async () => {
    home = await withSandbox();
    other = await withSandbox();
  });
  after(async () => {
    await home.stop();
    await other.stop();
  });

  async function echo(text: string, options: { credential?: CredentialSource; settings?: Partial<SendSettings>; env?: Environment } = {}): Promise<{ seen: Echo; injected: readonly string[]; sent: readonly { name: string; value: string }[] }> {
    const file = parseHttpFile(text);
    const response = await sendRequest(file.requests[0] as never, {
      environment: options.env ?? home.env,
      credential: options.credential ?? { kind: 'apiToken', token: 'secret-token-value' },
      environmentVariables: { otherBase: other.env.baseUrl },
      ...(options.settings ? { settings: options.settings } : {}),
    });
    assert.equal(response.status, 200, response.text);
    return { seen: JSON.parse(response.text) as Echo, injected: response.injectedHeaders, sent: response.requestHeaders };
  }

  const FINCODE = ['x-auth-token', 'authorization', 'platform', 'uuid'];

  it('the environment\'s origin gets the credential and the FinCode headers', async () => {
    const { seen, injected, sent } = await echo('GET {{baseUrl}}/_emulator/echo');
    assert.equal(seen.headers['x-auth-token'], 'secret-token-value');
    assert.equal(seen.headers.platform, 'fincode');
    assert.equal(seen.headers.uuid, '200');
    assert.deepEqual(injected, ['platform', 'uuid', 'x-auth-token']);
    assert.ok(!JSON.stringify(sent).includes('secret-token-value'), 'the model never holds the credential');
    assert.deepEqual(sent.find((header) => header.name === 'x-auth-token'), { name: 'x-auth-token', value: '‹redacted›' });
  });

  it('another origin (another port) gets none of them', async () => {
    const { seen, injected } = await echo('POST {{otherBase}}/_emulator/echo\n\n{"a":1}');
    for (const name of FINCODE) assert.equal(seen.headers[name], undefined, name);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(injected, ['content-type']);
  });

  it('127.0.0.1 is not the origin of an environment configured as localhost', async () => {
    const port = new URL(home.env.baseUrl).port;
    const env = makeEnvironment({ id: 'lh', kind: 'custom', baseUrl: `http://localhost:${port}/api/v6/services` });
    const { seen } = await echo(`GET http://127.0.0.1:${port}/api/v6/services/_emulator/echo`, { env });
    for (const name of FINCODE) assert.equal(seen.headers[name], undefined, name);
  });

  it('# @no-auth sends the FinCode headers but no credential', async () => {
    const { seen } = await echo('# @no-auth\nGET {{baseUrl}}/_emulator/echo');
    assert.equal(seen.headers['x-auth-token'], undefined);
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.headers.platform, 'fincode');
  });

  it('Bearer style and both styles', async () => {
    const bearer = await echo('GET {{baseUrl}}/_emulator/echo', { settings: { authStyle: 'bearer' } });
    assert.equal(bearer.seen.headers.authorization, 'Bearer secret-token-value');
    assert.equal(bearer.seen.headers['x-auth-token'], undefined);
    assert.deepEqual(bearer.sent.find((header) => header.name === 'authorization'), { name: 'authorization', value: 'Bearer ‹redacted›' });
    const both = await echo('GET {{baseUrl}}/_emulator/echo', { settings: { authStyle: 'both' } });
    assert.equal(both.seen.headers.authorization, 'Bearer secret-token-value');
    assert.equal(both.seen.headers['x-auth-token'], 'secret-token-value');
  });

  it('headers written in the file win over injection', async () => {
    const { seen } = await echo('POST {{baseUrl}}/_emulator/echo\nx-AUTH-token: mine\nPlatform: custom\nContent-Type: text/plain\n\nhello', { settings: { authStyle: 'both' } });
    assert.equal(seen.headers['x-auth-token'], 'mine');
    assert.equal(seen.headers.authorization, undefined, 'a written credential turns injection of any credential off');
    assert.equal(seen.headers.platform, 'custom');
    assert.equal(seen.headers.uuid, '200');
    assert.equal(seen.headers['content-type'], 'text/plain');
  });

  it('no credential source: FinCode headers only', async () => {
    const { seen } = await echo('GET {{baseUrl}}/_emulator/echo', { credential: { kind: 'none' } });
    assert.equal(seen.headers['x-auth-token'], undefined);
    assert.equal(seen.headers.platform, 'fincode');
  });

  it('a session credential is not even asked for a token for another origin', async () => {
    const real = createSession({ profileId: 'p', env: home.env, email: 'hello@remitjunction.co.uk', store: memorySecretStore() });
    await real.signIn('Password@1');
    let asked = 0;
    const session: Pick<Session, 'getAccessToken' | 'withAuth'> = {
      getAccessToken: (signal) => {
        asked++;
        return real.getAccessToken(signal);
      },
      withAuth: (send, signal) => {
        asked++;
        return real.withAuth(send, signal);
      },
    };
    const { seen } = await echo('GET {{otherBase}}/_emulator/echo', { credential: { kind: 'session', session } });
    assert.equal(seen.headers['x-auth-token'], undefined);
    assert.equal(asked, 0);
    const same = await echo('GET {{baseUrl}}/_emulator/echo', { credential: { kind: 'session', session } });
    assert.equal(same.seen.headers['x-auth-token'], await real.getAccessToken());
    assert.equal(asked, 1);
  });
});
