// Just enough of the 'vscode' module to load src/vscode/profilesModel.ts in plain Node (unit
// tests), plus an in-memory Memento and a SecretStorage whose failures a test switches on.
// installFakeVscode() must run before the module under test is required.
import Module from 'node:module';
import type * as vscode from 'vscode';

type Listener<T> = (event: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** What the model calls: setContext goes here. */
export const executedCommands: unknown[][] = [];

const FAKE = {
  EventEmitter,
  commands: {
    executeCommand: async (...args: unknown[]) => {
      executedCommands.push(args);
      return undefined;
    },
  },
};

let installed = false;

/** Adds (or replaces) members of the fake module, for a test of a module that needs more of the API. */
export function extendFakeVscode(members: Record<string, unknown>): void {
  Object.assign(FAKE, members);
}

export function installFakeVscode(): void {
  if (installed) return;
  installed = true;
  const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = moduleWithLoad._load;
  moduleWithLoad._load = function load(this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? FAKE : original.call(this, request, ...rest);
  };
}

/** globalState: its JSON is what VS Code would keep in plain text (state.vscdb, browser storage). */
export function fakeMemento(): vscode.Memento & { text(): string } {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    // As VS Code's: undefined removes the key.
    update: async (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, JSON.parse(JSON.stringify(value)) as unknown);
    },
    text: () => JSON.stringify([...values]),
  } as vscode.Memento & { text(): string };
}

export type SecretFailure = 'none' | 'store-rejects' | 'get-rejects';

export interface FakeSecretStorage extends vscode.SecretStorage {
  readonly map: Map<string, string>;
  failure: SecretFailure;
  /** Removes a secret behind the extension's back (another window, a cleared keyring) and says so. */
  deleteOutOfBand(key: string): void;
}

export function fakeSecretStorage(): FakeSecretStorage {
  const map = new Map<string, string>();
  const changed = new EventEmitter<vscode.SecretStorageChangeEvent>();
  const secrets = {
    map,
    failure: 'none' as SecretFailure,
    get: async (key: string) => {
      if (secrets.failure === 'get-rejects') throw new Error('The keyring is locked');
      return map.get(key);
    },
    store: async (key: string, value: string) => {
      if (secrets.failure === 'store-rejects') throw new Error('Cannot create an item in a locked collection');
      map.set(key, value);
      changed.fire({ key });
    },
    delete: async (key: string) => {
      map.delete(key);
      changed.fire({ key });
    },
    keys: async () => [...map.keys()],
    onDidChange: changed.event,
    deleteOutOfBand: (key: string) => {
      map.delete(key);
      changed.fire({ key });
    },
  };
  return secrets as unknown as FakeSecretStorage;
}
