// `fincode-http parse` prints its list with one synchronous write to standard output
// (src/cli/stdout.ts). What a user relies on: every line arrives, through a pipe and through a
// socket whose reader drains it late (the write waits for the reader), and a standard output that
// something made non-blocking, where the write is refused part-way (EAGAIN) and the rest goes
// through process.stdout. The built CLI, as `npx fincode-http` runs it, and printAll itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateHttpFile } from '../../bench/generate.mjs';
import { BUILT_CLI, builtCli } from '../support/builtCli';

const REQUESTS = 10_000;

describe('fincode-http parse output', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fincode-parse-out-'));
    file = join(dir, 'big.http');
    writeFileSync(file, generateHttpFile(REQUESTS));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function assertWholeList(stdout: string): void {
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, REQUESTS + 1);
    assert.match(lines[0] ?? '', /^ {4}6 {2}GET \{\{baseUrl\}\}\/transactions\?page=0 {2}@name list0$/);
    assert.equal(lines.at(-1), `${REQUESTS} request(s)`);
  }

  it('prints every line of a 10,000-request list through a pipe', async () => {
    const run = await builtCli(['parse', file]);
    assert.equal(run.code, 0, run.stderr);
    assertWholeList(run.stdout);
  });

  it('prints every line through a socket whose reader starts late', async () => {
    const socketPath = join(dir, 'out.sock');
    const received = new Promise<string>((resolve, reject) => {
      const server = createServer((reader: Socket) => {
        reader.pause();
        const chunks: Buffer[] = [];
        // Read only after the CLI has filled the socket's buffer.
        setTimeout(() => reader.resume(), 500);
        reader.on('data', (chunk: Buffer) => chunks.push(chunk));
        reader.on('end', () => {
          server.close();
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
        reader.on('error', reject);
      });
      server.listen(socketPath);
    });
    const writer = await new Promise<Socket>((resolve) => {
      const socket = connect(socketPath, () => resolve(socket));
    });
    const child = spawn(process.execPath, [BUILT_CLI, 'parse', file], { stdio: ['ignore', writer, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    writer.end();
    assert.equal(code, 0, stderr);
    assertWholeList(await received);
  });

  it('prints everything when standard output is non-blocking and its reader starts late (EAGAIN)', async () => {
    // Touching process.stdout makes a pipe non-blocking (libuv), as a host process or a wrapper may
    // have done; writeSync then fails with EAGAIN once the pipe is full, here at once since nothing
    // reads it for half a second.
    const size = 8 * 1024 * 1024;
    const stdoutModule = resolve('src/cli/stdout.ts');
    const script = `process.stdout; require(${JSON.stringify(stdoutModule)}).printAll('x'.repeat(${size - 1}) + '\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let received = 0;
    let lastByte = -1;
    setTimeout(() => {
      child.stdout.on('data', (chunk: Buffer) => {
        received += chunk.length;
        lastByte = chunk[chunk.length - 1] ?? -1;
      });
      child.stdout.resume();
    }, 500);
    const code = await new Promise<number | null>((resolveClose) => child.on('close', resolveClose));
    assert.equal(code, 0, stderr);
    assert.equal(received, size);
    assert.equal(lastByte, 10);
  });
});
