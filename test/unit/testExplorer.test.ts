// The Test Explorer's discovery of .http checks (src/vscode/testing) on the fake `vscode` module:
// which requests are tests and which roles are their children (testPlan.ts, plain data), nothing
// searched before the Test Explorer asks, a file read only when expanded, the watcher keeping the
// list, an open document's text winning over the file on disk.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { parseHttpFile } from '../../src/core/http/parser';
import type { HttpDocumentStore } from '../../src/vscode/http/documentStore';
import { requestTests } from '../../src/vscode/testing/testPlan';
import type { createTestDiscovery as CreateTestDiscovery } from '../../src/vscode/testing/testDiscovery';
import type { createTestTree as CreateTestTree } from '../../src/vscode/testing/testTree';
import type { runLeaves as RunLeaves } from '../../src/vscode/testing/testRunner';
import type { HttpServices } from '../../src/vscode/http/httpServices';
import { extendFakeVscode, installFakeVscode } from '../support/fakeVscode';

const WITH_CHECKS = [
  '### View all',
  '# @name viewAll',
  '# @expect MANAGER=200 CASHIER=403',
  'GET {{baseUrl}}/transactions',
  '',
  '?? header content-type includes json',
  '',
  '### No checks',
  'GET {{baseUrl}}/health',
  '',
  '###',
  'POST {{baseUrl}}/echo',
  '',
  '?? status == 200',
  '',
  '### A GraphQL request is not sent',
  'GRAPHQL {{baseUrl}}/graphql',
  '',
  '?? status == 200',
].join('\n');

describe('which requests of a file are tests', () => {
  it('each sendable request with checks; a child per role # @expect names, at its line', () => {
    const tests = requestTests(parseHttpFile(WITH_CHECKS));
    assert.deepEqual(
      tests.map((test) => [test.key, test.label, test.start, test.roles.map((role) => `${role.role}@${role.line}`)]),
      [
        ['@viewAll', 'View all', 0, ['MANAGER@2', 'CASHIER@2']],
        ['#2 POST {{baseUrl}}/echo', 'POST {{baseUrl}}/echo', 10, []],
      ],
    );
  });

  it('a name used twice does not tell requests apart: their place does', () => {
    const twice = parseHttpFile('# @name same\n# @expect CASHIER=200\nGET https://a/1\n\n###\n# @name same\n# @expect CASHIER=200\nGET https://a/2\n');
    assert.deepEqual(requestTests(twice).map((test) => test.key), ['#0 GET https://a/1', '#1 GET https://a/2']);
  });
});

// --- The fake workbench: a test controller, the workspace's files, documents and watchers. ---

class Uri {
  constructor(readonly fsPath: string) {}
  get scheme(): string {
    return 'file';
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
  static file(path: string): Uri {
    return new Uri(path);
  }
  static parse(text: string): Uri {
    return new Uri(text.replace(/^file:\/\//, ''));
  }
}

class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

interface FakeItem {
  id: string;
  label: string;
  uri: Uri;
  range?: Range;
  canResolveChildren: boolean;
  children: Collection;
}

class Collection {
  private readonly map = new Map<string, FakeItem>();
  get size(): number {
    return this.map.size;
  }
  add(item: FakeItem): void {
    this.map.set(item.id, item);
  }
  get(id: string): FakeItem | undefined {
    return this.map.get(id);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
  replace(items: FakeItem[]): void {
    this.map.clear();
    items.forEach((item) => this.add(item));
  }
  forEach(callback: (item: FakeItem) => void): void {
    [...this.map.values()].forEach(callback);
  }
}

type Listener = (value: unknown) => void;
const listeners = new Map<string, Listener[]>();
const on = (name: string) => (listener: Listener) => {
  listeners.set(name, [...(listeners.get(name) ?? []), listener]);
  return { dispose: () => listeners.set(name, (listeners.get(name) ?? []).filter((l) => l !== listener)) };
};
const fire = (name: string, value: unknown): void => (listeners.get(name) ?? []).forEach((listener) => listener(value));

const root = mkdtempSync(join(tmpdir(), 'fincode-test-explorer-'));
const state = { trusted: true, found: ['a.http', 'b.rest', 'none.http'], findFiles: 0, reads: [] as string[], watchers: 0, documents: [] as vscode.TextDocument[] };

function fakeController() {
  const items = new Collection();
  return {
    items,
    createTestItem: (id: string, label: string, uri: Uri): FakeItem => ({ id, label, uri, canResolveChildren: false, children: new Collection() }),
  };
}

const storeParses: string[] = [];
const store = {
  parsed: (document: vscode.TextDocument) => {
    storeParses.push(document.uri.toString());
    return parseHttpFile(document.getText());
  },
} as unknown as HttpDocumentStore;

let createTestDiscovery: typeof CreateTestDiscovery;
let createTestTree: typeof CreateTestTree;
let runLeaves: typeof RunLeaves;

before(async () => {
  installFakeVscode();
  extendFakeVscode({
    Uri,
    Range,
    languages: { match: (_selector: unknown, document: vscode.TextDocument) => (/\.(http|rest)$/.test(document.uri.fsPath) ? 10 : 0) },
    workspace: {
      get isTrusted() {
        return state.trusted;
      },
      get textDocuments() {
        return state.documents;
      },
      asRelativePath: (uri: Uri) => uri.fsPath.slice(root.length + 1),
      findFiles: async () => {
        state.findFiles += 1;
        return state.found.map((name) => Uri.file(join(root, name)));
      },
      fs: {
        readFile: async (uri: Uri) => {
          state.reads.push(uri.fsPath);
          return (await import('node:fs')).readFileSync(uri.fsPath);
        },
      },
      createFileSystemWatcher: () => {
        state.watchers += 1;
        return { onDidCreate: on('create'), onDidChange: on('change'), onDidDelete: on('delete'), dispose: () => undefined };
      },
      onDidOpenTextDocument: on('open'),
      onDidChangeTextDocument: on('edit'),
      onDidCloseTextDocument: on('close'),
    },
  });
  ({ createTestDiscovery } = await import('../../src/vscode/testing/testDiscovery'));
  ({ createTestTree } = await import('../../src/vscode/testing/testTree'));
  ({ runLeaves } = await import('../../src/vscode/testing/testRunner'));
  writeFileSync(join(root, 'a.http'), WITH_CHECKS);
  writeFileSync(join(root, 'b.rest'), '# @expect AGENT=200\nGET https://x/y\n');
  writeFileSync(join(root, 'none.http'), 'GET https://x/health\n');
});

after(() => rmSync(root, { recursive: true, force: true }));

const labels = (collection: Collection): string[] => {
  const out: string[] = [];
  collection.forEach((item) => out.push(item.label));
  return out;
};

describe('finding .http files for the Test Explorer', () => {
  it('searches nothing until asked, lists files unread, reads one when expanded, follows the watcher', async () => {
    const controller = fakeController();
    const discovery = createTestDiscovery(createTestTree(controller as unknown as vscode.TestController), store);
    assert.deepEqual([state.findFiles, state.watchers, state.reads.length], [0, 0, 0], 'nothing searched or watched at start-up');

    await discovery.resolve(undefined);
    assert.deepEqual([state.findFiles, state.watchers, state.reads.length], [1, 1, 0], 'one search, one watcher, no file read');
    assert.deepEqual(labels(controller.items), ['a.http', 'b.rest', 'none.http']);
    controller.items.forEach((item) => assert.equal(item.canResolveChildren, true));
    await discovery.resolve(undefined);
    assert.equal(state.findFiles, 1, 'asked again: not searched again');

    const a = controller.items.get(Uri.file(join(root, 'a.http')).toString())!;
    await discovery.resolve(a as unknown as vscode.TestItem);
    assert.deepEqual(state.reads, [join(root, 'a.http')], 'only the expanded file was read');
    assert.deepEqual(labels(a.children), ['View all', 'POST {{baseUrl}}/echo']);
    const viewAll = a.children.get(`${a.id}|@viewAll`)!;
    assert.deepEqual(labels(viewAll.children), ['MANAGER', 'CASHIER']);
    assert.equal(viewAll.range?.startLine, 0);
    assert.equal(viewAll.children.get(`${viewAll.id}|CASHIER`)?.range?.startLine, 2, "a role sits at its # @expect line");

    const none = controller.items.get(Uri.file(join(root, 'none.http')).toString())!;
    await discovery.resolve(none as unknown as vscode.TestItem);
    assert.equal(controller.items.get(none.id), undefined, 'a file without checks leaves the list once read');

    writeFileSync(join(root, 'a.http'), '# @expect CUSTOMER=403\nDELETE https://x/1\n');
    fire('change', Uri.file(join(root, 'a.http')));
    await waitFor(() => labels(a.children).join() === 'DELETE https://x/1');
    fire('delete', Uri.file(join(root, 'b.rest')));
    assert.equal(controller.items.get(Uri.file(join(root, 'b.rest')).toString()), undefined);
    fire('create', Uri.file(join(root, 'c.http')));
    assert.ok(controller.items.get(Uri.file(join(root, 'c.http')).toString())?.canResolveChildren, 'a new file is listed, unread');
    discovery.dispose();
  });

  it('a workspace of thousands of files: listed without reading one', async () => {
    const controller = fakeController();
    state.found = Array.from({ length: 5000 }, (_, index) => `folder${index % 50}/api${index}.http`);
    state.reads = [];
    const discovery = createTestDiscovery(createTestTree(controller as unknown as vscode.TestController), store);
    const started = performance.now();
    await discovery.resolve(undefined);
    const elapsed = performance.now() - started;
    assert.equal(controller.items.size, 5000);
    assert.deepEqual(state.reads, [], 'no file read before it is expanded or run');
    assert.ok(elapsed < 1000, `listed in ${Math.round(elapsed)} ms`);
    state.found = ['a.http', 'b.rest', 'none.http'];
    discovery.dispose();
  });

  it("an open document's text wins over the file on disk", async () => {
    const controller = fakeController();
    const path = join(root, 'a.http');
    const document = { uri: Uri.file(path), isClosed: false, getText: () => '# @expect MANAGER=200\nGET https://x/edited\n' } as unknown as vscode.TextDocument;
    state.documents = [document];
    state.reads = [];
    const discovery = createTestDiscovery(createTestTree(controller as unknown as vscode.TestController), store);
    const file = await discovery.read(Uri.file(path) as unknown as vscode.Uri);
    assert.equal(file?.requests[0]?.url, 'https://x/edited');
    assert.deepEqual(state.reads, [], 'the disk was not read');
    assert.ok(storeParses.includes(document.uri.toString()), 'the parse came from the document store');
    state.documents = [];
    discovery.dispose();
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check());
}

describe('running .http checks from the Test Explorer', () => {
  it('in Restricted Mode runs nothing and says so in the run output', async () => {
    state.trusted = false;
    const calls: string[] = [];
    const output: string[] = [];
    const run = {
      enqueued: (item: FakeItem) => calls.push(`enqueued ${item.id}`),
      skipped: (item: FakeItem) => calls.push(`skipped ${item.id}`),
      started: (item: FakeItem) => calls.push(`started ${item.id}`),
      appendOutput: (text: string) => output.push(text),
    };
    const touched: string[] = [];
    const services = new Proxy({}, { get: (_target, key) => touched.push(String(key)) }) as unknown as HttpServices;
    const uri = Uri.file(join(root, 'a.http'));
    const leaves = ['a', 'b'].map((id) => ({ item: { id, uri } as unknown as vscode.TestItem, data: { kind: 'request' as const, uri: uri as unknown as vscode.Uri, key: id } }));
    const never = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as vscode.CancellationToken;
    await runLeaves({ run: run as unknown as vscode.TestRun, token: never, signal: new AbortController().signal, services, chains: new Map(), statuses: [] }, leaves);
    assert.deepEqual(calls, ['enqueued a', 'enqueued b', 'skipped a', 'skipped b']);
    assert.match(output.join(''), /^Restricted Mode: FinCode sends no request from an untrusted workspace.*\r\n$/);
    assert.deepEqual(touched, [], 'no profile, session or document was asked for');
    state.trusted = true;
  });
});

