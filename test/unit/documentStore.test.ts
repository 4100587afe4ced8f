// The .http document store over a stand-in of VS Code's documents (test/support/fakeHttpEditor.ts):
// one parse per document and version, equal to a full parse of the text; after an edit the
// requests it did not touch are the very objects of the parse before (only the edited request
// was parsed again), saves between edits included; a missed change or a closed document means a
// parse from the text.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { generateHttpFile } from '../../bench/generate.mjs';
import { parseHttpFile } from '../../src/core/http/parser';
import { variableReferences } from '../../src/core/http/undefinedVariables';
import type { HttpDocumentStore } from '../../src/vscode/http/documentStore';
import * as standIn from '../support/fakeHttpEditor';
import { plainFile } from '../support/plainFile';

let createDocumentStore: () => HttpDocumentStore;

before(async () => {
  standIn.loadAsVscode(standIn);
  ({ createDocumentStore } = await import('../../src/vscode/http/documentStore'));
});

const TEXT = generateHttpFile(30);
const asDocument = (document: unknown) => document as vscode.TextDocument;

function opened(name: string) {
  const document = standIn.editor.open(`/work/${name}.http`, TEXT);
  return { document, vscodeDocument: asDocument(document) };
}

function assertFullParse(store: HttpDocumentStore, document: vscode.TextDocument): void {
  assert.deepStrictEqual(plainFile(store.parsed(document)), plainFile(parseHttpFile(document.getText())));
  assert.deepStrictEqual(store.references(document), variableReferences(document.getText()));
}

describe('the .http document store', () => {
  it('parses a document once per version', () => {
    const store = createDocumentStore();
    const { document, vscodeDocument } = opened('once');
    const first = store.parsed(vscodeDocument);
    assert.equal(store.parsed(vscodeDocument), first);
    document.type(3, 0, 'x');
    assert.notEqual(store.parsed(vscodeDocument), first);
    assertFullParse(store, vscodeDocument);
    store.dispose();
  });

  it('re-parses only the request an edit touched, and shifts the lines after a new one', () => {
    const store = createDocumentStore();
    const { document, vscodeDocument } = opened('incremental');
    const before = store.parsed(vscodeDocument);
    store.references(vscodeDocument);
    const edited = before.requests[12]?.headers[0]?.line as number;
    document.save();
    document.type(edited, 8, 'text/plain, ');
    const after = store.parsed(vscodeDocument);
    after.requests.forEach((request, index) => {
      if (index !== 12) assert.equal(request, before.requests[index], `request ${index} kept`);
    });
    assertFullParse(store, vscodeDocument);
    document.edit(edited, 0, edited, 0, 'X-Trace: 1\n');
    document.type(edited + 1, 0, '# ');
    document.edit(0, 0, 0, 0, '@first = 1\n\n');
    assertFullParse(store, vscodeDocument);
    assert.equal(store.parsed(vscodeDocument).requests[29]?.range.requestLine, (before.requests[29]?.range.requestLine as number) + 3);
    store.dispose();
  });

  it('parses the text anew after a change it did not hear of, and forgets a closed document', () => {
    const store = createDocumentStore();
    const { document, vscodeDocument } = opened('missed');
    store.parsed(vscodeDocument);
    document.edit(5, 0, 5, 0, '###\nGET /missed\n', false);
    assertFullParse(store, vscodeDocument);
    document.type(7, 0, 'y');
    document.edit(9, 0, 9, 0, '\n', false);
    document.type(2, 0, 'z');
    assertFullParse(store, vscodeDocument);
    // Missed on the same line count: only the version tells.
    document.type(7, 0, 'y');
    document.edit(9, 0, 9, 0, 'Missed: 1', false);
    document.type(2, 0, 'z');
    assertFullParse(store, vscodeDocument);
    const kept = store.parsed(vscodeDocument);
    standIn.editor.close(document);
    assert.notEqual(store.parsed(vscodeDocument), kept, 'closed: parsed again');
    store.dispose();
  });
});
