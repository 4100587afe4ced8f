import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { login } from '../support/sandbox';

// The CLI runs from source through tsx, as `npx tsx src/cli/main.ts` would, but without npx in
// between so that signals reach the CLI process itself.
const CLI = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'] as const;

function runCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(CLI[0], [...CLI.slice(1), ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves with stdout so far once `pattern` appears in it. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited (${code}) before printing ${pattern}: ${output}`));
    });
  });
}

describe('fincode-http sandbox (CLI)', () => {
  test('starts, prints both base URLs, the test users and a curl login; serves a login; stops on SIGTERM', async (t) => {
    const child = spawn(CLI[0], [...CLI.slice(1), 'sandbox', '--port', '0', '--expires-in', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const banner = await waitForOutput(child, /Press Ctrl\+C to stop\./);
    const baseUrl = /Base URL:\s+(http:\/\/127\.0\.0\.1:\d+\/api\/v6\/services)\n/.exec(banner)?.[1];
    const sandboxBaseUrl = /Sandbox base URL:\s+(\S+)/.exec(banner)?.[1];
    assert.ok(baseUrl, banner);
    assert.equal(sandboxBaseUrl, baseUrl.replace('/api/v6/services', '/sandbox/api/v6/services'));
    for (const user of DOCUMENTED_SANDBOX_USERS) {
      assert.match(banner, new RegExp(`${user.role}\\s+${user.email.replace(/[.+]/g, '\\$&')}\\s+${user.password}`));
    }
    assert.ok(banner.includes(`curl -X PUT "${baseUrl}/securitymanagement/login"`), banner);
    assert.ok(banner.includes('-H "platform: fincode" -H "uuid: 200"'), banner);

    const session = await login(baseUrl, 'MANAGER');
    assert.equal(session.expires_in, 120, '--expires-in reaches the sandbox');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(stderr, /PUT \/api\/v6\/services\/securitymanagement\/login 200 \d+ms/);
    assert.ok(!stderr.includes(session.access_token) && !stderr.includes('Password@1'), 'no secrets in the request log');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
    await assert.rejects(fetch(`${baseUrl}/_emulator/counters`), 'the port is closed after exit');
  });

  const badUsages: [string[], RegExp][] = [
    [['sandbox', '--port', 'abc'], /--port must be an integer from 0 to 65535 \(got "abc"\)/],
    [['sandbox', '--port', '70000'], /--port must be an integer from 0 to 65535 \(got "70000"\)/],
    [['sandbox', '--expires-in', '0'], /--expires-in must be an integer ≥ 1 \(got "0"\)/],
    [['sandbox', '--lockout-attempts', '-3'], /--lockout-attempts/],
    [['sandbox', '--lockout-seconds', '1.5'], /--lockout-seconds must be an integer/],
    [['sandbox', '--bogus'], /--bogus/],
    [['sandbox', 'extra'], /extra/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['help', 'frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, message] of badUsages) {
    test(`bad usage exits 2 with a message: ${args.join(' ')}`, () => {
      const result = runCli(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }

  test('help, no arguments and sandbox --help print usage and exit 0', () => {
    for (const args of [['help'], [], ['--help']]) {
      const result = runCli(args);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /^Usage: fincode-http <command>/);
      assert.match(result.stdout, /sandbox\s+Run the local FinCode sandbox/);
    }
    for (const args of [['help', 'sandbox'], ['sandbox', '--help']]) {
      const result = runCli(args);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /^Usage: fincode-http sandbox/);
      assert.match(result.stdout, /--lockout-seconds S/);
    }
  });
});
