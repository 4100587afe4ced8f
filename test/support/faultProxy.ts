// A real HTTP proxy on 127.0.0.1 in front of the sandbox that injects the faults a healthy
// sandbox never produces: canned answers (5xx, HTML, truncated JSON), an answer lost after the
// sandbox acted on the request, an answer that never comes, and a server that is down.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { forward, HOP_HEADERS } from './faultServers';
import { readBody, throwaway } from './throwawayServer';

export type Fault =
  /** Answered by the proxy; the sandbox never sees the request. */
  | { readonly kind: 'answer'; readonly status: number; readonly headers?: Record<string, string>; readonly body: string }
  /** Forwarded; the sandbox answers, then the connection is destroyed before the client reads a byte. */
  | { readonly kind: 'lose' }
  /** Headers announcing the whole body, then only its first `keep` bytes, then the connection ends. */
  | { readonly kind: 'cut'; readonly body: string; readonly keep: number }
  /** Held open without an answer until the client gives up or the proxy closes. */
  | { readonly kind: 'hang' }
  /** Forwarded; the sandbox's answer is held back until `release` resolves. `reached` is called once it is in. */
  | { readonly kind: 'hold'; readonly release: Promise<void>; readonly reached?: () => void };

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The credential the request carried (X-Auth-Token or Authorization), if any. */
  readonly token: string | undefined;
}

export interface FaultProxy {
  readonly url: string;
  readonly env: Environment;
  /** Every request that reached the proxy, in order. */
  readonly requests: ProxiedRequest[];
  /** The next `times` requests whose path ends with `pathEnd` meet `fault`. */
  inject(pathEnd: string, fault: Fault, times?: number): void;
  /** Stops listening: connections are refused until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

function tokenOf(request: IncomingMessage): string | undefined {
  const header = request.headers['x-auth-token'] ?? request.headers.authorization;
  return Array.isArray(header) ? header[0] : header;
}

/** `upstream` is the sandbox's origin (RunningSandbox.url). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const requests: ProxiedRequest[] = [];
  const faults: { pathEnd: string; fault: Fault; left: number }[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: request.method ?? 'GET', path, token: tokenOf(request) });
    const rule = faults.find((candidate) => candidate.left > 0 && path.endsWith(candidate.pathEnd));
    if (rule) rule.left -= 1;
    const fault = rule?.fault;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'answer') {
      response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      response.end(fault.body);
      return;
    }
    if (fault?.kind === 'cut') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(fault.body) });
      response.write(Buffer.from(fault.body).subarray(0, fault.keep), () => request.socket.destroy());
      return;
    }
    const answer = await forward(upstream, request, body);
    const payload = Buffer.from(await answer.arrayBuffer());
    if (fault?.kind === 'lose') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'hold') {
      fault.reached?.();
      await fault.release;
    }
    const headers = Object.fromEntries([...answer.headers].filter(([name]) => !HOP_HEADERS.has(name)));
    response.writeHead(answer.status, headers);
    response.end(payload);
  }

  const { server, port, origin: url, close } = await throwaway(
    createServer((request, response) => {
      handle(request, response).catch(() => response.destroy());
    }),
  );

  return {
    url,
    env: makeEnvironment({ id: 'proxied', label: 'Sandbox behind a fault proxy', kind: 'custom', baseUrl: `${url}/api/v6/services` }),
    requests,
    inject(pathEnd, fault, times = 1) {
      faults.push({ pathEnd, fault, left: times });
    },
    down: close,
    // Back on the same port: the environment's base URL stays valid.
    up: () => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close,
  };
}
