// The .http document store: each open document parsed once per version, shared by CodeLens,
// diagnostics, completion, hover and the commands (httpYac's DocumentStore, keyed by
// document.version). A closed document is forgotten.
import * as vscode from 'vscode';
import type { ParsedFile } from '../../core/http/model';
import { parseHttpFile } from '../../core/http/parser';

export interface HttpDocumentStore extends vscode.Disposable {
  /** The document's parse at its current version. */
  parsed(document: vscode.TextDocument): ParsedFile;
}

interface Entry {
  readonly version: number;
  readonly file: ParsedFile;
}

export function createDocumentStore(): HttpDocumentStore {
  const entries = new Map<string, Entry>();
  const closed = vscode.workspace.onDidCloseTextDocument((document) => entries.delete(document.uri.toString()));
  return {
    parsed(document) {
      const key = document.uri.toString();
      const known = entries.get(key);
      if (known && known.version === document.version) return known.file;
      const file = parseHttpFile(document.getText());
      entries.set(key, { version: document.version, file });
      return file;
    },
    dispose() {
      closed.dispose();
      entries.clear();
    },
  };
}
