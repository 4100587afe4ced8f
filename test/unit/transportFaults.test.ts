// The fault table's transport rows against real misbehaving servers on 127.0.0.1: connects
// that hang, headers that never come, bodies that stall, cancellation in a loop, resets before
// and after the headers, lying Content-Lengths, a lazily generated 2 GB body, 50 stacked
// codings, 1,000 status-only reads and a 401 on a large POST.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import zlib from 'node:zlib';
import { createSession } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { CancelledError, NetworkError, TimeoutError } from '../../src/core/fincode/errors';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type SendContext } from '../../src/core/http/sender';
import { createConnections } from '../../src/core/net/connections';
import { exchange, send } from '../../src/core/net/transport';
import { UnresolvedVariableError } from '../../src/core/http/variables';
import { responseViewModel } from '../../src/vscode/http/responseViewModel';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { hangingPort, sandboxFront, within, type HangingPort, type SandboxFront } from '../support/faultServers';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { httpServer, throwaway, type Throwaway } from '../support/throwawayServer';

const MB = 1024 * 1024;

function only(text: string): ParsedRequest {
  const request = parseHttpFile(text).requests[0];
  assert.ok(request, 'the text has a request');
  return request;
}

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  (value) => assert.fail(`expected a failure, got ${JSON.stringify(value)}`),
  (error: unknown) => error,
);

describe('row 2: connect hangs', () => {
  let hanging: HangingPort;
  before(async () => {
    hanging = await hangingPort();
  });
  after(() => hanging.stop());

  it('row 2: ends in the configured connect timeout', async () => {
    const started = performance.now();
    const error = await failure(send({ url: `http://127.0.0.1:${hanging.port}/`, method: 'GET', headers: {}, timeouts: { connectMs: 300 } }));
    const elapsed = performance.now() - started;
    assert.ok(error instanceof TimeoutError && error.phase === 'connect', String(error));
    assert.match(error.message, /did not accept the connection in time \(300 ms\)/);
    assert.ok(elapsed >= 250 && elapsed < 5000, `${Math.round(elapsed)} ms`);
  });

  it('row 2: the user cancels a hanging connect at once', async () => {
    const controller = new AbortController();
    const pending = failure(send({ url: `http://127.0.0.1:${hanging.port}/`, method: 'GET', headers: {}, signal: controller.signal, timeouts: { connectMs: 60_000 } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelled = performance.now();
    controller.abort();
    const error = await pending;
    assert.ok(error instanceof CancelledError, String(error));
    assert.ok(performance.now() - cancelled < 1000, 'the cancel took effect at once');
  });
});

describe('rows 3 and 4: headers that never come, a body that stalls', () => {
  let server: Throwaway;
  let env: Environment;
  before(async () => {
    server = await httpServer((req, res) => {
      if (req.url?.endsWith('/stall')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [1, 2, ');
      }
      // Anything else: no answer at all.
    });
    env = makeEnvironment({ id: 'stall', kind: 'custom', baseUrl: `${server.origin}/api` });
  });
  after(() => server.close());

  it('row 3: headers that never come end in the headers timeout and the socket is released', async () => {
    const error = await failure(sendRequest(only('GET {{baseUrl}}/silent'), { environment: env, credential: { kind: 'none' }, settings: { timeouts: { headersMs: 200 } } }));
    assert.ok(error instanceof TimeoutError && error.phase === 'headers', String(error));
    assert.match(error.message, /did not send response headers in time \(200 ms\)/);
    await within(server.sockets.allClosed(), 5000, 'the timed-out connection closing');
    assert.equal(server.sockets.open(), 0);
  });

  it('row 4: a body that stalls ends in the body timeout; the partial body is kept, marked truncated, with a note', async () => {
    const response = await sendRequest(only('GET {{baseUrl}}/stall'), { environment: env, credential: { kind: 'none' }, settings: { timeouts: { bodyMs: 200 } } });
    assert.equal(response.status, 200);
    assert.equal(response.text, '{"items": [1, 2, ');
    assert.equal(response.truncated, true);
    assert.equal(response.stalled, true);
    assert.match(response.notes.join('\n'), /did not finish sending the response body in time \(200 ms\)\. Showing the 17 bytes that arrived/);
    // The view says why the body is short: the stall, not the size limit.
    const notes = responseViewModel(response, { id: 'stalled' }).notes.join('\n');
    assert.match(notes, /Showing the 17 bytes that arrived/);
    assert.doesNotMatch(notes, /maxResponseBytes/);
    await within(server.sockets.allClosed(), 5000, 'the stalled connection closing');
  });

  it('row 4: a stalled body is never parsed as JSON, neither by a chained request nor by sign-in', async () => {
    const file = parseHttpFile('# @name list\nGET {{baseUrl}}/stall\n\n###\nGET {{baseUrl}}/next?first={{list.response.body.$.items[0]}}');
    const [, next] = file.requests;
    assert.ok(next);
    const context: SendContext = { environment: env, credential: { kind: 'none' }, fileRequests: file.requests, settings: { timeouts: { bodyMs: 200 } } };
    const error = await failure(sendRequest(next, context));
    assert.ok(error instanceof UnresolvedVariableError, String(error));
    assert.match(error.message, /incomplete \(cut or stalled\): not read as JSON/);
    // The auth client's reads (send) fail instead: a partial body is never a session.
    const auth = await failure(send({ url: `${env.baseUrl}/stall`, method: 'POST', headers: {}, timeouts: { bodyMs: 200 } }));
    assert.ok(auth instanceof TimeoutError && auth.phase === 'body', String(auth));
  });
});

describe('row 5: the user cancels a slow request', () => {
  let t: TestSandbox;
  let front: SandboxFront;
  let env: Environment;
  const arrivals: (() => void)[] = [];
  // The server side of every connection that carried a slow request.
  const slowSockets = new Set<Socket>();
  before(async () => {
    t = await withSandbox();
    // The environment's origin: sign-in and renewal go on to the sandbox, /slow never answers.
    front = await sandboxFront(t, (req) => {
      if (!req.url?.endsWith('/slow')) return false;
      slowSockets.add(req.socket);
      arrivals.shift()?.();
      return true;
    });
    env = front.env;
  });
  after(async () => {
    await front.close();
    await t.stop();
  });

  it('row 5: 100 cancels each end at once, trigger no renewal and leave no socket open', async () => {
    const [, , cashier] = DOCUMENTED_SANDBOX_USERS;
    assert.ok(cashier);
    const session = createSession({ profileId: 'slow', env, email: cashier.email, store: memorySecretStore() });
    await session.signIn(cashier.password);
    const before = await t.counters();
    const request = only('POST {{baseUrl}}/slow\n\n{"amount": 1}');
    for (let run = 0; run < 100; run++) {
      const controller = new AbortController();
      const arrived = new Promise<void>((resolve) => arrivals.push(resolve));
      const pending = failure(sendRequest(request, { environment: env, credential: { kind: 'session', session }, signal: controller.signal }));
      await within(arrived, 5000, `request ${run} reaching the server`);
      const cancelled = performance.now();
      controller.abort();
      const error = await pending;
      assert.ok(error instanceof CancelledError, `run ${run}: ${String(error)}`);
      assert.ok(performance.now() - cancelled < 1000, `run ${run}: the cancel took ${Math.round(performance.now() - cancelled)} ms`);
    }
    await within(Promise.all([...slowSockets].map((socket) => socket.closed || new Promise((resolve) => socket.once('close', resolve)))), 5000, 'the cancelled connections closing');
    assert.ok(slowSockets.size >= 1);
    const counters = await t.counters();
    assert.equal(counters.refreshes - before.refreshes, 0, 'no renewal');
    assert.equal(counters.logins - before.logins, 0, 'no sign-in');
  });
});

describe('row 6: a reset before or after the headers', () => {
  let server: Throwaway;
  let env: Environment;
  const arrivals = new Map<string, number>();
  before(async () => {
    server = await httpServer((req, res) => {
      const key = `${req.method ?? ''} ${req.url ?? ''}`;
      arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
      req.resume();
      req.on('end', () => {
        if (req.url?.endsWith('/reset-before')) return void req.socket.resetAndDestroy();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        // Reset once the first part is on its way: the client has the headers.
        res.write('{"partial": ', () => setTimeout(() => req.socket.resetAndDestroy(), 50));
      });
    });
    env = makeEnvironment({ id: 'reset', kind: 'custom', baseUrl: `${server.origin}/api` });
  });
  after(() => server.close());

  const context = (): SendContext => ({ environment: env, credential: { kind: 'none' } });

  for (const method of ['POST', 'PUT']) {
    it(`row 6: ${method} reset before the headers: a clear error, sent exactly once`, async () => {
      const error = await failure(sendRequest(only(`${method} {{baseUrl}}/reset-before\n\n{"amount": 1}`), context()));
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, /^Could not reach 127\.0\.0\.1:\d+: connection reset by the server \(ECONNRESET\)\.$/);
      assert.equal(arrivals.get(`${method} /api/reset-before`), 1);
    });

    it(`row 6: ${method} reset after the headers: a clear error, sent exactly once`, async () => {
      const error = await failure(sendRequest(only(`${method} {{baseUrl}}/reset-after\n\n{"amount": 1}`), context()));
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, /^The response from 127\.0\.0\.1:\d+ broke off: connection reset by the server \(ECONNRESET\)\.$/);
      assert.equal(arrivals.get(`${method} /api/reset-after`), 1);
    });
  }

  it('row 6: a GET reset before any response is sent once more, then fails clearly; after the headers it is not', async () => {
    const before = await failure(sendRequest(only('GET {{baseUrl}}/reset-before'), context()));
    assert.ok(before instanceof NetworkError && before.causeCode === 'ECONNRESET', String(before));
    assert.equal(arrivals.get('GET /api/reset-before'), 2);
    const afterHeaders = await failure(sendRequest(only('GET {{baseUrl}}/reset-after'), context()));
    assert.ok(afterHeaders instanceof NetworkError, String(afterHeaders));
    assert.equal(arrivals.get('GET /api/reset-after'), 1);
  });
});

describe('row 9: 204, no Content-Type, a Content-Length the body does not match', () => {
  let server: Throwaway;
  let env: Environment;
  // Raw HTTP/1.1 answers, each on its own connection.
  const ANSWERS: Readonly<Record<string, string>> = {
    '/short': 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a": 1',
    '/long': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello and more than promised',
    '/no-content': 'HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n',
    '/untyped': 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd',
  };
  before(async () => {
    server = await throwaway(
      createNetServer((socket: Socket) => {
        socket.on('error', () => undefined);
        socket.once('data', (data: Buffer) => {
          const path = /^\w+ \/api(\S*)/.exec(data.toString())?.[1] ?? '';
          socket.end(ANSWERS[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        });
      }),
    );
    env = makeEnvironment({ id: 'raw', kind: 'custom', baseUrl: `${server.origin}/api` });
  });
  after(() => server.close());

  const get = (path: string) => sendRequest(only(`GET {{baseUrl}}${path}`), { environment: env, credential: { kind: 'none' } });

  it('row 9: a body shorter than its Content-Length is reported as that mismatch', async () => {
    const error = await failure(get('/short'));
    assert.ok(error instanceof NetworkError, String(error));
    assert.match(error.message, /does not match its Content-Length/);
  });

  it('row 9: a body longer than its Content-Length is cut at the declared length without a crash', async () => {
    const response = await get('/long');
    assert.equal(response.status, 200);
    assert.equal(response.text, 'hello');
  });

  it('row 9: a 204 and a response without Content-Type come back as they are', async () => {
    const empty = await get('/no-content');
    assert.equal(empty.status, 204);
    assert.equal(empty.body.length, 0);
    const untyped = await get('/untyped');
    assert.equal(untyped.contentType, undefined);
    assert.equal(untyped.text, 'abcd');
  });
});

describe('row 10: a 2 GB body and 50 stacked codings', () => {
  let server: Throwaway;
  let env: Environment;
  const huge = { written: 0, closed: undefined as Promise<unknown> | undefined };
  // 50 gzip layers around a small JSON document.
  const PAYLOAD = Buffer.from('{"ok": true}');
  const FIFTY = Array.from({ length: 50 }, () => 'gzip');
  const STACKED = FIFTY.reduce((bytes) => zlib.gzipSync(bytes), PAYLOAD);
  before(async () => {
    server = await httpServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.endsWith('/2gb')) {
        // Generated as it is read: each chunk is made when the socket can take it.
        const total = 2 * 1024 * MB;
        const chunk = Buffer.alloc(64 * 1024, 'x');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
        huge.written = 0;
        huge.closed = once(res, 'close');
        const pump = (): void => {
          while (huge.written < total && !res.destroyed) {
            huge.written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': FIFTY.join(', ') });
      res.end(STACKED);
    });
    env = makeEnvironment({ id: 'big', kind: 'custom', baseUrl: `${server.origin}/api` });
  });
  after(() => server.close());

  it('row 10: a 2 GB body is capped, marked truncated, memory stays bounded and the server stops sending', async () => {
    global.gc?.();
    const before = process.memoryUsage();
    const response = await sendRequest(only('GET {{baseUrl}}/2gb'), { environment: env, credential: { kind: 'none' }, settings: { maxResponseBytes: 4 * MB } });
    const grown = { rss: process.memoryUsage().rss - before.rss, heap: process.memoryUsage().heapUsed - before.heapUsed };
    assert.equal(response.truncated, true);
    assert.equal(response.body.length, 4 * MB);
    assert.ok(grown.rss < 200 * MB, `rss grew by ${Math.round(grown.rss / MB)} MB`);
    assert.ok(grown.heap < 100 * MB, `the heap grew by ${Math.round(grown.heap / MB)} MB`);
    await within(huge.closed ?? Promise.reject(new Error('no 2 GB response')), 5000, 'the server seeing the download stop');
    assert.ok(huge.written < 64 * MB, `the server wrote ${Math.round(huge.written / MB)} MB of 2048`);
  });

  it('row 10: 50 stacked Content-Encodings are kept as received, flagged, without a crash', async () => {
    const response = await sendRequest(only('GET {{baseUrl}}/stacked'), { environment: env, credential: { kind: 'none' } });
    assert.equal(response.status, 200);
    assert.equal(response.encoding.decoded, false);
    assert.match(response.encoding.problem ?? '', /50 stacked Content-Encodings/);
    assert.deepEqual(response.body, STACKED);
  });
});

describe('row 30: 1,000 requests reading only the status', () => {
  let server: Throwaway;
  let origin: string;
  // One pool for the run, as a front end has: reuse is what this measures.
  const connections = createConnections();
  before(async () => {
    server = await httpServer((req, res) => {
      const size = req.url === '/large' ? 1 * MB : 100 * 1024;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
      res.end(Buffer.alloc(size, 'z'));
    });
    origin = `${server.origin}`;
  });
  after(async () => {
    await connections.close();
    await server.close();
  });

  const statusOnly = (path: string) => exchange({ url: `${origin}${path}`, method: 'GET', headers: {}, connections }, async ({ status }) => status);

  /** `count` status-only reads; the most server-side connections open at once along the way. */
  async function run(path: string, count: number): Promise<number> {
    let most = 0;
    for (let i = 0; i < count; i++) {
      assert.equal((await within(statusOnly(path), 5000, `request ${i}`)).status, 200);
      most = Math.max(most, server.sockets.open());
    }
    return most;
  }

  it('row 30: small bodies are drained and the connection reused', async () => {
    const most = await run('/small', 1000);
    // Without draining: 1,000 connections, over 1,000 open at once. A drain still running when the
    // next request leaves costs a new connection now and then (more often on a busy machine).
    assert.ok(server.sockets.opened() <= 50, `${server.sockets.opened()} connections for 1,000 requests`);
    assert.ok(most <= 4, `${most} connections open at once`);
  });

  it('row 30: large bodies are cut off: 200 requests never hold more than a few connections', async () => {
    const most = await run('/large', 200);
    assert.ok(most <= 3, `${most} connections open at once`);
  });
});

describe('row 31: a 401 on a POST with a large body', () => {
  let t: TestSandbox;
  let front: SandboxFront;
  let env: Environment;
  const attempts: { token: string; size: number; sha: string }[] = [];
  let rejected: string | undefined;
  before(async () => {
    t = await withSandbox();
    // Sign-in and renewal go on to the sandbox; /upload refuses the first token it sees with 401.
    front = await sandboxFront(t, (req, res, body) => {
      if (!req.url?.endsWith('/upload')) return false;
      const token = String(req.headers['x-auth-token']);
      attempts.push({ token, size: body.length, sha: createHash('sha256').update(body).digest('hex') });
      rejected ??= token;
      res.writeHead(token === rejected ? 401 : 201, { 'content-type': 'application/json' });
      res.end('{}');
      return true;
    });
    env = front.env;
  });
  after(async () => {
    await front.close();
    await t.stop();
  });

  async function signedIn(profileId: string): Promise<SendContext['credential']> {
    const [, , cashier] = DOCUMENTED_SANDBOX_USERS;
    assert.ok(cashier);
    const session = createSession({ profileId, env, email: cashier.email, store: memorySecretStore() });
    await session.signIn(cashier.password);
    return { kind: 'session', session };
  }

  const UPLOAD = `POST {{baseUrl}}/upload\nContent-Type: text/plain\n\n${'0123456789abcdef'.repeat(256 * 1024)}`;

  it('row 31: a 4 MB body is renewed once and resent byte for byte', async () => {
    attempts.length = 0;
    rejected = undefined;
    const credential = await signedIn('upload');
    const before = await t.counters();
    const response = await sendRequest(only(UPLOAD), { environment: env, credential });
    assert.equal(response.status, 201);
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0]?.size, 4 * MB);
    assert.equal(attempts[1]?.sha, attempts[0]?.sha, 'the retry sends identical bytes');
    assert.notEqual(attempts[1]?.token, attempts[0]?.token);
    assert.equal((await t.counters()).refreshes - before.refreshes, 1);
  });

  it('row 31: a body over the retry limit is sent once; the 401 comes back with a clear note', async () => {
    attempts.length = 0;
    rejected = undefined;
    const credential = await signedIn('upload-big');
    const before = await t.counters();
    const response = await sendRequest(only(UPLOAD), { environment: env, credential, settings: { maxRequestBytesForRetry: 1 * MB } });
    assert.equal(response.status, 401);
    assert.equal(attempts.length, 1);
    assert.match(response.notes.join('\n'), /Not retried after the 401: the request body \(4194304 bytes\) is larger than the 1048576-byte retry limit\. Refresh the token and send again\./);
    assert.equal((await t.counters()).refreshes - before.refreshes, 0);
  });
});
