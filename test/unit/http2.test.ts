// Row 25: an HTTP/2-only TLS server (node:http2, ALPN h2, no HTTP/1.1 fallback) answers the
// transport; a GOAWAY before the answer is survived by a GET (sent once more, on a new
// connection) but never by a POST; a GOAWAY after the answer began ends in a clear error, not a
// hang. The sends run in a child process that trusts the test CA (NODE_EXTRA_CA_CERTS).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import { join } from 'node:path';
import { childError, sendInChild, tlsFixture, TLS_DIR, type ChildOutcome } from '../support/faultServers';
import { throwaway } from '../support/throwawayServer';

describe('row 25: HTTP/2', () => {
  let server: Http2SecureServer;
  let origin: string;
  let close: () => Promise<void>;
  const arrivals = new Map<string, number>();
  const sessions: { alpn: string | false | undefined }[] = [];

  function answer(stream: ServerHttp2Stream, path: string, method: string): void {
    const key = `${method} ${path}`;
    const count = (arrivals.get(key) ?? 0) + 1;
    arrivals.set(key, count);
    if (path === '/goaway-before' && count === 1) {
      // Nothing processed (last stream id 0): the client may safely send it again elsewhere.
      stream.session?.goaway(constants.NGHTTP2_NO_ERROR, 0);
      return;
    }
    if (path === '/goaway-after') {
      stream.respond({ ':status': 200, 'content-type': 'application/json', 'content-length': '1000' });
      stream.write('{"partial": ', () => setTimeout(() => stream.session?.goaway(constants.NGHTTP2_INTERNAL_ERROR), 50));
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/json' });
    stream.end(JSON.stringify({ path, method, count }));
  }

  before(async () => {
    server = createSecureServer({ ...tlsFixture('valid'), allowHTTP1: false });
    server.on('session', (session) => sessions.push({ alpn: session.alpnProtocol }));
    server.on('stream', (stream, headers) => {
      stream.on('error', () => undefined);
      stream.resume();
      const done = (): void => answer(stream, String(headers[':path']), String(headers[':method']));
      if (stream.readableEnded) done();
      else stream.once('end', done);
    });
    ({ origin, close } = await throwaway(server));
  });
  after(() => close());

  it('row 25: works over h2, survives a GOAWAY before the answer only for GET, and never hangs', async () => {
    const outcomes = await sendInChild(
      [
        { url: `${origin}/hello` },
        { url: `${origin}/goaway-before` },
        { url: `${origin}/goaway-before`, method: 'POST', body: '{"amount": 1}' },
        { url: `${origin}/goaway-after` },
        { url: `${origin}/hello` },
      ],
      { NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.crt') },
    );
    const [hello, getAfterGoaway, postAfterGoaway, brokenOff, again] = outcomes as [ChildOutcome, ChildOutcome, ChildOutcome, ChildOutcome, ChildOutcome];
    // The server accepts nothing but h2: any answer at all was HTTP/2.
    assert.deepEqual(hello, { status: 200, httpVersion: '2', body: JSON.stringify({ path: '/hello', method: 'GET', count: 1 }) });
    assert.ok(sessions.every((session) => session.alpn === 'h2'));

    assert.deepEqual(getAfterGoaway, { status: 200, httpVersion: '2', body: JSON.stringify({ path: '/goaway-before', method: 'GET', count: 2 }) }, 'the GET was sent once more');
    assert.equal(arrivals.get('GET /goaway-before'), 2);

    const post = childError(postAfterGoaway);
    assert.equal(post.name, 'NetworkError');
    assert.match(post.message, /GOAWAY/);
    assert.equal(arrivals.get('POST /goaway-before'), 1, 'the POST was not sent again');

    const broken = childError(brokenOff);
    assert.equal(broken.name, 'NetworkError', 'a clear error, not a timeout');
    assert.match(broken.message, /The response from 127\.0\.0\.1:\d+ broke off: the server closed the HTTP\/2 connection \(GOAWAY\)/);
    assert.equal(arrivals.get('GET /goaway-after'), 1, 'an answer that began is not asked again');

    assert.deepEqual(again, { status: 200, httpVersion: '2', body: JSON.stringify({ path: '/hello', method: 'GET', count: 2 }) }, 'the next request finds a new connection');
  });
});
