// Sending over real HTTP: the response model, body building (includes, forms, multipart,
// GraphQL), refusals before anything is sent (method, line breaks, URL), the 401 → refresh →
// retry of identical bytes against the sandbox, cancellation, and 200 sends in a row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { CancelledError, TimeoutError, describeError } from '../../src/core/fincode/errors';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { joinFormLines, prepareRequest, RequestBuildError, sendRequest, UnsupportedMethodError, type SendContext } from '../../src/core/http/sender';
import { UnsafeValueError } from '../../src/core/http/variables';
import { forward } from '../support/faultServers';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { recordingServer, type RecordingServer } from '../support/throwawayServer';

function envFor(url: string): Environment {
  return makeEnvironment({ id: 'test', kind: 'custom', baseUrl: `${url}/api/v6/services` });
}

function only(text: string): ParsedRequest {
  const request = parseHttpFile(text).requests[0];
  assert.ok(request, 'the text has a request');
  return request;
}

describe('sender: the response model', () => {
  let server: RecordingServer;
  before(async () => {
    server = await recordingServer((_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Dup', ['one', 'two']);
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"ok":"é"}');
    });
  });
  after(() => server.close());

  it('has status, reason, version, headers with duplicates, body, text, sizes, timings and URLs', async () => {
    const env = envFor(server.origin);
    const response = await sendRequest(only('POST {{baseUrl}}/things?x=1\nX-Mine: yes\n\n{"a": 1}'), { environment: env, credential: { kind: 'none' } });
    assert.equal(response.status, 201);
    assert.equal(response.reason, 'Created');
    assert.equal(response.httpVersion, '1.1');
    assert.deepEqual(response.headers.filter((header) => header.name === 'set-cookie').map((header) => header.value), ['a=1', 'b=2']);
    assert.equal(response.headers.filter((header) => header.name === 'x-dup').length >= 1, true);
    assert.equal(response.text, '{"ok":"é"}');
    assert.deepEqual(response.body, Buffer.from('{"ok":"é"}'));
    assert.equal(response.contentType, 'application/json; charset=utf-8');
    assert.deepEqual(response.size, { decodedBytes: 11, rawBytes: 11 });
    assert.equal(response.truncated, false);
    assert.deepEqual(response.encoding, { codings: [], decoded: false });
    assert.ok(response.timings.ttfbMs > 0 && response.timings.ttfbMs <= response.timings.totalMs);
    assert.equal(response.url, `${env.baseUrl}/things?x=1`);
    assert.equal(response.requestUrl, response.url);
    assert.equal(response.method, 'POST');
    assert.deepEqual(response.redirects, []);
    assert.deepEqual(response.requestBody, Buffer.from('{"a": 1}'));
    assert.deepEqual(response.injectedHeaders, ['content-type', 'platform', 'uuid']);
    assert.deepEqual(response.requestHeaders[0], { name: 'X-Mine', value: 'yes' });
    const received = server.requests.at(-1);
    assert.equal(received?.headers['x-mine'], 'yes');
    assert.equal(received?.url, '/api/v6/services/things?x=1');
  });
});

describe('sender: refused before sending', () => {
  let server: RecordingServer;
  let context: SendContext;
  before(async () => {
    server = await recordingServer((_req, res) => void res.end('{}'));
    context = { environment: envFor(server.origin), credential: { kind: 'apiToken', token: 'tok' } };
  });
  after(() => server.close());

  for (const method of ['GRAPHQL', 'WS', 'GRPC']) {
    it(`${method} is not supported for sending`, async () => {
      const error = await sendRequest(only(`${method} {{baseUrl}}/x`), context).catch((e: unknown) => e);
      assert.ok(error instanceof UnsupportedMethodError);
      assert.match(error.message, /not supported for sending/);
      assert.equal(server.requests.length, 0);
    });
  }

  it('a variable with CR LF in a header value', async () => {
    const error = await sendRequest(only('GET {{baseUrl}}/x\nX-Id: {{id}}'), { ...context, environmentVariables: { id: '1\r\nX-Injected: 1' } }).catch((e: unknown) => e);
    assert.ok(error instanceof UnsafeValueError);
    assert.equal(error.variable, 'id');
    assert.match(error.message, /header "X-Id"/);
    assert.equal(server.requests.length, 0);
  });

  it('a variable with LF in the URL', async () => {
    const error = await sendRequest(only('GET {{baseUrl}}/{{path}}'), { ...context, environmentVariables: { path: 'a\nb' } }).catch((e: unknown) => e);
    assert.ok(error instanceof UnsafeValueError);
    assert.match(error.message, /the URL/);
    assert.equal(server.requests.length, 0);
  });

  it('an injected header value with a line break (from the settings)', async () => {
    const error = await sendRequest(only('GET {{baseUrl}}/x'), { ...context, settings: { requiredHeaders: { platform: 'fincode\r\nEvil: 1', uuid: '200' } } }).catch((e: unknown) => e);
    assert.ok(error instanceof UnsafeValueError);
    assert.match(error.message, /header "platform"/);
    assert.equal(server.requests.length, 0);
  });

  it('a URL that is not absolute http(s)', async () => {
    const error = await sendRequest(only('GET /relative/path'), context).catch((e: unknown) => e);
    assert.ok(error instanceof RequestBuildError);
    assert.match(describeError(error).message, /not an absolute http\(s\) URL/);
  });

  it('an include that cannot be read, with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fincode-send-'));
    try {
      const error = await sendRequest(only('POST {{baseUrl}}/x\nContent-Type: application/octet-stream\n\n< ./missing.bin'), { ...context, httpFilePath: join(dir, 'a.http') }).catch((e: unknown) => e);
      assert.ok(error instanceof RequestBuildError);
      assert.equal(error.line, 3);
      assert.match(error.message, /missing\.bin \(ENOENT\)/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('sender: body building', () => {
  let server: RecordingServer;
  let dir: string;
  let context: SendContext;
  const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 0x80]);
  before(async () => {
    server = await recordingServer((_req, res) => void res.end('ok'));
    dir = await mkdtemp(join(tmpdir(), 'fincode-body-'));
    await writeFile(join(dir, 'blob.bin'), binary);
    await writeFile(join(dir, 'template.json'), '{"user": "{{user}}"}');
    await writeFile(join(dir, 'latin.txt'), Buffer.from('caf\xe9 {{user}}', 'latin1'));
    await writeFile(join(dir, '.env'), 'NEAR=beside\nBOTH=beside\n');
    context = { environment: envFor(server.origin), credential: { kind: 'none' }, httpFilePath: join(dir, 'requests.http'), environmentVariables: { user: 'ada' } };
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true });
  });

  const lastBody = (): Buffer => server.requests.at(-1)?.body ?? Buffer.alloc(0);

  it('a `< file` include is sent byte for byte', async () => {
    await sendRequest(only('POST {{baseUrl}}/x\nContent-Type: application/octet-stream\n\n< ./blob.bin'), context);
    assert.deepEqual(lastBody(), binary);
  });

  it('`<@ file` processes variables, `<@latin1 file` reads the file as Latin-1', async () => {
    await sendRequest(only('POST {{baseUrl}}/x\n\n<@ ./template.json'), context);
    assert.equal(lastBody().toString(), '{"user": "ada"}');
    await sendRequest(only('POST {{baseUrl}}/x\nContent-Type: text/plain\n\n<@latin1 ./latin.txt'), context);
    assert.equal(lastBody().toString('utf8'), 'café ada');
  });

  it('text and includes are joined in order', async () => {
    await sendRequest(only('POST {{baseUrl}}/x\nContent-Type: text/plain\n\nbefore {{user}}\n<@ ./template.json\nafter'), context);
    assert.equal(lastBody().toString(), 'before ada\n{"user": "ada"}\nafter');
  });

  it('form bodies join their lines with &', async () => {
    await sendRequest(only('POST {{baseUrl}}/x\nContent-Type: application/x-www-form-urlencoded\n\nname={{%user}}\n&city=Lagos%20Island\nzip=1'), context);
    assert.equal(lastBody().toString(), 'name=ada&city=Lagos%20Island&zip=1');
    assert.equal(joinFormLines('a=1&\nb=2\n\n  &c=3  '), 'a=1&b=2&c=3');
  });

  it('multipart bodies keep their text with CRLF line ends and inline the file bytes', async () => {
    const text = [
      'POST {{baseUrl}}/upload',
      'Content-Type: multipart/form-data; boundary=XyZ',
      '',
      '--XyZ',
      'Content-Disposition: form-data; name="who"',
      '',
      '{{user}}',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="blob.bin"',
      'Content-Type: application/octet-stream',
      '',
      '< ./blob.bin',
      '--XyZ--',
    ].join('\n');
    await sendRequest(only(text), context);
    const expected = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="who"\r\n\r\nada\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="blob.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'),
      binary,
      Buffer.from('\r\n--XyZ--'),
    ]);
    assert.deepEqual(lastBody(), expected);
  });

  it('GraphQL (X-REQUEST-TYPE: GraphQL) is sent as a JSON envelope without that header', async () => {
    const text = [
      'POST {{baseUrl}}/graphql',
      'X-REQUEST-TYPE: GraphQL',
      'Content-Type: application/graphql',
      '',
      'query Users($first: Int) {',
      '  users(first: $first) {',
      '',
      '    name',
      '  }',
      '}',
      '',
      '{"first": {{count}}}',
    ].join('\n');
    await sendRequest(only(text), { ...context, environmentVariables: { count: '3' } });
    const received = server.requests.at(-1);
    assert.equal(received?.headers['x-request-type'], undefined);
    assert.equal(received?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(lastBody().toString()), { query: 'query Users($first: Int) {\n  users(first: $first) {\n\n    name\n  }\n}', variables: { first: 3 } });
  });

  it('GraphQL variables that are not JSON are refused', async () => {
    const error = await sendRequest(only('POST {{baseUrl}}/graphql\nX-Request-Type: graphql\n\n{ a }\n\n{not json'), context).catch((e: unknown) => e);
    assert.ok(error instanceof RequestBuildError);
  });

  it('$dotenv reads .env beside the .http file, then the workspace root', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fincode-root-'));
    try {
      await writeFile(join(root, '.env'), 'BOTH=root\nFAR=root-only\n');
      await sendRequest(only('GET {{baseUrl}}/x?n={{$dotenv NEAR}}&b={{$dotenv BOTH}}&f={{$dotenv FAR}}'), { ...context, workspaceRoot: root });
      assert.equal(server.requests.at(-1)?.url, '/api/v6/services/x?n=beside&b=beside&f=root-only');
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('prepareRequest resolves and injects without sending, and names a single include as the body file', async () => {
    const count = server.requests.length;
    const prepared = await prepareRequest(only('POST {{baseUrl}}/x\nContent-Type: application/octet-stream\n\n< ./blob.bin'), { ...context, credential: { kind: 'apiToken', token: 'tok' } });
    assert.equal(server.requests.length, count);
    assert.equal(prepared.bodyFile, join(dir, 'blob.bin'));
    assert.deepEqual(prepared.body, binary);
    assert.deepEqual(prepared.injected, ['platform', 'uuid', 'x-auth-token']);
    assert.ok(prepared.headers.some((header) => header.name === 'x-auth-token' && header.value === 'tok'));
  });
});

describe('sender: 401 → refresh → retry with the identical bytes', () => {
  let sandbox: TestSandbox;
  let proxy: RecordingServer;
  let offsetMs = 0;
  before(async () => {
    sandbox = await withSandbox({ now: () => Date.now() + offsetMs });
    // A recording proxy in front of the sandbox: it sees the exact bytes of every attempt.
    proxy = await recordingServer(async (req, res, body) => {
      const upstream = await forward(sandbox.url, req, body);
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  after(async () => {
    await proxy.close();
    await sandbox.stop();
  });

  const QUOTE = 'POST {{baseUrl}}/_emulator/demo/quotes\n\n{"amount": 100, "from_currency": "GBP", "to_currency": "NGN", "note": "{{$guid}}"}';

  it('an access token the server considers expired is renewed once and the same body resent', async () => {
    offsetMs = 0;
    const env = envFor(proxy.origin);
    const session = createSession({ profileId: 'cashier', env, email: 'excel.nwachukwu+662@fincode.co.uk', store: memorySecretStore() });
    await session.signIn('PQW7ERMP');
    // The sandbox's clock moves past the token's expiry; the session's does not.
    offsetMs = 2 * 3600 * 1000;
    const before = await sandbox.counters();
    const start = proxy.requests.length;
    const response = await sendRequest(only(QUOTE), { environment: env, credential: { kind: 'session', session } });
    assert.equal(response.status, 201, response.text);
    const attempts = proxy.requests.slice(start).filter((request) => request.url.endsWith('/_emulator/demo/quotes'));
    assert.equal(attempts.length, 2);
    assert.deepEqual(attempts[0]?.body, attempts[1]?.body, 'the retry sends the identical bytes ($guid not re-evaluated)');
    assert.notEqual(attempts[0]?.headers['x-auth-token'], attempts[1]?.headers['x-auth-token']);
    const after = await sandbox.counters();
    assert.equal(after.refreshes - before.refreshes, 1);
    assert.equal(after.logins - before.logins, 0);
  });

  it('row 31: a body over the retry limit is not retried: the 401 comes back with a note', async () => {
    offsetMs = 0;
    const env = envFor(proxy.origin);
    const session = createSession({ profileId: 'cashier2', env, email: 'excel.nwachukwu+662@fincode.co.uk', store: memorySecretStore() });
    await session.signIn('PQW7ERMP');
    offsetMs = 2 * 3600 * 1000;
    const before = await sandbox.counters();
    const response = await sendRequest(only(QUOTE), { environment: env, credential: { kind: 'session', session }, settings: { maxRequestBytesForRetry: 10 } });
    assert.equal(response.status, 401);
    assert.match(response.notes.join(' '), /Not retried after the 401.*retry limit/);
    assert.equal((await sandbox.counters()).refreshes - before.refreshes, 0);
  });
});

describe('sender: cancellation and timeouts', () => {
  let server: RecordingServer;
  before(async () => {
    server = await recordingServer((req, res) => {
      if (req.url?.endsWith('/slow-body')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part');
        return; // never ends
      }
      // /hang: never answers
    });
  });
  after(() => server.close());

  it('an abort while waiting for headers is a CancelledError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await sendRequest(only('GET {{baseUrl}}/hang'), { environment: envFor(server.origin), credential: { kind: 'none' }, signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
    assert.ok(Date.now() - started < 5000);
  });

  it('an abort while the body streams is a CancelledError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await sendRequest(only('GET {{baseUrl}}/slow-body'), { environment: envFor(server.origin), credential: { kind: 'none' }, signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
  });

  it('an already aborted signal sends nothing', async () => {
    const count = server.requests.length;
    const error = await sendRequest(only('GET {{baseUrl}}/hang'), { environment: envFor(server.origin), credential: { kind: 'none' }, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError);
    assert.equal(server.requests.length, count);
  });

  it('the headers timeout and the total deadline are typed', async () => {
    const headers = await sendRequest(only('GET {{baseUrl}}/hang'), { environment: envFor(server.origin), credential: { kind: 'none' }, settings: { timeouts: { headersMs: 100 } } }).catch((e: unknown) => e);
    assert.ok(headers instanceof TimeoutError && headers.phase === 'headers', String(headers));
    const total = await sendRequest(only('GET {{baseUrl}}/slow-body'), { environment: envFor(server.origin), credential: { kind: 'none' }, settings: { timeouts: { totalMs: 150 } } }).catch((e: unknown) => e);
    assert.ok(total instanceof TimeoutError && total.phase === 'total', String(total));
  });
});
