// The .http document store: each open document parsed once per version, shared by CodeLens,
// diagnostics, completion and the commands (httpYac's DocumentStore, keyed by document.version).
// The changes VS Code reports between two versions are kept, so the next parse re-reads only the
// requests they touch (core/http/reparse.ts); the `{{variable}}` references follow the same way
// once diagnostics asked for them. A closed document is forgotten.
import * as vscode from 'vscode';
import type { ParsedFile } from '../../core/http/model';
import { documentText, parseDocument, reparse, type ParsedDocument, type TextChange } from '../../core/http/reparse';
import { updatedReferences, variableReferences, type VariableReference } from '../../core/http/undefinedVariables';

export interface HttpDocumentStore extends vscode.Disposable {
  /** The document's parse at its current version. */
  parsed(document: vscode.TextDocument): ParsedFile;
  /** The document's `{{variable}}` references at its current version. */
  references(document: vscode.TextDocument): readonly VariableReference[];
}

interface Entry {
  version: number;
  parsed: ParsedDocument;
  references: VariableReference[] | undefined;
  /** Changes reported since `version`, up to `changedVersion`; undefined when none were. */
  changes: TextChange[] | undefined;
  changedVersion: number;
}

export function createDocumentStore(): HttpDocumentStore {
  const entries = new Map<string, Entry>();

  const current = (document: vscode.TextDocument): Entry => {
    const key = document.uri.toString();
    const known = entries.get(key);
    if (known?.version === document.version) return known;
    // The changes since the last parse, without the whole text: VS Code's getText() joins every line.
    const parsed = known?.changes && known.changedVersion === document.version ? reparse(known.parsed, known.changes) : undefined;
    // A change missed would show as another line count: then the document's own text.
    if (parsed && parsed.file.lineCount === document.lineCount) {
      const references = known?.references && parsed.reparsed ? updatedReferences(known.references, parsed.reparsed) : undefined;
      return store(key, { version: document.version, parsed, references, changes: undefined, changedVersion: document.version });
    }
    return store(key, { version: document.version, parsed: parseDocument(document.getText()), references: undefined, changes: undefined, changedVersion: document.version });
  };

  const store = (key: string, entry: Entry): Entry => {
    entries.set(key, entry);
    return entry;
  };

  const changed = (event: vscode.TextDocumentChangeEvent): void => {
    const entry = entries.get(event.document.uri.toString());
    // Also fired when only the dirty state changed: same version, no change.
    if (!entry || (event.contentChanges.length === 0 && event.document.version === entry.changedVersion)) return;
    // Each change raises the version by one: together they lead from the parsed version to the
    // new one. After a gap (a change not heard of) the next parse reads the text.
    if (entry.changedVersion !== -1 && event.document.version === entry.changedVersion + 1) {
      (entry.changes ??= []).push(...event.contentChanges);
      entry.changedVersion = event.document.version;
    } else {
      entry.changes = undefined;
      entry.changedVersion = -1;
    }
  };

  const subscriptions = [
    vscode.workspace.onDidChangeTextDocument(changed),
    vscode.workspace.onDidCloseTextDocument((document) => entries.delete(document.uri.toString())),
  ];
  return {
    parsed: (document) => current(document).parsed.file,
    references(document) {
      const entry = current(document);
      return (entry.references ??= variableReferences(documentText(entry.parsed)));
    },
    dispose() {
      subscriptions.forEach((subscription) => subscription.dispose());
      entries.clear();
    },
  };
}
