// One request → one reply: locate the route under either services prefix, check the FinCode
// headers, read and parse the body, authenticate, call the handler. Never throws: anything
// unexpected becomes a 500 JSON reply.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { SANDBOX_SERVICES_PATH, SERVICES_PATH } from '../core/fincode/environments';
import { DEFAULT_REQUIRED_HEADERS } from '../core/fincode/headers';
import { authenticate, isReply } from './authenticate';
import { parseJsonBody, readBody } from './body';
import { json, ReplyError, validation, type Reply } from './reply';
import { matchRoute, type RequestContext, type Route } from './router';
import { ROOT_ROUTES, SERVICE_ROUTES } from './routes';
import type { SandboxState } from './state';

const PREFIXES = [SERVICES_PATH, SANDBOX_SERVICES_PATH].map((prefix) => `${prefix}/`);

/** The route list and route-relative path for a request path, or undefined outside the API. */
function locate(pathname: string): { routes: readonly Route[]; relative: string } | undefined {
  if (pathname === '/') return { routes: ROOT_ROUTES, relative: '' };
  const prefix = PREFIXES.find((candidate) => pathname.startsWith(candidate));
  return prefix === undefined ? undefined : { routes: SERVICE_ROUTES, relative: pathname.slice(prefix.length).replace(/\/$/, '') };
}

/** Splits the request target by hand: `new URL` would read `//host/...` as another host. */
export function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const index = target.indexOf('?');
  return index === -1
    ? { pathname: target, query: new URLSearchParams() }
    : { pathname: target.slice(0, index), query: new URLSearchParams(target.slice(index + 1)) };
}

export function headerProblem(headers: IncomingHttpHeaders): string | undefined {
  for (const [name, expected] of Object.entries(DEFAULT_REQUIRED_HEADERS)) {
    const value = headers[name];
    if (value === undefined) return `Missing required header: ${name}`;
    if (value !== expected) return `Invalid value for header ${name}: expected ${String(expected)}`;
  }
  return undefined;
}

/**
 * A body stream that fails was cut off (the client hung up, or its chunked framing broke mid-body):
 * the client's fault, a 400, not the sandbox's 500. The 413 of an oversized body passes through.
 */
function cutOff(error: unknown): never {
  if (error instanceof ReplyError) throw error;
  throw new ReplyError(json(400, { error: 'bad_request', message: 'The request body ended before it was complete' }));
}

async function route(state: SandboxState, request: IncomingMessage, origin: string): Promise<Reply> {
  const method = request.method ?? 'GET';
  const { pathname, query } = splitTarget(request.url ?? '/');
  const located = locate(pathname);
  const match = located ? matchRoute(located.routes, method, located.relative) : { kind: 'none' as const };
  if (match.kind === 'none') return json(404, { error: 'not_found', message: 'No such endpoint' });
  if (match.kind === 'wrong-method') {
    return json(405, { error: 'method_not_allowed', message: `Method ${method} not allowed; use ${match.allow.join(', ')}` }, { allow: match.allow.join(', ') });
  }
  const { route: found, params } = match;
  const problem = found.finCodeHeaders ? headerProblem(request.headers) : undefined;
  if (problem) return validation(problem);
  const rawBody = await readBody(request).catch(cutOff);
  const body = found.body === 'json' ? parseJsonBody(rawBody, request.headers) : undefined;
  const ctx: RequestContext = { state, origin, method, path: pathname, query, headers: request.headers, params, rawBody, body };
  if (!found.auth) return found.handle(ctx);
  const principal = authenticate(state, request.headers);
  return isReply(principal) ? principal : found.handle(ctx, principal);
}

export async function dispatch(state: SandboxState, request: IncomingMessage, origin: string): Promise<Reply> {
  try {
    return await route(state, request, origin);
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    return json(500, { error: 'internal_error', message: 'The sandbox failed to handle this request' });
  }
}
