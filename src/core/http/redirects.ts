// Following a redirect, as a pure step: the next request from the current one and a 3xx.
// Same origin keeps every header; another origin loses the credential headers (written or
// injected), the FinCode headers and anything else the engine injected. https → http is never
// followed. 303 (and 301/302 after POST, as browsers do) becomes a GET without body; 307/308
// resend method and body unchanged.
import { CREDENTIAL_HEADER_NAMES } from '../fincode/headers';
import { FinCodeError } from '../fincode/errors';
import { withoutHeaders, type OutgoingRequest } from './response';

export const DEFAULT_MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Never sent to another origin, whether written in the file or injected. */
export const CROSS_ORIGIN_STRIPPED: readonly string[] = [...CREDENTIAL_HEADER_NAMES, 'platform', 'uuid', 'host'];

const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];

export class RedirectError extends FinCodeError {
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
 * `injected` are the header names the engine added to the first request.
 */
export function redirectRequest(current: OutgoingRequest, status: number, location: string, injected: readonly string[]): OutgoingRequest {
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
  let headers = sameOrigin ? [...current.headers] : withoutHeaders(current.headers, [...CROSS_ORIGIN_STRIPPED, ...injected]);
  if (toGet) headers = withoutHeaders(headers, BODY_HEADERS);
  return {
    method: toGet ? 'GET' : current.method,
    url: target.href,
    headers,
    ...(toGet || current.body === undefined ? {} : { body: current.body }),
  };
}
