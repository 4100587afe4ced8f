// The CI reports of a check run: JUnit XML read back by a real JUnit consumer
// (test-results-parser, as testbeats uses it), JSON with the same results, no secret in either.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'test-results-parser';
import type { CheckResult } from '../../src/core/http/checks';
import { jsonReport, junitXml, runTotals, type FileRun } from '../../src/core/http/testReport';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ';
const check = (name: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ name, line: 3, status, message: `${name}: ${status}`, ...extra });

const FILES: FileRun[] = [
  {
    file: 'samples/permissions.http',
    elapsedMs: 250,
    runs: [
      { request: 'listTransfers', line: 2, method: 'GET', url: '{{baseUrl}}/transfers', profile: 'manager', role: 'MANAGER', status: 200, elapsedMs: 120, checks: [check('status == 200 (# @expect)', 'passed'), check('body $.items.length > 0', 'passed')] },
      {
        request: 'listTransfers',
        line: 2,
        method: 'GET',
        url: '{{baseUrl}}/transfers',
        profile: 'cashier',
        role: 'CASHIER',
        status: 200,
        elapsedMs: 80,
        checks: [check('status == 403 (# @expect)', 'failed', { expected: '403', actual: '200', message: `status 200, expected 403 <&> token ${JWT}` }), check('> {% client.test() %}', 'skipped', { message: 'not run (script)' })],
      },
    ],
  },
  { file: 'api/down.http', elapsedMs: 5, runs: [{ request: 'GET /health', line: 0, method: 'GET', url: 'https://down.example/health', elapsedMs: 5, checks: [check('status == 200 (# @expect)', 'errored', { message: 'Could not connect to down.example' })] }] },
];

describe('check run reports', () => {
  test('JUnit XML is read by a real JUnit consumer: suites per file, cases per check, counts, failures with expected and actual', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    try {
      const path = join(dir, 'report.xml');
      writeFileSync(path, junitXml(FILES, new Date('2026-12-07T10:00:00Z'), 255));
      const result = parse({ type: 'junit', files: [path] });
      // This consumer counts skipped cases apart from the total, as its reports show them.
      assert.equal(result.total, 4);
      assert.equal(result.passed, 2);
      assert.equal(result.failed, 1);
      assert.equal(result.errors, 1, 'a request that got no response is an error, not a failure');
      assert.equal(result.skipped, 1);
      assert.deepEqual(result.suites.map((suite: { name: string; total: number }) => [suite.name, suite.total]), [
        ['samples/permissions.http', 3],
        ['api/down.http', 1],
      ]);
      assert.deepEqual(result.suites.flatMap((suite: { cases: { status: string }[] }) => suite.cases.map((testCase) => testCase.status)), ['PASS', 'PASS', 'FAIL', 'SKIP', 'FAIL']);
      const failure = result.suites[0].cases.find((testCase: { status: string }) => testCase.status === 'FAIL');
      assert.ok(failure, 'the consumer finds the failed case');
      assert.match(failure.name, /status == 403 \(# @expect\) \(line 4\)/);
      assert.match(failure.failure, /expected 403 <&> token/, 'markup in a message is escaped, not lost');
      assert.equal(failure.duration, 80, 'times in seconds, read back as 80 ms');
      assert.match(failure.stack_trace, /expected: 403\nactual: 200/, 'the failure text carries the expected and actual values');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no token reaches a report, and characters XML forbids do not break it', () => {
    const withControl: FileRun[] = [{ ...FILES[1]!, runs: [{ ...FILES[1]!.runs[0]!, request: 'odd\u0001name' }] }];
    const xmlText = junitXml([...FILES, ...withControl], new Date(), 1);
    const json = jsonReport(FILES, new Date(), 1);
    assert.ok(!xmlText.includes(JWT) && !json.includes(JWT), 'the canary JWT is redacted');
    assert.ok(!xmlText.includes('\u0001'));
    assert.doesNotThrow(() => JSON.parse(json));
  });

  test('a known secret of any shape (a password, an opaque API token) is masked in both reports', () => {
    const secret = 'opaque-api-token-canary-42';
    const leaking: FileRun[] = [{ ...FILES[1]!, runs: [{ ...FILES[1]!.runs[0]!, checks: [check('body $.token == x', 'failed', { actual: secret, message: `got ${secret}` })] }] }];
    const xmlText = junitXml(leaking, new Date(), 1, [secret]);
    const json = jsonReport(leaking, new Date(), 1, [secret]);
    assert.ok(!xmlText.includes(secret) && !json.includes(secret));
    assert.match(xmlText, /actual: ‹redacted›/);
    assert.ok(junitXml(leaking, new Date(), 1).includes(secret), 'not shaped like a token: only the known secret list masks it');
  });

  test('JSON carries the same results and totals', () => {
    const report = JSON.parse(jsonReport(FILES, new Date('2026-12-07T10:00:00Z'), 255)) as { totals: unknown; files: { file: string; status: string; runs: { role?: string; checks: { status: string }[] }[] }[] };
    assert.deepEqual(report.totals, runTotals(FILES));
    assert.deepEqual(report.totals, { tests: 5, passed: 2, failed: 1, errored: 1, skipped: 1 });
    assert.deepEqual(report.files.map((file) => [file.file, file.status]), [
      ['samples/permissions.http', 'failed'],
      ['api/down.http', 'errored'],
    ]);
    assert.equal(report.files[0]?.runs[1]?.role, 'CASHIER');
  });
});
