// Emulator only, not FinCode endpoints: `_emulator/echo` shows a request exactly as received
// (so tests can see what a client injected) and `_emulator/counters` how many logins, refreshes
// and logouts were served. Neither needs a token or the FinCode headers.
import { json, type Reply } from './reply';
import type { RequestContext, Route } from './router';

/** Repeated keys become arrays; fromEntries keeps a key such as "__proto__" as data. */
function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  return Object.fromEntries(
    [...new Set(query.keys())].map((key) => {
      const values = query.getAll(key);
      return [key, values.length === 1 ? values[0] : values];
    }),
  );
}

function echo(ctx: RequestContext): Reply {
  return json(200, {
    emulator: true,
    method: ctx.method,
    path: ctx.path,
    query: queryObject(ctx.query),
    headers: ctx.headers,
    body: ctx.rawBody,
  });
}

function counters(ctx: RequestContext): Reply {
  return json(200, { emulator: true, ...ctx.state.counters });
}

export const EMULATOR_ROUTES: readonly Route[] = [
  { method: 'ANY', path: '_emulator/echo/*', finCodeHeaders: false, body: 'raw', auth: false, handle: echo },
  { method: 'GET', path: '_emulator/counters', finCodeHeaders: false, body: 'json', auth: false, handle: counters },
];
