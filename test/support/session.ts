// Helpers for session tests: what the secret store holds, an auth client that counts its calls
// (each one still real HTTP), and .http requests sent through the real sender with a session.
import assert from 'node:assert/strict';
import { authClient, type AuthClient } from '../../src/core/fincode/authClient';
import type { Session, StoredTokens } from '../../src/core/auth/session';
import { secretKeys, type SecretStore } from '../../src/core/auth/secretStore';
import type { Environment } from '../../src/core/fincode/environments';
import type { HttpResponse } from '../../src/core/http/response';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest } from '../../src/core/http/sender';

export const PREFERENCE_PATH = 'admin/organisation-preference-management/fetch-organisaction-preference';

export async function storedTokens(store: SecretStore, profileId = 'p1'): Promise<StoredTokens | undefined> {
  const raw = await store.get(secretKeys.tokens(profileId));
  return raw ? (JSON.parse(raw) as StoredTokens) : undefined;
}

/** The real auth client, with a count of the calls the session made. */
export function countingClient(): { client: AuthClient; calls: { login: number; refresh: number; logout: number } } {
  const calls = { login: 0, refresh: 0, logout: 0 };
  return {
    calls,
    client: {
      login: (...args) => ((calls.login += 1), authClient.login(...args)),
      refresh: (...args) => ((calls.refresh += 1), authClient.refresh(...args)),
      logout: (...args) => ((calls.logout += 1), authClient.logout(...args)),
    },
  };
}

/** Sends `GET {{baseUrl}}/<path>` through the real sender with the session's credential. */
export function sendWith(session: Pick<Session, 'getAccessToken' | 'withAuth'>, env: Environment, path = PREFERENCE_PATH): Promise<HttpResponse> {
  const request = parseHttpFile(`GET {{baseUrl}}/${path}\n`).requests[0];
  assert.ok(request);
  return sendRequest(request, { environment: env, credential: { kind: 'session', session } });
}

/** Calls the documented org-preference endpoint with a token, as a request through withAuth would. */
export function orgPreference(env: Environment, sent: string[] = []) {
  return async (token: string): Promise<{ status: number }> => {
    sent.push(token);
    const response = await fetch(`${env.baseUrl}/${PREFERENCE_PATH}`, { headers: { 'x-auth-token': token, platform: 'fincode', uuid: '200' } });
    await response.arrayBuffer();
    return { status: response.status };
  };
}

/** The rejection of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

/** A session's local clock that the test moves on while the server's stays: `advance(56 * 60_000)` puts 3600 s tokens inside a 300 s buffer. */
export function movableClock(): { now: () => number; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** How far to move a session's clock so that fresh 3600 s tokens are due for renewal (4 min left, buffer 5 min). */
export const INTO_BUFFER_MS = 56 * 60_000;
