import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { dispatch } from '../../src/sandbox/dispatch';
import { resolveOptions } from '../../src/sandbox/options';
import { createState } from '../../src/sandbox/state';
import { mulberry32 } from '../support/random';
import { call, login, loginCall, refreshCall, sandboxFor } from '../support/sandbox';

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

// Bad input over raw TCP, where no HTTP client tidies it up first. The payloads are seeded:
// SANDBOX_FUZZ_SEED=<seed> replays a run. The sandbox answers each with a 4xx (or closes the
// connection), never a 5xx, never a crash, and afterwards still serves a normal login.
const FUZZ_SEED = Number(process.env.SANDBOX_FUZZ_SEED ?? 20_251_126);
const LOGIN_TARGET = '/api/v6/services/securitymanagement/login';

/** A well-framed login request carrying `body`. */
function loginBytes(body: string | Buffer, contentType = 'application/json'): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = `PUT ${LOGIN_TARGET} HTTP/1.1\r\nHost: x\r\nplatform: fincode\r\nuuid: 200\r\ncontent-type: ${contentType}\r\ncontent-length: ${bytes.length}\r\nconnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

function fuzzPayloads(random: () => number): { name: string; bytes: Buffer }[] {
  const int = (below: number) => Math.floor(random() * below);
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  const head = (lines: string) => Buffer.from(`PUT ${LOGIN_TARGET} HTTP/1.1\r\nHost: x\r\nplatform: fincode\r\nuuid: 200\r\n${lines}\r\n`, 'latin1');
  const depth = 300_000;
  const payloads: { name: string; bytes: Buffer }[] = [
    { name: 'a huge header', bytes: head(`X-Big: ${'a'.repeat(100_000)}\r\n`) },
    { name: '2,000 headers', bytes: head('X-A: b\r\n'.repeat(2000)) },
    { name: 'a 64 KB request line', bytes: Buffer.from(`GET /${'x'.repeat(65_536)} HTTP/1.1\r\n\r\n`) },
    { name: 'NUL and DEL in a header value', bytes: head('X-Bad: a\u0000b\u007f\r\n') },
    { name: 'a space in a header name', bytes: head('Bad Name: x\r\n') },
    { name: 'a header without a colon', bytes: head('NoColon\r\n') },
    { name: 'bytes above 0x7f in a header', bytes: Buffer.concat([head(''), Buffer.from([0x58, 0x3a, 0x20, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a])]) },
    { name: 'Content-Length: -1', bytes: head('Content-Length: -1\r\n') },
    { name: 'Content-Length: abc', bytes: head('Content-Length: abc\r\n') },
    { name: 'two different Content-Lengths', bytes: Buffer.concat([head('Content-Length: 5\r\nContent-Length: 7\r\n'), Buffer.from('{"a":1}')]) },
    { name: 'Content-Length and chunked', bytes: Buffer.concat([head('Content-Length: 4\r\nTransfer-Encoding: chunked\r\n'), Buffer.from('0\r\n\r\n')]) },
    { name: 'a Content-Length far beyond the body', bytes: Buffer.concat([head('Content-Length: 1000\r\ncontent-type: application/json\r\n'), Buffer.from('{"email"')]) },
    { name: 'a Content-Length beyond the cap', bytes: head('Content-Length: 99999999999\r\n') },
    { name: 'chunk size not hex', bytes: Buffer.concat([head('Transfer-Encoding: chunked\r\n'), Buffer.from('ZZ\r\nxx\r\n0\r\n\r\n')]) },
    { name: 'a 2^48 chunk size', bytes: Buffer.concat([head('Transfer-Encoding: chunked\r\n'), Buffer.from('FFFFFFFFFFFF\r\nxx\r\n')]) },
    { name: 'chunks without the last one', bytes: Buffer.concat([head('Transfer-Encoding: chunked\r\ncontent-type: application/json\r\n'), Buffer.from('2\r\n{}\r\n')]) },
    { name: 'an unknown transfer coding', bytes: Buffer.concat([head('Transfer-Encoding: gzip, chunked\r\n'), Buffer.from('0\r\n\r\n')]) },
    { name: 'HTTP/9.9', bytes: Buffer.from(`GET ${LOGIN_TARGET} HTTP/9.9\r\n\r\n`) },
    { name: 'a lone LF request', bytes: Buffer.from(`GET / HTTP/1.1\nHost: x\n\n`) },
    { name: 'invalid JSON', bytes: loginBytes('{"email": "a@b.c", "currentPassword": ') },
    { name: 'JSON with a lone surrogate and NULs', bytes: loginBytes('{"email": "\\ud800\\u0000@x", "currentPassword": "\\u0000"}') },
    { name: 'invalid UTF-8 in JSON', bytes: loginBytes(Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])) },
    { name: `JSON nested ${depth} deep (arrays)`, bytes: loginBytes(`${'['.repeat(depth)}${']'.repeat(depth)}`) },
    { name: 'JSON nested 150000 deep (objects)', bytes: loginBytes(`{"email":${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}}`) },
    { name: 'wrong types', bytes: loginBytes('{"email": 42, "currentPassword": {"$ne": null}}') },
    { name: 'arrays for strings', bytes: loginBytes('{"email": ["a@b.c"], "currentPassword": ["x"]}') },
    { name: 'a JSON array body', bytes: loginBytes('[{"email": "a@b.c"}]') },
    { name: 'JSON null', bytes: loginBytes('null') },
    { name: '__proto__ and constructor keys', bytes: loginBytes('{"__proto__": {"role": "MANAGER"}, "constructor": {"prototype": {}}, "email": "a@b.c", "currentPassword": "Password@1"}') },
    { name: 'a 900 KB e-mail', bytes: loginBytes(JSON.stringify({ email: `${'a'.repeat(900_000)}@b.c`, currentPassword: 'Password@1' })) },
    { name: 'JSON sent as text/plain', bytes: loginBytes('{"email": "a@b.c"}', 'text/plain') },
    { name: 'a Content-Type of 10 KB', bytes: loginBytes('{}', `application/json;${' x=1;'.repeat(2000)}`) },
  ];
  for (let index = 0; index < 60; index += 1) {
    const kind = int(4);
    if (kind === 0) payloads.push({ name: `random bytes ${index}`, bytes: bytes(1 + int(400)) });
    else if (kind === 1) payloads.push({ name: `random request line ${index}`, bytes: Buffer.concat([bytes(int(40)), Buffer.from(' / HTTP/1.1\r\n\r\n')]) });
    else if (kind === 2) payloads.push({ name: `random header bytes ${index}`, bytes: Buffer.concat([head(''), bytes(int(200)), Buffer.from('\r\n\r\n')]) });
    else payloads.push({ name: `random JSON-ish body ${index}`, bytes: loginBytes(Buffer.from(Array.from({ length: int(300) }, () => '{}[]":,0aé\\ \n'[int(13)]).join(''))) });
  }
  return payloads;
}

describe('sandbox robustness: raw TCP fuzz', () => {
  test('garbage, huge and malformed requests get a 4xx or a closed connection, never a 5xx; a login works after', async (t) => {
    t.diagnostic(`SANDBOX_FUZZ_SEED=${FUZZ_SEED}`);
    const lines: string[] = [];
    const sandbox = await sandboxFor(t, { log: (line) => lines.push(line) });
    const payloads = fuzzPayloads(mulberry32(FUZZ_SEED));
    // A few at a time: the sandbox is also being hit concurrently.
    for (let start = 0; start < payloads.length; start += 8) {
      const batch = payloads.slice(start, start + 8);
      const answers = await Promise.all(batch.map(({ bytes }) => rawRequest(sandbox.port, bytes)));
      answers.forEach((answer, index) => {
        const context = `${batch[index]?.name} (SANDBOX_FUZZ_SEED=${FUZZ_SEED})`;
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
        if (answer !== '') assert.ok(status !== undefined, `${context}: not an HTTP answer: ${JSON.stringify(answer.slice(0, 120))}`);
        if (status !== undefined) {
          assert.ok(Number(status) >= 200 && Number(status) < 500, `${context}: ${status}`);
          assert.match(answer, /content-type: application\/json/i, context);
        }
      });
    }
    for (const [name, expected] of [['wrong types', /Invalid field email: expected a string/], [`JSON nested 300000 deep (arrays)`, /must be a JSON object/]] as const) {
      const payload = payloads.find((candidate) => candidate.name === name);
      assert.ok(payload);
      const answer = await rawRequest(sandbox.port, payload.bytes);
      assert.match(answer, /^HTTP\/1\.1 400 /, name);
      assert.match(answer, expected, name);
    }
    // Requests whose connection closed before the answer show only in the log: never a 5xx there either.
    assert.deepEqual(lines.filter((line) => / 5\d\d( |$)/.test(line)), [], 'no request made the sandbox fail');
    assert.ok(lines.length >= payloads.length * 0.9, `${lines.length} log lines for ${payloads.length} requests`);
    assert.equal((await login(sandbox.baseUrl, 'MANAGER')).user.role, 'MANAGER', 'a normal login after the fuzz');
  });

  test('slowloris: 200 connections trickling headers or a body do not keep a login from being served', async (t) => {
    const sandbox = await sandboxFor(t);
    const request = `PUT ${LOGIN_TARGET} HTTP/1.1\r\nHost: x\r\nplatform: fincode\r\nuuid: 200\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"email"`;
    const sockets = await Promise.all(
      Array.from({ length: 200 }, (_, index) => new Promise<ReturnType<typeof connect>>((resolve, reject) => {
        const socket = connect(sandbox.port, '127.0.0.1', () => {
          // Half the connections stop inside the headers, half inside the announced body.
          socket.write(index % 2 === 0 ? request.slice(0, request.indexOf('platform')) : request);
          resolve(socket);
        });
        socket.on('error', reject);
      })),
    );
    t.after(() => sockets.forEach((socket) => socket.destroy()));
    for (let round = 0; round < 5; round += 1) {
      // One more header line, or one more body byte: still incomplete, still valid.
      for (const [index, socket] of sockets.entries()) socket.write(index % 2 === 0 ? `X-Slow-${round}: a\r\n` : 'X');
      assert.equal((await login(sandbox.baseUrl, 'CASHIER')).user.role, 'CASHIER', `login while 200 requests trickle (round ${round})`);
    }
    assert.ok(sockets.every((socket) => !socket.destroyed), 'the trickling connections were still open: the login did not just wait for them to go');
  });
});
