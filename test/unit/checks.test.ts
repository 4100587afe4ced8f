// A request's checks as test results: # @expect for the role, ?? assertions, scripts not run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AssertedResponse } from '../../src/core/http/assertions';
import { checkResponse, checksOfRun, checksWithoutResponse, hasChecks, overallStatus } from '../../src/core/http/checks';
import { parseHttpFile } from '../../src/core/http/parser';
import { createResolver } from '../../src/core/http/variables';

const FILE = parseHttpFile(
  [
    '# @name transfers',
    '# @expect MANAGER=200 CASHIER=403',
    'GET https://api.example/transfers',
    '',
    '?? header content-type includes json',
    '?? body $.items.length > 0',
    '> {% client.test("x", () => {}) %}',
    '',
    '###',
    'GET https://api.example/health',
  ].join('\n'),
);
const [transfers, health] = FILE.requests;
const response = (status: number, text: string): AssertedResponse => ({ status, headers: [{ name: 'content-type', value: 'application/json' }], text, timings: { totalMs: 5, ttfbMs: 2 } });

describe('checks of a request', () => {
  test('only a request with # @expect, ?? or a script has checks', () => {
    assert.equal(hasChecks(transfers!), true);
    assert.equal(hasChecks(health!), false);
  });

  test('the role its # @expect names: status first, then each assertion, then the scripts not run', () => {
    const results = checkResponse(transfers!, response(200, '{"items":[1]}'), 200);
    assert.deepEqual(
      results.map((r) => [r.name, r.line, r.status, r.actual]),
      [
        ['status == 200 (# @expect)', 1, 'passed', '200'],
        ['header content-type includes json', 4, 'passed', 'application/json'],
        ['body $.items.length > 0', 5, 'passed', '1'],
        ['> {% client.test("x", () => {}) %}', 6, 'skipped', undefined],
      ],
    );
    assert.equal(overallStatus(results), 'passed');
  });

  test('a wrong status fails with the expected and actual values', () => {
    const results = checkResponse(transfers!, response(200, '{"items":[]}'), 403);
    assert.deepEqual(results[0], { name: 'status == 403 (# @expect)', line: 1, status: 'failed', expected: '403', actual: '200', message: 'status 200, expected 403 (# @expect)' });
    assert.equal(results[2]?.status, 'failed');
    assert.equal(overallStatus(results), 'failed');
  });

  test('a role # @expect does not name has no status check', () => {
    assert.deepEqual(checkResponse(transfers!, response(500, '{}'), undefined).map((r) => r.name), ['header content-type includes json', 'body $.items.length > 0', '> {% client.test("x", () => {}) %}']);
  });

  test('without a response every check is errored with why; scripts stay skipped', () => {
    const results = checksWithoutResponse(transfers!, 200, 'Could not connect to api.example');
    assert.deepEqual(results.map((r) => r.status), ['errored', 'errored', 'errored', 'skipped']);
    assert.equal(results[0]?.message, 'Could not connect to api.example');
    assert.equal(overallStatus(results), 'errored');
    assert.equal(overallStatus(results.filter((r) => r.status === 'skipped')), 'skipped');
  });

  test('a run as a profile: # @expect matched by profile name, then by role; an error makes every check errored', () => {
    const asCashier = checksOfRun(transfers!, { name: 'till-2', role: 'CASHIER' }, { response: response(403, '{"items":[]}') });
    assert.deepEqual(asCashier.slice(0, 1).map((r) => [r.status, r.expected, r.actual]), [['passed', '403', '403']]);
    const byName = parseHttpFile('# @expect till-2=201 CASHIER=403\nGET https://api.example/x\n').requests[0]!;
    assert.equal(checksOfRun(byName, { name: 'till-2', role: 'CASHIER' }, { response: response(201, '') })[0]?.status, 'passed');
    const failed = checksOfRun(transfers!, { name: 'boss', role: 'MANAGER' }, { error: 'The request timed out' });
    assert.deepEqual(failed.map((r) => r.status), ['errored', 'errored', 'errored', 'skipped']);
    assert.equal(failed[0]?.expected, '200');
    assert.equal(checksOfRun(transfers!, { name: 'x', role: 'AGENT' }, { response: response(500, '{}') })[0]?.name, 'header content-type includes json');
  });

  test('an expected text whose variable cannot be resolved makes the checks errored, with why', () => {
    const request = parseHttpFile('# @expect CASHIER=403\nGET https://api.example/x\n\n?? body $.id == {{customerId}}\n').requests[0]!;
    const scope = createResolver({});
    const results = checksOfRun(request, { name: 'till', role: 'CASHIER' }, { response: response(403, '{"id":1}') }, (text) => scope.resolve(text, { line: 0, column: 0 }));
    assert.deepEqual(results.map((r) => r.status), ['errored', 'errored']);
    assert.match(results[1]?.message ?? '', /customerId/);
  });
});
