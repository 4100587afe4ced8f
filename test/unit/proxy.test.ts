// Row 24: requests go through the proxy of VS Code's http.proxy (Connections.configureProxy) or of
// HTTPS_PROXY / HTTP_PROXY, tunnelled with CONNECT; NO_PROXY and loopback hosts go direct; a
// proxy that is down or refuses gives a clear error naming it; its user and password travel
// only in Proxy-Authorization, never in a message. The proxy is a real CONNECT proxy on
// 127.0.0.1 that resolves *.fincode.test itself, as a corporate proxy resolves names.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, NetworkError } from '../../src/core/fincode/errors';
import { createConnections } from '../../src/core/net/connections';
import { describeProxy, parseNoProxy, proxyFor, routeFor } from '../../src/core/net/proxy';
import { send } from '../../src/core/net/transport';
import { childError, connectProxy, hangingPort, sendInChild, tlsFixture, TLS_DIR, within, type ConnectProxy } from '../support/faultServers';
import { closedPort, httpServer, throwaway, type Throwaway } from '../support/throwawayServer';

const SECRET = 'pr0xy-s3cret';
const CREDENTIALS = `fincode:${SECRET}`;
const BASIC = `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`;

describe('row 24: proxies', () => {
  let open: ConnectProxy;
  let guarded: ConnectProxy;
  let target: Throwaway;
  let targetPort: number;
  let secure: Throwaway;
  let securePort: number;
  let downPort: number;
  const seen: IncomingHttpHeaders[] = [];
  const connections = createConnections();
  const configureProxy = connections.configureProxy;
  before(async () => {
    open = await connectProxy();
    guarded = await connectProxy(CREDENTIALS);
    target = await httpServer((req, res) => {
      seen.push(req.headers);
      res.end(`hello ${req.url ?? ''}`);
    });
    targetPort = target.port;
    secure = await throwaway(createHttpsServer(tlsFixture('valid'), (_req, res) => res.end('hello over https')));
    securePort = secure.port;
    downPort = await closedPort();
  });
  afterEach(() => configureProxy({}));
  after(async () => {
    for (const server of [target, secure]) await server.close();
    await open.close();
    await guarded.close();
    await connections.close();
  });

  const get = (url: string) => send({ url, method: 'GET', headers: {}, timeouts: { totalMs: 10_000 }, connections });

  it('row 24: the http.proxy setting tunnels with CONNECT; its credentials go only in Proxy-Authorization', async () => {
    assert.equal(configureProxy({ proxy: `http://${CREDENTIALS}@127.0.0.1:${guarded.port}` }), undefined);
    const response = await get(`http://api.fincode.test:${targetPort}/through`);
    assert.equal(response.body.toString(), 'hello /through');
    assert.deepEqual(guarded.tunnels, [{ target: `api.fincode.test:${targetPort}`, proxyAuthorization: BASIC }]);
    assert.deepEqual(guarded.forwarded, [], 'CONNECT, not a forwarded request');
    assert.equal(seen.at(-1)?.['proxy-authorization'], undefined, 'the server behind the proxy never sees the proxy credentials');
  });

  it('row 24: wrong proxy credentials (407) give a clear error without the credentials', async () => {
    configureProxy({ proxy: `http://fincode:wrong-${SECRET}@127.0.0.1:${guarded.port}` });
    const error = await get(`http://api.fincode.test:${targetPort}/x`).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(
      error.message,
      `The proxy http://127.0.0.1:${guarded.port} refused to connect to api.fincode.test:${targetPort} (HTTP 407 Proxy Authentication Required): check the user name and password in the proxy setting.`,
    );
  });

  it('row 24: a proxy that is down gives a clear error naming it, without its credentials', async () => {
    configureProxy({ proxy: `http://${CREDENTIALS}@127.0.0.1:${downPort}` });
    const error = await get(`http://api.fincode.test:${targetPort}/x`).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(error.causeCode, 'ECONNREFUSED');
    assert.match(error.message, new RegExp(`^Could not reach the proxy http://127\\.0\\.0\\.1:${downPort} \\(for api\\.fincode\\.test:${targetPort}\\): connection refused`));
    for (const text of [error.message, JSON.stringify(error), describeProxy(new URL(`http://${CREDENTIALS}@127.0.0.1:${downPort}`))]) {
      assert.ok(!text.includes(SECRET) && !text.includes('fincode:'), text);
    }
  });

  it('row 24: a proxy that never accepts ends in the connect timeout, naming the proxy; a cancel is at once', async () => {
    const hanging = await hangingPort();
    try {
      configureProxy({ proxy: `http://${CREDENTIALS}@127.0.0.1:${hanging.port}` });
      const url = `https://api.fincode.test:${securePort}/`;
      const error = await send({ url, method: 'GET', headers: {}, timeouts: { connectMs: 300 }, connections }).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, new RegExp(`^Could not connect to api\\.fincode\\.test:${securePort} through the proxy http://127\\.0\\.0\\.1:${hanging.port} within 300 ms\\.`));
      assert.ok(!error.message.includes(SECRET));
      const controller = new AbortController();
      const pending = send({ url, method: 'GET', headers: {}, signal: controller.signal, connections }).catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 100);
      assert.ok((await within(pending, 1000, 'the cancel')) instanceof CancelledError);
    } finally {
      await hanging.stop();
    }
  });

  it('row 24: NO_PROXY (http.noProxy) hosts and loopback go direct', async () => {
    configureProxy({ proxy: `http://127.0.0.1:${open.port}`, noProxy: ['.fincode.test'] });
    const before = open.tunnels.length;
    // Direct, api.fincode.test does not resolve: only the proxy knew it.
    const direct = await get(`http://api.fincode.test:${targetPort}/x`).catch((e: unknown) => e);
    assert.ok(direct instanceof NetworkError && /^Could not reach api\.fincode\.test/.test(direct.message), String(direct));
    assert.equal((await get(`http://127.0.0.1:${targetPort}/local`)).body.toString(), 'hello /local');
    assert.equal(open.tunnels.length, before, 'the proxy saw neither');
  });

  it('row 24: a proxy setting that is not an http(s) URL is reported and nothing is sent', async () => {
    const problem = configureProxy({ proxy: 'socks5://127.0.0.1:1080' });
    assert.match(problem ?? '', /http\.proxy setting is not an http:\/\/ or https:\/\/ URL/);
    const count = seen.length;
    const error = await get(`http://127.0.0.1:${targetPort}/x`).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError && error.message === problem, String(error));
    assert.equal(seen.length, count);
  });

  it('row 24: NO_PROXY rules: suffixes, ports, * and IPv6', () => {
    const route = routeFor({}, { HTTPS_PROXY: 'proxy.corp:3128', no_proxy: 'corp.example, .internal:8443, [::2]' });
    const via = (url: string): string | undefined => proxyFor(new URL(url), route)?.href;
    assert.equal(via('https://api.fincode.software/'), 'http://proxy.corp:3128/');
    assert.equal(via('http://api.fincode.software/'), undefined, 'HTTP_PROXY is not set');
    assert.equal(via('https://corp.example/'), undefined);
    assert.equal(via('https://a.b.corp.example/'), undefined);
    assert.equal(via('https://notcorp.example/'), 'http://proxy.corp:3128/');
    assert.equal(via('https://x.internal:8443/'), undefined);
    assert.equal(via('https://x.internal/'), 'http://proxy.corp:3128/');
    assert.equal(via('https://[::2]/'), undefined);
    assert.equal(via('https://localhost:9/'), undefined);
    assert.equal(proxyFor(new URL('https://anything/'), routeFor({}, { HTTPS_PROXY: 'p:1', NO_PROXY: '*' })), undefined);
    assert.deepEqual(parseNoProxy(' a.test:80,,*.b.test '), [{ host: 'a.test', port: 80 }, { host: 'b.test', port: 0 }]);
    // http.proxy wins over the environment and serves both schemes.
    assert.equal(proxyFor(new URL('http://x.test/'), routeFor({ proxy: 'http://set:1' }, { HTTP_PROXY: 'http://env:2' }))?.host, 'set:1');
  });

  it('row 24: HTTPS_PROXY from the environment: https is tunnelled, certificates still checked, NO_PROXY honoured', async () => {
    const before = open.tunnels.length;
    const env = { HTTPS_PROXY: `http://127.0.0.1:${open.port}`, NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.crt') };
    const [tunnelled, wrongName] = await sendInChild([{ url: `https://api.fincode.test:${securePort}/` }, { url: `https://wrong.fincode.test:${securePort}/` }], env);
    assert.deepEqual(tunnelled, { status: 200, httpVersion: '1.1', body: 'hello over https' });
    assert.equal(childError(wrongName).causeCode, 'ERR_TLS_CERT_ALTNAME_INVALID', 'the tunnel does not weaken certificate checks');
    assert.deepEqual(open.tunnels.slice(before).map((tunnel) => tunnel.target), [`api.fincode.test:${securePort}`, `wrong.fincode.test:${securePort}`]);
    const [bypassed] = await sendInChild([{ url: `https://api.fincode.test:${securePort}/` }], { ...env, NO_PROXY: 'fincode.test' });
    assert.match(childError(bypassed).message, /^Could not reach api\.fincode\.test/);
    assert.equal(open.tunnels.length, before + 2, 'NO_PROXY kept it away from the proxy');
  });

  it('row 24: the CLI honours HTTP_PROXY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fincode-proxy-'));
    try {
      const file = join(dir, 'get.http');
      writeFileSync(file, 'GET {{baseUrl}}/from-cli\n');
      const before = open.tunnels.length;
      const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'send', file, '--base-url', `http://api.fincode.test:${targetPort}/api`],
          { env: { PATH: process.env.PATH, HOME: process.env.HOME, HTTP_PROXY: `http://127.0.0.1:${open.port}` }, timeout: 30_000 },
          (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve({ stdout: out, stderr: err })),
        );
      });
      assert.match(stdout, /^HTTP\/1\.1 200 OK/, stderr);
      assert.match(stdout, /hello \/api\/from-cli/);
      assert.deepEqual(open.tunnels.slice(before).map((tunnel) => tunnel.target), [`api.fincode.test:${targetPort}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
