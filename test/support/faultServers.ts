// Real misbehaving servers on 127.0.0.1 for the transport's fault tests: a port whose accept
// queue is full (connections hang), the TLS fixtures, a front and a CONNECT proxy, and
// sends run in a child process whose environment (CA certificates, proxy variables) is fixed
// at its start, as node and the transport read it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { TestSandbox } from './sandbox';
import { readBody, throwaway, type Throwaway } from './throwawayServer';

export const TLS_DIR = join(__dirname, '..', 'fixtures', 'tls');

/** A leaf certificate of test/fixtures/tls with its key, for a TLS server. */
export function tlsFixture(name: 'valid' | 'expired' | 'wrong-host' | 'self-signed'): { key: Buffer; cert: Buffer } {
  return { key: readFileSync(join(TLS_DIR, 'leaf.key')), cert: readFileSync(join(TLS_DIR, `${name}.crt`)) };
}

/** `promise`, or a rejection naming `what` after `ms`: a test fails instead of hanging. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Headers of one connection, not to be forwarded. */
export const HOP_HEADERS: ReadonlySet<string> = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** `request` (its `body` already read) sent on to the same path under `upstream`, without hop-by-hop headers. */
export function forward(upstream: string, request: IncomingMessage, body: Buffer): Promise<Response> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_HEADERS.has(name)) as [string, string][]);
  return fetch(`${upstream}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
}

export interface SandboxFront extends Throwaway<HttpServer> {
  /** The sandbox's services, reached through the front. */
  readonly env: Environment;
}

/**
 * A server in front of `sandbox`, as the environment's origin: `own` answers what it takes
 * (returning true; a request it takes may also go unanswered), everything else (sign-in,
 * renewal) goes on to the sandbox. The body is read first for `own`.
 */
export async function sandboxFront(sandbox: TestSandbox, own: (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean): Promise<SandboxFront> {
  const front = await throwaway(
    createHttpServer((req, res) => {
      void readBody(req).then(async (body) => {
        if (own(req, res, body)) return;
        const upstream = await forward(sandbox.url, req, body);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    }),
  );
  const baseUrl = `${front.origin}${new URL(sandbox.baseUrl).pathname}`;
  return { ...front, env: makeEnvironment({ id: 'front', label: 'Sandbox behind a front', kind: 'custom', baseUrl }) };
}

export interface HangingPort {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A port on which a connect hangs: a listener in a child process with a backlog of 1, its
 * accept queue filled, then the child stopped (SIGSTOP) so that it accepts nothing more; the
 * kernel drops further SYNs, as an overloaded or filtered server does.
 */
export async function hangingPort(): Promise<HangingPort> {
  const code = "const s = require('net').createServer(); s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => console.log(s.address().port));";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  child.kill('SIGSTOP');
  const fillers: Socket[] = [];
  const stop = async (): Promise<void> => {
    for (const socket of fillers) socket.destroy();
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  };
  // Fill the queue: connections complete until it is full; the first that does not is the proof.
  for (let attempt = 0; attempt < 16; attempt++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await Promise.race([once(socket, 'connect').then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 500))]);
    if (!connected) return { port, stop };
  }
  await stop();
  throw new Error('the accept queue never filled: this kernel does not drop SYNs on a full backlog');
}

export interface Tunnel {
  /** `host:port` of the CONNECT. */
  readonly target: string;
  readonly proxyAuthorization?: string;
}

export interface ConnectProxy {
  readonly port: number;
  readonly tunnels: Tunnel[];
  /** Requests that came as absolute-form HTTP instead of CONNECT. */
  readonly forwarded: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy that only tunnels (CONNECT). It resolves `*.fincode.test` to 127.0.0.1, as a
 * proxy resolves names its client cannot; with `credentials` ("user:password") it answers 407
 * to a CONNECT without them.
 */
export async function connectProxy(credentials?: string): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const forwarded: string[] = [];
  const server = createHttpServer((req, res) => {
    forwarded.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(501).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    client.on('error', () => undefined);
    const auth = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url ?? '', ...(auth === undefined ? {} : { proxyAuthorization: auth }) });
    if (credentials !== undefined && auth !== `Basic ${Buffer.from(credentials).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    if (host !== '127.0.0.1' && !host.endsWith('.fincode.test')) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // Closing the proxy destroys the client's socket, and with it this one.
    upstream.once('close', () => client.destroy());
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
  });
  const { port, close } = await throwaway(server);
  return { port, tunnels, forwarded, close };
}

export interface ChildRequest {
  readonly url: string;
  readonly method?: string;
  readonly body?: string;
  readonly totalMs?: number;
}

export type ChildOutcome =
  | { readonly status: number; readonly httpVersion: string; readonly body: string }
  | { readonly error: { readonly name: string; readonly message: string; readonly causeCode?: string; readonly phase?: string } };

/** Variables a child must not inherit from this process: the test sets what it needs. */
const INHERITED_OUT = /^(https?_proxy|no_proxy|all_proxy|node_tls_reject_unauthorized|node_extra_ca_certs)$/i;

/**
 * Sends `requests` in order with the transport, in a fresh node process whose environment is
 * this one's without proxy or TLS variables, plus `env`. One outcome per request.
 */
export async function sendInChild(requests: readonly ChildRequest[], env: Readonly<Record<string, string>> = {}): Promise<ChildOutcome[]> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_OUT.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sendChild.ts'), JSON.stringify(requests)], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await within(once(child, 'exit'), 30_000, 'the child process')) as [number | null];
  if (code !== 0) throw new Error(`the child process exited with ${String(code)}: ${stderr}`);
  return JSON.parse(stdout) as ChildOutcome[];
}

/** The error of an outcome, or a failure naming the status it got instead. */
export function childError(outcome: ChildOutcome | undefined): { name: string; message: string; causeCode?: string; phase?: string } {
  if (outcome === undefined) throw new Error('no outcome');
  if ('error' in outcome) return outcome.error;
  throw new Error(`expected an error, got HTTP ${outcome.status}`);
}
