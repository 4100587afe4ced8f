// The SecretStorage adapter: passes through, and turns a failing keyring into an actionable
// KeyringError (never a plain-text fallback). src/vscode/secretStorage.ts imports vscode types only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createSession } from '../../src/core/auth/session';
import { secretKeys } from '../../src/core/auth/secretStore';
import { makeEnvironment } from '../../src/core/fincode/environments';
import { isFinCodeSecretKey, KeyringError, secretStorageStore } from '../../src/vscode/secretStorage';
import { userMessage } from '../../src/vscode/userErrors';

function fakeSecrets(failing: 'none' | 'store' | 'get' = 'none'): vscode.SecretStorage & { map: Map<string, string>; fire(key: string): void } {
  const map = new Map<string, string>();
  const listeners = new Set<(event: vscode.SecretStorageChangeEvent) => void>();
  return {
    map,
    fire: (key: string) => listeners.forEach((listener) => listener({ key })),
    get: async (key: string) => {
      if (failing === 'get') throw new Error('Cannot read from the keyring');
      return map.get(key);
    },
    store: async (key: string, value: string) => {
      if (failing === 'store') throw new Error('Cannot create an item in a locked collection');
      map.set(key, value);
    },
    delete: async (key: string) => {
      map.delete(key);
    },
    onDidChange: ((listener: (event: vscode.SecretStorageChangeEvent) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    }) as unknown as vscode.Event<vscode.SecretStorageChangeEvent>,
  } as unknown as vscode.SecretStorage & { map: Map<string, string>; fire(key: string): void };
}

describe('SecretStorage adapter', () => {
  it('stores, reads and deletes through SecretStorage', async () => {
    const secrets = fakeSecrets();
    const store = secretStorageStore(secrets);
    await store.store(secretKeys.password('p1'), 'PQW7ERMP');
    assert.equal(await store.get(secretKeys.password('p1')), 'PQW7ERMP');
    await store.delete(secretKeys.password('p1'));
    assert.equal(await store.get(secretKeys.password('p1')), undefined);
  });

  it('passes on another window\'s changes by key, so a window waiting for a renewal wakes at once', () => {
    const secrets = fakeSecrets();
    const seen: string[] = [];
    const subscription = secretStorageStore(secrets).onDidChange?.((key) => seen.push(key));
    secrets.fire(secretKeys.tokens('p1'));
    subscription?.dispose();
    secrets.fire(secretKeys.tokens('p2'));
    assert.deepEqual(seen, [secretKeys.tokens('p1')]);
  });

  it('a keyring that rejects a write gives an actionable message, without the secret', async () => {
    const store = secretStorageStore(fakeSecrets('store'));
    const error = await store.store(secretKeys.password('p1'), 'PQW7ERMP').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof KeyringError);
    const message = userMessage(error);
    assert.match(message, /Could not save a FinCode secret in the OS keyring/);
    assert.match(message, /nothing was written in plain text/);
    assert.match(message, /password-store/);
    assert.ok(!message.includes('PQW7ERMP'));
  });

  it('a session over a failing keyring fails the sign-in instead of keeping tokens elsewhere', async () => {
    const secrets = fakeSecrets('store');
    const session = createSession({
      profileId: 'p1',
      env: makeEnvironment({ id: 'e', kind: 'custom', baseUrl: 'http://127.0.0.1:1/api/v6/services' }),
      email: 'a@b.co',
      store: secretStorageStore(secrets),
      client: {
        login: async () => ({ accessToken: 'a.b.c', refreshToken: 'r', expiresIn: 3600, receivedAt: 0, user: { id: 'u', email: 'a@b.co', role: 'CASHIER', permissions: [] } }),
        refresh: async () => {
          throw new Error('unused');
        },
        logout: async () => undefined,
      },
    });
    await assert.rejects(session.signIn('Password@1'), KeyringError);
    assert.equal(secrets.map.size, 0);
  });

  it('knows its own keys (secretKeys) from other extensions\' keys', () => {
    assert.ok(isFinCodeSecretKey(secretKeys.tokens('x')));
    assert.ok(isFinCodeSecretKey(secretKeys.apiToken('x')));
    assert.ok(!isFinCodeSecretKey('github.auth'));
  });
});
