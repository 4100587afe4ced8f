// The one test helper over the real local sandbox (src/sandbox) on 127.0.0.1, on a free port
// unless told: start it with options, an environment pointing at it, its counters, real HTTP
// calls, logins as the documented users, and stop. `sandboxFor(t)` stops it when the test ends.
import type { TestContext } from 'node:test';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { Role } from '../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS, type DocumentedTestUser } from '../../src/core/fincode/testUsers';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import type { Counters } from '../../src/sandbox/state';

export interface TestSandbox extends RunningSandbox {
  /** A custom environment whose base URL is the sandbox's documented one. */
  readonly env: Environment;
  counters(): Promise<Counters>;
}

export async function withSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox(options);
  return {
    ...sandbox,
    env: makeEnvironment({ id: 'local', label: 'Local sandbox', kind: 'custom', baseUrl: sandbox.baseUrl }),
    async counters() {
      const response = await fetch(`${sandbox.baseUrl}/_emulator/counters`);
      return (await response.json()) as Counters;
    },
  };
}

/** A sandbox that stops when the calling test ends. */
export async function sandboxFor(t: TestContext, options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await withSandbox(options);
  t.after(() => sandbox.stop());
  return sandbox;
}

export const FINCODE_HEADERS: Readonly<Record<string, string>> = { platform: 'fincode', uuid: '200' };

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body (unchecked: the tests assert on it). */
  readonly body: T;
  readonly text: string;
}

export interface CallOptions {
  readonly method?: string;
  /** JSON-encoded with Content-Type: application/json; a string is sent as is. */
  readonly body?: unknown;
  readonly token?: string;
  /** Replaces the default FinCode headers (platform, uuid) and Content-Type. */
  readonly headers?: Record<string, string>;
}

export async function call<T = Record<string, unknown>>(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const hasBody = options.body !== undefined;
  const headers: Record<string, string> = options.headers ?? {
    ...FINCODE_HEADERS,
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
  };
  if (options.token !== undefined) headers['x-auth-token'] = options.token;
  const response = await fetch(`${baseUrl}/${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(hasBody ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T, text };
}

export interface LoginUser {
  id: string;
  email: string;
  role: Role;
  tenant_id: string;
  customer_id?: string;
  permissions: string[];
}

export interface LoginResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  user: LoginUser;
}

export interface RefreshResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
}

/** The fields of an error answer, for answers typed as a success. */
export interface ErrorFields {
  error?: string;
  message?: string;
  causes?: string[];
}

export function documentedUser(role: Role): DocumentedTestUser {
  const user = DOCUMENTED_SANDBOX_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`No documented user for ${role}`);
  return user;
}

export function loginCall<T = Record<string, unknown>>(baseUrl: string, email: string, currentPassword: string): Promise<Answer<T>> {
  return call<T>(baseUrl, 'securitymanagement/login', { method: 'PUT', body: { email, currentPassword } });
}

/** Signs in as the documented user of `role`; anything but 200 fails the test. */
export async function login(baseUrl: string, role: Role): Promise<LoginResponse> {
  const { email, password } = documentedUser(role);
  const answer = await loginCall<LoginResponse>(baseUrl, email, password);
  if (answer.status !== 200) throw new Error(`Login as ${role} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

export function refreshCall(baseUrl: string, refreshToken: string, accessToken?: string): Promise<Answer<RefreshResponse & ErrorFields>> {
  return call<RefreshResponse & ErrorFields>(baseUrl, 'securitymanagement/refresh', {
    method: 'POST',
    body: { refresh_token: refreshToken },
    ...(accessToken === undefined ? {} : { token: accessToken }),
  });
}

/** A millisecond clock for the sandbox's `now` that only moves when told to. */
export function manualClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)): { now: () => number; advance: (seconds: number) => void } {
  let current = start;
  return {
    now: () => current,
    advance: (seconds) => {
      current += seconds * 1000;
    },
  };
}
