// `fincode-http send` with prompt variables and `>>` lines: the real CLI process against the real
// sandbox, answered by --prompt and FINCODE_PROMPT_*, on a real terminal (a pty from `script`),
// or failing with the flag to use when there is no terminal; the body saved beside the .http file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PromptQuestion } from '../../src/core/http/prompts';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { promptEnvName, promptFlags, terminalAsk, type Terminal } from '../../src/cli/prompts';
import { CliError } from '../../src/cli/cliError';
import { PROMPTED_LOGIN } from '../support/promptedLogin';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const CASHIER = DOCUMENTED_SANDBOX_USERS.find((user) => user.role === 'CASHIER')!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Absolute, so that the CLI also runs with another working directory.
const TSX = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = join(process.cwd(), 'src/cli/main.ts');

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}


describe('fincode-http: prompt answers without a terminal', () => {
  it('reads --prompt KEY=VALUE, then FINCODE_PROMPT_<KEY>', async () => {
    const ask = terminalAsk(promptFlags(['Auth Token?=from-flag', 'x=a=b']), { FINCODE_PROMPT_AUTH_TOKEN: 'from-env', FINCODE_PROMPT_ID: '7' }, { interactive: false, readLine: async () => assert.fail('not asked') });
    const q = (key: string): PromptQuestion => ({ key, kind: 'input', prompt: key, masked: false, askOnce: false });
    assert.equal(await ask(q('Auth Token?')), 'from-flag');
    assert.equal(await ask(q('x')), 'a=b');
    assert.equal(await ask(q('id')), '7');
    assert.equal(promptEnvName('Auth Token?'), 'FINCODE_PROMPT_AUTH_TOKEN');
    assert.throws(() => promptFlags(['novalue']), (error: unknown) => error instanceof CliError && error.exitCode === 2);
  });

  it('asks a terminal: a masked question without echo, a pick by number', async () => {
    const asked: [string, boolean][] = [];
    const answers = ['x', '2'];
    const terminal: Terminal = {
      interactive: true,
      readLine: async (question, masked) => {
        asked.push([question, masked]);
        return answers.shift();
      },
    };
    const ask = terminalAsk(new Map(), {}, terminal);
    assert.equal(await ask({ key: 'pw', kind: 'password', prompt: 'pw', masked: true, askOnce: false }), 'x');
    assert.equal(await ask({ key: 'Currency', kind: 'pick', prompt: 'Currency', items: ['USD', 'EUR'], masked: false, askOnce: false }), 'EUR');
    assert.deepEqual(asked, [
      ['pw: ', true],
      ['Currency\n  1) USD\n  2) EUR\nNumber: ', false],
    ]);
  });
});

describe('fincode-http send: prompts and >> against the sandbox', () => {
  let t: TestSandbox;
  let dir: string;
  before(async () => {
    t = await withSandbox();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'fincode-cli-prompts-')));
    mkdirSync(join(dir, 'project', 'api'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
  });
  after(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const path = join(dir, 'project', 'api', name);
    writeFileSync(path, text);
    return path;
  }

  it('sends with --prompt and FINCODE_PROMPT_* answers; the password shows nowhere', async () => {
    const path = file('login.http', PROMPTED_LOGIN);
    const run = await cli(['send', path, '--base-url', t.baseUrl, '--prompt', `email=${CASHIER.email}`], { FINCODE_PROMPT_PASSWORD: CASHIER.password });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^HTTP\/1\.1 200/);
    assert.ok(!run.stdout.includes(CASHIER.password) && !run.stderr.includes(CASHIER.password));
  });

  it('without a terminal, names the flag and the variable for what is missing, and sends nothing', async () => {
    const path = file('login.http', PROMPTED_LOGIN);
    const before = (await t.counters()).logins;
    const run = await cli(['send', path, '--base-url', t.baseUrl, '--prompt', `email=${CASHIER.email}`]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /asks for "Password" \(a password\) and there is no terminal to ask on: pass --prompt 'Password=…' or set FINCODE_PROMPT_PASSWORD/);
    assert.equal((await t.counters()).logins, before);
  });

  it('asks on a real terminal, the password without echo', { skip: !existsSync('/usr/bin/script') && 'no script(1) for a pseudo-terminal' }, async () => {
    const path = file('login.http', PROMPTED_LOGIN.replace('{{email}}', CASHIER.email).replace('# @prompt email Your e-mail\n', ''));
    const command = [process.execPath, '--import', TSX, MAIN, 'send', path, '--base-url', t.baseUrl].map((part) => `'${part}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb' } });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!typed && output.includes('Password: ')) {
        typed = true;
        child.stdin.write(`${CASHIER.password}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, output);
    assert.ok(typed, output);
    assert.match(output, /HTTP\/1\.1 200/);
    assert.ok(!output.includes(CASHIER.password), 'the typed password was not echoed');
  });

  it('saves the body beside the .http file, numbered on the next send, and refuses a path outside', async () => {
    const path = file('echo.http', ['GET {{baseUrl}}/_emulator/echo/saved?c={{$pick Currency $value: USD,EUR}}', '', '>> ./out/echo.json'].join('\n'));
    const args = ['send', path, '--base-url', t.baseUrl, '--prompt', 'Currency=EUR'];
    const first = await cli(args, {}, dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /saved the body to project\/api\/out\/echo\.json/);
    const saved = JSON.parse(readFileSync(join(dir, 'project', 'api', 'out', 'echo.json'), 'utf8')) as { query: { c: string } };
    assert.equal(saved.query.c, 'EUR');
    const second = await cli(args, {}, dir);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readdirSync(join(dir, 'project', 'api', 'out')).sort(), ['echo-1.json', 'echo.json']);

    const escape = file('escape.http', ['GET {{baseUrl}}/_emulator/echo/escape', '', '>>! ../../elsewhere/stolen.json'].join('\n'));
    const refused = await cli(['send', escape, '--base-url', t.baseUrl], {}, join(dir, 'project', 'api'));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /The response was not saved: .*elsewhere\/stolen\.json is outside the workspace \(line 3\)/);
    assert.deepEqual(readdirSync(join(dir, 'elsewhere')), []);
  });
});
