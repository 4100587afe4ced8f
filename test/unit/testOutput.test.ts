// What `fincode-http test` prints: a line per request with its roles' statuses and the failed or
// errored checks under it, a counter rewritten in place on a terminal only, a summary; every text
// cleaned (the run's secrets masked).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testOutput } from '../../src/cli/testOutput';
import { parseHttpFile } from '../../src/core/http/parser';
import type { RequestRun } from '../../src/core/http/testReport';

const [REQUEST] = parseHttpFile('# @name list\n# @expect MANAGER=200 CASHIER=403\nGET https://api.test/list\n').requests;
const base = { request: 'list', line: 2, method: 'GET', url: 'https://api.test/list' };
const RUNS: RequestRun[] = [
  { ...base, profile: 'MANAGER', role: 'MANAGER', status: 200, elapsedMs: 41, checks: [{ name: 'status == 200 (# @expect)', line: 1, status: 'passed', message: 'status 200' }] },
  { ...base, profile: 'till', role: 'CASHIER', status: 200, elapsedMs: 44, checks: [{ name: 'status == 403 (# @expect)', line: 1, status: 'failed', expected: '403', actual: '200', message: 'status 200, expected 403 with s3cret-canary' }] },
];

describe('fincode-http test output', () => {
  test('a terminal gets a counter rewritten in place; a log gets the same lines without it; secrets are cleaned', () => {
    for (const tty of [true, false]) {
      let out = '';
      let err = '';
      const output = testOutput(1, (text) => text.replaceAll('s3cret-canary', '‹redacted›'), (text) => (out += text), tty ? (text) => (err += text) : undefined);
      output.file('api/list.http');
      output.request(REQUEST!, RUNS);
      output.summary([{ file: 'api/list.http', runs: RUNS, elapsedMs: 50 }], { tests: 2, passed: 1, failed: 1, errored: 0, skipped: 0 }, 50, false);
      assert.equal(
        out,
        [
          'api/list.http',
          '  FAIL  list (line 3)  MANAGER 200, till (CASHIER) 200  44 ms',
          '          till (CASHIER): status == 403 (# @expect) (line 2): status 200, expected 403 with ‹redacted›',
          '',
          '2 checks in 1 requests (2 sends) of 1 file(s): 1 passed, 1 failed, 0 errored, 0 skipped (0.05 s)',
          '',
        ].join('\n'),
      );
      const clearLine = '\r\u001b[K';
      if (tty) assert.ok(err.includes(`${clearLine}0/1 requests`) && err.includes(`${clearLine}1/1 requests`) && err.endsWith(clearLine), JSON.stringify(err));
      else assert.equal(err, '');
    }
  });
});
