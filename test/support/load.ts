// The load run shared by test/unit/loadSend.test.ts (small) and scripts/load.ts (50 × 1,000):
// concurrent clients send through the real pipeline (parse → resolve → inject → undici →
// decode) to a sandbox, alternating the echo route — whose answer carries the request's id, so
// each response is matched to its request — and a demo route signed in with a real session.
// Heap is measured after garbage collection, after a warm-up round and after the measured round.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSession, type Session } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import type { Environment } from '../../src/core/fincode/environments';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest } from '../../src/core/http/sender';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';

/** `gc` whether or not node ran with --expose-gc. */
export function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const FILE = parseHttpFile(
  [
    'POST {{baseUrl}}/_emulator/echo/load?seq={{seq}}',
    'Content-Type: application/json',
    'X-Load-Id: {{client}}-{{seq}}',
    '',
    '{"client": {{client}}, "seq": {{seq}}}',
    '###',
    'GET {{baseUrl}}/_emulator/demo/transactions',
  ].join('\n'),
);
const [ECHO, DEMO] = FILE.requests as [ParsedRequest, ParsedRequest];

export interface LoadRound {
  readonly requests: number;
  /** Each problem once, with how often it happened. */
  readonly errors: ReadonlyMap<string, number>;
  readonly elapsedMs: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** Signs in the documented MANAGER against `env`. */
export async function signedInManager(env: Environment): Promise<Session> {
  const manager = DOCUMENTED_SANDBOX_USERS.find((user) => user.role === 'MANAGER');
  if (!manager) throw new Error('no documented MANAGER');
  const session = createSession({ profileId: 'load', env, email: manager.email, store: memorySecretStore() });
  await session.signIn(manager.password);
  return session;
}

/** What is wrong with the answer to request `seq` of `client`, or undefined. */
async function oneRequest(env: Environment, session: Session, client: number, seq: number): Promise<string | undefined> {
  const echo = seq % 2 === 0;
  const response = await sendRequest(echo ? ECHO : DEMO, {
    environment: env,
    credential: { kind: 'session', session },
    environmentVariables: { client: String(client), seq: String(seq) },
  });
  if (response.status !== 200) return `${echo ? 'echo' : 'demo'} answered ${response.status}`;
  const body = JSON.parse(response.text) as Record<string, unknown>;
  if (!echo) return Array.isArray(body.data) || Array.isArray(body.items) || typeof body === 'object' ? undefined : 'demo answer is not an object';
  const headers = body.headers as Record<string, string>;
  const sent = JSON.parse(String(body.body)) as { client?: number; seq?: number };
  if (headers['x-load-id'] !== `${client}-${seq}` || sent.client !== client || sent.seq !== seq || (body.query as { seq?: string }).seq !== String(seq)) {
    return 'a response did not match its request';
  }
  return headers['x-auth-token'] ? undefined : 'the session token was not sent';
}

/** `clients` concurrent clients, each sending `requestsPerClient` requests one after the other. */
export async function loadRound(env: Environment, session: Session, clients: number, requestsPerClient: number): Promise<LoadRound> {
  const errors = new Map<string, number>();
  const latencies = new Float64Array(clients * requestsPerClient);
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let seq = 0; seq < requestsPerClient; seq += 1) {
        const sentAt = performance.now();
        let problem: string | undefined;
        try {
          problem = await oneRequest(env, session, client, seq);
        } catch (error) {
          problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        latencies[done++] = performance.now() - sentAt;
        if (problem) errors.set(problem, (errors.get(problem) ?? 0) + 1);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const sorted = latencies.sort();
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
  return { requests: done, errors, elapsedMs, latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) } };
}

/** heapUsed after a full collection. */
export function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
