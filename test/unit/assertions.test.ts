// httpYac's script-free assertion lines: read as httpYac writes them, checked with its
// predicates, and scripts never run.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { checkAssertion, readAssertionLine, requestChecks, type AssertedResponse, type Assertion } from '../../src/core/http/assertions';
import { parseHttpFile } from '../../src/core/http/parser';

const RESPONSE: AssertedResponse = {
  status: 201,
  headers: [
    { name: 'Content-Type', value: 'application/json; charset=utf-8' },
    { name: 'Set-Cookie', value: 'a=1' },
    { name: 'set-cookie', value: 'b=2' },
  ],
  text: JSON.stringify({ data: { id: 0, name: 'Ada', active: false, tags: ['x', 'y'] }, items: [{ id: 7 }, { id: 8 }], message: 'created' }),
  contentType: 'application/json; charset=utf-8',
  timings: { totalMs: 120, ttfbMs: 80 },
};

function assertion(line: string): Assertion {
  const read = readAssertionLine(line, 3);
  assert.equal(read.kind, 'assertion', `${line} should be an assertion: ${JSON.stringify(read)}`);
  return (read as { assertion: Assertion }).assertion;
}

const outcome = (line: string, response: AssertedResponse = RESPONSE): string => checkAssertion(assertion(line), response).outcome;

describe('assertion lines: reading', () => {
  test('the subject, argument, predicate and expected text as httpYac splits them', () => {
    assert.deepEqual(assertion('?? status == 201'), { line: 3, label: 'status == 201', subject: 'status', predicate: '==', expected: '201' });
    assert.deepEqual(assertion('??   header content-type includes application/json'), {
      line: 3,
      label: 'header content-type includes application/json',
      subject: 'header',
      argument: 'content-type',
      predicate: 'includes',
      expected: 'application/json',
    });
    assert.deepEqual(assertion('?? body $.data.id exists'), { line: 3, label: 'body $.data.id exists', subject: 'body', argument: '$.data.id', predicate: 'exists', expected: '' });
    assert.equal(assertion('?? status === 201').predicate, '==', '=== is one predicate, not == and "= 201"');
    assert.equal(assertion('?? status === 201').expected, '201');
    assert.equal(assertion('?? body $.message not equals x').predicate, '!=');
    assert.equal(assertion('?? body $.message contains reat').predicate, 'includes');
  });

  test('scripts are never run: ?? js and a JavaScript body expression are "not run (script)"', () => {
    assert.deepEqual(readAssertionLine('?? js response.parsedBody.id == 1', 4), { kind: 'skipped', skipped: { line: 4, label: 'js response.parsedBody.id == 1', reason: 'not run (script)' } });
    assert.equal(readAssertionLine('?? body items.map(i => i.id).length > 0', 4).kind, 'skipped');
    assert.equal(readAssertionLine('?? body data.tags[1] == y', 4).kind, 'assertion', 'a property path is read, not run');
  });

  test('a line we cannot read says why, and never throws', () => {
    const noPredicate = readAssertionLine('?? status 201', 1);
    assert.equal(noPredicate.kind === 'skipped' && noPredicate.skipped.reason, 'not read: no predicate (==, includes, exists, …) on this line');
    const unknown = readAssertionLine('?? xpath /a/b == 1', 1);
    assert.match(unknown.kind === 'skipped' ? unknown.skipped.reason : '', /"xpath" is not status, header, body, duration or js/);
    assert.equal(readAssertionLine('?? header == x', 1).kind, 'skipped');
    for (const line of ['??', '?? ', '??==', '?? status ==', '?? body $[ == 1', '?? duration']) assert.doesNotThrow(() => readAssertionLine(line, 0));
  });

  test('a request lists its assertions and its never-run script lines', () => {
    const file = parseHttpFile(['GET https://api.example/x', '', '?? status == 200', '?? js response.ok', '> {% client.test("t", () => {}) %}', '?? duration < 500'].join('\n'));
    const checks = requestChecks(file.requests[0]!);
    assert.deepEqual(
      checks.assertions.map((a) => [a.line, a.label]),
      [
        [2, 'status == 200'],
        [5, 'duration < 500'],
      ],
    );
    assert.deepEqual(
      checks.skipped.map((s) => [s.line, s.reason]),
      [
        [3, 'not run (script)'],
        [4, 'not run (script)'],
      ],
    );
  });
});

describe('assertion lines: checking a response', () => {
  test('status, with the expected text converted to a number as httpYac does', () => {
    assert.equal(outcome('?? status == 201'), 'passed');
    assert.equal(outcome('?? status != 201'), 'failed');
    assert.equal(outcome('?? status >= 200'), 'passed');
    assert.equal(outcome('?? status < 300'), 'passed');
    assert.equal(outcome('?? status > 201'), 'failed');
    assert.equal(outcome('?? status <= 199'), 'failed');
    assert.equal(outcome('?? status isNumber'), 'passed');
  });

  test('headers by name in any case; repeated headers joined', () => {
    assert.equal(outcome('?? header content-type includes application/json'), 'passed');
    assert.equal(outcome('?? header Content-Type startsWith application/'), 'passed');
    assert.equal(outcome('?? header content-type endsWith utf-8'), 'passed');
    assert.equal(outcome('?? header set-cookie == a=1, b=2'), 'passed');
    assert.equal(outcome('?? header x-missing exists'), 'failed');
    assert.equal(outcome('?? header x-missing isFalse'), 'passed');
  });

  test('body paths: JSONPath and httpYac property paths, .length, types, matches', () => {
    assert.equal(outcome('?? body $.data.id exists'), 'passed', 'an id of 0 exists');
    assert.equal(outcome('?? body $.data.missing exists'), 'failed');
    assert.equal(outcome('?? body $.data.id isTrue'), 'failed');
    assert.equal(outcome('?? body $.items.length > 0'), 'passed');
    assert.equal(outcome('?? body $.items.length == 2'), 'passed');
    assert.equal(outcome('?? body $.message.length == 7'), 'passed');
    assert.equal(outcome('?? body data.name == Ada'), 'passed');
    assert.equal(outcome('?? body $.data.name == Bob'), 'failed');
    assert.equal(outcome('?? body $.data.active isFalse'), 'passed');
    assert.equal(outcome('?? body $.data.active == false'), 'passed');
    assert.equal(outcome('?? body $.data.active isBoolean'), 'passed');
    assert.equal(outcome('?? body $.data.tags isArray'), 'passed');
    assert.equal(outcome('?? body $.data.tags includes y'), 'passed');
    assert.equal(outcome('?? body $.data.tags == ["x","y"]'), 'passed');
    assert.equal(outcome('?? body $.items[1].id == 8'), 'passed');
    assert.equal(outcome('?? body $.message isString'), 'passed');
    assert.equal(outcome('?? body $.message matches ^cre.+d$'), 'passed');
    assert.equal(outcome('?? body $.message matches ([unclosed'), 'failed', 'a bad pattern fails, never throws');
    assert.equal(outcome('?? body contains "created"'), 'passed');
  });

  test('duration, total by default and first byte on request', () => {
    assert.equal(outcome('?? duration < 500'), 'passed');
    assert.equal(outcome('?? duration < 100'), 'failed');
    assert.equal(outcome('?? duration firstByte < 100'), 'passed');
  });

  test('digests compare base64 hashes of the body, as httpYac does', () => {
    const sha = createHash('sha256').update(RESPONSE.text).digest('base64');
    assert.equal(outcome(`?? body sha256 ${sha}`), 'passed');
    assert.equal(outcome('?? body md5 nope'), 'failed');
  });

  test('a result shows the actual and expected values; variables in the expected text are replaced', () => {
    const result = checkAssertion(assertion('?? status == {{created}}'), { ...RESPONSE, status: 404 }, (text) => text.replace('{{created}}', '201'));
    assert.deepEqual({ outcome: result.outcome, actual: result.actual, expected: result.expected, message: result.message }, { outcome: 'failed', actual: '404', expected: '201', message: 'status (404) == 201' });
    assert.equal(checkAssertion(assertion('?? header x-none exists'), RESPONSE).actual, '(none)');
    assert.equal(checkAssertion(assertion('?? body $.data.tags isArray'), RESPONSE).actual, '["x","y"]');
  });

  test('a body that is not JSON: paths find nothing, the text is still checked', () => {
    const text = { ...RESPONSE, text: '<html>oops</html>', contentType: 'text/html' };
    assert.equal(outcome('?? body $.id exists', text), 'failed');
    assert.equal(outcome('?? body includes oops', text), 'passed');
  });
});
