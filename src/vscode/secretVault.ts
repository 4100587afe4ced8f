// Where the extension keeps its secrets, and the lock its windows renew under. Desktop VS Code:
// SecretStorage (the OS keyring), live across windows. A browser-hosted workbench (code-server,
// Codespaces in a browser): each window answers SecretStorage from its own copy, so the secrets
// live in the host vault (core/auth/vaultStore.ts) whose key alone is kept in SecretStorage;
// secrets older versions kept in SecretStorage are still read there until they are written again.
// Both use the host lock under the extension's global storage folder for renewals.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { hostLocks, type LockFactory } from '../core/auth/hostLock';
import type { SecretStore } from '../core/auth/secretStore';
import { VaultKeyMissingError, vaultStore, type VaultKey, type VaultKeySource } from '../core/auth/vaultStore';
import { secretStorageStore } from './secretStorage';
import { userMessage } from './userErrors';

/** The extension's folder on the host that every window's extension host sees. */
export interface HostStorage {
  readonly dir: string;
  /** A browser-hosted workbench (vscode.env.uiKind is Web). */
  readonly web: boolean;
}

export interface ExtensionSecrets extends vscode.Disposable {
  readonly store: SecretStore;
  /** undefined without a host folder (tests of one window). */
  readonly locks: LockFactory | undefined;
}

/** The vault key's SecretStorage entry, written once by the window that makes the vault. */
const VAULT_KEY = 'fincode.vaultKey';

export function hostStorageOf(context: vscode.ExtensionContext): HostStorage | undefined {
  const uri = context.globalStorageUri;
  return uri.scheme === 'file' ? { dir: uri.fsPath, web: vscode.env.uiKind === vscode.UIKind.Web } : undefined;
}

function vaultKeySource(secrets: SecretStore): VaultKeySource {
  return {
    async read() {
      const raw = await secrets.get(VAULT_KEY);
      if (!raw) return undefined;
      let parsed: { id?: unknown; key?: unknown; createdAt?: unknown };
      try {
        parsed = JSON.parse(raw) as typeof parsed;
      } catch {
        return undefined;
      }
      if (typeof parsed.id !== 'string' || typeof parsed.key !== 'string' || typeof parsed.createdAt !== 'number') return undefined;
      return { id: parsed.id, key: Buffer.from(parsed.key, 'base64'), createdAt: parsed.createdAt };
    },
    create: (key: VaultKey) => secrets.store(VAULT_KEY, JSON.stringify({ id: key.id, key: key.key.toString('base64'), createdAt: key.createdAt })),
  };
}

/** Tells the user once that this window must reload to read the vault another window made; it writes nothing meanwhile. */
function reloadOnMissingKey(store: SecretStore): SecretStore {
  let told = false;
  const tell = (error: unknown): never => {
    if (error instanceof VaultKeyMissingError && !told) {
      told = true;
      const reload = 'Reload Window';
      void vscode.window.showWarningMessage(userMessage(error), reload).then((choice) => {
        if (choice === reload) void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    }
    throw error;
  };
  return {
    get: (key) => store.get(key).catch(tell),
    store: (key, value) => store.store(key, value).catch(tell),
    delete: (key) => store.delete(key).catch(tell),
    ...(store.onDidChange ? { onDidChange: store.onDidChange.bind(store) } : {}),
  };
}

/** `trace`: told of each SecretStorage access (secretStorage.ts). */
export function extensionSecrets(secrets: vscode.SecretStorage, host: HostStorage | undefined, trace?: (message: string) => void): ExtensionSecrets {
  const keyring = secretStorageStore(secrets, trace);
  if (!host) return { store: keyring, locks: undefined, dispose: () => undefined };
  const locks = hostLocks(join(host.dir, 'locks'));
  if (!host.web) return { store: keyring, locks, dispose: () => undefined };
  const vault = vaultStore(host.dir, vaultKeySource(keyring), keyring);
  return { store: reloadOnMissingKey(vault), locks, dispose: () => vault.dispose() };
}
