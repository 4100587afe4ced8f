// VS Code's SecretStorage (the OS keyring) as the core's SecretStore. Nothing ever falls back to
// plain text: a keyring that fails to read or write becomes a KeyringError the user can act on.
import type * as vscode from 'vscode';
import type { SecretStore } from '../core/auth/secretStore';
import { UserFacingError } from './userErrors';

const KEYRING_ADVICE =
  'VS Code keeps FinCode passwords and tokens only in the OS keyring (SecretStorage); nothing was written in plain text. ' +
  'Unlock or repair the keyring (on Linux: a running Secret Service such as gnome-keyring or KWallet; see "Developer: Log Out of Keyring" and the `--password-store` option of VS Code), then try again.';

/** The keyring refused a read or a write. Its message is complete user text. */
export class KeyringError extends UserFacingError {
  override readonly name = 'KeyringError';
  constructor(action: 'read' | 'save' | 'delete', cause: unknown) {
    super(`Could not ${action} a FinCode secret in the OS keyring (${cause instanceof Error ? cause.message : String(cause)}). ${KEYRING_ADVICE}`, { cause });
  }
}

/**
 * `trace` hears of every access by operation and key name (never a value): the e2e suite counts
 * them to prove that nothing touches the keyring before a sign-in.
 */
export function secretStorageStore(secrets: vscode.SecretStorage, trace: (message: string) => void = () => undefined): SecretStore {
  return {
    async get(key) {
      trace(`SecretStorage get ${key}`);
      try {
        return await secrets.get(key);
      } catch (error) {
        throw new KeyringError('read', error);
      }
    },
    async store(key, value) {
      trace(`SecretStorage store ${key}`);
      try {
        await secrets.store(key, value);
      } catch (error) {
        throw new KeyringError('save', error);
      }
    },
    async delete(key) {
      trace(`SecretStorage delete ${key}`);
      try {
        await secrets.delete(key);
      } catch (error) {
        throw new KeyringError('delete', error);
      }
    },
    // Another window's write: a window waiting for a renewal elsewhere wakes at once.
    onDidChange: (listener) => secrets.onDidChange((event) => listener(event.key)),
  };
}

/** Keys this extension owns in SecretStorage (secretKeys in the core). */
export const isFinCodeSecretKey = (key: string): boolean => key.startsWith('fincode.');
