// The history's store over a real folder (VS Code's workspace.fs faked by node:fs): what one
// window keeps, the next one (a reload) reads back; the caps apply on every change; a write goes
// beside the file and is renamed over it; a corrupt file starts an empty history; without a
// folder (no workspace open) it lives in memory only.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/http/history';
import type { HistoryCaps } from '../../src/core/http/historyFile';
import { extendFakeVscode, installFakeVscode } from '../support/fakeVscode';

installFakeVscode();

interface FakeUri {
  readonly fsPath: string;
}
const uri = (fsPath: string): FakeUri => ({ fsPath });
const renames: string[] = [];

extendFakeVscode({
  Uri: { joinPath: (base: FakeUri, ...parts: string[]) => uri(join(base.fsPath, ...parts)) },
  workspace: {
    fs: {
      readFile: async (file: FakeUri) => new Uint8Array(await readFile(file.fsPath)),
      writeFile: async (file: FakeUri, data: Uint8Array) => writeFile(file.fsPath, data),
      createDirectory: async (folder: FakeUri) => void (await mkdir(folder.fsPath, { recursive: true })),
      rename: async (from: FakeUri, to: FakeUri) => {
        renames.push(`${from.fsPath} -> ${to.fsPath}`);
        await rename(from.fsPath, to.fsPath);
      },
    },
  },
});

type StoreModule = typeof import('../../src/vscode/history/historyStore');
let createHistoryStore: StoreModule['createHistoryStore'];
let HISTORY_FILE: string;

const warnings: string[] = [];
const log = { info: () => undefined, warn: (line: string) => void warnings.push(line), error: () => undefined } as unknown as Parameters<StoreModule['createHistoryStore']>[2];

function entry(id: string, at = 0): HistoryEntry {
  return {
    id,
    at,
    method: 'GET',
    url: `http://127.0.0.1:1/x/${id}`,
    status: 200,
    reason: 'OK',
    timeMs: 1,
    sentAs: 'CASHIER (cashier)',
    profileId: 'p',
    requestText: `GET {{baseUrl}}/x/${id}`,
    request: { headers: [], injected: [] },
    response: { httpVersion: '1.1', headers: [], body: '{}', bodyBytes: 2, truncated: false, cut: false, binary: false },
  };
}

const caps = (maxEntries: number, maxBytes = 1e6) => (): HistoryCaps => ({ maxEntries, maxBytes });

describe('history store', () => {
  let folder: string;
  before(async () => {
    // Loaded after the fake is installed.
    ({ createHistoryStore, HISTORY_FILE } = await import('../../src/vscode/history/historyStore'));
    folder = join(mkdtempSync(join(tmpdir(), 'fincode-history-')), 'storage');
  });

  it('keeps entries newest first in history.json, and a new store (a reload) reads them back', async () => {
    const store = createHistoryStore(uri(folder) as unknown as vscode.Uri, caps(10), log);
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.add(entry('a'));
    await store.add(entry('b'));
    assert.deepEqual(store.entries().map((kept) => kept.id), ['b', 'a']);
    assert.ok(changes >= 2);
    const file = join(folder, HISTORY_FILE);
    assert.ok(existsSync(file));
    assert.ok(renames.some((line) => line === `${file}.tmp -> ${file}`), 'written beside, renamed over');
    assert.deepEqual(readdirSync(folder), [HISTORY_FILE], 'no temporary file left');

    const reloaded = createHistoryStore(uri(folder) as unknown as vscode.Uri, caps(10), log);
    await reloaded.add(entry('c'));
    assert.deepEqual(reloaded.entries().map((kept) => kept.id), ['c', 'b', 'a'], 'what was kept before the reload stays, below the new entry');
    assert.equal(reloaded.get('b')?.url, 'http://127.0.0.1:1/x/b');
  });

  it('removes entries, applies smaller caps at once, and clears', async () => {
    let max = 10;
    const store = createHistoryStore(uri(folder) as unknown as vscode.Uri, () => ({ maxEntries: max, maxBytes: 1e6 }), log);
    await store.remove(['b']);
    assert.deepEqual(store.entries().map((kept) => kept.id), ['c', 'a']);
    max = 1;
    await store.recap();
    assert.deepEqual(store.entries().map((kept) => kept.id), ['c']);
    assert.equal((JSON.parse(readFileSync(join(folder, HISTORY_FILE), 'utf8')) as { entries: unknown[] }).entries.length, 1);
    await store.clear();
    assert.deepEqual(store.entries(), []);
    assert.deepEqual((JSON.parse(readFileSync(join(folder, HISTORY_FILE), 'utf8')) as { entries: unknown[] }).entries, []);
  });

  it('a corrupt file starts an empty history (and the next change writes a good one)', async () => {
    writeFileSync(join(folder, HISTORY_FILE), '{"format":"fincode-history/1","entries":[{"id":');
    const store = createHistoryStore(uri(folder) as unknown as vscode.Uri, caps(10), log);
    await store.add(entry('d'));
    assert.deepEqual(store.entries().map((kept) => kept.id), ['d']);
    assert.equal((JSON.parse(readFileSync(join(folder, HISTORY_FILE), 'utf8')) as { entries: { id: string }[] }).entries[0]?.id, 'd');
  });

  it('with no storage folder (no workspace open) keeps the history in memory only', async () => {
    const store = createHistoryStore(undefined, caps(10), log);
    await store.add(entry('m'));
    assert.deepEqual(store.entries().map((kept) => kept.id), ['m']);
    assert.equal(store.file, undefined);
    assert.deepEqual(warnings, []);
  });
});
