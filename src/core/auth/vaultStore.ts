// The extension's secrets in a browser-hosted workbench (code-server, Codespaces in a browser):
// one file on the host, AES-256-GCM encrypted, that every window's extension host reads live.
// There, SecretStorage is one browser entry that each window decrypts once when it loads and
// re-saves whole on every write: a token one window renewed stays invisible to the others, and
// one window's write can erase another's secret. The vault's key is random and lives only in
// SecretStorage, written once (by the window that makes the vault) and never rewritten, so no
// secret is readable on disk. Writes change one key at a time (read, modify, write to a private
// file, rename over the vault) under a host lock; reads stat the file and decrypt it again when
// it changed; a watch on the folder tells listeners when another window wrote. A window without
// the vault's key either loaded before the key was made (it must reload: it writes nothing
// meanwhile) or runs after the key was lost (a cleared or corrupted SecretStorage): then the
// vault is as good as a cleared keyring, read as empty and sealed anew at the next write.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from '../replaceFile';
import { underHostLock } from './hostLock';
import type { SecretStore } from './secretStore';

export const VAULT_FILE = 'secrets.vault';
/** Longer than a read, an encryption and a rename take. */
const WRITE_LOCK_MS = 10_000;
/**
 * A key made before this window's extension host started was in the SecretStorage the window
 * loaded (a page loads it, then starts its extension host, seconds apart at most): if the window
 * lacks it, it is lost, not yet to come. A key made after is another window's first sign-in.
 */
export const KEY_LOST_AFTER_MS = 5_000;

export interface VaultKey {
  /** Not secret: names the key the vault was sealed with. */
  readonly id: string;
  /** 32 random bytes. */
  readonly key: Buffer;
  /** Epoch ms when it was made. */
  readonly createdAt: number;
}

export interface VaultKeySource {
  /** The key this window knows; undefined when it has none (none made yet, or made after this window loaded). */
  read(): Promise<VaultKey | undefined>;
  /** Keeps a new key; called once, under the host lock, when no vault exists yet. */
  create(key: VaultKey): Promise<void>;
}

/** A vault exists but this window does not hold its key (it loaded before the key was made): a reload reads it. */
export class VaultKeyMissingError extends Error {
  override readonly name = 'VaultKeyMissingError';
  constructor() {
    super('This window does not hold the key of the FinCode secrets vault that another window created.');
  }
}

interface SealedVault {
  readonly v: 1;
  readonly keyId: string;
  readonly keyCreatedAt: number;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/** null: deleted in the vault, shadowing an older copy in the fallback store. */
type Entries = Readonly<Record<string, string | null>>;

export interface VaultStore extends Required<SecretStore> {
  dispose(): void;
}

function seal(entries: Entries, key: VaultKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(key.id));
  const data = Buffer.concat([cipher.update(JSON.stringify(entries), 'utf8'), cipher.final()]);
  const sealed: SealedVault = { v: 1, keyId: key.id, keyCreatedAt: key.createdAt, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(sealed);
}

function unseal(sealed: SealedVault, key: VaultKey): Entries {
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(key.id));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as Entries;
}

/** Changes whenever the vault is replaced (a rename makes a new file) or rewritten. */
const stampOf = (info: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string => `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;

const changedKeys = (before: Entries, after: Entries): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]);

/**
 * The vault in `dir`; `fallback` answers keys the vault never held (secrets kept by versions
 * before it); `startedAt`: when this window's extension host started.
 */
export function vaultStore(dir: string, keys: VaultKeySource, fallback?: SecretStore, startedAt = performance.timeOrigin): VaultStore {
  const path = join(dir, VAULT_FILE);
  const listeners = new Set<(key: string) => void>();
  let known: VaultKey | undefined;
  /** key undefined: the vault's key is lost, its entries with it. */
  let cache: { readonly stamp: string; readonly entries: Entries; readonly key: VaultKey | undefined } | undefined;
  mkdirSync(dir, { recursive: true });

  const emit = (key: string): void => {
    for (const listener of [...listeners]) listener(key);
  };

  /** The key that opens `sealed`; undefined when it is lost for good. */
  async function keyFor(sealed: SealedVault): Promise<VaultKey | undefined> {
    if (known?.id !== sealed.keyId) known = await keys.read();
    if (known?.id === sealed.keyId) return known;
    if (sealed.keyCreatedAt < startedAt - KEY_LOST_AFTER_MS) return undefined;
    throw new VaultKeyMissingError();
  }

  /** The vault's entries (undefined: no vault yet), decrypted again only when the file changed. */
  async function load(): Promise<Entries | undefined> {
    let stamp: string;
    try {
      stamp = stampOf(await stat(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (cache?.stamp === stamp) return cache.entries;
    const sealed = JSON.parse(await readFile(path, 'utf8')) as SealedVault;
    const key = await keyFor(sealed);
    const entries = key ? unseal(sealed, key) : {};
    const before = cache?.entries;
    cache = { stamp, entries, key };
    if (before) for (const key of changedKeys(before, entries)) emit(key);
    return entries;
  }

  async function sealingKey(): Promise<VaultKey> {
    known ??= await keys.read();
    if (known) return known;
    const made: VaultKey = { id: randomUUID(), key: randomBytes(32), createdAt: Date.now() };
    await keys.create(made);
    return (known = made);
  }

  async function writeEntries(entries: Entries, key: VaultKey): Promise<void> {
    await replaceFile(path, seal(entries, key), 0o600);
    cache = { stamp: stampOf(await stat(path)), entries, key };
  }

  /** One key changed under the host lock: every other window's keys stay as they are on disk. */
  async function update(key: string, value: string | undefined): Promise<void> {
    const written = await underHostLock(`${path}.lock`, WRITE_LOCK_MS, async () => {
      const existing = await load();
      const next: Record<string, string | null> = { ...existing };
      if (value !== undefined) next[key] = value;
      else if ((await fallback?.get(key)) !== undefined) next[key] = null;
      else if (key in next) delete next[key];
      else return false;
      await writeEntries(next, (existing && cache?.key) || (await sealingKey()));
      return true;
    });
    if (written) emit(key);
  }

  let watcher: FSWatcher | undefined;
  try {
    // Another window's write: listeners re-read (load() compares and names the changed keys).
    watcher = watch(dir, (_event, file) => {
      if (listeners.size > 0 && (file === null || file === VAULT_FILE)) void load().catch(() => undefined);
    });
  } catch {
    // No watch on this file system: reads still see every write (they stat the file).
  }

  return {
    async get(key) {
      const entries = await load();
      if (entries && key in entries) return entries[key] ?? undefined;
      return fallback?.get(key);
    },
    store: (key, value) => update(key, value),
    delete: (key) => update(key, undefined),
    onDidChange(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose() {
      watcher?.close();
      listeners.clear();
    },
  };
}
