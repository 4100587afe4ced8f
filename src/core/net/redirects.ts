// Following a redirect, as a pure step: the next request from the current one and a 3xx.
// Same origin keeps every header; another origin loses Host and the headers the caller names
// (the credential headers, written or injected, and whatever else it injected). https → http is
// never followed. 303 (and 301/302 after POST, as browsers do) becomes a GET without body;
// 307/308 resend method and body unchanged.
// Ours, not undici's `interceptors.redirect`: undici (7) keeps every header but Authorization,
// Cookie and Proxy-Authorization on a cross-origin hop, so X-Auth-Token would travel to another
// origin; it also follows https → http, and does not report each hop's status (the response
// view lists them).
import { ExplainedError } from '../errors';
import { withoutHeaders, type OutgoingRequest } from './headers';

export const DEFAULT_MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];

export class RedirectError extends ExplainedError {
  override readonly name = 'RedirectError';
  readonly code = 'http';
  readonly advice: readonly string[];
  constructor(message: string, advice: readonly string[], status?: number) {
    super(message, status);
    this.advice = advice;
  }
}

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The request to send after `status` with `location`, or a RedirectError when the redirect
 * must not be followed (https → http, not http(s), user info, unparseable Location).
 * `crossOriginStripped` are the header names never sent to another origin.
 */
export function redirectRequest(current: OutgoingRequest, status: number, location: string, crossOriginStripped: readonly string[]): OutgoingRequest {
  let target: URL;
  try {
    target = new URL(location, current.url);
  } catch {
    throw new RedirectError(`The server redirected (HTTP ${status}) to an invalid location.`, ['Check the server'], status);
  }
  const from = new URL(current.url);
  if (from.protocol === 'https:' && target.protocol === 'http:') {
    throw new RedirectError(
      `Refused to follow a redirect (HTTP ${status}) from https to plain http (${target.host}): the request would travel unencrypted.`,
      ['Use the https URL directly if the server really serves it'],
      status,
    );
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new RedirectError(`Refused to follow a redirect (HTTP ${status}) to a ${target.protocol} URL.`, ['Only http and https are followed'], status);
  }
  if (target.username !== '' || target.password !== '') {
    throw new RedirectError(`Refused to follow a redirect (HTTP ${status}) to a URL with a user name or password.`, ['Check the server'], status);
  }
  const toGet = status === 303 ? current.method !== 'HEAD' : (status === 301 || status === 302) && current.method === 'POST';
  const sameOrigin = target.origin === from.origin;
  let headers = sameOrigin ? [...current.headers] : withoutHeaders(current.headers, ['host', ...crossOriginStripped]);
  if (toGet) headers = withoutHeaders(headers, BODY_HEADERS);
  return {
    method: toGet ? 'GET' : current.method,
    url: target.href,
    headers,
    ...(toGet || current.body === undefined ? {} : { body: current.body }),
  };
}
