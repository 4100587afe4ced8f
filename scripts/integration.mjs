// `npm run test:integration`: the @vscode/test-electron suite (test/integration/suite/) inside a
// real VS Code's extension host, the extension loaded from this checkout.
//
// VS Code comes from VSCODE_EXECUTABLE_PATH when set (an installed VS Code binary, e.g.
// /usr/share/code/code), else @vscode/test-electron downloads it into .vscode-test/ (version:
// FINCODE_VSCODE_VERSION, default "stable"). Where neither works (no internet, as on the
// project's build machines) it runs in the VS Code server that code-server ships, the one the e2e
// suite installs (scripts/integrationServer.mjs). Only where that cannot be installed either is
// the suite SKIPPED, with a loud message. On Linux without a display, run Electron under xvfb-run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { installVsCodeServer, runInVsCodeServer } from './integrationServer.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUITE_OUT = join(REPO, 'out', 'integration', 'index.js');
const DOWNLOAD_LIMIT_MS = 120_000;
const log = (message) => console.log(`[integration] ${message}`);

async function build() {
  log('building the extension and bundling the suite (vscode external)');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: [join(REPO, 'src', 'extension.ts')], outfile: join(REPO, 'dist', 'extension.js'), sourcemap: 'linked', sourcesContent: false });
  await esbuild.build({ ...common, entryPoints: [join(REPO, 'test', 'integration', 'suite', 'index.ts')], outfile: SUITE_OUT });
}

function withLimit(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function skip(reason) {
  const line = '='.repeat(100);
  console.log(`\n${line}`);
  console.log('SKIPPED: neither VS Code (no download, no VSCODE_EXECUTABLE_PATH) nor the VS Code server of code-server is available here.');
  console.log(`         ${reason}`);
  console.log('         To run this suite: VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:integration, or install code-server with scripts/e2e/setup.sh.');
  console.log(`${line}\n`);
  process.exit(0);
}

/** Without VS Code: the suite in the VS Code server of code-server; its exit code. */
async function runInServer(downloadFailure) {
  log(`VS Code could not be downloaded (${downloadFailure}): running the suite in the VS Code server of code-server instead`);
  const install = installVsCodeServer(REPO);
  if (!install) return skip('scripts/e2e/setup.sh could not install code-server.');
  try {
    return await runInVsCodeServer({ install, repo: REPO, suite: SUITE_OUT, workspace: join(REPO, 'samples'), log });
  } catch (error) {
    console.error(`[integration] the suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function vscodeExecutable() {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    log(`VS Code from VSCODE_EXECUTABLE_PATH: ${given}`);
    return given;
  }
  const version = process.env.FINCODE_VSCODE_VERSION || 'stable';
  log(`VSCODE_EXECUTABLE_PATH is not set: downloading VS Code ${version} into .vscode-test/`);
  try {
    return await withLimit(
      downloadAndUnzipVSCode({ version, cachePath: join(REPO, '.vscode-test'), timeout: 20_000 }),
      DOWNLOAD_LIMIT_MS,
      'the VS Code download',
    );
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

await build();
const vscodeExecutablePath = await vscodeExecutable();
if (typeof vscodeExecutablePath !== 'string') {
  const code = await runInServer(vscodeExecutablePath.failure);
  log(code === 0 ? 'passed' : `failed (exit ${code})`);
  process.exit(code);
}
// A fresh profile every run: the first-run state (the local sandbox and its four profiles) is
// what the suite checks, and nothing of the user's own VS Code is touched.
const scratch = mkdtempSync(join(tmpdir(), 'fincode-integration-'));
let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: SUITE_OUT,
    launchArgs: [
      join(REPO, 'samples'),
      '--user-data-dir', join(scratch, 'user-data'),
      '--extensions-dir', join(scratch, 'extensions'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      // Linux without a keyring daemon: SecretStorage still works (encrypted with a local key).
      ...(process.platform === 'linux' ? ['--password-store=basic'] : []),
    ],
  });
} catch (error) {
  console.error(`[integration] the suite failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
log(exitCode === 0 ? 'passed' : `failed (exit ${exitCode})`);
process.exit(exitCode);
