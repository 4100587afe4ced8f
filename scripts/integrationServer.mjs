// Runs the @vscode/test-electron suite in the real VS Code server that code-server ships (the
// one the e2e suite drives), for machines where VS Code itself cannot be downloaded. The VS Code
// server loads a development extension and an extension test entry only from a workbench URL's
// `payload` and only with --enable-smoke-test-driver: a headless Chromium opens that URL, the
// remote extension host runs the suite and exits with its result, which this returns.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const SUITE_LIMIT_MS = 180_000;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves with the extension host's exit code, as the VS Code server logs it. */
function extensionHostExit(server, output) {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`the suite did not finish within ${SUITE_LIMIT_MS / 1000} s:\n${output.text.slice(-3000)}`)), SUITE_LIMIT_MS);
    const check = () => {
      const match = /Extension Host Process exited with code: (\d+)/.exec(output.text);
      if (!match) return;
      clearTimeout(timer);
      resolveExit(Number(match[1]));
    };
    server.stdout.on('data', check);
    server.stderr.on('data', check);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited (${code}) before the suite finished:\n${output.text.slice(-3000)}`));
    });
  });
}

/**
 * Installs (or checks) code-server, Node 24 and Chromium as the e2e suite does, and returns where
 * they are, as setup.sh prints it (FINCODE_E2E_*=path lines); undefined when that fails.
 */
export function installVsCodeServer(repo) {
  const setup = spawnSync('bash', [join(repo, 'scripts', 'e2e', 'setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(setup.stdout ?? '');
  if (setup.status !== 0) return undefined;
  const paths = Object.fromEntries([...setup.stdout.matchAll(/^FINCODE_E2E_(\w+)=(.+)$/gm)].map(([, name, path]) => [name, path.trim()]));
  if (!paths.NODE24 || !paths.CODE_SERVER || !paths.CHROMIUM) return undefined;
  // code-server's entry is out/node/entry.js; the VS Code server it wraps is lib/vscode.
  const serverMain = join(dirname(paths.CODE_SERVER), '..', '..', 'lib', 'vscode', 'out', 'server-main.js');
  return { node: paths.NODE24, serverMain, chromium: paths.CHROMIUM };
}

/**
 * `install`: what installVsCodeServer returned; `repo`: the extension (extensionDevelopmentPath);
 * `suite`: the bundled test entry; `workspace`: the folder to open. Prints the suite's lines;
 * returns its exit code.
 */
export async function runInVsCodeServer({ install, repo, suite, workspace, log }) {
  const scratch = mkdtempSync(join(tmpdir(), 'fincode-integration-server-'));
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  log(`VS Code server (${install.serverMain}) on ${authority}, extension host tests from ${suite}`);
  const server = spawn(
    install.node,
    [
      install.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--user-data-dir', join(scratch, 'user-data'),
      '--server-data-dir', join(scratch, 'server-data'),
      '--extensions-dir', join(scratch, 'extensions'),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { text: '' };
  const append = (chunk) => (output.text += chunk.toString('utf8'));
  server.stdout.on('data', append);
  server.stderr.on('data', append);
  let browser;
  try {
    await new Promise((resolveReady, reject) => {
      const check = () => /Extension host agent listening/.test(output.text) && resolveReady();
      server.stdout.on('data', check);
      server.once('exit', () => reject(new Error(`the VS Code server did not start:\n${output.text.slice(-3000)}`)));
    });
    const exited = extensionHostExit(server, output);
    browser = await chromium.launch({ executablePath: install.chromium, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    // The extension host's console reaches the workbench's: the suite's own lines, as it prints them.
    let summary;
    page.on('console', (message) => {
      const line = message.text().replace(/^%c\s*\w+\s+color: #\w+ /, '');
      if (/^\s*(▶|✔|✖|\d+ passed, \d+ failed)/.test(line) || /^\s{4}/.test(line)) console.log(line);
      summary = /(\d+) passed, (\d+) failed/.exec(line) ?? summary;
    });
    const remote = (path) => `vscode-remote://${authority}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(suite)],
    ]);
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await exited;
    // The last console lines may still be on their way from the workbench.
    for (let waited = 0; !summary && waited < 5_000; waited += 100) await sleep(100);
    // The remote extension host exits 0 even when run() rejected: the summary line decides.
    if (!summary) throw new Error('the suite printed no summary line: no test ran');
    return Number(summary[2]) > 0 ? 1 : code;
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}
