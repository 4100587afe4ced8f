// Send-pipeline benchmark, measured in one run against one sandbox process:
// 1. overhead: N sequential requests to the sandbox echo endpoint through our pipeline
//    (parse → resolve → inject → send → decode) vs raw undici with the same headers and body;
//    target: median latency ratio ≤ 1.15;
// 2. role matrix over the 4 documented users vs one request, with the sandbox answering after
//    a realistic server latency; target: wall time ≤ 1.5× one request.
// Run with `node --import tsx bench/send.mts [requests]`: bench/send.mts bundles this file as the
// product is shipped and runs it with plain node (`--tsx` runs it from the sources instead).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'undici';
import { createSession } from '../src/core/auth/session';
import { memorySecretStore } from '../src/core/auth/secretStore';
import { makeEnvironment, type Environment } from '../src/core/fincode/environments';
import { DOCUMENTED_SANDBOX_USERS } from '../src/core/fincode/testUsers';
import { runMatrix } from '../src/core/http/matrix';
import { parseHttpFile } from '../src/core/http/parser';
import { sendRequest, type CredentialSource } from '../src/core/http/sender';
import { createConnections } from '../src/core/net/connections';
import { DEFAULT_TIMEOUTS } from '../src/core/net/transport';

const MATRIX_RUNS = 30;
const LATENCY_MS = 40;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Nearest-rank percentile, e.g. 0.9 for p90. */
const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
};

/** The sandbox in its own process, as a real server would be. */
async function sandboxProcess(extra: string[]): Promise<{ baseUrl: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  while (!/Base URL:\s+(\S+)/.test(output)) {
    const [chunk] = (await once(child.stdout, 'data')) as [string];
    output += chunk;
  }
  return { baseUrl: (/Base URL:\s+(\S+)/.exec(output) as RegExpExecArray)[1] as string, stop: () => child.kill('SIGTERM') };
}

async function apiToken(env: Environment): Promise<string> {
  const session = createSession({ profileId: 'bench', env, email: DOCUMENTED_SANDBOX_USERS[0]!.email, store: memorySecretStore() });
  await session.signIn(DOCUMENTED_SANDBOX_USERS[0]!.password);
  const token = await session.getAccessToken();
  const minted = await request(`${env.baseUrl}/_emulator/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200', 'x-auth-token': token },
    body: JSON.stringify({ label: 'bench', expiry: '24h' }),
  });
  return ((await minted.body.json()) as { api_token: string }).api_token;
}

async function overhead(requests: number): Promise<number> {
  const sandbox = await sandboxProcess([]);
  const connections = createConnections();
  try {
    const env = makeEnvironment({ id: 'bench', kind: 'custom', baseUrl: sandbox.baseUrl });
    const token = await apiToken(env);
    const file = parseHttpFile('POST {{baseUrl}}/_emulator/echo\n\n{"amount": 100, "currency": "GBP"}\n');
    const parsed = file.requests[0]!;
    const credential: CredentialSource = { kind: 'apiToken', token };
    const body = '{"amount": 100, "currency": "GBP"}';
    const dispatcher = connections.direct(DEFAULT_TIMEOUTS.connectMs);
    const raw = async (): Promise<void> => {
      const response = await request(`${sandbox.baseUrl}/_emulator/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', platform: 'fincode', uuid: '200', 'x-auth-token': token },
        body,
        dispatcher,
      });
      await response.body.arrayBuffer();
    };
    const ours = async (): Promise<void> => {
      await sendRequest(parsed, { environment: env, credential, fileVariables: file.variables, connections });
    };
    for (let i = 0; i < 100; i += 1) {
      await raw();
      await ours();
    }
    const rawTimes: number[] = [];
    const ourTimes: number[] = [];
    // Interleaved, so drift and GC pauses hit both alike.
    for (let i = 0; i < requests; i += 1) {
      let started = performance.now();
      await raw();
      rawTimes.push(performance.now() - started);
      started = performance.now();
      await ours();
      ourTimes.push(performance.now() - started);
    }
    const ratio = median(ourTimes) / median(rawTimes);
    console.log(`\nSend pipeline overhead: ${requests} sequential POSTs to the sandbox echo endpoint`);
    console.log(`  raw undici          median ${median(rawTimes).toFixed(3)} ms   p90 ${percentile(rawTimes, 0.9).toFixed(3)} ms`);
    console.log(`  fincode pipeline    median ${median(ourTimes).toFixed(3)} ms   p90 ${percentile(ourTimes, 0.9).toFixed(3)} ms`);
    console.log(`  ratio (ours / raw)  ${ratio.toFixed(3)}   target ≤ 1.15   ${ratio <= 1.15 ? 'OK' : 'MISSED'}`);
    return ratio;
  } finally {
    await connections.close();
    sandbox.stop();
  }
}

async function matrix(): Promise<number> {
  const sandbox = await sandboxProcess(['--latency-ms', String(LATENCY_MS)]);
  const connections = createConnections();
  try {
    const env = makeEnvironment({ id: 'bench', kind: 'custom', baseUrl: sandbox.baseUrl });
    const file = parseHttpFile('GET {{baseUrl}}/_emulator/demo/transactions\n');
    const parsed = file.requests[0]!;
    const profiles = await Promise.all(
      DOCUMENTED_SANDBOX_USERS.map(async (user) => {
        const session = createSession({ profileId: user.role, env, email: user.email, store: memorySecretStore(), auth: { connections } });
        await session.signIn(user.password);
        return { name: user.role, role: user.role, credential: { kind: 'session', session } as CredentialSource };
      }),
    );
    const send = async (credential: CredentialSource) => {
      const response = await sendRequest(parsed, { environment: env, credential, connections });
      return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
    };
    const single: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < MATRIX_RUNS; i += 1) {
      let started = performance.now();
      await send(profiles[0]!.credential);
      single.push(performance.now() - started);
      started = performance.now();
      await runMatrix(profiles, (profile) => send(profile.credential));
      all.push(performance.now() - started);
    }
    const ratio = median(all) / median(single);
    console.log(`\nRole matrix: 4 roles vs 1 request, server latency ${LATENCY_MS} ms, ${MATRIX_RUNS} runs`);
    console.log(`  one request         median ${median(single).toFixed(2)} ms`);
    console.log(`  matrix, 4 roles     median ${median(all).toFixed(2)} ms`);
    console.log(`  ratio (matrix / 1)  ${ratio.toFixed(3)}   target ≤ 1.5    ${ratio <= 1.5 ? 'OK' : 'MISSED'}`);
    return ratio;
  } finally {
    await connections.close();
    sandbox.stop();
  }
}

/** Both measurements; the exit code is 0 when both targets are met. */
export async function main(args: readonly string[]): Promise<number> {
  const overheadRatio = await overhead(Number(args[0] ?? 1000));
  const matrixRatio = await matrix();
  return overheadRatio <= 1.15 && matrixRatio <= 1.5 ? 0 : 1;
}
