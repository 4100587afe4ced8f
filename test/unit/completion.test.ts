// Completion and hover decisions for .http files (src/core/http/completions.ts), from a line and a column.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENTED_ENDPOINTS, ENDPOINTS } from '../../src/core/fincode/endpoints';
import { ROLES } from '../../src/core/fincode/roles';
import { completionsAt, hoverAt, SYSTEM_VARIABLES } from '../../src/core/http/completions';

/** The completions with the cursor at the end of `line`. */
const at = (line: string, inputs = {}) => completionsAt(line, line.length, inputs);
const labels = (line: string, inputs = {}) => at(line, inputs)?.items.map((item) => item.label);

describe('completion: FinCode paths after {{baseUrl}}/', () => {
  it('offers every endpoint path once, documented ones first, replacing what was typed after the slash', () => {
    const line = 'GET {{baseUrl}}/';
    const result = at(line);
    assert.equal(result?.kind, 'path');
    assert.equal(result.replaceStart, line.length);
    const paths = new Set(ENDPOINTS.map((endpoint) => endpoint.path));
    assert.deepEqual(new Set(result.items.map((item) => item.label)), paths);
    assert.equal(result.items.length, paths.size);
    const order = (text: string) => [...at(text)!.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((item) => item.label);
    assert.deepEqual(order('{{baseUrl}}/').slice(0, DOCUMENTED_ENDPOINTS.length), DOCUMENTED_ENDPOINTS.map((endpoint) => endpoint.path));
    // Among them, those the line's method can call come first.
    assert.equal(order('GET {{baseUrl}}/')[0], 'admin/organisation-preference-management/fetch-organisaction-preference');
    assert.equal(order('PUT {{baseUrl}}/')[0], 'securitymanagement/login');
    assert.equal(at('PUT {{baseUrl}}/securitym')?.replaceStart, 'PUT {{baseUrl}}/'.length);
    assert.equal(at('{{ baseUrl }}/_emulator/demo/')?.replaceStart, '{{ baseUrl }}/'.length);
  });

  it('names the methods and whether it is FinCode or the local sandbox', () => {
    const items = at('GET {{baseUrl}}/')!.items;
    const login = items.find((item) => item.label === 'securitymanagement/login')!;
    assert.match(login.detail, /^PUT — FinCode API: Login$/);
    const transactions = items.find((item) => item.label === '_emulator/demo/transactions')!;
    assert.match(transactions.detail, /^POST · GET — local sandbox only/);
    assert.match(transactions.detail, /View All Transactions/, 'the GET endpoint is described for a GET line');
  });

  it('puts {id} and the echo rest as snippet placeholders', () => {
    const items = at('PATCH {{baseUrl}}/')!.items;
    const update = items.find((item) => item.label === '_emulator/demo/transactions/{id}')!;
    assert.equal(update.snippet, true);
    assert.equal(update.insertText, '_emulator/demo/transactions/${1:id}');
    const echo = items.find((item) => item.label === '_emulator/echo/*')!;
    assert.equal(echo.insertText, '_emulator/echo/${1:anything}');
    assert.equal(items.find((item) => item.label === 'securitymanagement/login')!.snippet, undefined);
  });

  it('not after another host, a query or on a header line', () => {
    assert.equal(at('GET https://example.com/'), undefined);
    assert.equal(at('GET {{baseUrl}}/x?y=/'), undefined);
    assert.equal(at('Referer: {{baseUrl}}/'), undefined);
    assert.equal(at('GET {{baseUrl}}/a b/'), undefined);
  });
});

describe('completion: annotations', () => {
  it('after "# @" and "// @", with our annotations and @name', () => {
    for (const line of ['# @', '// @', '  #  @', '# @ro']) {
      const result = at(line);
      assert.equal(result?.kind, 'annotation', line);
      assert.deepEqual(result.items.map((item) => item.label), ['@name', '@profile', '@role', '@no-auth', '@expect']);
    }
    assert.equal(at('# @ro')!.replaceStart, 3);
    assert.equal(at('# @')!.items.find((item) => item.label === '@no-auth')!.insertText, 'no-auth');
    assert.equal(at('# @')!.items.find((item) => item.label === '@role')!.insertText, 'role ');
  });

  it('not in the middle of other text', () => {
    assert.equal(at('GET {{baseUrl}}/x # @'), undefined);
    assert.equal(at('# a comment @'), undefined);
    assert.equal(at('@'), undefined);
  });
});

describe('completion: roles', () => {
  it('after "# @role "', () => {
    assert.deepEqual(labels('# @role '), [...ROLES]);
    assert.deepEqual(at('// @role CA')?.replaceStart, '// @role '.length);
    assert.equal(at('# @role ')!.items[0]!.insertText, 'MANAGER');
  });

  it('in "# @expect " as ROLE=, leaving out roles already given', () => {
    assert.deepEqual(labels('# @expect '), [...ROLES]);
    assert.equal(at('# @expect ')!.items[0]!.insertText, 'MANAGER=');
    assert.deepEqual(labels('# @expect MANAGER=200 '), ['AGENT', 'CASHIER', 'CUSTOMER']);
    assert.deepEqual(labels('# @expect MANAGER=200,CA'), ['AGENT', 'CASHIER', 'CUSTOMER']);
    assert.equal(at('# @expect MANAGER=200,CA')!.replaceStart, '# @expect MANAGER=200,'.length);
    assert.equal(at('# @expect MANAGER='), undefined, 'a status is typed there');
  });
});

describe('completion: variables inside {{', () => {
  it('offers file variables, baseUrl, request chaining and the system variables', () => {
    const result = at('GET {{', { fileVariables: ['customerId', 'customerId', 'host'], requestNames: ['login'] });
    assert.equal(result?.kind, 'variable');
    assert.equal(result.replaceStart, 'GET {{'.length);
    assert.deepEqual(result.items.map((item) => item.label), [
      'customerId',
      'host',
      'baseUrl',
      'login.response.body.$',
      ...SYSTEM_VARIABLES.map((variable) => variable.name),
    ]);
    assert.deepEqual(SYSTEM_VARIABLES.map((variable) => variable.name), ['$guid', '$randomInt', '$timestamp', '$datetime', '$localDatetime', '$processEnv', '$dotenv']);
  });

  it('anywhere a {{ is open: URL, header, body, annotation; not after it closed', () => {
    assert.equal(at('X-Id: {{$gu')?.replaceStart, 'X-Id: {{'.length);
    assert.equal(at('  "id": "{{ cust')?.kind, 'variable');
    assert.equal(at('GET {{baseUrl}}/x/{{')?.kind, 'variable');
    assert.equal(at('GET {{baseUrl}}'), undefined);
    assert.equal(at('GET {{base url'), undefined);
    // {{baseUrl}} completes as a variable before the path is typed.
    assert.equal(at('GET {{ba')?.kind, 'variable');
  });
});

describe('hover: a FinCode path on a request line', () => {
  const line = 'PUT {{baseUrl}}/securitymanagement/login';
  it('finds the endpoint and the URL range when the cursor is on the URL', () => {
    const hover = hoverAt(line, 20);
    assert.ok(hover);
    assert.deepEqual(hover.endpoints.map((endpoint) => endpoint.id), ['fincode:login']);
    assert.deepEqual([hover.start, hover.end], [4, line.length]);
    assert.equal(hoverAt(line, 1), undefined, 'not on the method');
    assert.ok(hoverAt(line, line.length));
  });

  it('shows every endpoint at the path when the method does not match one', () => {
    const hover = hoverAt('DELETE {{baseUrl}}/_emulator/demo/transactions', 10);
    assert.deepEqual(hover?.endpoints.map((endpoint) => endpoint.method), ['POST', 'GET']);
    assert.equal(hoverAt('GET {{baseUrl}}/_emulator/demo/transactions/txn_1', 10)?.endpoints.length, 1);
  });

  it('nothing for unknown paths, other hosts, comments or headers', () => {
    assert.equal(hoverAt('GET {{baseUrl}}/nothing/here', 10), undefined);
    assert.equal(hoverAt('GET https://example.com/securitymanagement/login', 10), undefined);
    assert.equal(hoverAt('# PUT {{baseUrl}}/securitymanagement/login', 10), undefined);
    assert.equal(hoverAt('Host: {{baseUrl}}/securitymanagement/login', 10), undefined);
  });

  it('a full services URL works too', () => {
    const url = 'GET https://remitjunction.fincode.software/api/v6/services/admin/organisation-preference-management/fetch-organisaction-preference HTTP/1.1';
    assert.equal(hoverAt(url, 10)?.endpoints[0]?.id, 'fincode:organisation-preference');
  });
});
