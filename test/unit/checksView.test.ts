// A request's checks in the response view and the every-role view: each check's pass/fail with
// the actual value, per role, over real HTTP through the send pipeline, the view model and the
// page script; a token a body path selects never reaches the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checksOfRun } from '../../src/core/http/checks';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { RoleRunResult } from '../../src/core/http/matrix';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import type { HttpResponse } from '../../src/core/http/response';
import { sendRequest, textResolver } from '../../src/core/http/sender';
import { MAX_CHECK_VALUE, checksView, matrixViewModel, responseViewModel, type HostToPage } from '../../src/vscode/http/responseViewModel';
import { loadPage, type FakeNode } from '../support/fakePage';
import { jwt } from '../support/jwt';
import { httpServer, type Throwaway } from '../support/throwawayServer';

const TOKEN = jwt({ sub: 'cashier', role: 'CASHIER' });
const FILE = [
  '# @expect MANAGER=200 CASHIER=403',
  'GET {{baseUrl}}/session',
  '',
  '?? body $.token exists',
  '?? body $.items.length > 0',
  '?? body $.note startsWith ok',
  '?? js response.parsedBody.items.length > 0',
].join('\n');
const REQUEST = parseHttpFile(FILE).requests[0] as ParsedRequest;

let server: Throwaway;
let env: Environment;

before(async () => {
  server = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: TOKEN, items: [], note: `ok ${'x'.repeat(500)}` }));
  });
  env = makeEnvironment({ id: 'checks', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
});

after(() => server.close());

const send = (): Promise<HttpResponse> => sendRequest(REQUEST, { environment: env, credential: { kind: 'none' } });
const cells = (page: FakeNode): string[] => page.find((node) => node.tagName === 'td').map((node) => node.textContent);

describe('checks in the response views', () => {
  test('the response view lists each check with its result, expected and actual value; the token is masked, long values cut', async () => {
    const response = await send();
    const results = checksOfRun(REQUEST, { name: 'till', role: 'CASHIER' }, { response });
    const model = responseViewModel(response, { id: 'r1', checks: results });
    assert.equal(model.checks?.status, 'failed');
    assert.equal(model.checks?.summary, '2 passed, 2 failed, 1 not run');
    assert.deepEqual(
      model.checks?.rows.map((row) => [row.status, row.name, row.expected, row.line]),
      [
        ['failed', 'status == 403 (# @expect)', '403', 1],
        ['passed', 'body $.token exists', '', 4],
        ['failed', 'body $.items.length > 0', '0', 5],
        ['passed', 'body $.note startsWith ok', 'ok', 6],
        ['skipped', 'js response.parsedBody.items.length > 0', undefined, 7],
      ],
    );
    assert.equal(model.checks?.rows[0]?.actual, '200');
    assert.equal(model.checks?.rows[2]?.actual, '0');
    assert.ok((model.checks?.rows[3]?.actual?.length ?? 0) <= MAX_CHECK_VALUE + 1, 'a long actual value is cut');

    const page = loadPage<HostToPage>('responseView.js');
    page.send({ type: 'response', model });
    const section = page.app.find((node) => node.id === 'checks')[0];
    assert.ok(section, 'the page shows a Checks section');
    assert.match(section.textContent, /Checks · 2 passed, 2 failed, 1 not run/);
    const rows = section.find((node) => node.tagName === 'tr' && node.dataset.status !== undefined);
    assert.deepEqual(rows.map((row) => row.dataset.status), ['failed', 'passed', 'failed', 'passed', 'skipped']);
    assert.deepEqual(cells(rows[2]!), ['✗ FAIL', 'body $.items.length > 0', '0', '0', '5']);
    assert.deepEqual(cells(rows[0]!).slice(0, 4), ['✗ FAIL', 'status == 403 (# @expect)', '403', '200']);
    assert.equal(cells(rows[4]!)[0], '– not run');
    assert.ok(!JSON.stringify(model).includes(TOKEN) && !page.app.textContent.includes(TOKEN), 'the token never reaches the page');
  });

  test('a request without checks shows no Checks section', async () => {
    const model = responseViewModel(await send(), { id: 'r2' });
    assert.equal(model.checks, undefined);
    const page = loadPage<HostToPage>('responseView.js');
    page.send({ type: 'response', model });
    assert.equal(page.app.find((node) => node.id === 'checks').length, 0);
  });

  test('the every-role view gives each role its checks summary and lists the failed ones with the actual values', async () => {
    const response = await send();
    const matrix: RoleRunResult[] = [
      { profile: 'boss', role: 'MANAGER', status: 200, elapsedMs: 4, size: 10, expected: 200, pass: true },
      { profile: 'till', role: 'CASHIER', status: 200, elapsedMs: 4, size: 10, expected: 403, pass: false },
      { profile: 'agent', role: 'AGENT', error: 'The request timed out' },
    ];
    const checks = [
      checksOfRun(REQUEST, { name: 'boss', role: 'MANAGER' }, { response }),
      checksOfRun(REQUEST, { name: 'till', role: 'CASHIER' }, { response }),
      checksOfRun(REQUEST, { name: 'agent', role: 'AGENT' }, { error: 'The request timed out' }),
    ];
    const model = matrixViewModel('m1', REQUEST, matrix, { checks, hasResponse: [true, true, false] });
    assert.deepEqual(
      model.rows.map((row) => [row.role, row.checks?.status, row.checks?.summary]),
      [
        ['MANAGER', 'failed', '3 passed, 1 failed, 1 not run'],
        ['CASHIER', 'failed', '2 passed, 2 failed, 1 not run'],
        ['AGENT', 'errored', '3 errored, 1 not run'],
      ],
    );
    const page = loadPage<HostToPage>('responseView.js');
    page.send({ type: 'matrix', model });
    const head = page.app.find((node) => node.tagName === 'th').map((node) => node.textContent);
    assert.ok(head.includes('Checks'), 'the matrix has a Checks column');
    const cashier = page.app.find((node) => node.tagName === 'section' && node.dataset.role === 'CASHIER')[0];
    assert.ok(cashier, 'the failed checks of CASHIER are listed');
    assert.deepEqual(
      cashier.find((node) => node.tagName === 'tr' && node.dataset.status !== undefined).map((row) => cells(row).slice(0, 4)),
      [
        ['✗ FAIL', 'status == 403 (# @expect)', '403', '200'],
        ['✗ FAIL', 'body $.items.length > 0', '0', '0'],
      ],
    );
    const agent = page.app.find((node) => node.tagName === 'section' && node.dataset.role === 'AGENT')[0];
    assert.match(agent?.textContent ?? '', /⚠ error.*The request timed out/);
  });

  test("a check's expected text is resolved in the request's own scope (file variables)", async () => {
    const file = parseHttpFile('@prefix = ok\n\n###\nGET {{baseUrl}}/session\n\n?? body $.note startsWith {{prefix}}\n?? body $.note startsWith {{prefix}}x\n');
    const request = file.requests[0] as ParsedRequest;
    const context = { environment: env, credential: { kind: 'none' } as const, fileVariables: file.variables };
    const response = await sendRequest(request, context);
    const results = checksOfRun(request, { name: 'till', role: 'CASHIER' }, { response }, textResolver(context));
    assert.deepEqual(results.map((r) => [r.status, r.expected]), [['passed', 'ok'], ['failed', 'okx']]);
  });

  test('the summary says when every check passed', () => {
    const view = checksView([{ name: 'status == 200 (# @expect)', line: 0, status: 'passed', expected: '200', actual: '200', message: 'status 200' }]);
    assert.deepEqual([view.status, view.summary], ['passed', '1 passed']);
  });
});
