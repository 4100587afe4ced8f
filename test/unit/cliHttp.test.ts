// `fincode-http parse | send | matrix` end to end: the real CLI process against the real sandbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtDecode } from 'jwt-decode';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { writeSandboxProfiles } from '../../src/cli/profilesFile';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const [MANAGER] = DOCUMENTED_SANDBOX_USERS;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source without blocking this process (the sandbox answers from here). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('fincode-http parse / send / matrix', () => {
  let t: TestSandbox;
  let dir: string;
  before(async () => {
    t = await withSandbox();
    dir = mkdtempSync(join(tmpdir(), 'fincode-cli-'));
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('parse --json prints one array with the documented fields, diagnostics on stderr, exit 0', async () => {
    const path = file(
      'parse.http',
      [
        '@host = https://example.test',
        '# @name first',
        'POST {{host}}/a',
        '  ?x=1',
        '  &y={{y}}',
        'Content-Type: application/json',
        'platform: fincode',
        '',
        '{"a": 1}',
        '',
        '###',
        'https://example.test/bare',
        'Bad header line',
      ].join('\n'),
    );
    const run = await cli(['parse', path, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const requests = JSON.parse(run.stdout) as unknown[];
    assert.equal(run.stdout.trim().split('\n').length, 1, 'one JSON document');
    assert.deepEqual(requests, [
      {
        name: 'first',
        method: 'POST',
        url: '{{host}}/a?x=1&y={{y}}',
        line: 2,
        headers: [
          ['Content-Type', 'application/json'],
          ['platform', 'fincode'],
        ],
        body: '{"a": 1}',
      },
      { name: null, method: 'GET', url: 'https://example.test/bare', line: 11, headers: [], body: null },
    ]);
    assert.match(run.stderr, /parse\.http:13:\d+: (error|warning): /);
  });

  it('send signs in from FINCODE_EMAIL/FINCODE_PASSWORD and injects the credential for the environment origin only', async () => {
    const path = file(
      'send.http',
      [
        '# @name pref',
        'GET {{baseUrl}}/admin/organisation-preference-management/fetch-organisaction-preference',
        '',
        '###',
        '# @name echo',
        'POST {{baseUrl}}/_emulator/echo',
        '',
        '{"hello": "world"}',
      ].join('\n'),
    );
    const env = { FINCODE_EMAIL: MANAGER.email, FINCODE_PASSWORD: MANAGER.password };
    const pref = await cli(['send', path, '--name', 'pref', '--base-url', t.env.baseUrl], env);
    assert.equal(pref.code, 0, pref.stderr);
    assert.match(pref.stdout, /^HTTP\/1\.1 200 OK\n/);
    assert.match(pref.stderr, /injected: .*x-auth-token/i);
    assert.ok(!pref.stderr.includes(MANAGER.password) && !pref.stdout.includes(MANAGER.password));

    const echo = await cli(['send', path, '--line', '6', '--base-url', t.env.baseUrl], env);
    const echoed = JSON.parse(echo.stdout.slice(echo.stdout.indexOf('\n\n') + 2)) as { headers: Record<string, string>; body: string };
    assert.ok(echoed.headers['x-auth-token']?.startsWith('eyJ'));
    assert.equal(echoed.headers.platform, 'fincode');
    assert.equal(echoed.headers['content-type'], 'application/json');
    assert.equal(echoed.body, '{"hello": "world"}');

    // Another origin (localhost is not 127.0.0.1): no credential, no FinCode headers.
    const other = file('other.http', `POST ${t.env.baseUrl.replace('127.0.0.1', 'localhost')}/_emulator/echo\n\n{}`);
    const foreign = await cli(['send', other, '--base-url', t.env.baseUrl], env);
    assert.equal(foreign.code, 0, foreign.stderr);
    const foreignHeaders = (JSON.parse(foreign.stdout.slice(foreign.stdout.indexOf('\n\n') + 2)) as { headers: Record<string, string> }).headers;
    assert.equal(foreignHeaders['x-auth-token'], undefined);
    assert.equal(foreignHeaders.authorization, undefined);
    assert.equal(foreignHeaders.platform, undefined);
  });

  it('send --profiles sends as the profile the request names with # @role or # @profile', async () => {
    const profiles = join(dir, 'profiles-send.json');
    await writeSandboxProfiles(profiles);
    const path = file('roles.http', '# @role CUSTOMER\nGET {{baseUrl}}/_emulator/echo\n\n###\n# @profile cashier\nGET {{baseUrl}}/_emulator/echo\n\n###\nGET {{baseUrl}}/_emulator/echo\n');
    const roleOf = (run: Run): unknown => {
      const echoed = JSON.parse(run.stdout.slice(run.stdout.indexOf('\n\n') + 2)) as { headers: Record<string, string> };
      return jwtDecode<{ role: string }>(echoed.headers['x-auth-token'] ?? '').role;
    };
    const customer = await cli(['send', path, '--line', '1', '--profiles', profiles, '--base-url', t.env.baseUrl]);
    assert.equal(customer.code, 0, customer.stderr);
    assert.equal(roleOf(customer), 'CUSTOMER');
    assert.match(customer.stderr, /as customer \(CUSTOMER\)/);
    assert.equal(roleOf(await cli(['send', path, '--line', '6', '--profiles', profiles, '--base-url', t.env.baseUrl])), 'CASHIER');
    assert.equal(roleOf(await cli(['send', path, '--line', '9', '--profiles', profiles, '--as', 'agent', '--base-url', t.env.baseUrl])), 'AGENT');
    const unnamed = await cli(['send', path, '--line', '9', '--profiles', profiles, '--base-url', t.env.baseUrl]);
    assert.equal(unnamed.code, 2);
    assert.match(unnamed.stderr, /choose a profile: 4 are available/);
  });

  it('send without credentials gets the 401 and says so with --fail', async () => {
    const path = file('noauth.http', 'GET {{baseUrl}}/admin/organisation-preference-management/fetch-organisaction-preference\n');
    const run = await cli(['send', path, '--base-url', t.env.baseUrl, '--fail']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^HTTP\/1\.1 401 /);
  });

  it('send uses FINCODE_API_TOKEN as X-Auth-Token', async () => {
    const login = await fetch(`${t.env.baseUrl}/securitymanagement/login`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200' },
      body: JSON.stringify({ email: MANAGER.email, currentPassword: MANAGER.password }),
    });
    const { access_token: accessToken } = (await login.json()) as { access_token: string };
    const minted = await fetch(`${t.env.baseUrl}/_emulator/api-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200', 'x-auth-token': accessToken },
      body: JSON.stringify({ label: 'ci', expiry: '24h' }),
    });
    const { api_token: apiToken } = (await minted.json()) as { api_token: string };
    const path = file('token.http', 'GET {{baseUrl}}/admin/organisation-preference-management/fetch-organisaction-preference\n');
    const run = await cli(['send', path, '--base-url', t.env.baseUrl, '--fail'], { FINCODE_API_TOKEN: apiToken });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(!run.stdout.includes(apiToken) && !run.stderr.includes(apiToken));
  });

  it('matrix reproduces the documented permission matrix from samples/permissions.http and exits 0', async () => {
    const profiles = join(dir, 'profiles.json');
    await writeSandboxProfiles(profiles);
    const run = await cli(['matrix', 'samples/permissions.http', '--profiles', profiles, '--base-url', t.env.baseUrl]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /All expectations hold\./);
    assert.match(run.stdout, /PROFILE\s+ROLE\s+STATUS\s+TIME\s+SIZE\s+EXPECTED\s+RESULT/);
    assert.ok(!run.stdout.includes('FAIL'));
  });

  it('matrix exits 1 when an expectation fails', async () => {
    const profiles = join(dir, 'profiles.json');
    await writeSandboxProfiles(profiles);
    const wrong = file(
      'wrong.http',
      readFileSync('samples/permissions.http', 'utf8').replace('# @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=200', '# @expect MANAGER=200 AGENT=200 CASHIER=200 CUSTOMER=200'),
    );
    const run = await cli(['matrix', wrong, '--profiles', profiles, '--base-url', t.env.baseUrl, '--name', 'viewAllTransactions']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /cashier\s+CASHIER\s+403 .* 200\s+FAIL/);
  });

  it('reports bad input in one line without a stack trace: missing file (1), bad usage (2), bad profiles (1)', async () => {
    const missing = await cli(['send', join(dir, 'nope.http'), '--base-url', t.env.baseUrl]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /cannot read the \.http file .*no such file/);
    assert.ok(!/\n\s+at /.test(missing.stderr));

    const usage = await cli(['send', file('two.http', 'GET https://a.test\n###\nGET https://b.test\n'), '--base-url', t.env.baseUrl]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /holds 2 requests; choose one with --name or --line/);

    const noBase = await cli(['send', file('one.http', 'GET https://a.test\n')]);
    assert.equal(noBase.code, 2);
    assert.match(noBase.stderr, /--base-url/);

    const badProfiles = await cli(['matrix', 'samples/permissions.http', '--profiles', file('p.json', '[{"name":"x","role":"BOSS","email":"e","password":"Secret-Pw-77"}]'), '--base-url', t.env.baseUrl]);
    assert.equal(badProfiles.code, 1);
    assert.match(badProfiles.stderr, /role "BOSS"/);
    assert.ok(!badProfiles.stderr.includes('Secret-Pw-77'));

    for (const command of ['parse', 'send', 'matrix', 'sandbox']) {
      const help = await cli([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: fincode-http ${command}`));
    }
  });
});
