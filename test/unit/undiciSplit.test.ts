// The extension's build keeps undici out of the activation bundle (scripts/undiciSplit.mjs):
// transport.ts, bundled that way, loads dist/undici.js on its first exchange only, and that
// trimmed file gives it everything it uses: requests, timeouts, error mapping, the proxy
// dispatcher and HTTP/2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createSecureServer } from 'node:http2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type * as Transport from '../../src/core/net/transport';
import type { createConnections } from '../../src/core/net/connections';
import { connectProxy, tlsFixture, TLS_DIR } from '../support/faultServers';
import { httpServer, throwaway, type Throwaway } from '../support/throwawayServer';

type Bundle = typeof Transport & { createConnections: typeof createConnections };

describe('undici kept apart from the extension bundle', () => {
  let dir: string;
  let server: Throwaway;
  let origin: string;
  let transport: Bundle;
  let bundlePath: string;
  let undiciPath: string;

  before(async () => {
    const { undiciApart, undiciParts } = await import('../../scripts/undiciSplit.mjs');
    dir = mkdtempSync(join(tmpdir(), 'fincode-split-'));
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' } as const;
    bundlePath = join(dir, 'transport.js');
    // The transport and the connections the extension makes, as the extension bundles them.
    const contents = "export * from './src/core/net/transport';\nexport { createConnections } from './src/core/net/connections';\n";
    await esbuild.build({ ...common, stdin: { contents, resolveDir: resolve('.'), loader: 'ts' }, outfile: bundlePath, plugins: [undiciApart] });
    await esbuild.build({ ...common, stdin: undiciParts, outfile: join(dir, 'undici.js') });
    undiciPath = join(dir, 'undici.js');
    server = await httpServer((req, res) => {
      if (req.url === '/silent') return; // headers never come
      res.end('hello');
    });
    origin = server.origin;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test is CommonJS
    transport = require(bundlePath) as Bundle;
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads undici on the first exchange, not before, and sends with it', async () => {
    assert.equal(require.cache[undiciPath], undefined, 'undici is not loaded when the bundle is');
    const response = await transport.send({ url: `${origin}/`, method: 'GET', headers: {} });
    assert.ok(require.cache[undiciPath], 'undici.js is loaded by the first exchange');
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), 'hello');
  });

  it('maps a headers timeout and a bad URL as the full undici does', async () => {
    await assert.rejects(
      transport.send({ url: `${origin}/silent`, method: 'GET', headers: {}, timeouts: { headersMs: 200 } }),
      (error: Error & { phase?: string }) => error.name === 'TimeoutError' && error.phase === 'headers',
    );
    await assert.rejects(
      transport.send({ url: 'ftp://127.0.0.1/', method: 'GET', headers: {} }),
      (error: Error) => error.name === 'NetworkError' && /must start with `http:` or `https:`/.test(error.message),
    );
  });

  it('tunnels through a proxy with the trimmed undici (ProxyAgent)', async () => {
    const proxy = await connectProxy();
    const connections = transport.createConnections();
    try {
      connections.configureProxy({ proxy: `http://127.0.0.1:${proxy.port}` });
      const response = await transport.send({ url: `http://api.fincode.test:${new URL(origin).port}/`, method: 'GET', headers: {}, connections });
      assert.equal(response.body.toString(), 'hello');
      assert.deepEqual(proxy.tunnels.map((tunnel) => tunnel.target), [`api.fincode.test:${new URL(origin).port}`]);
    } finally {
      await connections.close();
      await proxy.close();
    }
  });

  it('speaks HTTP/2 with the trimmed undici (allowH2)', async () => {
    // Accepts nothing but h2; the child process trusts the test CA.
    const h2 = await throwaway(createSecureServer({ ...tlsFixture('valid'), allowHTTP1: false }, (_req, res) => res.end('over h2')));
    try {
      const script = `require(${JSON.stringify(bundlePath)}).send({ url: '${h2.origin}/', method: 'GET', headers: {} })
        .then((r) => { console.log(r.status, r.body.toString()); process.exit(0); }, (e) => { console.log(e.message); process.exit(1); });`;
      const child = execFile(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.crt') }, timeout: 30_000 });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(output.trim(), '200 over h2');
      assert.equal(code, 0);
    } finally {
      await h2.close();
    }
  });
});
