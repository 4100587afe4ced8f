// The extension's build keeps undici out of the activation bundle (scripts/undiciSplit.mjs):
// transport.ts, bundled that way, loads dist/undici.js on its first exchange only, and that
// trimmed file gives it everything it uses: requests, timeouts and error mapping.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type * as Transport from '../../src/core/http/transport';

describe('undici kept apart from the extension bundle', () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let transport: typeof Transport;
  let undiciPath: string;

  before(async () => {
    const { undiciApart, undiciParts } = await import('../../scripts/undiciSplit.mjs');
    dir = mkdtempSync(join(tmpdir(), 'fincode-split-'));
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' } as const;
    await esbuild.build({ ...common, entryPoints: [resolve('src/core/http/transport.ts')], outfile: join(dir, 'transport.js'), plugins: [undiciApart] });
    await esbuild.build({ ...common, stdin: undiciParts, outfile: join(dir, 'undici.js') });
    undiciPath = join(dir, 'undici.js');
    server = createServer((req, res) => {
      if (req.url === '/silent') return; // headers never come
      res.end('hello');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test is CommonJS
    transport = require(join(dir, 'transport.js')) as typeof Transport;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
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
});
