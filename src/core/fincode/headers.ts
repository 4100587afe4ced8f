// The headers every FinCode request carries, and how the access token is sent.
// The guide's examples use `X-Auth-Token`; its header list and 401 handler use
// `Authorization: Bearer`. Which one a tenant wants is a setting.

export interface RequiredHeaders {
  /** `platform` header value; the documents say "fincode". */
  readonly platform: string;
  /** `uuid` header value; the documents say "200". */
  readonly uuid: string;
}

export const DEFAULT_REQUIRED_HEADERS: RequiredHeaders = { platform: 'fincode', uuid: '200' };

export const AUTH_HEADER_STYLES = ['x-auth-token', 'bearer', 'both'] as const;
export type AuthHeaderStyle = (typeof AUTH_HEADER_STYLES)[number];
export const DEFAULT_AUTH_HEADER_STYLE: AuthHeaderStyle = 'x-auth-token';

export function isAuthHeaderStyle(value: unknown): value is AuthHeaderStyle {
  return typeof value === 'string' && (AUTH_HEADER_STYLES as readonly string[]).includes(value);
}

export const JSON_CONTENT_TYPE = 'application/json';

/** `platform`, `uuid`, and `Content-Type: application/json` when the request has a body. */
export function requiredHeaders(config: RequiredHeaders = DEFAULT_REQUIRED_HEADERS, hasBody = false): Record<string, string> {
  const headers: Record<string, string> = { platform: config.platform, uuid: config.uuid };
  if (hasBody) headers['content-type'] = JSON_CONTENT_TYPE;
  return headers;
}

/** The header(s) carrying an access or API token in the given style. */
export function authHeaders(token: string, style: AuthHeaderStyle = DEFAULT_AUTH_HEADER_STYLE): Record<string, string> {
  switch (style) {
    case 'x-auth-token':
      return { 'x-auth-token': token };
    case 'bearer':
      return { authorization: `Bearer ${token}` };
    case 'both':
      return { 'x-auth-token': token, authorization: `Bearer ${token}` };
  }
}

/** Names of the headers that carry credentials, lower case: these are never logged or sent cross-origin. */
export const CREDENTIAL_HEADER_NAMES: readonly string[] = ['authorization', 'x-auth-token', 'cookie', 'proxy-authorization'];

/** Never sent to another origin, whether written in the file or injected (core/net's redirects strip them). */
export const CROSS_ORIGIN_STRIPPED: readonly string[] = [...CREDENTIAL_HEADER_NAMES, 'platform', 'uuid'];
