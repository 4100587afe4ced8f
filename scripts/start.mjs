// `npm start`: builds the extension and opens VS Code with it on samples/.
//
// - With a `code` executable on PATH: `code --extensionDevelopmentPath=<repo> <repo>/samples`
//   (the extension runs from this checkout; reload the window after `npm run watch` rebuilds).
// - Without one (a server, a container): code-server, the VS Code workbench served to a browser,
//   from the cache scripts/e2e/setup.sh keeps (Node 24 + code-server 4.139.1, installed once),
//   on 127.0.0.1:8080 (or a free port when 8080 is taken), no password, with the freshly packaged
//   VSIX installed; it prints the URL to open. Ctrl+C stops it.
//
// code-server's own state (user data, extensions, XDG folders) lives under
// ${FINCODE_E2E_CACHE:-~/.cache/fincode-api-explorer}/start, so a sign-in survives a restart and
// nothing is written to ~/.config or ~/.local. Usage: node scripts/start.mjs [--port N]
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = join(REPO, 'samples');
const CODE_SERVER_VERSION = '4.139.1';
const CACHE_ROOT = process.env.FINCODE_E2E_CACHE || join(homedir(), '.cache', 'fincode-api-explorer');
const INSTALL_DIR = join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}`);
const NODE24 = process.env.FINCODE_E2E_NODE24 || join(INSTALL_DIR, 'node24', 'bin', 'node');
const CODE_SERVER = process.env.FINCODE_E2E_CODE_SERVER || join(INSTALL_DIR, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const STATE = join(CACHE_ROOT, 'start');
const VSIX = join(REPO, 'fincode-api-explorer.vsix');
const DEFAULT_PORT = 8080;

const log = (message) => console.log(`[start] ${message}`);

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

/** Runs a command to completion with its output shown; a failure ends `npm start`. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit', ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
}

/** The `code` executable on PATH, if any. */
function findCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function portFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function portArgument() {
  const at = process.argv.indexOf('--port');
  if (at < 0) return DEFAULT_PORT;
  const port = Number(process.argv[at + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port needs a port number, not "${process.argv[at + 1]}"`);
  return port;
}

function startWithCode(code) {
  log(`opening VS Code: ${code} --extensionDevelopmentPath=${REPO} ${SAMPLES}`);
  const child = spawn(code, [`--extensionDevelopmentPath=${REPO}`, SAMPLES], { stdio: 'inherit', shell: process.platform === 'win32' });
  child.once('error', (error) => fail(`${code}: ${error.message}`));
  child.once('exit', (status) => process.exit(status ?? 0));
}

async function startCodeServer() {
  log('no `code` executable on PATH: starting code-server (the VS Code workbench in a browser) instead');
  if (!existsSync(NODE24) || !existsSync(CODE_SERVER)) {
    log(`installing Node 24 + code-server ${CODE_SERVER_VERSION} into ${INSTALL_DIR} (a few minutes, once)`);
    run('bash', ['scripts/e2e/setup.sh']);
  } else {
    log(`code-server ${CODE_SERVER_VERSION} cached: ${CODE_SERVER}`);
  }
  run('npm', ['run', '--silent', 'package']);

  const dirs = {
    config: join(STATE, 'xdg-config'),
    data: join(STATE, 'xdg-data'),
    cache: join(STATE, 'xdg-cache'),
    userData: join(STATE, 'user-data'),
    extensions: join(STATE, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const settings = join(dirs.userData, 'User', 'settings.json');
  if (!existsSync(settings)) {
    mkdirSync(dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true, 'remote.autoForwardPorts': false }, null, 2) + '\n');
  }
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache };
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_PATH;
  const common = ['--auth', 'none', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check'];

  log(`installing ${VSIX}`);
  run(NODE24, [CODE_SERVER, ...common, '--force', '--install-extension', VSIX], { env, stdio: ['ignore', 'inherit', 'inherit'] });

  const wanted = portArgument();
  const port = wanted !== 0 && (await portFree(wanted)) ? wanted : 0;
  if (port !== wanted) log(`port ${wanted} is taken: letting the system pick a free one`);
  // Its own process group, so Ctrl+C here stops code-server and everything it started.
  const child = spawn(NODE24, [CODE_SERVER, ...common, '--bind-addr', `127.0.0.1:${port}`, SAMPLES], {
    cwd: REPO,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = false;
  let output = '';
  const watch = (chunk) => {
    const text = chunk.toString('utf8');
    if (printed) return;
    output += text;
    const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\//.exec(output);
    if (match) {
      printed = true;
      const url = `${match[1]}/?folder=${encodeURIComponent(SAMPLES)}`;
      console.log('');
      log(`VS Code (code-server ${CODE_SERVER_VERSION}) with FinCode API Explorer is running on ${SAMPLES}:`);
      console.log(`\n    ${url}\n`);
      log('open it in a browser (it listens on 127.0.0.1 only; tunnel the port to reach it from elsewhere). Ctrl+C stops it.');
    }
  };
  child.stdout.on('data', watch);
  child.stderr.on('data', watch);

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`stopping code-server (${signal})`);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      process.exit(0);
    }, 5000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(output.slice(-4000));
      fail(`code-server exited (${code ?? signal}) before it was stopped`);
    }
    process.exit(0);
  });
}

log('building');
run(process.execPath, ['esbuild.config.mjs']);
const code = findCode();
if (code) startWithCode(code);
else await startCodeServer();
