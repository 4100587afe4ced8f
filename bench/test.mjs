// The figure of issue 12: `fincode-http test samples/permissions.http` as every role (4 profiles ×
// 17 requests = 68 requests, and 4 sign-ins) against `httpyac send --all` of the same 17 requests
// as one role (MANAGER, its token signed in beforehand), both against the local sandbox answering
// every request after 40 ms, as a remote server would. Each time is the whole command, process
// start included, median of RUNS runs; every run gets a fresh sandbox (the matrix creates and
// refunds transactions). The sandbox's request log counts what each tool really sent, and checks
// that httpyac's requests were authenticated and well-formed (no 400 or 401).
// Exits 1 when ours is not faster. Usage: node bench/test.mjs [runs]   (builds the CLI first)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const HTTPYAC = join(ROOT, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
const SAMPLE = join(ROOT, 'samples', 'permissions.http');
const LATENCY_MS = 40;
const RUNS = Number(process.argv[2] ?? 5);

/** The sandbox as `fincode-http sandbox` runs it; resolves once it listens and wrote the profiles. */
function startSandbox(dir) {
  const profiles = join(dir, 'profiles.json');
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--latency-ms', String(LATENCY_MS), '--write-profiles', profiles], { cwd: ROOT });
  const log = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString();
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    log.push(...lines);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const baseUrl = /Base URL: +(\S+)/.exec(out)?.[1];
      if (baseUrl && out.includes('Profiles for the test users written')) {
        resolve({ baseUrl, profiles, log, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${out}${stderr}`)));
  });
}

function timed(args, cwd) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ ms: performance.now() - started, code, output }));
  });
}

/** The same requests for httpyac, which injects nothing: the headers our CLI adds, written out. */
function httpyacFile(dir) {
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const out = lines.flatMap((line) => {
    const method = /^(GET|POST|PUT|PATCH|DELETE) /.exec(line)?.[1];
    if (!method) return [line];
    const body = method !== 'GET' && method !== 'DELETE' ? ['Content-Type: application/json'] : [];
    return [line, 'platform: fincode', 'uuid: 200', 'X-Auth-Token: {{token}}', ...body];
  });
  const path = join(dir, 'permissions.httpyac.http');
  writeFileSync(path, out.join('\n'));
  return { path, requests: lines.filter((line) => /^(GET|POST|PUT|PATCH|DELETE) /.test(line)).length };
}

async function managerToken(baseUrl, profiles) {
  const manager = JSON.parse(readFileSync(profiles, 'utf8')).find((profile) => profile.role === 'MANAGER');
  const response = await globalThis.fetch(`${baseUrl}/securitymanagement/login`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200' },
    body: JSON.stringify({ email: manager.email, currentPassword: manager.password }),
  });
  const body = await response.json();
  if (!body.access_token) throw new Error(`the MANAGER login failed: ${response.status}`);
  return body.access_token;
}

/** One run of `tool` on a fresh sandbox: its time and the sandbox's log lines for it. */
async function runOnce(dir, tool, file) {
  const sandbox = await startSandbox(dir);
  try {
    // httpyac reads files below its working folder only.
    const [args, cwd] =
      tool === 'ours'
        ? [[CLI, 'test', SAMPLE, '--profiles', sandbox.profiles, '--base-url', sandbox.baseUrl], ROOT]
        : [[HTTPYAC, 'send', basename(file), '--all', '--output', 'short', '--var', `baseUrl=${sandbox.baseUrl}`, `token=${await managerToken(sandbox.baseUrl, sandbox.profiles)}`], dirname(file)];
    const before = sandbox.log.length;
    const run = await timed(args, cwd);
    if (run.code !== 0) throw new Error(`${tool} exited ${run.code}:\n${run.output}`);
    // httpyac's token was signed in before it started; its log line may come after `before`.
    const log = sandbox.log.slice(before);
    return { ms: run.ms, log: tool === 'ours' ? log : log.filter((line) => !line.includes('/securitymanagement/login')) };
  } finally {
    await sandbox.stop();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`the build failed:\n${build.stderr}`);
const dir = mkdtempSync(join(tmpdir(), 'fincode-bench-test-'));
try {
  const httpyac = httpyacFile(dir);
  const times = { ours: [], httpyac: [] };
  const sent = { ours: 0, httpyac: 0, signIns: 0 };
  for (let run = 0; run < RUNS; run += 1) {
    // Interleaved, so both see the same load on a shared machine.
    for (const tool of ['ours', 'httpyac']) {
      const { ms, log } = await runOnce(dir, tool, httpyac.path);
      times[tool].push(ms);
      const signIns = log.filter((line) => line.includes('/securitymanagement/login')).length;
      sent[tool] = log.length - signIns;
      if (tool === 'ours') sent.signIns = signIns;
      if (tool === 'httpyac' && log.some((line) => / (400|401) \d+ms$/.test(line))) throw new Error(`httpyac's requests were refused:\n${log.join('\n')}`);
    }
  }
  const ours = median(times.ours);
  const theirs = median(times.httpyac);
  const ratio = theirs / ours;
  console.log(`\`fincode-http test\` vs \`httpyac send --all\` (samples/permissions.http, ${httpyac.requests} requests; sandbox latency ${LATENCY_MS} ms; median of ${RUNS} runs, process start included)`);
  console.log(`  fincode-http test, every role (4 profiles, concurrency 4): ${ours.toFixed(0)} ms   (${sent.ours} requests and ${sent.signIns} sign-ins)`);
  console.log(`  httpyac send --all, one role (MANAGER, signed in before):  ${theirs.toFixed(0)} ms   (${sent.httpyac} requests)`);
  console.log(`  ratio httpyac / fincode-http test: ${ratio.toFixed(2)}× — ours ${ratio > 1 ? 'faster' : 'SLOWER'}, with ${(sent.ours / sent.httpyac).toFixed(1)}× the requests (target: faster)`);
  process.exitCode = ratio > 1 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
