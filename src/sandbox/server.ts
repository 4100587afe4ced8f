// The local FinCode sandbox: a node:http server on 127.0.0.1 serving the documented auth
// endpoints, API tokens and role-guarded demo endpoints (see routes.ts). Every answer is JSON;
// no request can crash it. Logs one line per request and never a body, header or token.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { SANDBOX_SERVICES_PATH, SERVICES_PATH } from '../core/fincode/environments';
import { dispatch, splitTarget } from './dispatch';
import { resolveOptions, type SandboxOptions } from './options';
import type { Reply } from './reply';
import { createState, type SandboxState } from './state';

export type { SandboxOptions } from './options';
export { ROUTE_SUMMARIES, type RouteSummary } from './routes';

const SANDBOX_HOST = '127.0.0.1';

export interface RunningSandbox {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** url + '/api/v6/services' */
  readonly baseUrl: string;
  /** url + '/sandbox/api/v6/services' */
  readonly sandboxBaseUrl: string;
  /** Closes the server and all its sockets. */
  stop(): Promise<void>;
}

const MAX_LOGGED_PATH = 200;

/** The path only (a query may carry secrets), printable and bounded. */
function loggablePath(target: string | undefined): string {
  const { pathname } = splitTarget(target ?? '/');
  const printable = pathname.replace(/[^\x21-\x7e]/g, '?');
  return printable.length > MAX_LOGGED_PATH ? `${printable.slice(0, MAX_LOGGED_PATH)}…` : printable;
}

function send(response: ServerResponse, reply: Reply): void {
  const payload = reply.status === 204 ? '' : JSON.stringify(reply.body ?? null);
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  response.end(payload);
}

async function serve(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const reply = await dispatch(state, request, `http://${SANDBOX_HOST}:${request.socket.localPort ?? 0}`);
  if (state.options.latencyMs > 0) await delay(state.options.latencyMs);
  try {
    send(response, reply);
  } catch {
    response.destroy();
  }
  const elapsed = Math.round(performance.now() - started);
  state.options.log(`${request.method ?? '?'} ${loggablePath(request.url)} ${reply.status} ${elapsed}ms`);
}

/** Unparseable HTTP never reaches a handler: answer it with JSON and close the socket. */
function answerClientError(state: SandboxState, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ error: 'bad_request', message: 'Malformed HTTP request' });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  state.options.log(`(malformed request) ${status}`);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: SANDBOX_HOST }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stopServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const resolved = resolveOptions(options);
  const state = createState(resolved, options.secret);
  const server = createServer((request, response) => void serve(state, request, response));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(state, error, socket));
  await listen(server, resolved.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://${SANDBOX_HOST}:${port}`;
  return {
    url,
    port,
    baseUrl: url + SERVICES_PATH,
    sandboxBaseUrl: url + SANDBOX_SERVICES_PATH,
    stop: () => stopServer(server),
  };
}
