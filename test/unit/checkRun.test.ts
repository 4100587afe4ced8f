// Who each checked request is sent as (every profile # @expect names, a missing role skipped,
// else one profile), bail, and a body cut at the size limit failing its request — with a fake send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runFileChecks, type CheckRunOptions } from '../../src/core/http/checkRun';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import type { HttpResponse } from '../../src/core/http/response';

interface Profile {
  readonly name: string;
  readonly role: string;
}

const PROFILES: Profile[] = [
  { name: 'boss', role: 'MANAGER' },
  { name: 'till', role: 'CASHIER' },
  { name: 'shopper', role: 'CUSTOMER' },
];

function response(status: number, extra: Partial<HttpResponse> = {}): HttpResponse {
  return { status, headers: [], text: '{}', timings: { totalMs: 5 }, size: { decodedBytes: 2 }, truncated: false, ...extra } as unknown as HttpResponse;
}

function options(sent: string[], answer: (request: ParsedRequest, profile: Profile | undefined) => HttpResponse, extra: Partial<CheckRunOptions<Profile>> = {}): CheckRunOptions<Profile> {
  return {
    profiles: PROFILES,
    concurrency: 4,
    bail: false,
    send: async (request, profile) => {
      sent.push(`${request.name ?? '?'} as ${profile?.name ?? 'none'}`);
      return answer(request, profile);
    },
    resolver: () => (text) => text,
    describeError: (error) => (error instanceof Error ? error.message : String(error)),
    profilesSource: 'profiles.json',
    maxResponseBytes: 1024,
    bodyTimeoutMs: 30_000,
    ...extra,
  };
}

const FILE = parseHttpFile(
  [
    '# @name matrix',
    '# @expect MANAGER=200 CASHIER=403 AGENT=403',
    'GET https://api.test/a',
    '',
    '###',
    '# @name unchecked',
    'GET https://api.test/b',
    '',
    '###',
    '# @name plain',
    'GET https://api.test/c',
    '',
    '?? status == 200',
    '',
    '###',
    '# @name asCustomer',
    '# @role CUSTOMER',
    'GET https://api.test/d',
    '',
    '?? status == 200',
  ].join('\n'),
).requests;

describe('runFileChecks', () => {
  test('# @expect: each profile it names; a role no profile has is a skipped run; no # @expect: once, as # @role says, else the first profile; unchecked requests are not sent', async () => {
    const sent: string[] = [];
    const result = await runFileChecks(FILE, options(sent, () => response(200)));
    assert.deepEqual(sent.sort(), ['asCustomer as shopper', 'matrix as boss', 'matrix as till', 'plain as boss']);
    const summary = result.runs.map((run) => [run.request, run.profile ?? run.role, run.checks.map((check) => check.status).join(',')]);
    assert.deepEqual(summary, [
      ['matrix', 'boss', 'passed'],
      ['matrix', 'till', 'failed'],
      ['matrix', 'AGENT', 'skipped'],
      ['plain', 'boss', 'passed'],
      ['asCustomer', 'shopper', 'passed'],
    ]);
    assert.match(result.runs[2]?.checks[0]?.message ?? '', /not run: no profile in profiles\.json has the name or role AGENT/);
    assert.equal(result.stopped, false);
  });

  test('a send that throws errors its checks with the message; --bail stops after that request', async () => {
    const sent: string[] = [];
    const result = await runFileChecks(
      FILE,
      options(
        sent,
        () => {
          throw new Error('connection refused');
        },
        { bail: true },
      ),
    );
    assert.deepEqual(sent.sort(), ['matrix as boss', 'matrix as till']);
    assert.deepEqual(result.runs.slice(0, 2).map((run) => [run.checks[0]?.status, run.checks[0]?.message]), [
      ['errored', 'connection refused'],
      ['errored', 'connection refused'],
    ]);
    assert.equal(result.stopped, true);
  });

  test('a body cut at the size limit fails its request, naming the limit; a stalled body errors', async () => {
    const plain = FILE.filter((request) => request.name === 'plain');
    const cut = await runFileChecks(plain, options([], () => response(200, { truncated: true })));
    const check = cut.runs[0]?.checks.at(-1);
    assert.equal(check?.status, 'failed');
    assert.match(check?.message ?? '', /cut at the size limit \(1024 bytes\)/);
    const stalled = await runFileChecks(plain, options([], () => response(200, { truncated: true, stalled: true })));
    assert.equal(stalled.runs[0]?.checks.at(-1)?.status, 'errored');
  });
});
