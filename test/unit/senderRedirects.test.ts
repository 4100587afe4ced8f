// Redirects: the pure rule (what the next request carries) and real servers on two ports — by
// default a 3xx is returned, not followed; when following, another origin never sees a
// credential, Cookie or the FinCode headers; https → http is refused (with a real TLS server).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { Agent } from 'undici';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { CROSS_ORIGIN_STRIPPED } from '../../src/core/fincode/headers';
import type { OutgoingRequest } from '../../src/core/net/headers';
import { redirectRequest, RedirectError } from '../../src/core/net/redirects';
import { sendRequest, type SendContext } from '../../src/core/http/sender';
import { tlsFixture } from '../support/faultServers';
import { httpServer, throwaway, type Throwaway } from '../support/throwawayServer';

const BODY = Buffer.from('{"amount": 1}');
const ORIGINAL: OutgoingRequest = {
  method: 'POST',
  url: 'https://tenant.fincode.software/api/v6/services/a?x=1',
  headers: [
    { name: 'Content-Type', value: 'application/json' },
    { name: 'Cookie', value: 'session=1' },
    { name: 'X-Auth-Token', value: 'tok' },
    { name: 'authorization', value: 'Bearer tok' },
    { name: 'Proxy-Authorization', value: 'Basic x' },
    { name: 'platform', value: 'fincode' },
    { name: 'uuid', value: '200' },
    { name: 'X-Injected-Extra', value: 'e' },
    { name: 'X-Custom', value: 'kept' },
  ],
  body: BODY,
};
const names = (request: OutgoingRequest): string[] => request.headers.map((header) => header.name.toLowerCase());

describe('redirects: the rule', () => {
  it('same origin keeps every header, the method and the same body bytes for 307/308', () => {
    for (const status of [307, 308]) {
      const next = redirectRequest(ORIGINAL, status, '/api/v6/services/b', []);
      assert.equal(next.url, 'https://tenant.fincode.software/api/v6/services/b');
      assert.equal(next.method, 'POST');
      assert.equal(next.body, BODY);
      assert.deepEqual(next.headers, ORIGINAL.headers);
    }
  });

  it('another origin loses credentials, Cookie, FinCode headers and everything injected', () => {
    const next = redirectRequest(ORIGINAL, 307, 'https://elsewhere.test/landing', [...CROSS_ORIGIN_STRIPPED, 'x-injected-extra']);
    assert.deepEqual(names(next), ['content-type', 'x-custom']);
    assert.equal(next.body, BODY);
    for (const name of ['authorization', 'x-auth-token', 'cookie', 'proxy-authorization', 'platform', 'uuid']) assert.ok(CROSS_ORIGIN_STRIPPED.includes(name));
  });

  it('another port or scheme is another origin', () => {
    assert.ok(!names(redirectRequest(ORIGINAL, 302, 'https://tenant.fincode.software:8443/x', CROSS_ORIGIN_STRIPPED)).includes('x-auth-token'));
    const http = { ...ORIGINAL, url: 'http://127.0.0.1:8080/x' };
    assert.ok(!names(redirectRequest(http, 302, 'http://localhost:8080/x', CROSS_ORIGIN_STRIPPED)).includes('x-auth-token'));
  });

  it('303 becomes a GET without body or body headers; 301/302 too after a POST', () => {
    for (const status of [301, 302, 303]) {
      const next = redirectRequest(ORIGINAL, status, '/done', []);
      assert.equal(next.method, 'GET');
      assert.equal(next.body, undefined);
      assert.ok(!names(next).includes('content-type'));
    }
  });

  it('301/302 keep a PUT; 303 keeps a HEAD', () => {
    const put = redirectRequest({ ...ORIGINAL, method: 'PUT' }, 302, '/x', []);
    assert.equal(put.method, 'PUT');
    assert.equal(put.body, BODY);
    assert.equal(redirectRequest({ method: 'HEAD', url: ORIGINAL.url, headers: [] }, 303, '/x', []).method, 'HEAD');
  });

  it('refuses https → http, other schemes, user info and an invalid Location', () => {
    for (const location of ['http://tenant.fincode.software/x', 'ftp://tenant.fincode.software/x', 'https://u:p@tenant.fincode.software/x', 'https://[bad']) {
      assert.throws(() => redirectRequest(ORIGINAL, 302, location, []), RedirectError, location);
    }
    assert.throws(() => redirectRequest(ORIGINAL, 302, 'http://x.test/', []), /from https to plain http/);
  });
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function recorder(seen: Seen[], handle: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res);
    });
  };
}

describe('redirects: between two real servers', () => {
  const seenA: Seen[] = [];
  const seenB: Seen[] = [];
  let a: Throwaway;
  let b: Throwaway;
  let env: Environment;
  let bUrl: string;
  let context: SendContext;
  before(async () => {
    b = await httpServer(recorder(seenB, (_req, res) => res.end('{"on":"b"}')));
    bUrl = b.origin;
    a = await httpServer(
      recorder(seenA, (req, res) => {
        const path = (req.url ?? '').replace('/api/v6/services', '');
        if (path === '/to-b') res.writeHead(307, { location: `${bUrl}/landing` }).end();
        else if (path === '/see-other') res.writeHead(303, { location: '/api/v6/services/landed' }).end();
        else if (path === '/same') res.writeHead(308, { location: '/api/v6/services/landed' }).end();
        else if (path === '/loop') res.writeHead(302, { location: '/api/v6/services/loop' }).end();
        else res.end('{"on":"a"}');
      }),
    );
    env = makeEnvironment({ id: 'a', kind: 'custom', baseUrl: `${a.origin}/api/v6/services` });
    context = { environment: env, credential: { kind: 'apiToken', token: 'top-secret' } };
  });
  after(async () => {
    for (const server of [a, b]) await server.close();
  });

  const request = (text: string): ParsedRequest => parseHttpFile(text).requests[0] as ParsedRequest;
  const WITH_COOKIE = 'POST {{baseUrl}}/to-b\nCookie: session=abc\nX-Custom: kept\n\n{"amount": 1}';

  it('does not follow by default: the 3xx is the response', async () => {
    seenB.length = 0;
    const response = await sendRequest(request(WITH_COOKIE), context);
    assert.equal(response.status, 307);
    assert.equal(response.reason, 'Temporary Redirect');
    assert.equal(response.headers.find((header) => header.name === 'location')?.value, `${bUrl}/landing`);
    assert.deepEqual(response.redirects, []);
    assert.equal(seenB.length, 0);
  });

  it('following to another origin strips X-Auth-Token, Authorization, Cookie, platform and uuid', async () => {
    seenB.length = 0;
    const response = await sendRequest(request(WITH_COOKIE), { ...context, settings: { followRedirects: true, authStyle: 'both' } });
    assert.equal(response.status, 200);
    assert.equal(response.text, '{"on":"b"}');
    assert.equal(response.url, `${bUrl}/landing`);
    assert.deepEqual(response.redirects, [{ url: `${env.baseUrl}/to-b`, status: 307 }]);
    const atB = seenB[0];
    assert.ok(atB);
    for (const name of ['x-auth-token', 'authorization', 'cookie', 'platform', 'uuid', 'proxy-authorization']) assert.equal(atB.headers[name], undefined, name);
    assert.equal(atB.headers['x-custom'], 'kept');
    assert.equal(atB.method, 'POST');
    assert.equal(atB.body, '{"amount": 1}');
    // The first hop did carry them.
    assert.equal(seenA.at(-1)?.headers['x-auth-token'], 'top-secret');
    assert.equal(seenA.at(-1)?.headers.cookie, 'session=abc');
  });

  it('following on the same origin keeps the credential; 303 turns into GET without body', async () => {
    const same = await sendRequest(request('PUT {{baseUrl}}/same\n\n{"x": 1}'), { ...context, settings: { followRedirects: true } });
    assert.equal(same.status, 200);
    const landed = seenA.at(-1);
    assert.equal(landed?.method, 'PUT');
    assert.equal(landed?.body, '{"x": 1}');
    assert.equal(landed?.headers['x-auth-token'], 'top-secret');
    await sendRequest(request('POST {{baseUrl}}/see-other\n\n{"x": 1}'), { ...context, settings: { followRedirects: true } });
    const got = seenA.at(-1);
    assert.equal(got?.method, 'GET');
    assert.equal(got?.body, '');
    assert.equal(got?.headers['content-type'], undefined);
  });

  it('stops a redirect loop after the limit with a typed error', async () => {
    const count = seenA.length;
    const error = await sendRequest(request('GET {{baseUrl}}/loop'), { ...context, settings: { followRedirects: true, maxRedirects: 3 } }).catch((e: unknown) => e);
    assert.ok(error instanceof RedirectError);
    assert.match(error.message, /after 3 redirects/);
    assert.equal(seenA.length - count, 4);
  });
});

describe('redirects: https → http with real servers', () => {
  const seenPlain: Seen[] = [];
  let plain: Throwaway;
  let secure: Throwaway;
  let dispatcher: Agent;
  let env: Environment;
  before(async () => {
    plain = await httpServer(recorder(seenPlain, (_req, res) => res.end('{}')));
    // Self-signed: this test's dispatcher skips verification.
    secure = await throwaway(createTlsServer(tlsFixture('self-signed'), (_req, res) => res.writeHead(302, { location: `${plain.origin}/downgraded` }).end()));
    env = makeEnvironment({ id: 'tls', kind: 'custom', baseUrl: `${secure.origin}/api/v6/services` });
    dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  });
  after(async () => {
    await dispatcher.close();
    await plain.close();
    await secure.close();
  });

  it('is refused with a typed error and the http server never hears of it', async () => {
    const request = parseHttpFile('GET {{baseUrl}}/x').requests[0] as ParsedRequest;
    const context: SendContext = { environment: env, credential: { kind: 'apiToken', token: 'tok' }, dispatcher, settings: { followRedirects: true } };
    const error = await sendRequest(request, context).catch((e: unknown) => e);
    assert.ok(error instanceof RedirectError, String(error));
    assert.match(error.message, /from https to plain http/);
    assert.equal(seenPlain.length, 0);
    const notFollowed = await sendRequest(request, { ...context, settings: { followRedirects: false } });
    assert.equal(notFollowed.status, 302);
  });
});
