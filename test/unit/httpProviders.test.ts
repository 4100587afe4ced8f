// The .http CodeLens provider and diagnostics as VS Code runs them, over a stand-in of its
// documents (test/support/fakeHttpEditor.ts): after each edit, typed, a new line, a new `###`,
// a variable defined, a request named, they show exactly what planning the lenses and checking
// the text anew gives.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { generateHttpFile } from '../../bench/generate.mjs';
import { parseHttpFile } from '../../src/core/http/parser';
import { unresolvedVariables } from '../../src/core/http/undefinedVariables';
import type { createDiagnostics as CreateDiagnostics } from '../../src/vscode/http/diagnostics';
import type { createDocumentStore as CreateDocumentStore } from '../../src/vscode/http/documentStore';
import type { createLenses as CreateLenses } from '../../src/vscode/http/lenses';
import { planLenses } from '../../src/vscode/http/lensPlan';
import type { Log } from '../../src/vscode/log';
import * as standIn from '../support/fakeHttpEditor';

let createDocumentStore: typeof CreateDocumentStore;
let createLenses: typeof CreateLenses;
let createDiagnostics: typeof CreateDiagnostics;

before(async () => {
  standIn.loadAsVscode(standIn);
  ({ createDocumentStore } = await import('../../src/vscode/http/documentStore'));
  ({ createLenses } = await import('../../src/vscode/http/lenses'));
  ({ createDiagnostics } = await import('../../src/vscode/http/diagnostics'));
});

const NO_LOG = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;

describe('CodeLens and diagnostics after edits', () => {
  it('show what a full parse of the text gives, edit after edit', async () => {
    const model = standIn.fakeProfilesModel();
    const store = createDocumentStore();
    const lenses = createLenses(model, store);
    const diagnostics = createDiagnostics(store, NO_LOG);
    const document = standIn.editor.open('/work/providers.http', generateHttpFile(24));
    const asDocument = document as unknown as vscode.TextDocument;
    const context = { trusted: true, candidates: model.snapshot.profiles.map(({ id, name, role, environmentId }) => ({ id, name, role: role as string, environmentId })), activeId: 'manager' };
    const check = async (label: string) => {
      const text = document.getText();
      const file = parseHttpFile(text);
      const shown = (lenses.provider.provideCodeLenses(asDocument, {} as vscode.CancellationToken) ?? []) as vscode.CodeLens[];
      const planned = planLenses(file, context);
      assert.deepStrictEqual(
        shown.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.arguments?.[1]]),
        planned.map((plan) => [plan.line, plan.title, plan.line]),
        `${label}: lenses`,
      );
      await diagnostics.update(asDocument);
      const expected = [...file.diagnostics, ...unresolvedVariables(text, file, [])];
      assert.deepStrictEqual(
        standIn.shownDiagnostics.get(document.uri.toString())?.map((problem) => [problem.range.start.line, problem.range.start.character, problem.message]),
        expected.map((problem) => [problem.line, problem.column, problem.message]),
        `${label}: diagnostics`,
      );
    };
    await check('opened');
    const url = parseHttpFile(document.getText()).requests[5]?.range.requestLine as number;
    document.type(url, 4, '{{host}}');
    await check('an undefined variable typed');
    document.edit(url, 24, url, 24, '\n');
    await check('a new line');
    document.edit(url + 1, 0, url + 1, 0, '###\nGET {{baseUrl}}/_emulator/demo/transactions\n');
    await check('a new request');
    document.edit(0, 0, 0, 0, '@host = https://example.test\n');
    await check('the variable defined');
    document.edit(url + 6, 0, url + 6, 0, '# @role CASHIER\n');
    await check('an annotation');
    document.edit(1, 0, 3, 0, '');
    await check('lines deleted');
    document.save();
    document.type(url + 8, 0, '# @name login\n');
    await check('the chained request named');
    diagnostics.dispose();
    lenses.dispose();
    store.dispose();
  });
});
