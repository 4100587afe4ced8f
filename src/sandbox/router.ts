// Route definitions and matching. Paths are relative to a services prefix
// (`/api/v6/services/` or `/sandbox/api/v6/services/`); `{name}` matches one segment and a
// final `*` matches the rest. A known path with the wrong method is a 405, not a 404.
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './authenticate';
import type { Reply } from './reply';
import type { SandboxState } from './state';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestContext {
  readonly state: SandboxState;
  /** `http://127.0.0.1:PORT`, the address the request arrived on. */
  readonly origin: string;
  readonly method: string;
  /** The path as received, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly params: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** The parsed JSON body of a 'json' route; undefined when the request had none. */
  readonly body: unknown;
}

interface RouteBase {
  readonly method: Method | 'ANY';
  readonly path: string;
  /** Whether `platform` and `uuid` are required (everything but the emulator's echo and counters). */
  readonly finCodeHeaders: boolean;
  /** 'json' requires Content-Type: application/json for a body and parses it; 'raw' keeps the text. */
  readonly body: 'json' | 'raw';
}

export type Route = RouteBase &
  (
    | { readonly auth: false; readonly handle: (ctx: RequestContext) => Reply }
    | { readonly auth: true; readonly handle: (ctx: RequestContext, principal: Principal) => Reply }
  );

export function publicRoute(method: Method, path: string, handle: (ctx: RequestContext) => Reply): Route {
  return { method, path, finCodeHeaders: true, body: 'json', auth: false, handle };
}

export function protectedRoute(method: Method, path: string, handle: (ctx: RequestContext, principal: Principal) => Reply): Route {
  return { method, path, finCodeHeaders: true, body: 'json', auth: true, handle };
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: readonly string[] }
  | { kind: 'none' };

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The path parameters when `path` fits `pattern`, else undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    if (segment === '*' && index === want.length - 1) return params;
    const actual = have[index];
    if (actual === undefined) return undefined;
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      if (segment !== actual) return undefined;
      continue;
    }
    const value = decoded(actual);
    if (!value) return undefined;
    params[param] = value;
  }
  return have.length === want.length ? params : undefined;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const candidates = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });
  const found = candidates.find(({ route }) => route.method === 'ANY' || route.method === method);
  if (found) return { kind: 'found', ...found };
  if (candidates.length === 0) return { kind: 'none' };
  return { kind: 'wrong-method', allow: [...new Set(candidates.map(({ route }) => route.method))] };
}
