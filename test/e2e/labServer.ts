// A loopback HTTP server the e2e scenarios point a custom FinCode environment at. It passes
// FinCode calls through to a sandbox of its own (started in the test process, so its options,
// counters and users are the test's) and keeps every access and refresh token it handed out, as
// canaries for leak scans. Under `/lab/` it plays the servers a client must survive: an HTML body
// with script, a server that never sends headers, a huge body, a redirect. Every request it gets
// is recorded.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOGIN_PATH } from '../../src/core/fincode/authClient';
import { SERVICES_PATH } from '../../src/core/fincode/environments';
import type { SandboxOptions } from '../../src/sandbox/server';
import type { Counters } from '../../src/sandbox/state';
import { HOP_HEADERS } from '../support/faultServers';
import { withSandbox, type TestSandbox } from '../support/sandbox';
import { readBody, throwaway } from '../support/throwawayServer';

export interface SeenRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface LabServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** url + /api/v6/services: the base URL of a custom environment. */
  readonly baseUrl: string;
  /** Every request, in order of arrival. */
  readonly seen: SeenRequest[];
  /** Every request passed to the sandbox, with the sandbox's status, in order of answer. */
  readonly answered: { readonly url: string; readonly status: number }[];
  /** Every access and refresh token the sandbox behind it issued. */
  readonly tokens: Set<string>;
  /** How many login calls (PUT …/securitymanagement/login) for this e-mail reached the server. */
  loginsFor(email: string): number;
  /** The sandbox's own counters (logins, refreshes…). */
  counters(): Promise<Counters>;
  /** PUT _emulator/users/{id}/permissions on the sandbox behind it, as an administrator would. */
  changePermissions(userId: string, change: { add?: string[]; remove?: string[] }): Promise<void>;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Options of the sandbox behind it; `false` for a server without one (another origin). */
  readonly sandbox?: SandboxOptions | false;
  /** Bytes `/lab/huge` sends; default 8 MiB. */
  readonly hugeBytes?: number;
}

/** What `/lab/html` answers: markup that would phone home (to `/beacon/…`) if it ever ran. */
export function scriptedHtml(beaconBase: string): string {
  return [
    '<!doctype html><html><body>',
    `<h1 id="lab-heading">Lab page</h1>`,
    `<script>window.__labScriptRan = true; fetch('${beaconBase}/beacon/script');</script>`,
    `<img src="x" onerror="fetch('${beaconBase}/beacon/img')">`,
    '</body></html>',
  ].join('\n');
}

const TOKEN_FIELD = /"(?:access_token|refresh_token)"\s*:\s*"([^"]+)"/g;

/** The e-mail of a login body, lower-cased; undefined for a body that is not one. */
function loginEmail(body: string): string | undefined {
  try {
    const email = (JSON.parse(body) as { email?: unknown }).email;
    return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function streamHuge(response: ServerResponse, total: number): void {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(total) });
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !response.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      if (!response.write(piece)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

export async function startLabServer(options: LabOptions = {}): Promise<LabServer> {
  const sandbox: TestSandbox | undefined = options.sandbox === false ? undefined : await withSandbox(options.sandbox ?? {});
  const seen: SeenRequest[] = [];
  const answered: { url: string; status: number }[] = [];
  const tokens = new Set<string>();
  let url = '';

  const proxy = async (request: IncomingMessage, body: string, response: ServerResponse): Promise<void> => {
    if (!sandbox) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_HEADERS.has(entry[0])),
    );
    const answer = await fetch(`${sandbox.url}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers,
      ...(body && request.method !== 'GET' && request.method !== 'HEAD' ? { body } : {}),
    });
    const text = await answer.text();
    answered.push({ url: request.url ?? '', status: answer.status });
    for (const match of text.matchAll(TOKEN_FIELD)) tokens.add(match[1]!);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_HEADERS.has(name) && name !== 'content-encoding') out[name] = value;
    });
    response.writeHead(answer.status, { ...out, 'content-length': String(Buffer.byteLength(text)) }).end(text);
  };

  const server = await throwaway(
    createServer((request, response) => {
      void (async () => {
        const body = (await readBody(request)).toString('utf8');
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        const path = new URL(request.url ?? '/', 'http://lab').pathname;
        const lab = /\/lab\/([\w-]+)$/.exec(path)?.[1];
        if (lab === 'html') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(scriptedHtml(url));
        } else if (lab === 'slow-headers') {
          // Never answers: the client's headers timeout has to end it (stop() closes the socket).
        } else if (lab === 'huge') {
          streamHuge(response, options.hugeBytes ?? 8 * 1024 * 1024);
        } else if (lab === 'redirect') {
          const to = new URL(request.url ?? '/', 'http://lab').searchParams.get('to') ?? '/';
          response.writeHead(307, { location: to, 'content-type': 'application/json' }).end('{"moved":true}');
        } else if (lab === 'landing') {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":true}');
        } else if (path.startsWith('/beacon/')) {
          response.writeHead(204).end();
        } else {
          await proxy(request, body, response);
        }
      })().catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    }),
  );
  url = server.origin;

  const sandboxCall = async (path: string, init?: RequestInit): Promise<unknown> => {
    if (!sandbox) throw new Error('This lab server has no sandbox behind it');
    const response = await fetch(`${sandbox.baseUrl}/${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };

  return {
    url,
    baseUrl: url + SERVICES_PATH,
    seen,
    tokens,
    answered,
    loginsFor: (email) =>
      seen.filter((request) => request.method === 'PUT' && request.url.endsWith(`/${LOGIN_PATH}`) && loginEmail(request.body) === email.toLowerCase()).length,
    counters: async () => (await sandboxCall('_emulator/counters')) as Counters,
    changePermissions: async (userId, change) => {
      await sandboxCall(`_emulator/users/${encodeURIComponent(userId)}/permissions`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
    },
    stop: async () => {
      await server.close();
      await sandbox?.stop();
    },
  };
}
