// Redirects: the pure rule (what the next request carries) and real servers on two ports — by
// default a 3xx is returned, not followed; when following, another origin never sees a
// credential, Cookie or the FinCode headers; https → http is refused (with a real TLS server).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { CROSS_ORIGIN_STRIPPED } from '../../src/core/fincode/headers';
import type { OutgoingRequest } from '../../src/core/net/headers';
import { redirectRequest, RedirectError } from '../../src/core/net/redirects';
import { sendRequest, type SendContext } from '../../src/core/http/sender';

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

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
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
  let a: ReturnType<typeof createServer>;
  let b: ReturnType<typeof createServer>;
  let env: Environment;
  let bUrl: string;
  let context: SendContext;
  before(async () => {
    b = createServer(recorder(seenB, (_req, res) => res.end('{"on":"b"}')));
    bUrl = `http://127.0.0.1:${await listen(b)}`;
    a = createServer(
      recorder(seenA, (req, res) => {
        const path = (req.url ?? '').replace('/api/v6/services', '');
        if (path === '/to-b') res.writeHead(307, { location: `${bUrl}/landing` }).end();
        else if (path === '/see-other') res.writeHead(303, { location: '/api/v6/services/landed' }).end();
        else if (path === '/same') res.writeHead(308, { location: '/api/v6/services/landed' }).end();
        else if (path === '/loop') res.writeHead(302, { location: '/api/v6/services/loop' }).end();
        else res.end('{"on":"a"}');
      }),
    );
    env = makeEnvironment({ id: 'a', kind: 'custom', baseUrl: `http://127.0.0.1:${await listen(a)}/api/v6/services` });
    context = { environment: env, credential: { kind: 'apiToken', token: 'top-secret' } };
  });
  after(async () => {
    for (const server of [a, b]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
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

// A self-signed certificate for 127.0.0.1, for this test only (its dispatcher skips verification).
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIOBQ+uuR3MXVNfuc
VqVRnWu+oGoEb1ohUr3nyPHic3ehRANCAASZ9hRyaXCzRJ6wI1pUZxLqY9QwUXpS
qhITTTnhLDT09Tl6s41TFmCkiWpcdZOiriqI50IbcjeLdAWNER1BlRqU
-----END PRIVATE KEY-----`;
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUD+YlK5aljCixJwuNz8B4ZYY7/F8wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzE2MDYyNVoYDzIxMjYxMDMw
MTYwNjI1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASZ9hRyaXCzRJ6wI1pUZxLqY9QwUXpSqhITTTnhLDT09Tl6s41TFmCk
iWpcdZOiriqI50IbcjeLdAWNER1BlRqUo2QwYjAdBgNVHQ4EFgQUgT+/624kZQGG
50F2Bk22J6mBZtgwHwYDVR0jBBgwFoAUgT+/624kZQGG50F2Bk22J6mBZtgwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IDoS6p1OFd/qz45BtdCGnHNj/TRrzBTA1fZNW8ApigAiAiEAmiMpN3/vzmlddIXz
X4j7RikV3h1ujxmtlQuXBhdalPs=
-----END CERTIFICATE-----`;

describe('redirects: https → http with real servers', () => {
  const seenPlain: Seen[] = [];
  let plain: ReturnType<typeof createServer>;
  let secure: ReturnType<typeof createTlsServer>;
  let dispatcher: Agent;
  let env: Environment;
  before(async () => {
    plain = createServer(recorder(seenPlain, (_req, res) => res.end('{}')));
    const plainPort = await listen(plain);
    secure = createTlsServer({ key: TLS_KEY, cert: TLS_CERT }, (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${plainPort}/downgraded` }).end());
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    env = makeEnvironment({ id: 'tls', kind: 'custom', baseUrl: `https://127.0.0.1:${(secure.address() as AddressInfo).port}/api/v6/services` });
    dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  });
  after(async () => {
    await dispatcher.close();
    plain.closeAllConnections();
    secure.closeAllConnections();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
    await new Promise<void>((resolve) => secure.close(() => resolve()));
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
