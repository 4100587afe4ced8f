// The history's store over a real folder: what one window keeps, the next one (a reload) reads
// back; the caps apply on every change; a reader never finds the file missing or half written
// while it is replaced; a corrupt file starts an empty history; without a folder on disk (no
// workspace open) it lives in memory only.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/core/http/history';
import type { HistoryCaps } from '../../src/core/http/historyFile';
import { installFakeVscode } from '../support/fakeVscode';

installFakeVscode();

/** A storage folder as VS Code gives it to a Node extension host. */
const uri = (fsPath: string, scheme = 'file') => ({ scheme, fsPath }) as unknown as vscode.Uri;

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
    const store = createHistoryStore(uri(folder), caps(10), log);
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.add(entry('a'));
    await store.add(entry('b'));
    assert.deepEqual(store.entries().map((kept) => kept.id), ['b', 'a']);
    assert.ok(changes >= 2);
    const file = join(folder, HISTORY_FILE);
    assert.ok(existsSync(file));
    assert.deepEqual(readdirSync(folder), [HISTORY_FILE], 'no temporary file left');

    const reloaded = createHistoryStore(uri(folder), caps(10), log);
    await reloaded.add(entry('c'));
    assert.deepEqual(reloaded.entries().map((kept) => kept.id), ['c', 'b', 'a'], 'what was kept before the reload stays, below the new entry');
    assert.equal(reloaded.get('b')?.url, 'http://127.0.0.1:1/x/b');
  });

  it('removes entries, applies smaller caps at once, and clears', async () => {
    let max = 10;
    const store = createHistoryStore(uri(folder), () => ({ maxEntries: max, maxBytes: 1e6 }), log);
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
    const store = createHistoryStore(uri(folder), caps(10), log);
    await store.add(entry('d'));
    assert.deepEqual(store.entries().map((kept) => kept.id), ['d']);
    assert.equal((JSON.parse(readFileSync(join(folder, HISTORY_FILE), 'utf8')) as { entries: { id: string }[] }).entries[0]?.id, 'd');
  });

  it('a reader never finds the file missing or half written while the history is saved again and again', async () => {
    const own = mkdtempSync(join(tmpdir(), 'fincode-history-'));
    const file = join(own, HISTORY_FILE);
    const store = createHistoryStore(uri(own), caps(500), log);
    await store.add(entry('first'));
    // Another thread reads as fast as it can, the way a backup, a sync tool or another window would.
    const reader = new Worker(
      `const { readFileSync } = require('node:fs');
       const { parentPort, workerData } = require('node:worker_threads');
       let reads = 0, stop = false;
       const problems = [];
       parentPort.on('message', () => (stop = true));
       (function loop() {
         for (let i = 0; i < 200; i++) {
           try { JSON.parse(readFileSync(workerData, 'utf8')); reads++; }
           catch (error) { problems.push(error.code ?? error.message); }
         }
         if (stop) parentPort.postMessage({ reads, problems: problems.slice(0, 5), count: problems.length });
         else setImmediate(loop);
       })();`,
      { eval: true, workerData: file },
    );
    for (let i = 0; i < 150; i++) await store.add(entry(`r${i}`));
    const seen = await new Promise<{ reads: number; problems: string[]; count: number }>((resolve) => {
      reader.once('message', resolve);
      reader.postMessage('stop');
    });
    await reader.terminate();
    assert.ok(seen.reads > 150, `the reader read while the store wrote (${seen.reads} reads)`);
    assert.deepEqual(seen.problems, [], `${seen.count} reads found the file missing or not whole`);
    assert.equal(store.entries().length, 151);
    assert.deepEqual(readdirSync(own), [HISTORY_FILE], 'no temporary file left');
  });

  it('with no storage folder on disk (no workspace open) keeps the history in memory only', async () => {
    const memoryOnly = join(mkdtempSync(join(tmpdir(), 'fincode-history-')), 'never');
    for (const storage of [undefined, uri(memoryOnly, 'vscode-userdata')]) {
      const store = createHistoryStore(storage, caps(10), log);
      await store.add(entry('m'));
      assert.deepEqual(store.entries().map((kept) => kept.id), ['m']);
    }
    assert.equal(existsSync(memoryOnly), false, 'nothing written');
    assert.deepEqual(warnings, []);
  });
});
