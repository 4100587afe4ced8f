// Our .http highlighting, editing rules and folding give way to another extension's: registered
// only while no other installed extension contributes a grammar (or a language configuration) for
// `http`, found from the manifests (never from extension ids), re-checked when extensions change.
// Runs the real fallbackLanguageSupport.ts and document store over a stand-in of 'vscode'.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { highlightLines, HIGHLIGHT_KINDS } from '../../src/core/http/highlight';
import { parseHttpFile } from '../../src/core/http/parser';
import type { createFallbackLanguageSupport as CreateFallbackLanguageSupport } from '../../src/vscode/http/fallbackLanguageSupport';
import type { createDocumentStore as CreateDocumentStore } from '../../src/vscode/http/documentStore';
import { otherContributions } from '../../src/vscode/http/languageContributions';
import { editor, loadAsVscode } from '../support/fakeHttpEditor';
import { host, vscodeStandIn } from '../support/fakeLanguageHost';

const OURS = 'fincode-tools.fincode-api-explorer';

// The parts of the peers' manifests that matter (REST Client 0.26.0, httpYac 6.16.7).
const REST_CLIENT = {
  contributes: {
    languages: [{ id: 'http', aliases: ['HTTP', 'Http', 'http'], extensions: ['.http', '.rest'], configuration: './language-configuration.json' }],
    grammars: [{ language: 'http', scopeName: 'source.http', path: './syntaxes/http.tmLanguage.json' }],
  },
};
const HTTPYAC = {
  contributes: {
    languages: [{ id: 'http', aliases: ['Http', 'HTTP'], extensions: ['http', 'rest'], configuration: './language-configuration.json' }],
    grammars: [
      { path: './syntaxes/requestbody_injection.json', scopeName: 'http.requestbody.injection', injectTo: ['source.http'] },
      { language: 'http', scopeName: 'source.http', path: './syntaxes/http.tmLanguage.json' },
    ],
  },
};
// Ours: the language without a configuration, and an injection grammar only.
const FINCODE = {
  contributes: {
    languages: [{ id: 'http', aliases: ['HTTP', 'http'], extensions: ['.http', '.rest'] }],
    grammars: [{ scopeName: 'fincode.annotations.injection', path: './syntaxes/fincode-annotations.injection.json', injectTo: ['source.http'] }],
  },
};

describe('what other extensions contribute to a language, from their manifests', () => {
  it('finds REST Client\'s and httpYac\'s grammar and configuration for http, never our own', () => {
    const ours = { id: OURS, packageJSON: REST_CLIENT };
    assert.deepEqual(otherContributions([ours], OURS, 'http'), { grammar: false, configuration: false });
    assert.deepEqual(otherContributions([{ id: 'humao.rest-client', packageJSON: REST_CLIENT }], OURS, 'http'), { grammar: true, configuration: true });
    assert.deepEqual(otherContributions([{ id: 'anweber.vscode-httpyac', packageJSON: HTTPYAC }], OURS, 'http'), { grammar: true, configuration: true });
    assert.deepEqual(otherContributions([{ id: 'anweber.vscode-httpyac', packageJSON: HTTPYAC }], OURS, 'json'), { grammar: false, configuration: false });
  });

  it('counts neither an injection grammar nor a language declared without a configuration, and survives odd manifests', () => {
    const injectionOnly = { contributes: { grammars: [{ scopeName: 'x.injection', path: './x.json', injectTo: ['source.http'] }], languages: [{ id: 'http', extensions: ['.http'] }] } };
    const odd = [null, 42, 'x', { contributes: null }, { contributes: { grammars: 'no', languages: [null, 3] } }];
    const extensions = [{ id: 'someone.injection', packageJSON: injectionOnly }, ...odd.map((packageJSON, index) => ({ id: `odd.${index}`, packageJSON }))];
    assert.deepEqual(otherContributions(extensions, OURS, 'http'), { grammar: false, configuration: false });
  });
});

let createFallbackLanguageSupport: typeof CreateFallbackLanguageSupport;
let createDocumentStore: typeof CreateDocumentStore;

before(async () => {
  loadAsVscode(vscodeStandIn);
  ({ createFallbackLanguageSupport } = await import('../../src/vscode/http/fallbackLanguageSupport'));
  ({ createDocumentStore } = await import('../../src/vscode/http/documentStore'));
});

const TEXT = '### Echo\n# @role CASHIER\nPOST {{baseUrl}}/echo\ncontent-type: application/json\n\n{"a": 1}\n\n### Two\nGET https://example.test/\n';

/** Decodes VS Code's relative encoding back to [line, column, length, type]. */
function decoded(data: Uint32Array): number[][] {
  const tokens: number[][] = [];
  let line = 0;
  let column = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i] as number;
    column = data[i] === 0 ? column + (data[i + 1] as number) : (data[i + 1] as number);
    tokens.push([line, column, data[i + 2] as number, data[i + 3] as number]);
  }
  return tokens;
}

describe('the fallback .http language support in the extension', () => {
  it('registers while nobody else highlights http, gives way to REST Client and httpYac, and comes back when they go', () => {
    host.install(OURS, FINCODE);
    const store = createDocumentStore();
    const support = createFallbackLanguageSupport(store, OURS);
    const counts = () => ['semanticTokens', 'rangeSemanticTokens', 'languageConfiguration', 'folding'].map((kind) => host.registered(kind as 'folding').length);
    assert.deepEqual(counts(), [1, 1, 1, 1], 'alone: ours');

    const document = editor.open('/work/fallback.http', TEXT) as unknown as vscode.TextDocument;
    const provider = host.registered('semanticTokens')[0] as vscode.DocumentSemanticTokensProvider;
    const lines = TEXT.split('\n');
    const expected = highlightLines(parseHttpFile(TEXT), (line) => lines[line] as string, 0, lines.length).map((token) => [token.line, token.column, token.length, HIGHLIGHT_KINDS.indexOf(token.kind)]);
    const tokens = provider.provideDocumentSemanticTokens(document, {} as vscode.CancellationToken) as vscode.SemanticTokens;
    assert.deepEqual(decoded(tokens.data), expected);
    assert.ok(expected.length > 5);
    const range = host.registered('rangeSemanticTokens')[0] as vscode.DocumentRangeSemanticTokensProvider;
    const visible = range.provideDocumentRangeSemanticTokens(document, { start: { line: 1 }, end: { line: 2 } } as vscode.Range, {} as vscode.CancellationToken) as vscode.SemanticTokens;
    assert.deepEqual(decoded(visible.data), expected.filter(([line]) => line === 1 || line === 2));
    const folding = host.registered('folding')[0] as vscode.FoldingRangeProvider;
    const ranges = folding.provideFoldingRanges(document, {}, {} as vscode.CancellationToken) as vscode.FoldingRange[];
    assert.deepEqual(ranges.map((fold) => [fold.start, fold.end]), [[0, 5], [7, 8]]);

    host.install('humao.rest-client', REST_CLIENT);
    assert.deepEqual(counts(), [0, 0, 0, 0], 'REST Client installed: theirs alone');
    host.install('anweber.vscode-httpyac', HTTPYAC);
    assert.deepEqual(counts(), [0, 0, 0, 0], 'both installed');
    host.uninstall('humao.rest-client');
    assert.deepEqual(counts(), [0, 0, 0, 0], 'httpYac alone');
    host.uninstall('anweber.vscode-httpyac');
    assert.deepEqual(counts(), [1, 1, 1, 1], 'both removed: ours again');

    support.dispose();
    assert.deepEqual(counts(), [0, 0, 0, 0], 'disposed with the extension');
    store.dispose();
  });
});
