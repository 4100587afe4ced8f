import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { dispatch } from '../../src/sandbox/dispatch';
import { resolveOptions } from '../../src/sandbox/options';
import { createState } from '../../src/sandbox/state';
import { call, login, loginCall, refreshCall, sandboxFor } from './sandboxHelpers';

/** Sends raw bytes on a fresh socket and returns everything the server wrote back. */
function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.end(bytes);
  });
}

describe('sandbox emulator helpers', () => {
  test('echo returns method, path, query, headers and body exactly as received, without auth or FinCode headers', async (t) => {
    const sandbox = await sandboxFor(t);
    const body = '{"not": "parsed", "x": [1,2]}  ';
    const response = await fetch(`${sandbox.sandboxBaseUrl}/_emulator/echo/deep/path?a=1&a=2&b=%20x&__proto__=p`, {
      method: 'PATCH',
      headers: { 'x-auth-token': 'abc.def.ghi', 'content-type': 'text/plain', 'x-custom': 'Value With Spaces' },
      body,
    });
    assert.equal(response.status, 200);
    const echoed = (await response.json()) as Record<string, unknown>;
    assert.equal(echoed.emulator, true);
    assert.equal(echoed.method, 'PATCH');
    assert.equal(echoed.path, '/sandbox/api/v6/services/_emulator/echo/deep/path');
    assert.deepEqual(echoed.query, { a: ['1', '2'], b: ' x', ['__proto__']: 'p' });
    assert.equal(echoed.body, body);
    const headers = echoed.headers as Record<string, string>;
    assert.equal(headers['x-auth-token'], 'abc.def.ghi');
    assert.equal(headers['x-custom'], 'Value With Spaces');
    assert.equal(headers['content-type'], 'text/plain');
    const bare = await call(sandbox.baseUrl, '_emulator/echo', { headers: {} });
    assert.deepEqual([bare.status, bare.body.method, bare.body.body], [200, 'GET', '']);
  });

  test('counters count served logins, failed logins, refreshes, failed refreshes and logouts', async (t) => {
    const sandbox = await sandboxFor(t);
    const zero = await call(sandbox.baseUrl, '_emulator/counters', { headers: {} });
    assert.deepEqual(zero.body, { emulator: true, logins: 0, failedLogins: 0, refreshes: 0, failedRefreshes: 0, logouts: 0 });
    const session = await login(sandbox.baseUrl, 'MANAGER');
    await login(sandbox.baseUrl, 'CUSTOMER');
    await loginCall(sandbox.baseUrl, 'nobody@example.com', 'Password@1');
    await loginCall(sandbox.baseUrl, DOCUMENTED_SANDBOX_USERS[0]?.email ?? '', 'short');
    const refreshed = await refreshCall(sandbox.baseUrl, session.refresh_token);
    await refreshCall(sandbox.baseUrl, 'def50200unknown');
    await call(sandbox.baseUrl, 'securitymanagement/refresh', { method: 'POST', body: {} });
    await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: refreshed.body.access_token });
    const counted = await call(sandbox.sandboxBaseUrl, '_emulator/counters');
    assert.deepEqual(counted.body, { emulator: true, logins: 2, failedLogins: 2, refreshes: 1, failedRefreshes: 2, logouts: 1 });
  });

  test('GET / describes the sandbox: both base URLs and the routes', async (t) => {
    const sandbox = await sandboxFor(t);
    const response = await fetch(`${sandbox.url}/`);
    const root = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200);
    assert.equal(root.base_url, sandbox.baseUrl);
    assert.equal(root.sandbox_base_url, sandbox.sandboxBaseUrl);
    const routes = root.routes as { method: string; path: string }[];
    for (const expected of ['PUT securitymanagement/login', 'POST securitymanagement/refresh', 'POST securitymanagement/logout', 'GET _emulator/counters']) {
      assert.ok(routes.some((route) => `${route.method} ${route.path}` === expected), expected);
    }
    assert.ok(Array.isArray(root.demo_endpoints));
  });
});

describe('sandbox robustness', () => {
  test('bad JSON → 400 JSON; wrong method → 405 with Allow; unknown paths → 404 JSON', async (t) => {
    const sandbox = await sandboxFor(t);
    const badJson = await call(sandbox.baseUrl, 'securitymanagement/login', { method: 'PUT', body: '{"email": ' });
    assert.deepEqual([badJson.status, badJson.body], [400, { error: 'validation', message: 'Request body is not valid JSON' }]);
    const wrongMethod = await call(sandbox.baseUrl, 'securitymanagement/login', { method: 'GET' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'PUT');
    assert.equal(wrongMethod.body.error, 'method_not_allowed');
    const tokens = await call(sandbox.baseUrl, '_emulator/api-tokens', { method: 'PATCH' });
    assert.equal(tokens.headers.get('allow'), 'POST, GET');
    const rootPost = await fetch(`${sandbox.url}/`, { method: 'POST' });
    assert.equal(rootPost.status, 405);
    for (const path of ['nope', 'securitymanagement/login/extra', '_emulator', '']) {
      const unknown = await call(sandbox.baseUrl, path);
      assert.deepEqual([unknown.status, unknown.body.error], [404, 'not_found'], path);
      assert.match(unknown.headers.get('content-type') ?? '', /^application\/json/);
    }
    for (const url of [`${sandbox.url}/api/v6`, `${sandbox.url}/api/v6/servicesX/securitymanagement/login`, `${sandbox.url}/favicon.ico`]) {
      const response = await fetch(url);
      assert.equal(response.status, 404, url);
      assert.equal((await response.json() as Record<string, unknown>).error, 'not_found');
    }
    const trailingSlash = await call(sandbox.baseUrl, 'securitymanagement/login/', { method: 'PUT', body: { email: 'a@b.c', currentPassword: 'Password@1' } });
    assert.equal(trailingSlash.status, 404, 'a trailing slash names the same route: unknown e-mail, not unknown path');
    assert.equal(trailingSlash.body.error, 'user_not_found');
  });

  test('a body over 1 MB → 413, announced or streamed; the server keeps answering', async (t) => {
    const sandbox = await sandboxFor(t);
    const big = JSON.stringify({ email: 'x'.repeat(1024 * 1024 + 10), currentPassword: 'Password@1' });
    const announced = await call(sandbox.baseUrl, 'securitymanagement/login', { method: 'PUT', body: big });
    assert.deepEqual([announced.status, announced.body.error], [413, 'payload_too_large']);
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 6; index += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await fetch(`${sandbox.baseUrl}/_emulator/echo`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(((await streamed.json()) as Record<string, unknown>).error, 'payload_too_large');
    const justUnder = await call(sandbox.baseUrl, '_emulator/echo', { method: 'POST', body: 'y'.repeat(1024 * 1024), headers: {} });
    assert.equal(justUnder.status, 200);
    assert.equal((await login(sandbox.baseUrl, 'AGENT')).user.role, 'AGENT');
  });

  test('an exception inside request handling becomes a 500 JSON reply', async () => {
    const state = createState(resolveOptions({}));
    const exploding = {
      method: 'GET',
      headers: {},
      get url(): string {
        throw new Error('boom');
      },
    } as unknown as IncomingMessage;
    const reply = await dispatch(state, exploding, 'http://127.0.0.1:1');
    assert.deepEqual(reply, { status: 500, body: { error: 'internal_error', message: 'The sandbox failed to handle this request' } });
  });

  test('malformed HTTP gets a JSON 400 and the server lives on', async (t) => {
    const sandbox = await sandboxFor(t);
    const answer = await rawRequest(sandbox.port, 'THIS IS NOT HTTP\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /content-type: application\/json/i);
    assert.match(answer, /"error":"bad_request"/);
    const huge = await rawRequest(sandbox.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(huge, /^HTTP\/1\.1 431 /);
    assert.equal((await fetch(`${sandbox.url}/`)).status, 200);
  });

  test('fuzz: random bodies, odd headers and garbage paths never break it; every answer is JSON', async (t) => {
    const sandbox = await sandboxFor(t);
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    const paths = [
      'securitymanagement/login',
      'securitymanagement/refresh',
      'securitymanagement/logout',
      '_emulator/api-tokens/%ZZ',
      '_emulator/demo/transactions/%00',
      '_emulator/demo/transactions/a%2Fb/refund',
      '..%2F..%2Fetc%2Fpasswd',
      '_emulator/demo/../../x',
      'securitymanagement//login',
      encodeURIComponent('ü€😀'),
    ];
    const headerSets: Record<string, string>[] = [
      { platform: 'fincode', uuid: '200', 'content-type': 'application/json' },
      { platform: 'fincode', uuid: '200', 'content-type': 'application/json; charset=utf-8', 'x-auth-token': 'a.b.c' },
      { platform: 'FINCODE', uuid: ' 200 ', 'content-type': 'APPLICATION/JSON' },
      { platform: 'fincode', uuid: '200', 'content-type': 'application/json', authorization: 'Bearer' },
      { platform: 'fincode', uuid: '200', 'content-type': 'multipart/form-data; boundary=x', 'x-auth-token': '....' },
    ];
    for (let index = 0; index < 120; index += 1) {
      const method = methods[index % methods.length] ?? 'GET';
      const path = paths[index % paths.length] ?? '';
      const headers = headerSets[index % headerSets.length] ?? {};
      const body = method === 'GET' || method === 'OPTIONS' ? undefined : randomBytes(index * 7);
      const response = await fetch(`${sandbox.baseUrl}/${path}`, { method, headers, ...(body ? { body } : {}) });
      assert.ok(response.status >= 200 && response.status < 500, `${method} ${path}: ${response.status}`);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
      const text = await response.text();
      if (response.status !== 204) JSON.parse(text);
    }
    for (const garbage of [randomBytes(64), Buffer.from('GET /\x00\x01 HTTP/1.1\r\n\r\n'), Buffer.from('POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n')]) {
      await rawRequest(sandbox.port, garbage);
    }
    assert.equal((await login(sandbox.baseUrl, 'CUSTOMER')).user.customer_id, 'cust_202', 'still answers after the fuzz');
  });

  test('the request log is one line per request and never contains a password or token', async (t) => {
    const lines: string[] = [];
    const sandbox = await sandboxFor(t, { log: (line) => lines.push(line) });
    const session = await login(sandbox.baseUrl, 'CASHIER');
    const refreshed = await refreshCall(sandbox.baseUrl, session.refresh_token, session.access_token);
    await call(sandbox.baseUrl, `_emulator/echo?token=${session.access_token}&password=PQW7ERMP`, { headers: {} });
    await loginCall(sandbox.baseUrl, session.user.email, 'WrongPassword1');
    await call(sandbox.baseUrl, 'securitymanagement/logout', { method: 'POST', token: refreshed.body.access_token });
    await rawRequest(sandbox.port, 'NOT HTTP\r\n\r\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0] ?? '', /^PUT \/api\/v6\/services\/securitymanagement\/login 200 \d+ms$/);
    assert.match(lines[2] ?? '', /^GET \/api\/v6\/services\/_emulator\/echo 200 \d+ms$/);
    assert.match(lines[3] ?? '', / 401 \d+ms$/);
    const secrets = [
      ...DOCUMENTED_SANDBOX_USERS.map((user) => user.password),
      'WrongPassword1',
      session.access_token,
      session.refresh_token,
      refreshed.body.access_token,
      refreshed.body.refresh_token,
    ];
    for (const line of lines) {
      for (const secret of secrets) assert.ok(!line.includes(secret), `log line leaks a secret: ${line}`);
      assert.ok(!line.includes('eyJ'), line);
    }
  });
});
