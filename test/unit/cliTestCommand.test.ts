// `fincode-http test` end to end: the built CLI (dist/cli.js) against the real sandbox on
// 127.0.0.1, its JUnit read back by a real JUnit consumer (test-results-parser), exit codes
// 0/1/2/3, CI credentials from environment variables, canary secrets absent from every output
// (stdout, stderr, JUnit, JSON) on the failure paths too, and the network flags and their advice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'test-results-parser';
import { writeSandboxProfiles } from '../../src/cli/profilesFile';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { builtCli } from '../support/builtCli';
import { tlsFixture } from '../support/faultServers';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { closedPort, throwaway, type Throwaway } from '../support/throwawayServer';

const [MANAGER, , CASHIER] = DOCUMENTED_SANDBOX_USERS;
const PASSWORD_CANARY = 'Canary-Pw-7f3a9c1e-QX';
const TOKEN_CANARY = 'canary-token-5be1d0c47a93';

interface JUnitCase {
  name: string;
  status: string;
  failure?: string;
  stack_trace?: string;
}
interface JUnitResult {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  suites: { name: string; total: number; cases: JUnitCase[] }[];
}
interface JsonReport {
  totals: { tests: number; passed: number; failed: number; errored: number; skipped: number };
  files: { file: string; runs: { request: string; profile?: string; role?: string; status?: number; checks: { name: string; status: string; message: string }[] }[] }[];
}

describe('fincode-http test (the built CLI against the sandbox)', () => {
  let sandbox: TestSandbox;
  let slow: TestSandbox;
  let dir: string;
  let profiles: string;
  before(async () => {
    sandbox = await withSandbox();
    // Slower than undici's coarse timer for headers timeouts (about half a second) can be late.
    slow = await withSandbox({ latencyMs: 2500 });
    dir = mkdtempSync(join(tmpdir(), 'fincode-test-cmd-'));
    profiles = join(dir, 'profiles.json');
    await writeSandboxProfiles(profiles);
  });
  after(async () => {
    await Promise.all([sandbox.stop(), slow.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('runs the permission matrix as every role: exit 0, a summary, JUnit read back by test-results-parser, JSON with the same totals', async () => {
    const junit = join(dir, 'matrix.xml');
    const json = join(dir, 'matrix.json');
    const run = await builtCli(['test', 'samples/perm*.http', '--profiles', profiles, '--base-url', sandbox.baseUrl, '--junit', junit, '--json', json]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^samples\/permissions\.http\n {2}ok {4}createTransactionsPost \(line 17\) {2}MANAGER 403, AGENT 403, CASHIER 201, CUSTOMER 201/);
    assert.match(run.stdout, /68 checks in 17 requests \(68 sends\) of 1 file\(s\): 68 passed, 0 failed, 0 errored, 0 skipped/);
    assert.doesNotMatch(run.stderr, /\r/, 'no progress counter when stderr is not a terminal');
    const result = parse({ type: 'junit', files: [junit] }) as JUnitResult;
    assert.deepEqual([result.total, result.passed, result.failed, result.errors, result.skipped], [68, 68, 0, 0, 0]);
    assert.deepEqual(result.suites.map((suite) => [suite.name, suite.total]), [['samples/permissions.http', 68]]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    assert.deepEqual(report.totals, { tests: 68, passed: 68, failed: 0, errored: 0, skipped: 0 });
    const roles = report.files[0]?.runs.filter((r) => r.request === 'viewAllTransactions').map((r) => [r.role, r.status]);
    assert.deepEqual(roles, [['MANAGER', 200], ['AGENT', 200], ['CASHIER', 403], ['CUSTOMER', 200]]);
  });

  it('a failed check exits 1 with expected and actual; a role no profile has is skipped, not dropped; a request without # @expect runs once, as the first profile', async () => {
    const two = file(
      'two.json',
      JSON.stringify([
        { name: 'boss', role: 'MANAGER', email: MANAGER.email, password: MANAGER.password },
        { name: 'till', role: 'CASHIER', email: CASHIER.email, password: CASHIER.password },
      ]),
    );
    const path = file(
      'fails.http',
      [
        '### list',
        '# @name list',
        '# @expect MANAGER=200 CASHIER=200 CUSTOMER=200',
        'GET {{baseUrl}}/_emulator/demo/transactions',
        '',
        '?? status == 200',
        '?? header content-type includes json',
        '',
        '### echo',
        '# @name echo',
        'POST {{baseUrl}}/_emulator/echo',
        'Content-Type: application/json',
        '',
        '{"n": 1}',
        '',
        '?? body $.method == POST',
        '?? body $.body includes "n"',
      ].join('\n'),
    );
    const junit = join(dir, 'fails.xml');
    const json = join(dir, 'fails.json');
    const run = await builtCli(['test', path, '--profiles', two, '--base-url', sandbox.baseUrl, '--junit', junit, '--json', json]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL {2}list \(line 4\) {2}boss \(MANAGER\) 200, till \(CASHIER\) 403, CUSTOMER not run/);
    assert.match(run.stdout, /till \(CASHIER\): status == 200 \(# @expect\) \(line 3\): status 403, expected 200 \(# @expect\)/);
    assert.match(run.stdout, /CUSTOMER: not run: no profile in .*two\.json has the name or role CUSTOMER/);
    const result = parse({ type: 'junit', files: [junit] }) as JUnitResult;
    assert.equal(result.failed, 2, 'the # @expect status and ?? status of the cashier');
    assert.equal(result.skipped, 1, 'CUSTOMER, for whom no profile exists');
    const failure = result.suites[0]?.cases.find((c) => c.status === 'FAIL');
    assert.match(failure?.stack_trace ?? '', /expected: 200\nactual: 403/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    const echo = report.files[0]?.runs.filter((r) => r.request === 'echo');
    assert.deepEqual(echo?.map((r) => [r.profile, r.role, r.checks.map((c) => c.status)]), [['boss', 'MANAGER', ['passed', 'passed']]]);
  });

  it('--bail stops after the first failing request', async () => {
    const path = file('bail.http', ['# @name a', '# @expect MANAGER=418', 'GET {{baseUrl}}/_emulator/demo/transactions', '', '###', '# @name b', '# @expect MANAGER=200', 'GET {{baseUrl}}/_emulator/demo/transactions'].join('\n'));
    const run = await builtCli(['test', path, '--profiles', profiles, '--base-url', sandbox.baseUrl, '--bail']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /FAIL {2}a /);
    assert.doesNotMatch(run.stdout, / b \(line/);
    assert.match(run.stdout, /Stopped at the first failure \(--bail\)/);
  });

  it('exit 2: an unreadable file, a glob that matches nothing, # @expect without --profiles, a bad number, a missing credential variable (named, never its value)', async () => {
    const expect = file('expect.http', '# @expect MANAGER=200\nGET {{baseUrl}}/x\n');
    const envProfiles = file('env-profiles.json', JSON.stringify([{ name: 'cashier', role: 'CASHIER', email: CASHIER.email, passwordEnv: 'FINCODE_CASHIER_PASSWORD' }]));
    const cases: [string[], RegExp][] = [
      [['test', join(dir, 'missing.http'), '--base-url', sandbox.baseUrl], /cannot read the \.http file .*missing\.http: no such file/],
      [['test', join(dir, 'nothing', '*.http'), '--base-url', sandbox.baseUrl], /no file matches .*\*\.http/],
      [['test', expect, '--base-url', sandbox.baseUrl], /expect\.http:2: # @expect checks the status per role; give the profiles .* --profiles F/],
      [['test', expect, '--profiles', profiles, '--base-url', sandbox.baseUrl, '--concurrency', '0'], /--concurrency takes a whole number from 1/],
      [['test', expect, '--profiles', envProfiles, '--base-url', sandbox.baseUrl], /profile "cashier" takes its password from the environment variable FINCODE_CASHIER_PASSWORD, which is not set/],
    ];
    for (const [args, message] of cases) {
      const run = await builtCli(args);
      assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('CI credentials come from the variables the profiles file names; canary secrets appear nowhere, on the failure paths too', async () => {
    const ci = file(
      'ci-profiles.json',
      JSON.stringify([
        { name: 'manager', role: 'MANAGER', email: MANAGER.email, passwordEnv: 'FINCODE_MANAGER_PASSWORD' },
        { name: 'cashier', role: 'CASHIER', email: CASHIER.email, passwordEnv: 'FINCODE_CASHIER_PASSWORD' },
        { name: 'service', role: 'CUSTOMER', apiTokenEnv: 'FINCODE_SERVICE_TOKEN' },
      ]),
    );
    const path = file(
      'canary.http',
      [
        '# @name echo',
        '# @expect MANAGER=200 CASHIER=200 CUSTOMER=200',
        'POST {{baseUrl}}/_emulator/echo',
        'Content-Type: application/json',
        '',
        '{"hello": "world"}',
        '',
        '?? body $.headers.x-auth-token == not-the-token',
        '?? body $.headers.x-auth-token exists',
      ].join('\n'),
    );
    const junit = join(dir, 'canary.xml');
    const json = join(dir, 'canary.json');
    // The manager's variable holds the canary (a password FinCode refuses); the cashier's the real one.
    const env = { FINCODE_MANAGER_PASSWORD: PASSWORD_CANARY, FINCODE_CASHIER_PASSWORD: CASHIER.password, FINCODE_SERVICE_TOKEN: TOKEN_CANARY };
    const run = await builtCli(['test', path, '--profiles', ci, '--base-url', sandbox.baseUrl, '--junit', junit, '--json', json], env);
    assert.equal(run.code, 3, `the manager could not sign in: ${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /ERROR echo \(line 3\) {2}MANAGER error, CASHIER 200, service \(CUSTOMER\) 200/, 'the cashier signed in from FINCODE_CASHIER_PASSWORD');
    assert.match(run.stdout, /MANAGER: Email or password is incorrect\./);
    assert.match(run.stdout, /service \(CUSTOMER\): body \$\.headers\.x-auth-token == not-the-token \(line 8\): body \$\.headers\.x-auth-token \(‹redacted›\) == not-the-token/);
    const outputs = { stdout: run.stdout, stderr: run.stderr, junit: readFileSync(junit, 'utf8'), json: readFileSync(json, 'utf8') };
    for (const [where, text] of Object.entries(outputs)) {
      assert.ok(!text.includes(PASSWORD_CANARY), `the password canary is in ${where}`);
      assert.ok(!text.includes(TOKEN_CANARY), `the token canary is in ${where}`);
      assert.ok(!text.includes(CASHIER.password), `the cashier's password is in ${where}`);
    }
    // The echoed token was the actual value of a failed check: masked, not dropped.
    assert.match(outputs.junit, /actual: ‹redacted›/);
    const report = JSON.parse(outputs.json) as JsonReport;
    assert.deepEqual(report.totals, { tests: 9, passed: 4, failed: 2, errored: 3, skipped: 0 });
  });

  it('exit 3 when a request cannot be sent; the timeout advice names the flag (or its variable), not settings the CLI lacks', async () => {
    const path = file('slow.http', '# @name slow\n# @expect MANAGER=200\nGET {{baseUrl}}/_emulator/demo/transactions\n');
    // An API token: no sign-in to wait for first.
    const tokenProfiles = file('token.json', JSON.stringify([{ name: 'svc', role: 'MANAGER', apiToken: 'sandbox-token' }]));
    for (const [args, env] of [
      [['--headers-timeout-ms', '150'], {}],
      [[], { FINCODE_HEADERS_TIMEOUT_MS: '150' }],
    ] as const) {
      const run = await builtCli(['test', path, '--profiles', tokenProfiles, '--base-url', slow.baseUrl, ...args], env);
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stdout, /did not send response headers in time \(150 ms\)\. Check that the server is reachable\. Increase --headers-timeout-ms if the server is slow\./);
      assert.doesNotMatch(run.stdout, /in the settings/);
    }
    const port = await closedPort();
    const refused = await builtCli(['test', path, '--profiles', profiles, '--base-url', `http://127.0.0.1:${port}/api/v6/services`]);
    assert.equal(refused.code, 3);
    assert.match(refused.stdout, /connection refused/);
  });

  describe('a server whose certificate is refused', () => {
    let tls: Throwaway;
    before(async () => {
      tls = await throwaway(createServer(tlsFixture('self-signed'), (_req, res) => res.end('{}')));
    });
    after(() => tls.close());

    it('gets certificate advice (the chain, NODE_EXTRA_CA_CERTS), not network advice: test exits 3, send exits 1', async () => {
      const path = file('tls.http', '# @name tls\n# @expect MANAGER=200\nGET {{baseUrl}}/x\n');
      const baseUrl = `${tls.origin}/api/v6/services`;
      const test = await builtCli(['test', path, '--profiles', profiles, '--base-url', baseUrl]);
      const send = await builtCli(['send', path, '--base-url', baseUrl]);
      assert.equal(test.code, 3);
      assert.equal(send.code, 1);
      for (const text of [test.stdout, send.stderr]) {
        assert.match(text, /certificate of 127\.0\.0\.1:\d+ was rejected \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
        assert.match(text, /whole certificate chain/);
        assert.match(text, /NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem \(certificate checks stay on\)/);
        assert.doesNotMatch(text, /Check your network connection/);
      }
    });
  });

  it('send --fail exits 1 when the body was cut at --max-response-bytes, naming the flag; without --fail it exits 0', async () => {
    const path = file('big.http', `POST {{baseUrl}}/_emulator/echo\nContent-Type: text/plain\n\n${'x'.repeat(4000)}\n`);
    const args = ['send', path, '--base-url', sandbox.baseUrl, '--max-response-bytes', '1024'];
    const failing = await builtCli([...args, '--fail']);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stderr, /The response body was cut at the size limit \(1024 bytes\).*Raise --max-response-bytes if the whole body is needed/);
    const plain = await builtCli(args);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /truncated at the size limit \(--max-response-bytes\)/);
    const tooSmall = await builtCli([...args.slice(0, -1), '100']);
    assert.equal(tooSmall.code, 2);
    assert.match(tooSmall.stderr, /--max-response-bytes takes a whole number from 1024, not "100"/);
  });
});
