// Response bodies over real HTTP: gzip / deflate / br decoding, stacked and unknown codings,
// the decoded-size cap against a gzip bomb and an endless body (memory stays bounded), odd
// responses (204, no Content-Type, HEAD), charsets, and 200 sends in a row that leave no
// socket behind. A Content-Length the body does not match: transportFaults.test.ts (row 9).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { createConnections } from '../../src/core/net/connections';
import { MAX_STACKED_CODINGS, parseCodings } from '../../src/core/net/decode';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type SendSettings } from '../../src/core/http/sender';
import { httpServer, type Throwaway } from '../support/throwawayServer';

const PAYLOAD = Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i} ✓` })) }));
const MB = 1024 * 1024;

const ENCODERS: Readonly<Record<string, (input: Buffer) => Buffer>> = {
  gzip: (input) => zlib.gzipSync(input),
  deflate: (input) => zlib.deflateSync(input),
  br: (input) => zlib.brotliCompressSync(input),
};

/** Applies codings in the order of the Content-Encoding header. */
function encode(input: Buffer, codings: readonly string[]): Buffer {
  return codings.reduce((bytes, coding) => (ENCODERS[coding] as (b: Buffer) => Buffer)(bytes), input);
}

// 64 MiB of zeros, gzipped once (≈ 64 KiB); repeated members make a bomb of any size.
const BOMB_MEMBER = zlib.gzipSync(Buffer.alloc(64 * MB));

function route(req: IncomingMessage, res: ServerResponse, state: { hugeBytesWritten: number }): void {
  const path = (req.url ?? '').replace('/api/v6/services', '');
  const send = (body: Buffer, headers: Record<string, string>): void => {
    res.writeHead(200, { 'content-length': String(body.length), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  switch (path) {
    case '/gzip':
    case '/deflate':
    case '/br':
      return send(encode(PAYLOAD, [path.slice(1)]), { 'content-encoding': path.slice(1), 'content-type': 'application/json' });
    case '/x-gzip':
      return send(encode(PAYLOAD, ['gzip']), { 'content-encoding': 'x-gzip' });
    case '/deflate-raw':
      return send(zlib.deflateRawSync(PAYLOAD), { 'content-encoding': 'deflate' });
    case '/stacked':
      return send(encode(PAYLOAD, ['deflate', 'gzip', 'br']), { 'content-encoding': 'deflate, gzip, br' });
    case '/stacked-too-many': {
      const codings = ['gzip', 'gzip', 'br', 'gzip'];
      return send(encode(PAYLOAD, codings), { 'content-encoding': codings.join(', ') });
    }
    case '/unknown-coding':
      return send(PAYLOAD, { 'content-encoding': 'zstd' });
    case '/not-really-gzip':
      return send(Buffer.from('plain text pretending'), { 'content-encoding': 'gzip' });
    case '/truncated-gzip': {
      const full = encode(PAYLOAD, ['gzip']);
      return send(full.subarray(0, Math.floor(full.length / 2)), { 'content-encoding': 'gzip' });
    }
    case '/bomb': {
      // 16 members: 1 GiB once decoded, about 1 MiB on the wire.
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/octet-stream' });
      let sent = 0;
      const more = (): void => {
        while (sent < 16) {
          sent++;
          if (!res.write(BOMB_MEMBER)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('close', () => undefined);
      return more();
    }
    case '/huge': {
      // Endless plain body: only the client's cap stops it.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (!res.destroyed) {
          state.hugeBytesWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      return pump();
    }
    case '/204':
      res.writeHead(204, { 'content-encoding': 'gzip' });
      return void res.end();
    case '/no-type':
      res.writeHead(200);
      return void res.end('untyped');
    case '/utf16':
      return send(Buffer.from('café ✓', 'utf16le'), { 'content-type': 'text/plain; charset="UTF-16LE"' });
    case '/status-only':
      return send(Buffer.alloc(100 * 1024, 'y'), { 'content-type': 'text/plain' });
    default:
      res.writeHead(404);
      return void res.end();
  }
}

describe('sender: decoding and caps', () => {
  let server: Throwaway;
  let env: Environment;
  const state = { hugeBytesWritten: 0 };
  // One pool for the block, as a front end has: connection reuse is measured below.
  const connections = createConnections();
  before(async () => {
    server = await httpServer((req, res) => route(req, res, state));
    env = makeEnvironment({ id: 'd', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
  });
  after(async () => {
    await connections.close();
    await server.close();
  });

  const get = (path: string, settings: Partial<SendSettings> = {}, method = 'GET') =>
    sendRequest(parseHttpFile(`${method} {{baseUrl}}${path}`).requests[0] as ParsedRequest, { environment: env, credential: { kind: 'none' }, settings, connections });

  for (const coding of ['gzip', 'deflate', 'br', 'x-gzip']) {
    it(`decodes ${coding}`, async () => {
      const response = await get(`/${coding}`);
      assert.deepEqual(response.body, PAYLOAD);
      assert.equal(response.text, PAYLOAD.toString('utf8'));
      assert.equal(response.encoding.decoded, true);
      assert.equal(response.encoding.problem, undefined);
      assert.equal(response.size.decodedBytes, PAYLOAD.length);
      assert.ok(response.size.rawBytes < PAYLOAD.length, 'raw bytes are the compressed size');
    });
  }

  it('decodes "deflate" sent without the zlib wrapper', async () => {
    const response = await get('/deflate-raw');
    assert.deepEqual(response.body, PAYLOAD);
  });

  it('decodes stacked codings in reverse order', async () => {
    const response = await get('/stacked');
    assert.deepEqual(response.body, PAYLOAD);
    assert.deepEqual(response.encoding.codings, ['deflate', 'gzip', 'br']);
  });

  it(`keeps more than ${MAX_STACKED_CODINGS} stacked codings raw and says so`, async () => {
    const response = await get('/stacked-too-many');
    assert.equal(response.encoding.decoded, false);
    assert.match(response.encoding.problem ?? '', /4 stacked Content-Encodings/);
    assert.equal(response.size.decodedBytes, response.size.rawBytes);
  });

  it('keeps an unknown coding raw and says so', async () => {
    const response = await get('/unknown-coding');
    assert.deepEqual(response.body, PAYLOAD);
    assert.match(response.encoding.problem ?? '', /unsupported Content-Encoding "zstd"/);
  });

  it('reports a body that is not what its coding claims, without throwing', async () => {
    const response = await get('/not-really-gzip');
    assert.equal(response.status, 200);
    assert.equal(response.encoding.decoded, false);
    assert.match(response.encoding.problem ?? '', /could not be decoded/);
  });

  it('shows what a truncated gzip body decodes to', async () => {
    const response = await get('/truncated-gzip');
    assert.ok(response.body.length > 0);
    assert.ok(PAYLOAD.subarray(0, response.body.length).equals(response.body));
  });

  it('parses Content-Encoding lists', () => {
    assert.deepEqual(parseCodings(' GZIP , identity,br '), ['gzip', 'br']);
    assert.deepEqual(parseCodings(undefined), []);
  });

  it('row 10: caps a gzip bomb at the decoded limit with memory bounded', async () => {
    const before = process.memoryUsage();
    const response = await get('/bomb', { maxResponseBytes: MB });
    const grown = process.memoryUsage().rss - before.rss;
    assert.equal(response.truncated, true);
    assert.equal(response.body.length, MB);
    assert.ok(response.body.every((byte) => byte === 0));
    assert.ok(response.size.rawBytes < 16 * BOMB_MEMBER.length, 'the download stopped early');
    assert.ok(grown < 256 * MB, `rss grew by ${Math.round(grown / MB)} MB for a 1 GiB bomb`);
  });

  it('row 10: caps an endless body and stops downloading', async () => {
    state.hugeBytesWritten = 0;
    const before = process.memoryUsage();
    const response = await get('/huge', { maxResponseBytes: 2 * MB });
    const grown = process.memoryUsage().rss - before.rss;
    assert.equal(response.truncated, true);
    assert.equal(response.body.length, 2 * MB);
    assert.equal(response.size.rawBytes, 2 * MB);
    assert.ok(grown < 256 * MB, `rss grew by ${Math.round(grown / MB)} MB`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const written = state.hugeBytesWritten;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(state.hugeBytesWritten, written, 'the server stopped writing: the connection was closed');
  });

  it('row 9: a 204 declared as gzip, a body without Content-Type and a HEAD do not fail', async () => {
    const empty = await get('/204');
    assert.equal(empty.status, 204);
    assert.equal(empty.reason, 'No Content');
    assert.equal(empty.body.length, 0);
    assert.equal(empty.encoding.problem, undefined);
    const untyped = await get('/no-type');
    assert.equal(untyped.contentType, undefined);
    assert.equal(untyped.text, 'untyped');
    const head = await get('/gzip', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.encoding.problem, undefined);
  });

  it('decodes text in the charset of the Content-Type', async () => {
    const response = await get('/utf16');
    assert.equal(response.text, 'café ✓');
  });

  it('200 sends reading only the status reuse one connection and leave none hanging', async () => {
    const sockets = new Set<Socket>();
    const onConnection = (socket: Socket): void => void sockets.add(socket);
    server.server.on('connection', onConnection);
    try {
      for (let i = 0; i < 200; i++) assert.equal((await get('/status-only')).status, 200);
      for (let i = 0; i < 50; i++) assert.equal((await get('/status-only', { maxResponseBytes: 1024 })).status, 200);
    } finally {
      server.server.off('connection', onConnection);
    }
    // Full reads keep one pooled connection; each capped read closes its own.
    assert.ok(sockets.size <= 52, `${sockets.size} connections were opened`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const open = [...sockets].filter((socket) => !socket.destroyed).length;
    assert.ok(open <= 1, `${open} connections are still open`);
  });
});
