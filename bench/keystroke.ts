// The editor's work for one keystroke in a large .http file: the real CodeLens provider and the
// real diagnostics update (src/vscode/http), in plain Node over test/support/fakeHttpEditor.ts, after a
// one-character edit. Bundled and run by bench/parse.mjs.
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { createDiagnostics } from '../src/vscode/http/diagnostics';
import { createDocumentStore } from '../src/vscode/http/documentStore';
import { createLenses } from '../src/vscode/http/lenses';
import type { Log } from '../src/vscode/log';
import { editor, fakeProfilesModel } from '../test/support/fakeHttpEditor';

const WARM_UP_KEYSTROKES = 100;
const NO_LOG: Log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;

export interface KeystrokeTimes {
  /** Per keystroke: CodeLens then diagnostics, ms. */
  readonly incremental: number[];
  /** Per Enter typed in the middle of the file, which moves every request below it a line down, ms. */
  readonly enter: number[];
  /** The same providers when the store has no change history (a full parse, every lens and reference anew), ms. */
  readonly full: number[];
  /** VS Code's document.getText() on the file (the extension host joins its lines): what every parse before the store began with, ms. */
  readonly getText: number[];
  readonly lenses: number;
}

/** Types `keystrokes` characters, one at a time, at `line`/`character` of `text`, timing the providers after each. */
export async function measureKeystrokes(text: string, line: number, character: number, keystrokes: number, file: string): Promise<KeystrokeTimes> {
  const store = createDocumentStore();
  const model = fakeProfilesModel();
  const lenses = createLenses(model, store);
  const diagnostics = createDiagnostics(store, NO_LOG);
  const document = editor.open(file, text);
  const asDocument = document as unknown as vscode.TextDocument;
  const work = async (): Promise<{ ms: number; lenses: number }> => {
    const started = performance.now();
    const made = (lenses.provider.provideCodeLenses(asDocument, {} as vscode.CancellationToken) ?? []) as vscode.CodeLens[];
    await diagnostics.update(asDocument);
    return { ms: performance.now() - started, lenses: made.length };
  };
  // Opening the file: the first parse, every lens planned and every reference found once.
  const opened = await work();
  // Typing warms the providers' code up first (as the parse medians are taken warm): untimed keystrokes on the line above.
  for (let i = 0; i < WARM_UP_KEYSTROKES; i++) {
    document.type(line - 1, 0, 'w');
    await work();
  }
  const incremental: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    document.type(line, character + i, String.fromCharCode(97 + (i % 26)));
    incremental.push((await work()).ms);
  }
  // Enter at the end of the line: every request below moves down a line.
  const enter: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    document.edit(line, character + keystrokes, line, character + keystrokes, '\n');
    enter.push((await work()).ms);
  }
  for (let i = 0; i < keystrokes; i++) {
    // A new document each time: the store, the lenses and the references start from nothing.
    const fresh = editor.open(`${dirname(file)}/fresh-${i}.http`, document.getText());
    const started = performance.now();
    lenses.provider.provideCodeLenses(fresh as unknown as vscode.TextDocument, {} as vscode.CancellationToken);
    await diagnostics.update(fresh as unknown as vscode.TextDocument);
    full.push(performance.now() - started);
    editor.close(fresh);
  }
  const getText = incremental.map(() => {
    const started = performance.now();
    document.getText();
    return performance.now() - started;
  });
  diagnostics.dispose();
  lenses.dispose();
  store.dispose();
  return { incremental, enter, full, getText, lenses: opened.lenses };
}
