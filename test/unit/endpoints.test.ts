// The endpoint table: the documented endpoints agree with the FinCode documents (copies in
// test/fixtures), the demo endpoints' roles follow the permission matrix through demoAccess,
// ready requests parse back to the same request, and paths map back to their endpoint.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DOCUMENTED_ENDPOINTS,
  ENDPOINTS,
  SANDBOX_ENDPOINTS,
  endpointById,
  endpointForPath,
  endpointMarkdown,
  endpointsAtPath,
  relativePath,
  requestMethod,
  requestText,
  rolesSummary,
  whoMayCall,
} from '../../src/core/fincode/endpoints';
import { PERMISSION_MATRIX, ROLES } from '../../src/core/fincode/roles';
import { parseHttpFile } from '../../src/core/http/parser';
import { DEMO_ENDPOINTS, demoAccess } from '../../src/core/fincode/demoEndpoints';
import { ROUTE_SUMMARIES } from '../../src/sandbox/server';
import { insertionAt } from '../../src/vscode/endpoints/requestInsertion';

const GUIDE = readFileSync('test/fixtures/fincode-authentication-guide.txt', 'utf8');
const LOGIN_DOC = readFileSync('test/fixtures/fincode-login-endpoint.txt', 'utf8');
const GUIDE_PREFIX = 'https://{domain}.fincode.software/api/v6/services/';

/** The HTTP method the guide uses right before its first mention of the endpoint's URL. */
function guideMethod(path: string): string | undefined {
  const at = GUIDE.indexOf(`${GUIDE_PREFIX}${path}`);
  if (at < 0) return undefined;
  const before = GUIDE.slice(Math.max(0, at - 80), at);
  const found = [...before.matchAll(/curl -X (\w+)|axios \. (\w+) \(/g)].at(-1);
  return (found?.[1] ?? found?.[2])?.toUpperCase();
}

const byPath = (path: string) => DOCUMENTED_ENDPOINTS.find((endpoint) => endpoint.path === path)!;

describe('endpoints: the documented FinCode endpoints', () => {
  it('are exactly login, refresh, logout and the organisation preference, with the guide\'s methods and URLs', () => {
    assert.deepEqual(
      DOCUMENTED_ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.path}`),
      [
        'PUT securitymanagement/login',
        'POST securitymanagement/refresh',
        'POST securitymanagement/logout',
        'GET admin/organisation-preference-management/fetch-organisaction-preference',
      ],
    );
    for (const endpoint of DOCUMENTED_ENDPOINTS) {
      assert.equal(guideMethod(endpoint.path), endpoint.method, `the guide calls ${endpoint.path} with ${endpoint.method}`);
      assert.equal(endpoint.localOnly, false);
      assert.equal(endpoint.group, 'documented');
    }
  });

  it('login: PUT without a token, body {email, currentPassword} as the login document lists it', () => {
    const login = byPath('securitymanagement/login');
    assert.match(LOGIN_DOC, /^PUT\n\/\nsecuritymanagement\n\/\nlogin$/m);
    assert.equal(login.auth, 'none');
    assert.deepEqual(login.bodyFields, ['email', 'currentPassword']);
    assert.deepEqual(Object.keys(login.exampleBody ?? {}), ['email', 'currentPassword']);
    const documentedFields = LOGIN_DOC.slice(LOGIN_DOC.indexOf('Request Body'), LOGIN_DOC.indexOf('Code Examples'));
    for (const field of login.bodyFields) assert.match(documentedFields, new RegExp(`^${field}$`, 'm'));
    assert.ok(LOGIN_DOC.includes(login.description.slice(0, 80)), 'the description is the document\'s');
    assert.deepEqual(whoMayCall(login), { MANAGER: 'yes', AGENT: 'yes', CASHIER: 'yes', CUSTOMER: 'yes' });
  });

  it('refresh: POST with {refresh_token} and the access token as X-Auth-Token', () => {
    const refresh = byPath('securitymanagement/refresh');
    const snippet = GUIDE.slice(GUIDE.indexOf(`${GUIDE_PREFIX}securitymanagement/refresh`), GUIDE.indexOf('return response . data', GUIDE.indexOf('securitymanagement/refresh')));
    assert.match(snippet, /refresh_token: refreshToken/);
    assert.match(snippet, /'X-Auth-Token'/);
    assert.deepEqual(refresh.bodyFields, ['refresh_token']);
    assert.equal(refresh.auth, 'token');
    assert.match(refresh.authNote, /X-Auth-Token/);
  });

  it('logout: POST with an empty body and X-Auth-Token; the organisation preference: GET for any authenticated role', () => {
    const logout = byPath('securitymanagement/logout');
    const snippet = GUIDE.slice(GUIDE.indexOf(`${GUIDE_PREFIX}securitymanagement/logout`), GUIDE.indexOf('Security Best Practices'));
    assert.match(snippet, /\{\},/);
    assert.match(snippet, /'X-Auth-Token'/);
    assert.deepEqual(logout.exampleBody, {});
    assert.equal(logout.auth, 'token');
    const preference = byPath('admin/organisation-preference-management/fetch-organisaction-preference');
    assert.equal(preference.auth, 'token');
    assert.equal(preference.exampleBody, undefined);
    assert.deepEqual(whoMayCall(preference), { MANAGER: 'yes', AGENT: 'yes', CASHIER: 'yes', CUSTOMER: 'yes' });
  });

  it('are all served by the local sandbox with the same method and auth', () => {
    for (const endpoint of DOCUMENTED_ENDPOINTS) {
      const route = ROUTE_SUMMARIES.find((summary) => summary.method === endpoint.method && summary.path === endpoint.path);
      assert.ok(route, `${endpoint.method} ${endpoint.path} is a sandbox route`);
      // The sandbox takes refresh without a token (the refresh token authenticates); the guide sends one anyway.
      if (endpoint.path !== 'securitymanagement/refresh') assert.equal(route.auth, endpoint.auth === 'token', endpoint.path);
    }
  });
});

describe('endpoints: the local sandbox emulator endpoints', () => {
  it('list every demo endpoint with roles from demoAccess, plus echo and counters, all marked local only', () => {
    for (const demo of DEMO_ENDPOINTS) {
      const endpoint = SANDBOX_ENDPOINTS.find((candidate) => candidate.method === demo.method && candidate.path === demo.path);
      assert.ok(endpoint, `${demo.method} ${demo.path}`);
      assert.equal(endpoint.localOnly, true);
      assert.equal(endpoint.matrixRow?.id, demo.capability);
      for (const role of ROLES) assert.equal(whoMayCall(endpoint)[role], demoAccess(demo, role), `${demo.path} as ${role}`);
      assert.match(endpoint.description, /Local sandbox only/);
    }
    assert.deepEqual(
      SANDBOX_ENDPOINTS.filter((endpoint) => !endpoint.matrixRow).map((endpoint) => `${endpoint.method} ${endpoint.path}`),
      ['ANY _emulator/echo/*', 'GET _emulator/counters'],
    );
    assert.equal(SANDBOX_ENDPOINTS.length, DEMO_ENDPOINTS.length + 2);
    assert.ok(SANDBOX_ENDPOINTS.every((endpoint) => endpoint.localOnly && endpoint.path.startsWith('_emulator/')));
  });

  it('cover every row of the permission matrix, access as in the matrix except the own-permission grant', () => {
    const rows = new Set(SANDBOX_ENDPOINTS.flatMap((endpoint) => (endpoint.matrixRow ? [endpoint.matrixRow.id] : [])));
    assert.deepEqual([...rows].sort(), PERMISSION_MATRIX.map((row) => row.id).sort());
    const listTransactions = endpointForPath('GET', '_emulator/demo/transactions')!;
    assert.deepEqual(whoMayCall(listTransactions), { MANAGER: 'yes', AGENT: 'yes', CASHIER: 'no', CUSTOMER: 'own' });
    const createTransaction = endpointForPath('POST', '_emulator/demo/transactions')!;
    assert.deepEqual(whoMayCall(createTransaction), PERMISSION_MATRIX.find((row) => row.id === 'createTransactions')!.access);
  });

  it('have unique ids and names', () => {
    assert.equal(new Set(ENDPOINTS.map((endpoint) => endpoint.id)).size, ENDPOINTS.length);
    assert.equal(new Set(ENDPOINTS.map((endpoint) => endpoint.name)).size, ENDPOINTS.length);
    for (const endpoint of ENDPOINTS) assert.equal(endpointById(endpoint.id), endpoint);
  });
});

describe('endpoints: requestText', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.path} parses back to the same request`, () => {
      const text = requestText(endpoint);
      const parsed = parseHttpFile(text);
      assert.deepEqual(parsed.diagnostics, []);
      assert.equal(parsed.requests.length, 1);
      const request = parsed.requests[0]!;
      assert.equal(request.method, requestMethod(endpoint));
      assert.equal(request.title, endpoint.title);
      assert.equal(request.name, endpoint.name);
      assert.equal(endpointForPath(request.method, request.url), endpoint, request.url);
      assert.equal(request.annotations.noAuth, endpoint.auth === 'none');
      if (endpoint.exampleBody === undefined) assert.equal(request.body, undefined);
      else assert.deepEqual(JSON.parse(request.body!.raw), endpoint.exampleBody);
      if (endpoint.successStatus === undefined) {
        assert.equal(request.annotations.expect, undefined);
      } else {
        const expected = Object.fromEntries(ROLES.map((role) => [role, endpoint.access[role] === 'no' ? 403 : endpoint.successStatus]));
        assert.deepEqual(request.annotations.expect, expected);
      }
    });
  }

  it('writes the login request as the documents show it', () => {
    assert.equal(
      requestText(endpointById('fincode:login')!),
      [
        '### Login',
        '# @name login',
        '# @no-auth',
        'PUT {{baseUrl}}/securitymanagement/login',
        'Content-Type: application/json',
        '',
        '{',
        '  "email": "manager@yourcompany.com",',
        '  "currentPassword": "Password@1"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('marks demo requests local-only with the matrix row and # @expect', () => {
    const text = requestText(endpointForPath('GET', '_emulator/demo/transactions')!);
    assert.match(text, /^# Local sandbox only/m);
    assert.match(text, /^# matrix "View All Transactions": MANAGER=yes AGENT=yes CASHIER=no CUSTOMER=own$/m);
    assert.match(text, /^# @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=200$/m);
    assert.match(text, /^GET \{\{baseUrl\}\}\/_emulator\/demo\/transactions$/m);
  });
});

describe('endpoints: endpointForPath', () => {
  const login = endpointById('fincode:login');
  it('takes paths relative to the base URL, with or without {{baseUrl}}, a slash, a query or a full services URL', () => {
    for (const url of [
      'securitymanagement/login',
      '/securitymanagement/login',
      '{{baseUrl}}/securitymanagement/login',
      '{{ baseUrl }}/securitymanagement/login?x=1#top',
      'https://remitjunction.fincode.software/api/v6/services/securitymanagement/login',
      'https://remitjunction.fincode.software/sandbox/api/v6/services/securitymanagement/login/',
      'http://127.0.0.1:8787/api/v6/services/securitymanagement/login',
    ]) {
      assert.equal(endpointForPath('PUT', url), login, url);
    }
    assert.equal(endpointForPath('put', 'securitymanagement/login'), login, 'method case');
  });

  it('needs the right method and the whole path', () => {
    assert.equal(endpointForPath('GET', '{{baseUrl}}/securitymanagement/login'), undefined);
    assert.equal(endpointForPath('PUT', '{{baseUrl}}/securitymanagement/login/extra'), undefined);
    assert.equal(endpointForPath('PUT', '{{baseUrl}}/securitymanagement'), undefined);
    assert.equal(endpointForPath('PUT', '{{otherHost}}/securitymanagement/login'), undefined);
    assert.equal(endpointForPath('PUT', 'https://example.com/securitymanagement/login'), undefined);
    assert.equal(endpointForPath('GET', ''), undefined);
  });

  it('matches {id} to exactly one segment and the echo endpoint to any method and any rest', () => {
    assert.equal(endpointForPath('PATCH', '{{baseUrl}}/_emulator/demo/transactions/txn_1002')?.path, '_emulator/demo/transactions/{id}');
    assert.equal(endpointForPath('POST', '{{baseUrl}}/_emulator/demo/transactions/{{id}}/refund')?.path, '_emulator/demo/transactions/{id}/refund');
    assert.equal(endpointForPath('PATCH', '{{baseUrl}}/_emulator/demo/transactions/'), undefined);
    assert.equal(endpointForPath('PATCH', '{{baseUrl}}/_emulator/demo/transactions/a/b'), undefined);
    assert.equal(endpointForPath('DELETE', '{{baseUrl}}/_emulator/echo/a/b?c=d')?.id, 'sandbox:ANY:_emulator/echo/*');
    assert.equal(endpointForPath('GET', '{{baseUrl}}/_emulator/echo'), undefined);
    assert.deepEqual(endpointsAtPath('{{baseUrl}}/_emulator/demo/transactions').map((endpoint) => endpoint.method), ['POST', 'GET']);
    assert.equal(relativePath('{{baseUrl}}'), '');
  });
});

describe('endpoints: summaries for the view and hovers', () => {
  it('rolesSummary names the allowed roles, then the denied ones with ✗', () => {
    assert.equal(rolesSummary(endpointForPath('GET', '_emulator/demo/transactions')!), 'MANAGER AGENT CUSTOMER (own) · CASHIER ✗');
    assert.equal(rolesSummary(endpointForPath('GET', '_emulator/demo/analytics')!), 'MANAGER AGENT (limited) · CASHIER ✗ CUSTOMER ✗');
    assert.equal(rolesSummary(endpointById('fincode:login')!), 'all roles · no token');
    assert.equal(rolesSummary(endpointById('fincode:logout')!), 'all roles');
    assert.equal(rolesSummary(endpointById('sandbox:GET:_emulator/counters')!), 'no sign-in needed');
  });

  it('endpointMarkdown has the endpoint, its description and a table with one column per role', () => {
    const markdown = endpointMarkdown(endpointForPath('GET', '_emulator/demo/transactions')!);
    assert.match(markdown, /^\*\*GET \\_emulator\/demo\/transactions\*\*/);
    assert.match(markdown, /Local sandbox only/);
    assert.match(markdown, /matrix row "View All Transactions"/);
    const table = markdown.split('\n').slice(-3);
    assert.deepEqual(table, ['| MANAGER | AGENT | CASHIER | CUSTOMER |', '| :---: | :---: | :---: | :---: |', '| ✅ yes | ✅ yes | ❌ no | ✅ own |']);
    assert.match(endpointMarkdown(endpointById('fincode:login')!), /Body: `email`, `currentPassword`/);
  });
});

describe('endpoints: where "Open as Request" inserts', () => {
  const request = requestText(endpointById('fincode:logout')!);
  const body = request.trimEnd();
  const apply = (lines: string[], cursor: number) => {
    const at = insertionAt(lines, cursor, request);
    const target = lines[at.line]!;
    const updated = [...lines];
    updated[at.line] = target.slice(0, at.character) + at.text + target.slice(at.character);
    return updated.join('\n');
  };
  const urls = (text: string) => parseHttpFile(text).requests.map((r) => `${r.method} ${r.url}${r.body ? ' +body' : ''}`);

  it('at a blank cursor line, apart from the text around it', () => {
    assert.deepEqual(insertionAt([''], 0, request), { line: 0, character: 0, text: `${body}\n` });
    assert.deepEqual(insertionAt(['GET a', ''], 1, request), { line: 1, character: 0, text: `\n${body}\n` });
    assert.deepEqual(insertionAt(['GET a', '', '###', 'GET b'], 1, request), { line: 1, character: 0, text: `\n${body}\n` });
    assert.deepEqual(urls(apply(['GET a', '', '###', 'GET b'], 1)), ['GET a', 'POST {{baseUrl}}/securitymanagement/logout +body', 'GET b']);
  });

  it('after a non-blank cursor line; text after it stays its own request', () => {
    assert.deepEqual(insertionAt(['GET a'], 0, request), { line: 0, character: 5, text: `\n\n${body}` });
    assert.deepEqual(urls(apply(['GET a', 'GET b'], 0)), ['GET a', 'POST {{baseUrl}}/securitymanagement/logout +body', 'GET b']);
    assert.deepEqual(urls(apply(['GET a', '', 'GET b'], 1)), ['GET a', 'POST {{baseUrl}}/securitymanagement/logout +body', 'GET b']);
    // Exactly one blank line between the inserted request and a following one.
    assert.equal(apply(['GET a', '', '### b', 'GET b'], 0), `GET a\n\n${body}\n\n### b\nGET b`);
    assert.equal(apply(['GET a', '### b', 'GET b'], 0), `GET a\n\n${body}\n\n### b\nGET b`);
    assert.deepEqual(urls(apply(['### one', 'GET a', '### two', 'GET b'], 1)), ['GET a', 'POST {{baseUrl}}/securitymanagement/logout +body', 'GET b']);
  });
});
