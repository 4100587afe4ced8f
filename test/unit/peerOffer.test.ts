// The offer to share our variables with REST Client / httpYac (src/vscode/http/peerOffer.ts) on
// the fake `vscode` module: the Quick Fix on a {{name}} only FinCode defines, the notification at
// most once per session, "Don't Ask Again" kept in workspaceState, nothing without a peer or trust.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { parseHttpFile } from '../../src/core/http/parser';
import { variableReferences } from '../../src/core/http/undefinedVariables';
import type { HttpDocumentStore } from '../../src/vscode/http/documentStore';
import type { registerPeerOffer as RegisterPeerOffer } from '../../src/vscode/http/peerOffer';
import type { Log } from '../../src/vscode/log';
import type { ProfilesModel } from '../../src/vscode/profilesModel';
import { executedCommands, extendFakeVscode, fakeMemento, installFakeVscode } from '../support/fakeVscode';

const BASE_URL = 'https://acme.fincode.software/sandbox/api/v6/services';
const root = mkdtempSync(join(tmpdir(), 'fincode-peer-offer-'));

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
  intersection(other: Range): Range | undefined {
    const sameLine = this.start.line === other.start.line;
    return sameLine && this.start.character <= other.end.character && other.start.character <= this.end.character ? this : undefined;
  }
}

class CodeAction {
  command?: vscode.Command;
  diagnostics?: unknown[];
  isPreferred?: boolean;
  constructor(
    readonly title: string,
    readonly kind: string,
  ) {}
}

interface Fake {
  installed: Set<string>;
  settings: Record<string, unknown>;
  trusted: boolean;
  messages: string[];
  answer: string | undefined;
  providers: vscode.CodeActionProvider[];
  activeDocument: vscode.TextDocument | undefined;
}

const fake: Fake = { installed: new Set(), settings: {}, trusted: true, messages: [], answer: undefined, providers: [], activeDocument: undefined };
const disposable = { dispose() {} };

function document(name: string, text: string): vscode.TextDocument {
  const fsPath = join(root, name);
  return { uri: { scheme: 'file', fsPath, toString: () => `file://${fsPath}` }, languageId: 'http', getText: () => text, version: 1 } as unknown as vscode.TextDocument;
}

const store = {
  references: (doc: vscode.TextDocument) => variableReferences(doc.getText()),
  parsed: (doc: vscode.TextDocument) => parseHttpFile(doc.getText()),
} as unknown as HttpDocumentStore;

const model = {
  activeId: 'cashier',
  profile: (id: string) => (id === 'cashier' ? { id, environmentId: 'acme' } : undefined),
  apiToken: () => undefined,
  environment: () => ({ id: 'acme', local: false }),
  coreEnvironment: () => ({ id: 'acme', baseUrl: BASE_URL }),
  sandboxUrl: () => undefined,
} as unknown as ProfilesModel;

const log = { info() {}, warn() {}, error() {} } as unknown as Log;

/** Until `count` notifications were shown (the check reads files), or fails after 2 s. */
async function shown(count: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (fake.messages.length < count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} notification(s), saw ${fake.messages.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Long enough for a check that would notify to have done so. */
const quietFor = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

describe('the offer to share variables with REST Client and httpYac', () => {
  let registerPeerOffer: typeof RegisterPeerOffer;

  before(async () => {
    installFakeVscode();
    extendFakeVscode({
      Range,
      CodeAction,
      CodeActionKind: { QuickFix: 'quickfix' },
      extensions: { getExtension: (id: string) => (fake.installed.has(id) ? { id } : undefined) },
      languages: {
        match: (_selector: unknown, doc: vscode.TextDocument) => (doc.languageId === 'http' ? 10 : 0),
        registerCodeActionsProvider: (_selector: unknown, provider: vscode.CodeActionProvider) => {
          fake.providers.push(provider);
          return disposable;
        },
      },
      workspace: {
        get isTrusted() {
          return fake.trusted;
        },
        workspaceFolders: [{ uri: { scheme: 'file', fsPath: root }, name: 'ws', index: 0 }],
        getWorkspaceFolder: () => ({ uri: { scheme: 'file', fsPath: root }, name: 'ws', index: 0 }),
        getConfiguration: (section?: string) => ({
          get: (key: string) => fake.settings[section ? `${section}.${key}` : key],
          inspect: () => undefined,
        }),
      },
      window: {
        get activeTextEditor() {
          return fake.activeDocument ? { document: fake.activeDocument } : undefined;
        },
        onDidChangeActiveTextEditor: () => disposable,
        showInformationMessage: async (message: string) => {
          fake.messages.push(message);
          return fake.answer;
        },
      },
    });
    ({ registerPeerOffer } = await import('../../src/vscode/http/peerOffer'));
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  beforeEach(() => {
    Object.assign(fake, { installed: new Set(['humao.rest-client']), settings: {}, trusted: true, messages: [], answer: undefined, providers: [], activeDocument: undefined });
    executedCommands.length = 0;
  });

  function register(workspaceState: vscode.Memento = fakeMemento()): { subscriptions: unknown[]; workspaceState: vscode.Memento } {
    const context = { subscriptions: [] as unknown[], workspaceState };
    registerPeerOffer(context as unknown as vscode.ExtensionContext, model, store, log, () => '');
    return context;
  }

  async function actionsAt(provider: vscode.CodeActionProvider, doc: vscode.TextDocument, character: number, diagnostics: unknown[] = []): Promise<CodeAction[]> {
    const found = await provider.provideCodeActions(doc, new Range(0, character, 0, character) as unknown as vscode.Range, { diagnostics } as unknown as vscode.CodeActionContext, {} as vscode.CancellationToken);
    return (found ?? []) as unknown as CodeAction[];
  }

  const payments = (): vscode.TextDocument => document('payments.http', 'GET {{baseUrl}}/payments?v={{version}}\n');

  it('notifies once per session when REST Client cannot resolve {{baseUrl}}, and Share runs the command for it', async () => {
    fake.activeDocument = payments();
    fake.answer = 'Share Variables';
    const context = register();
    await shown(1);
    await quietFor();
    assert.deepEqual(fake.messages, ["REST Client cannot resolve {{baseUrl}}: only FinCode defines it. Share FinCode's non-secret variables through .vscode/settings.json?"]);
    assert.deepEqual(executedCommands.at(-1), ['fincode.shareEnvironmentWithPeers', { peers: ['rest-client'] }]);
    assert.ok(context.subscriptions.length >= 2, 'the provider and the listener are disposed with the extension');
    fake.activeDocument = document('other.http', 'GET {{baseUrl}}/other\n');
    register(context.workspaceState);
    await shown(2);
  });

  it("never asks again after Don't Ask Again, kept in workspaceState", async () => {
    fake.activeDocument = payments();
    fake.answer = "Don't Ask Again";
    const context = register();
    await shown(1);
    await quietFor();
    assert.equal(context.workspaceState.get('fincode.peerOffer.dismissed'), true);
    register(context.workspaceState);
    await quietFor();
    assert.equal(fake.messages.length, 1);
    assert.equal(executedCommands.length, 0);
  });

  it('stays quiet without a peer, in Restricted Mode, or when the peer already sees the variable', async () => {
    fake.activeDocument = payments();
    fake.installed = new Set();
    register();
    fake.installed = new Set(['anweber.vscode-httpyac']);
    fake.trusted = false;
    register();
    fake.trusted = true;
    fake.settings = { 'httpyac.environmentVariables': { dev: { baseUrl: 'http://mine' } } };
    register();
    await quietFor();
    assert.deepEqual(fake.messages, []);
  });

  it("offers a Quick Fix on a {{name}} only FinCode defines, attached to the peer's diagnostic there, and an update for an outdated copy", async () => {
    fake.installed = new Set(['humao.rest-client', 'anweber.vscode-httpyac']);
    fake.settings = { 'fincode.environmentVariables': { $shared: { version: 'v6' } }, 'httpyac.environmentVariables': { $shared: { version: 'v6' } } };
    register();
    const [provider] = fake.providers;
    assert.ok(provider);
    const doc = payments();
    const theirs = { range: new Range(0, 4, 0, 15), message: 'baseUrl is not found' };
    const actions = await actionsAt(provider, doc, 6, [theirs]);
    assert.equal(actions.length, 1);
    const [action] = actions as [CodeAction];
    assert.equal(action.title, "Share FinCode's variables with REST Client and httpYac (only FinCode defines {{baseUrl}})");
    assert.deepEqual(action.command?.arguments, [{ peers: ['rest-client', 'httpyac'] }]);
    assert.deepEqual(action.diagnostics, [theirs]);
    assert.equal(action.isPreferred, true);
    // {{version}}: httpYac sees it, REST Client does not.
    const onVersion = await actionsAt(provider, doc, 30);
    assert.deepEqual(onVersion[0]?.command?.arguments, [{ peers: ['rest-client'] }]);
    // Our earlier copy, still as written, of a base URL that changed since.
    fake.settings = {
      'rest-client.environmentVariables': { $shared: { baseUrl: 'http://127.0.0.1:1111/old' } },
      'fincode.sharedWithPeers': { 'rest-client.environmentVariables': { baseUrl: 'http://127.0.0.1:1111/old' } },
    };
    fake.installed = new Set(['humao.rest-client']);
    const stale = await actionsAt(provider, doc, 6);
    assert.equal(stale[0]?.title, "Update FinCode's {{baseUrl}} for REST Client");
    // Outside a reference: nothing.
    assert.deepEqual(await actionsAt(provider, doc, 0), []);
  });
});
