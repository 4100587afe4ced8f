// FinCode's auth protocol (login / refresh / logout) exactly as documented, over undici.
// Every call has timeouts and an AbortSignal; every response is validated before it is
// believed (a 200 without `access_token` is an error, not a session).
import type { Connections } from '../net/connections';
import { send, type Timeouts } from '../net/transport';
import { endpointUrl, type Environment } from './environments';
import {
  AccountLockedError,
  FinCodeError,
  ForbiddenError,
  HttpStatusError,
  InvalidCredentialsError,
  MalformedResponseError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  UserNotFoundError,
  ValidationError,
} from './errors';
import {
  authHeaders,
  DEFAULT_AUTH_HEADER_STYLE,
  DEFAULT_REQUIRED_HEADERS,
  requiredHeaders,
  type AuthHeaderStyle,
  type RequiredHeaders,
} from './headers';
import { credentialsProblem } from './credentials';
import { isRole, type Role } from './roles';
import type { Dispatcher } from 'undici';

export const LOGIN_PATH = 'securitymanagement/login';
export const REFRESH_PATH = 'securitymanagement/refresh';
export const LOGOUT_PATH = 'securitymanagement/logout';

// Auth responses are small; anything larger is not a FinCode answer.
const MAX_AUTH_RESPONSE_BYTES = 256 * 1024;

export interface AuthCallOptions {
  readonly requiredHeaders?: RequiredHeaders;
  readonly authStyle?: AuthHeaderStyle;
  readonly timeouts?: Partial<Timeouts>;
  readonly signal?: AbortSignal;
  /** The front end's pools and proxy (without them, each call opens and closes its own). */
  readonly connections?: Connections;
  readonly dispatcher?: Dispatcher;
}

export interface FinCodeUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly tenantId?: string;
  readonly customerId?: string;
  readonly permissions: readonly string[];
}

export interface TokenSet {
  readonly accessToken: string;
  /** Absent when the server did not send one (refresh without rotation keeps the old one). */
  readonly refreshToken?: string;
  readonly expiresIn: number;
  /** Local clock (ms) when the response arrived: expiry is counted from here, not from `exp`. */
  readonly receivedAt: number;
}

export interface LoginResult extends TokenSet {
  readonly user: FinCodeUser;
}

export interface AuthClient {
  login(env: Environment, email: string, password: string, options?: AuthCallOptions): Promise<LoginResult>;
  refresh(env: Environment, tokens: { accessToken: string; refreshToken: string }, options?: AuthCallOptions): Promise<TokenSet>;
  logout(env: Environment, accessToken: string, options?: AuthCallOptions): Promise<void>;
}

export async function login(env: Environment, email: string, password: string, options: AuthCallOptions = {}): Promise<LoginResult> {
  const problem = credentialsProblem(email, password);
  if (problem) throw new ValidationError(problem, ['Check the e-mail address and password of the profile']);
  const response = await call(env, 'PUT', LOGIN_PATH, { email: email.trim(), currentPassword: password }, undefined, options);
  if (response.status !== 200) throw loginFailure(response);
  const json = expectObject(response, 'login');
  const tokens = tokenSet(json, response.receivedAt, 'login');
  return { ...tokens, user: parseUser(json.user) };
}

export async function refresh(
  env: Environment,
  tokens: { accessToken: string; refreshToken: string },
  options: AuthCallOptions = {},
): Promise<TokenSet> {
  // The documented refresh call sends the (possibly expired) access token along.
  const response = await call(env, 'POST', REFRESH_PATH, { refresh_token: tokens.refreshToken }, tokens.accessToken, options);
  if (response.status !== 200) {
    if (response.status === 401) throw new UnauthorizedError('The refresh token was rejected: the session has ended.');
    throw statusFailure(response);
  }
  return tokenSet(expectObject(response, 'refresh'), response.receivedAt, 'refresh');
}

export async function logout(env: Environment, accessToken: string, options: AuthCallOptions = {}): Promise<void> {
  const response = await call(env, 'POST', LOGOUT_PATH, {}, accessToken, options);
  // 401: the token is already invalid, which is what logging out wants.
  if (response.status >= 200 && response.status < 300) return;
  if (response.status === 401) return;
  throw statusFailure(response);
}

export const authClient: AuthClient = { login, refresh, logout };

interface CallResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: unknown;
  readonly receivedAt: number;
}

async function call(
  env: Environment,
  method: string,
  path: string,
  body: unknown,
  accessToken: string | undefined,
  options: AuthCallOptions,
): Promise<CallResult> {
  const config = options.requiredHeaders ?? DEFAULT_REQUIRED_HEADERS;
  if (!config.platform || !config.uuid) {
    throw new ValidationError('The required FinCode headers are not configured (platform and uuid must not be empty).', [
      'Set fincode.headers.platform to "fincode" and fincode.headers.uuid to "200"',
    ]);
  }
  const headers = {
    ...requiredHeaders(config, true),
    accept: 'application/json',
    ...(accessToken ? authHeaders(accessToken, options.authStyle ?? DEFAULT_AUTH_HEADER_STYLE) : {}),
  };
  const response = await send({
    url: endpointUrl(env, path),
    method,
    headers,
    body: JSON.stringify(body),
    signal: options.signal,
    timeouts: options.timeouts,
    maxBodyBytes: MAX_AUTH_RESPONSE_BYTES,
    connections: options.connections,
    dispatcher: options.dispatcher,
  });
  const receivedAt = Date.now();
  const text = response.body.toString('utf8');
  if (response.truncated) throw new MalformedResponseError(`The ${path} response is larger than any FinCode auth response.`, response.status);
  return { status: response.status, headers: response.headers, text, json: parseJson(text), receivedAt };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function expectObject(response: CallResult, what: string): Record<string, unknown> {
  if (typeof response.json !== 'object' || response.json === null || Array.isArray(response.json)) {
    throw new MalformedResponseError(`The ${what} response ${bodyProblem(response)}${contentTypeNote(response)}: the session was not changed.`, response.status);
  }
  return response.json as Record<string, unknown>;
}

/** What is wrong with a body that is no JSON object, without quoting it (it may hold a token). */
function bodyProblem(response: CallResult): string {
  const text = response.text.trim();
  if (text.length === 0) return 'is empty';
  if (text.startsWith('<')) return 'is an HTML page, not FinCode JSON (a proxy, captive portal or maintenance page?)';
  if (response.json === undefined) return 'is not valid JSON (cut off or malformed)';
  return 'is JSON but not an object';
}

function contentTypeNote(response: CallResult): string {
  const type = header(response, 'content-type');
  return type && !type.includes('json') ? ` (it is ${type.split(';')[0]})` : '';
}

function tokenSet(json: Record<string, unknown>, receivedAt: number, what: string): TokenSet {
  const { access_token: accessToken, expires_in: expiresIn, refresh_token: refreshToken } = json;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new MalformedResponseError(`The ${what} response has no access_token.`, 200);
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new MalformedResponseError(`The ${what} response has no valid expires_in.`, 200);
  }
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken.length === 0)) {
    throw new MalformedResponseError(`The ${what} response has an invalid refresh_token.`, 200);
  }
  return { accessToken, expiresIn, receivedAt, ...(refreshToken ? { refreshToken } : {}) };
}

function parseUser(value: unknown): FinCodeUser {
  if (typeof value !== 'object' || value === null) throw new MalformedResponseError('The login response has no user.', 200);
  const user = value as Record<string, unknown>;
  const { id, email, role, tenant_id: tenantId, customer_id: customerId, permissions } = user;
  if (typeof id !== 'string' || typeof email !== 'string') throw new MalformedResponseError('The login response user has no id or email.', 200);
  if (!isRole(role)) throw new MalformedResponseError('The login response user has no known role (MANAGER, AGENT, CASHIER or CUSTOMER).', 200);
  return {
    id,
    email,
    role,
    permissions: Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [],
    ...(typeof tenantId === 'string' ? { tenantId } : {}),
    ...(typeof customerId === 'string' ? { customerId } : {}),
  };
}

function header(response: CallResult, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After as seconds (delta-seconds or HTTP-date). */
export function retryAfterSeconds(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

function serverMessage(response: CallResult): string | undefined {
  const json = response.json as { message?: unknown } | undefined;
  const message = json && typeof json === 'object' ? json.message : undefined;
  // Only a short plain sentence from the server is shown; it never carries our secrets.
  return typeof message === 'string' && message.length > 0 && message.length <= 300 ? message : undefined;
}

function loginFailure(response: CallResult): FinCodeError {
  const message = serverMessage(response);
  switch (response.status) {
    case 401:
      return new InvalidCredentialsError();
    case 404:
      return new UserNotFoundError();
    case 423: {
      const retryAfter = retryAfterSeconds(header(response, 'retry-after'));
      const wait = retryAfter === undefined ? '' : ` Try again in ${Math.ceil(retryAfter / 60)} min.`;
      return new AccountLockedError(`The account is locked after multiple failed login attempts.${wait}`, retryAfter);
    }
    default:
      return statusFailure(response, message);
  }
}

function statusFailure(response: CallResult, message = serverMessage(response)): FinCodeError {
  const { status } = response;
  if (status === 400) {
    return new ValidationError(`FinCode rejected the request: ${message ?? 'invalid request'}.`, ['Check the required headers (platform, uuid) and the request body'], 400);
  }
  if (status === 401) return new UnauthorizedError();
  if (status === 403) {
    const role = (response.json as { role?: unknown } | undefined)?.role;
    return new ForbiddenError(undefined, typeof role === 'string' ? role : undefined);
  }
  if (status === 429) return new RateLimitedError(retryAfterSeconds(header(response, 'retry-after')));
  if (status >= 500) return new ServerError(status, retryAfterSeconds(header(response, 'retry-after')));
  if (status >= 200 && status < 300) return new MalformedResponseError(`Unexpected HTTP ${status} from FinCode.`, status);
  return new HttpStatusError(status, message);
}
