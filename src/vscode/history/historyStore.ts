// The one owner of the request history: its entries (newest first, within the caps) and where
// they are kept. The view, the commands and the send path ask it or listen to its change event.
//
// Where: `history.json` in the extension's storage folder for this workspace (storageUri).
// Not workspaceState: VS Code loads every extension's workspaceState into memory when a window
// opens, and response bodies (up to fincode.history.maxBytes) do not belong there. Not globalState
// and never a workspace file: the history is this workspace's, on this machine, and never synced.
// The file is bounded by the caps, survives a reload, and goes when VS Code drops the
// workspace's storage. With no folder open there is no storageUri: the history lives in memory
// (as it does where storage is not on disk: this extension runs in a Node extension host only).
// Written with node:fs (core/replaceFile.ts), not workspace.fs, whose rename deletes the file first.
// Entries arrive already redacted (core/http/history.ts builds them), so the file holds no secret.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { replaceFile } from '../../core/replaceFile';
import type { HistoryEntry } from '../../core/http/history';
import { capHistory, parseHistory, serializeHistory, type HistoryCaps } from '../../core/http/historyFile';
import type { Log } from '../log';

export const HISTORY_FILE = 'history.json';

export interface HistoryStore extends vscode.Disposable {
  readonly onDidChange: vscode.Event<void>;
  entries(): readonly HistoryEntry[];
  get(id: string): HistoryEntry | undefined;
  add(entry: HistoryEntry): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  /** The caps changed (settings): apply them now. */
  recap(): Promise<void>;
}

export function createHistoryStore(storageUri: vscode.Uri | undefined, caps: () => HistoryCaps, log: Log): HistoryStore {
  const file = storageUri?.scheme === 'file' ? join(storageUri.fsPath, HISTORY_FILE) : undefined;
  const changed = new vscode.EventEmitter<void>();
  let entries: readonly HistoryEntry[] = [];
  // Read once in the background; every change waits for it, so a send right after start-up
  // never writes a history without the entries already kept.
  const loaded = (file ? read(file) : Promise.resolve([])).then((kept) => {
    entries = capHistory(kept, caps());
    changed.fire();
  });
  // Writes go one after another, each with the entries of its moment.
  let writing: Promise<void> = Promise.resolve();

  const update = async (change: (current: readonly HistoryEntry[]) => readonly HistoryEntry[]): Promise<void> => {
    await loaded;
    entries = capHistory(change(entries), caps());
    changed.fire();
    if (file === undefined) return;
    const text = serializeHistory(entries);
    writing = writing
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await replaceFile(file, text);
      })
      .catch((error: unknown) => log.warn(`history: could not save ${file}: ${error instanceof Error ? error.message : String(error)}`));
    await writing;
  };

  return {
    onDidChange: changed.event,
    entries: () => entries,
    get: (id) => entries.find((entry) => entry.id === id),
    add: (entry) => update((current) => [entry, ...current]),
    remove: (ids) => update((current) => current.filter((entry) => !ids.includes(entry.id))),
    clear: () => update(() => []),
    recap: () => update((current) => current),
    dispose: () => changed.dispose(),
  };
}

async function read(file: string): Promise<HistoryEntry[]> {
  try {
    return parseHistory(await readFile(file, 'utf8'));
  } catch {
    // No history yet (or unreadable): start empty; the next send writes a new one.
    return [];
  }
}
