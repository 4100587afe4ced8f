// The .http editor's pure pieces: the permission hint, the CodeLens plan, the undefined-variable
// diagnostics and the response view's model (status classes, JSON pretty-printing, truncation,
// the page message guard). No VS Code: these are what the extension renders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../src/core/fincode/roles';
import type { RoleRunResult } from '../../src/core/http/matrix';
import { parseHttpFile } from '../../src/core/http/parser';
import { endpointForPath } from '../../src/core/fincode/endpoints';
import { permissionHint } from '../../src/core/http/permissionHint';
import type { HttpResponse } from '../../src/core/http/response';
import { DEMO_ENDPOINTS, demoAccess } from '../../src/core/fincode/demoEndpoints';
import { needsProductionConfirmation } from '../../src/core/http/productionWrites';
import { unresolvedVariables } from '../../src/core/http/undefinedVariables';
import { candidateLabel, chosenCandidate, matrixCandidates, type SendCandidate } from '../../src/vscode/http/candidates';
import { planLenses } from '../../src/vscode/http/lensPlan';
import { hintLabel, requestHint } from '../../src/vscode/http/roleHint';
import { formatBytes, isPageToHost, matrixViewModel, responseViewModel, shapeBody, statusClass } from '../../src/vscode/http/responseViewModel';

const hint = (method: string, url: string, role: string) => permissionHint(method, url, role);
const pathOf = (method: string, url: string) => endpointForPath(method, url)?.path;

describe('permission hint', () => {
  // The hint finds its endpoint with the catalogue's lookup, as the Endpoints view and the hover do.
  it('takes the path of raw .http URLs', () => {
    assert.equal(pathOf('GET', '{{baseUrl}}/_emulator/demo/transactions?page=1'), '_emulator/demo/transactions');
    assert.equal(pathOf('GET', 'http://127.0.0.1:5000/api/v6/services/_emulator/demo/users#x'), '_emulator/demo/users');
    assert.equal(pathOf('GET', '/_emulator/demo/users'), '_emulator/demo/users');
  });

  it('matches an endpoint path after the services prefix, parameters as one segment', () => {
    assert.equal(pathOf('PATCH', 'http://127.0.0.1:5000/api/v6/services/_emulator/demo/transactions/42'), '_emulator/demo/transactions/{id}');
    assert.equal(pathOf('PATCH', '{{baseUrl}}/_emulator/demo/transactions/{{txId}}'), '_emulator/demo/transactions/{id}');
    assert.equal(pathOf('PATCH', '{{baseUrl}}/_emulator/demo/transactions'), undefined);
    assert.equal(pathOf('GET', '{{baseUrl}}/_emulator/demo/transactions/42'), undefined);
    assert.equal(pathOf('GET', '/x'), undefined);
  });

  it('finds the endpoint behind another variable prefix or origin by the end of the URL\'s path', () => {
    assert.equal(hint('GET', '{{host}}/_emulator/demo/transactions?page=1', 'CASHIER')?.text, 'CASHIER will likely get 403 (View All Transactions: ❌)');
    assert.equal(hint('PATCH', '{{host}}/api/v6/services/_emulator/demo/transactions/{{txId}}', 'CUSTOMER')?.likelyStatus, 403);
    assert.equal(hint('GET', 'https://gateway.example/fincode/_emulator/demo/transactions', 'MANAGER')?.text, 'MANAGER is allowed (View All Transactions: ✅)');
    assert.equal(hint('GET', '{{host}}/_emulator/demo/transactions/42', 'CASHIER'), undefined);
    assert.equal(hint('GET', '{{host}}/transactions', 'CASHIER'), undefined);
  });

  it('says CASHIER will likely get 403 on "View All Transactions" (❌)', () => {
    const found = hint('GET', '{{baseUrl}}/_emulator/demo/transactions', 'CASHIER');
    assert.equal(found?.text, 'CASHIER will likely get 403 (View All Transactions: ❌)');
    assert.equal(found?.likelyStatus, 403);
  });

  it('says MANAGER is allowed, and CUSTOMER only its own (through transactions:read:own)', () => {
    assert.equal(hint('GET', '{{baseUrl}}/_emulator/demo/transactions', 'manager')?.text, 'MANAGER is allowed (View All Transactions: ✅)');
    assert.equal(hint('GET', '{{baseUrl}}/_emulator/demo/transactions', 'CUSTOMER')?.text, 'CUSTOMER is allowed its own records (View All Transactions: ✅ (own))');
    assert.match(hint('GET', '{{baseUrl}}/_emulator/demo/analytics', 'AGENT')?.text ?? '', /limited view \(Analytics\/Reports: ✅ \(limited\)\)/);
  });

  it('agrees with demoAccess for every demo endpoint and role', () => {
    for (const endpoint of DEMO_ENDPOINTS) {
      const url = `{{baseUrl}}/${endpoint.path.replace('{id}', '7')}`;
      assert.equal(pathOf(endpoint.method, url), endpoint.path);
      for (const role of ROLES) {
        const found = hint(endpoint.method, url, role);
        assert.equal(found?.access, demoAccess(endpoint, role), `${endpoint.method} ${endpoint.path} ${role}`);
        assert.equal(found?.likelyStatus === 403, demoAccess(endpoint, role) === 'no');
      }
    }
  });

  it('says nothing for an undocumented endpoint, another method or an unknown role', () => {
    assert.equal(hint('GET', '{{baseUrl}}/_emulator/echo', 'CASHIER'), undefined);
    assert.equal(hint('DELETE', '{{baseUrl}}/_emulator/demo/transactions', 'CASHIER'), undefined);
    assert.equal(hint('GET', '{{baseUrl}}/_emulator/demo/transactions', 'ADMIN'), undefined);
    assert.equal(hint('GET', '{{baseUrl}}/_emulator/demo/transactions', ''), undefined);
  });
});

const PROFILES: SendCandidate[] = [
  { id: 'm', name: 'manager', role: 'MANAGER', environmentId: 'local' },
  { id: 'a', name: 'agent', role: 'AGENT', environmentId: 'local' },
  { id: 'c', name: 'cashier', role: 'CASHIER', environmentId: 'local' },
  { id: 'u', name: 'customer', role: 'CUSTOMER', environmentId: 'local' },
  { id: 'p', name: 'prod-manager', role: 'MANAGER', environmentId: 'prod' },
  { id: 't', name: 'ci-token', role: '', environmentId: 'local' },
];

const FILE = `@id = 1

POST {{baseUrl}}/_emulator/echo
content-type: application/json

{"hello": "world"}

###
# @role MANAGER
GET {{baseUrl}}/_emulator/demo/transactions

###
GRAPHQL {{baseUrl}}/graphql

query { a }

###
# @no-auth
GET {{baseUrl}}/_emulator/echo

###
# @profile nobody
GET {{baseUrl}}/x
`;

describe('CodeLens plan', () => {
  const file = parseHttpFile(FILE);

  it('offers Send as (the chosen profile), Send as…, every role and cURL above each sendable request', () => {
    const plans = planLenses(file, { trusted: true, candidates: PROFILES, activeId: 'c' });
    const echo = plans.filter((plan) => plan.line === 2).map((plan) => plan.title);
    assert.deepEqual(echo, ['▶ Send as CASHIER (cashier)', 'Send as…', 'Send as every role', 'Copy as cURL']);
  });

  it('follows # @role, and gives the permission hint of that role for a documented endpoint', () => {
    const plans = planLenses(file, { trusted: true, candidates: PROFILES, activeId: 'c' });
    const line = file.requests[1]!.range.requestLine;
    const titles = plans.filter((plan) => plan.line === line).map((plan) => plan.title);
    // The active profile is CASHIER, but the request names @role MANAGER; two MANAGER profiles exist → problem.
    assert.equal(titles[0], '▶ Send…');
    assert.equal(requestHint(file.requests[1]!, { trusted: true, candidates: PROFILES, activeId: 'c' }), undefined, 'no profile chosen, no hint');
    const single = { trusted: true, candidates: PROFILES.filter((p) => p.id !== 'p'), activeId: 'c' };
    const singleTitles = planLenses(file, single).filter((plan) => plan.line === line).map((plan) => plan.title);
    // The lens row holds the actions only: the hint follows the request line (hintDecorations.ts).
    assert.deepEqual(singleTitles, ['▶ Send as MANAGER (manager)', 'Send as…', 'Send as every role', 'Copy as cURL']);
    const found = requestHint(file.requests[1]!, single)!;
    assert.equal(found.text, 'MANAGER is allowed (View All Transactions: ✅)');
    assert.deepEqual(hintLabel(found), {
      text: '✓ MANAGER allowed',
      hover: 'MANAGER is allowed (View All Transactions: ✅). From the documented role permission matrix: a hint, the server decides.',
    });
  });

  it('gives the 403 hint for CASHIER on a documented ❌ endpoint, none untrusted or for @no-auth', () => {
    const parsed = parseHttpFile(FILE.replace('# @role MANAGER\n', ''));
    const context = { trusted: true, candidates: PROFILES, activeId: 'c' };
    const found = requestHint(parsed.requests[1]!, context)!;
    assert.equal(hintLabel(found).text, '⚠ 403 for CASHIER');
    assert.ok(hintLabel(found).hover.startsWith('CASHIER will likely get 403 (View All Transactions: ❌).'), hintLabel(found).hover);
    assert.equal(requestHint(parsed.requests[1]!, { ...context, trusted: false }), undefined);
    const noAuth = parseHttpFile('# @no-auth\nGET {{baseUrl}}/_emulator/demo/transactions\n');
    assert.equal(requestHint(noAuth.requests[0]!, context), undefined);
  });

  it('keeps every hint a few words, the sentence on hover', () => {
    const cases: [string, string, string][] = [
      ['{{baseUrl}}/_emulator/demo/transactions', 'MANAGER', '✓ MANAGER allowed'],
      ['{{baseUrl}}/_emulator/demo/transactions', 'CUSTOMER', '✓ CUSTOMER: own records'],
      ['{{baseUrl}}/_emulator/demo/transactions', 'CASHIER', '⚠ 403 for CASHIER'],
      ['{{baseUrl}}/_emulator/demo/analytics', 'AGENT', '✓ AGENT: limited view'],
    ];
    for (const [url, role, text] of cases) {
      const found = hint('GET', url, role)!;
      assert.equal(hintLabel(found).text, text);
      assert.ok(hintLabel(found).hover.includes(found.text));
    }
  });

  it('gives GRAPHQL/WS/GRPC requests no lens', () => {
    const plans = planLenses(file, { trusted: true, candidates: PROFILES, activeId: 'c' });
    assert.ok(!plans.some((plan) => plan.line === file.requests[2]!.range.requestLine));
  });

  it('sends @no-auth requests without credentials and offers no matrix for them', () => {
    const plans = planLenses(file, { trusted: true, candidates: PROFILES, activeId: 'c' });
    const titles = plans.filter((plan) => plan.line === file.requests[3]!.range.requestLine).map((plan) => plan.title);
    assert.deepEqual(titles, ["▶ Send without credentials (cashier's environment)", 'Send as…', 'Copy as cURL']);
  });

  it('asks for a profile when # @profile names none, with the reason as tooltip', () => {
    const plans = planLenses(file, { trusted: true, candidates: PROFILES, activeId: 'c' });
    const first = plans.find((plan) => plan.line === file.requests[4]!.range.requestLine);
    assert.equal(first?.action, 'sendAs');
    assert.match(first?.tooltip ?? '', /no profile has that name/);
  });

  it('offers only "Trust this workspace" and cURL in an untrusted workspace', () => {
    const plans = planLenses(file, { trusted: false, candidates: PROFILES, activeId: 'c' });
    assert.ok(plans.every((plan) => plan.action === 'trust' || plan.action === 'copyCurl'));
    assert.equal(plans.find((plan) => plan.line === 2)?.title, '$(shield) Trust this workspace to send requests');
  });

  it('labels profiles and picks the matrix profiles of one environment (no API tokens)', () => {
    assert.equal(candidateLabel(PROFILES[2]!), 'CASHIER (cashier)');
    assert.equal(candidateLabel(PROFILES[5]!), 'ci-token');
    assert.deepEqual(matrixCandidates(PROFILES, 'local').map((p) => p.role), ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']);
    assert.deepEqual(matrixCandidates(PROFILES, 'prod').map((p) => p.name), ['prod-manager']);
    const choice = chosenCandidate(file.requests[0]!, PROFILES, 't');
    assert.ok('candidate' in choice && choice.candidate.id === 't');
  });
});

describe('production confirmation', () => {
  it('asks for writes to production only, unless turned off', () => {
    assert.equal(needsProductionConfirmation('POST', 'production', true), true);
    assert.equal(needsProductionConfirmation('delete', 'production', true), true);
    assert.equal(needsProductionConfirmation('GET', 'production', true), false);
    assert.equal(needsProductionConfirmation('HEAD', 'production', true), false);
    assert.equal(needsProductionConfirmation('POST', 'sandbox', true), false);
    assert.equal(needsProductionConfirmation('POST', 'custom', true), false);
    assert.equal(needsProductionConfirmation('POST', 'production', false), false);
  });
});

describe('undefined variables', () => {
  it('flags references nothing defines, with their columns', () => {
    const text = 'GET {{baseUrl}}/a/{{id}}/{{missing}}?x={{%other}}\nX-Env: {{envVar}}\nX-Time: {{$timestamp}}\nX-Chain: {{login.response.body.$.token}}\nX-Bad: {{nope.response.body.x}}\n';
    const file = parseHttpFile(`@id = 3\n\n${text}`);
    const found = unresolvedVariables(`@id = 3\n\n${text}`, file, ['envVar']);
    assert.deepEqual(
      found.map((d) => [d.line, d.column, d.message.split(':')[0]]),
      [
        [2, 25, 'Variable "missing" is not defined'],
        [2, 39, 'Variable "other" is not defined'],
        [5, 9, 'No request is named "login" (# @name login)'],
        [6, 7, 'No request is named "nope" (# @name nope)'],
      ],
    );
    assert.ok(found.every((d) => d.severity === 'warning' && d.endColumn !== undefined && d.endColumn > d.column));
  });

  it('stays fast on a 1 MB line of blanks after an unclosed {{ (the editor runs this on every change)', () => {
    for (const text of [`GET /x?q={{${' '.repeat(1_000_000)}`, `X-A: ${'{{ '.repeat(300_000)}`, `X-B: {{ spaced }}${' '.repeat(1_000_000)}{{`]) {
      const started = performance.now();
      const found = unresolvedVariables(text, parseHttpFile(text), []);
      assert.ok(performance.now() - started < 2_000, `${Math.round(performance.now() - started)} ms`);
      assert.ok(found.length <= 1);
    }
    assert.deepEqual(unresolvedVariables('X: {{ spaced }}', parseHttpFile('X: {{ spaced }}'), []).map((d) => [d.column, d.endColumn]), [[3, 15]]);
  });

  it('knows named requests for chaining', () => {
    const text = '# @name login\nPOST {{baseUrl}}/login\n\n###\nGET {{baseUrl}}/x\nAuthorization: Bearer {{login.response.body.$.t}}\n';
    assert.deepEqual(unresolvedVariables(text, parseHttpFile(text), []), []);
  });

  it('knows named requests for chaining however many names a file refers to', () => {
    const names = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const requests = names.map((name) => `### ${name}\n# @name ${name}\nGET {{baseUrl}}/${name}\n`).join('');
    const uses = [...names, 'missing', ...names, 'gone'].map((name, i) => `X-${i}: {{${name}.response.body.id}}`).join('\n');
    const text = `${requests}###\nGET {{baseUrl}}/last\n${uses}\n`;
    assert.deepEqual(
      unresolvedVariables(text, parseHttpFile(text), []).map((d) => d.message.split(' (')[0]),
      ['No request is named "missing"', 'No request is named "gone"'],
    );
  });
});

function response(overrides: Partial<HttpResponse> = {}): HttpResponse {
  const text = overrides.text ?? '{"ok":true,"n":[1,2]}';
  return {
    status: 200,
    reason: 'OK',
    httpVersion: '1.1',
    headers: [{ name: 'content-type', value: 'application/json' }],
    body: Buffer.from(text),
    text,
    contentType: 'application/json',
    size: { decodedBytes: Buffer.byteLength(text), rawBytes: Buffer.byteLength(text) },
    truncated: false,
    encoding: { codings: [], decoded: true },
    timings: { totalMs: 12.4, ttfbMs: 10 },
    url: 'http://127.0.0.1:1/api/v6/services/_emulator/echo',
    redirects: [],
    method: 'POST',
    requestUrl: 'http://127.0.0.1:1/api/v6/services/_emulator/echo',
    requestHeaders: [{ name: 'x-auth-token', value: '«redacted»' }],
    injectedHeaders: ['x-auth-token', 'platform', 'uuid'],
    notes: [],
    ...overrides,
  };
}

describe('response view model', () => {
  it('shapes status, time, size, injected header names and pretty JSON', () => {
    const model = responseViewModel(response(), { id: 'r1', sentAs: 'CASHIER (cashier)' });
    assert.equal(model.statusClass, 'success');
    assert.equal(model.timeMs, 12);
    assert.equal(model.size, '21 B');
    assert.deepEqual(model.injectedHeaders, ['x-auth-token', 'platform', 'uuid']);
    assert.equal(model.body.pretty, '{\n  "ok": true,\n  "n": [\n    1,\n    2\n  ]\n}');
    assert.equal(model.title, '200 POST /api/v6/services/_emulator/echo');
    assert.equal(model.sentAs, 'CASHIER (cashier)');
    assert.ok(!JSON.stringify(model).includes('eyJ'), 'no token-shaped value');
    assert.equal(model.body.masked, false);
  });

  it('masks token-shaped values in the body and the response headers (an echo, a login response)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
    const model = responseViewModel(response({ text: JSON.stringify({ headers: { 'x-auth-token': jwt } }), headers: [{ name: 'x-echo', value: `Bearer ${jwt}` }] }), { id: 'r3' });
    assert.ok(!JSON.stringify(model).includes(jwt));
    assert.equal(model.body.masked, true);
    assert.match(model.body.pretty ?? '', /"x-auth-token": "‹redacted›"/);
    assert.equal(model.headers[0]!.value, 'Bearer ‹redacted›');
    assert.ok(model.notes.some((note) => /masked/.test(note)));
  });

  it('colours statuses by class', () => {
    assert.deepEqual([101, 204, 302, 403, 503].map(statusClass), ['informational', 'success', 'redirect', 'clientError', 'serverError']);
  });

  it('cuts the text sent to the page and marks it; never pretty-prints a cut body', () => {
    const big = `[${'1,'.repeat(100)}1]`;
    const body = shapeBody(big, 'application/json', false, 50);
    assert.equal(body.text.length, 50);
    assert.equal(body.cutForView, true);
    assert.equal(body.pretty, undefined);
    const truncated = responseViewModel(response({ text: '{"a":', truncated: true }), { id: 'r2' });
    assert.equal(truncated.body.truncated, true);
    assert.ok(truncated.notes.some((note) => /cut at/.test(note)));
  });

  it('masks a password echoed in a body, even one that is not token-shaped, raw and pretty', () => {
    const body = shapeBody('{"email":"a@b.c","currentPassword":"PQW7ERMP"}', 'application/json', false);
    assert.ok(!body.text.includes('PQW7ERMP') && !body.pretty?.includes('PQW7ERMP'), body.text);
    assert.match(body.pretty ?? '', /"email": "a@b\.c"/);
    assert.equal(body.masked, true);
  });

  it('shows non-JSON and invalid JSON as written', () => {
    assert.equal(shapeBody('hello', 'text/plain', false).pretty, undefined);
    assert.equal(shapeBody('{nope', 'application/json', false).pretty, undefined);
    assert.equal(shapeBody('[1]', undefined, false).pretty, '[\n  1\n]');
  });

  it('formats sizes', () => {
    assert.deepEqual([0, 1023, 1536, 5 * 1024 * 1024].map(formatBytes), ['0 B', '1023 B', '1.5 KB', '5.0 MB']);
  });

  it('builds the matrix rows with pass/fail, hints and clickable rows', () => {
    const cells: RoleRunResult[] = [
      { profile: 'manager', role: 'MANAGER', status: 200, elapsedMs: 5.2, size: 120, expected: 200, pass: true },
      { profile: 'cashier', role: 'CASHIER', status: 403, elapsedMs: 3, size: 80, expected: 200, pass: false },
      { profile: 'agent', role: 'AGENT', error: 'Not signed in' },
    ];
    const model = matrixViewModel('m1', { method: 'GET', url: '{{baseUrl}}/x' }, cells, { hints: [undefined, 'CASHIER will likely get 403'], hasResponse: [true, true, false] });
    assert.deepEqual(
      model.rows.map((row) => [row.status, row.statusClass, row.time, row.result, row.hasResponse]),
      [
        ['200', 'success', '5 ms', 'pass', true],
        ['403', 'clientError', '3 ms', 'fail', true],
        ['error', undefined, '–', '', false],
      ],
    );
    assert.equal(model.rows[1]!.hint, 'CASHIER will likely get 403');
    assert.equal(model.passed, false);
    assert.equal(model.hasExpectations, true);
  });

  it('marks the roles sent without ("Send Without Them") as signed out, not as errors, unless they got an answer', () => {
    const cells: RoleRunResult[] = [
      { profile: 'manager', role: 'MANAGER', error: 'Not signed in' },
      { profile: 'agent', role: 'AGENT', status: 200, elapsedMs: 4, size: 10 },
      { profile: 'cashier', role: 'CASHIER', error: 'Not signed in' },
    ];
    const model = matrixViewModel('m2', { method: 'GET', url: '{{baseUrl}}/x' }, cells, { notSent: [true, true, false] });
    assert.deepEqual(
      model.rows.map((row) => [row.status, row.statusClass, row.notSent]),
      [
        ['signed out', undefined, true],
        ['200', 'success', undefined],
        ['error', undefined, undefined],
      ],
    );
    assert.equal(model.rows[0]!.error, 'Not signed in');
  });

  it('accepts only well-formed page messages', () => {
    assert.ok(isPageToHost({ type: 'ready' }));
    assert.ok(isPageToHost({ type: 'openCell', id: 'm1', index: 2 }));
    assert.ok(!isPageToHost({ type: 'openCell', id: 'm1', index: -1 }));
    assert.ok(!isPageToHost({ type: 'save' }));
    assert.ok(!isPageToHost({ type: 'run', id: 'x' }));
    assert.ok(!isPageToHost(null));
  });
});
