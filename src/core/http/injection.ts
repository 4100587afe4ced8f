// What the engine adds to a request written in a .http file. FinCode headers (platform, uuid)
// and the credential go ONLY to the active environment's origin — scheme, host and port exactly,
// as the WHATWG URL parser normalises them — so a look-alike host, another port, plain http or
// a URL with user info never receives them. Headers written in the file always win.
import { environmentOrigin, type Environment } from '../fincode/environments';
import { authHeaders, JSON_CONTENT_TYPE, requiredHeaders, type AuthHeaderStyle, type RequiredHeaders } from '../fincode/headers';
import { hasHeader, type HeaderEntry, type OutgoingRequest } from '../net/headers';

// The origins of the base URLs seen (a few environments), parsed once: every send checks one.
const baseUrlOrigins = new Map<string, string>();

function originOfBaseUrl(baseUrl: string): string {
  let origin = baseUrlOrigins.get(baseUrl);
  if (origin === undefined) {
    origin = environmentOrigin({ baseUrl });
    if (baseUrlOrigins.size >= 32) baseUrlOrigins.clear();
    baseUrlOrigins.set(baseUrl, origin);
  }
  return origin;
}

/**
 * True only when `url` (a string, or a URL already parsed) has exactly the environment's origin.
 * URLs with user info (`https://user@host/`) are refused too: whatever they mean, they are not
 * what was configured.
 */
export function isEnvironmentOrigin(url: string | URL, env: Pick<Environment, 'baseUrl'>): boolean {
  let target: URL;
  let expected: string;
  try {
    target = typeof url === 'string' ? new URL(url) : url;
    expected = originOfBaseUrl(env.baseUrl);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return target.origin === expected;
}

// Every header a token can be sent in, whatever the configured style.
const TOKEN_HEADERS: ReadonlySet<string> = new Set(Object.keys(authHeaders('', 'both')));

/** A token header (X-Auth-Token or Authorization) written in the file: the user authenticates this request. */
export function writesCredential(headers: readonly HeaderEntry[]): boolean {
  return headers.some((header) => TOKEN_HEADERS.has(header.name.toLowerCase()));
}

/** Whether this request gets the profile's credential (before knowing which credential). */
export function credentialAllowed(
  request: Pick<OutgoingRequest, 'url' | 'headers'>,
  env: Pick<Environment, 'baseUrl'>,
  noAuth: boolean,
  toEnvironment: boolean = isEnvironmentOrigin(request.url, env),
): boolean {
  return !noAuth && toEnvironment && !writesCredential(request.headers);
}

export interface InjectionSettings {
  readonly requiredHeaders: RequiredHeaders;
  readonly authStyle: AuthHeaderStyle;
}

export interface Injected {
  readonly headers: readonly HeaderEntry[];
  /** Lower-case names of the added headers. */
  readonly injected: readonly string[];
}

/**
 * The request's headers plus: Content-Type: application/json when there is a body and no type
 * (any origin); platform and uuid for the environment's origin; the token (given only when
 * `credentialAllowed`) in the configured style. A header already written is never added again.
 */
export function injectHeaders(
  request: OutgoingRequest,
  env: Pick<Environment, 'baseUrl'>,
  settings: InjectionSettings,
  token: string | undefined,
  /** `isEnvironmentOrigin(request.url, env)`, when the caller has it already. */
  toEnvironment: boolean = isEnvironmentOrigin(request.url, env),
): Injected {
  const written = request.headers;
  const added: HeaderEntry[] = [];
  const add = (additions: Readonly<Record<string, string>>): void => {
    for (const name in additions) {
      const value = additions[name] as string;
      if (value !== '' && !hasHeader(written, name)) added.push({ name, value });
    }
  };
  if (request.body !== undefined && request.body.length > 0) add({ 'content-type': JSON_CONTENT_TYPE });
  if (toEnvironment) {
    add(requiredHeaders(settings.requiredHeaders));
    if (token !== undefined && !writesCredential(written)) add(authHeaders(token, settings.authStyle));
  }
  return { headers: added.length === 0 ? written : [...written, ...added], injected: added.map((header) => header.name) };
}
