// Finding the workspace's .http files for the Test Explorer, lazily: nothing is searched until
// the Test Explorer asks (its resolve of the root), a file is read only when it is expanded or
// run, and from then on a file watcher keeps the list current. An open document's text (through
// the document store) wins over the file on disk.
import * as vscode from 'vscode';
import type { ParsedFile } from '../../core/http/model';
import { parseHttpFile } from '../../core/http/parser';
import { isHttpDocument } from '../http/documentSelector';
import type { HttpDocumentStore } from '../http/documentStore';
import { keyedDebounce } from '../keyedDebounce';
import type { TestTree } from './testTree';

export const HTTP_FILES_GLOB = '**/*.{http,rest}';
/** Typing in a document re-lists its tests once the typing pauses. */
const EDIT_DELAY_MS = 300;

export interface TestDiscovery extends vscode.Disposable {
  /** The Test Explorer's resolveHandler: undefined lists the files, a file item reads that file. */
  resolve(item: vscode.TestItem | undefined): Promise<void>;
  /** The file's parse as the editor has it, or as it is on disk; its tests updated. */
  read(uri: vscode.Uri): Promise<ParsedFile | undefined>;
  /** Searches the workspace again (the Test Explorer's refresh). */
  refresh(): Promise<void>;
}

const openDocument = (uri: vscode.Uri): vscode.TextDocument | undefined => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());

export function createTestDiscovery(tree: TestTree, store: HttpDocumentStore): TestDiscovery {
  let watcher: vscode.FileSystemWatcher | undefined;
  const subscriptions: vscode.Disposable[] = [];
  const pending = keyedDebounce(EDIT_DELAY_MS);

  const read = async (uri: vscode.Uri): Promise<ParsedFile | undefined> => {
    const document = openDocument(uri);
    let file: ParsedFile;
    if (document) file = store.parsed(document);
    else {
      try {
        file = parseHttpFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        tree.remove(uri);
        return undefined;
      }
    }
    tree.setFile(uri, file);
    return file;
  };

  const search = async (): Promise<void> => {
    for (const uri of await vscode.workspace.findFiles(HTTP_FILES_GLOB)) tree.addUnread(uri);
  };

  const watch = (): void => {
    watcher = vscode.workspace.createFileSystemWatcher(HTTP_FILES_GLOB);
    subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => tree.addUnread(uri)),
      // A file already read is read again; an unread one waits to be asked for.
      watcher.onDidChange((uri) => void (tree.has(uri) && !openDocument(uri) ? read(uri) : undefined)),
      watcher.onDidDelete((uri) => tree.remove(uri)),
    );
  };

  const edited = (document: vscode.TextDocument): void => {
    if (!isHttpDocument(document) || document.uri.scheme !== 'file') return;
    pending.run(document.uri.toString(), () => {
      if (!document.isClosed) tree.setFile(document.uri, store.parsed(document));
    });
  };

  // Open documents are parsed by the store anyway (CodeLens): their tests show in the editor at once.
  subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(edited),
    vscode.workspace.onDidChangeTextDocument((event) => edited(event.document)),
    // Closing without saving leaves the file on disk as it was.
    vscode.workspace.onDidCloseTextDocument((document) => void (isHttpDocument(document) && watcher && tree.has(document.uri) ? read(document.uri) : undefined)),
  );
  vscode.workspace.textDocuments.forEach(edited);

  return {
    async resolve(item) {
      if (item) {
        await read(item.uri ?? vscode.Uri.parse(item.id));
        return;
      }
      if (watcher) return;
      watch();
      await search();
    },
    read,
    refresh: search,
    dispose() {
      pending.dispose();
      subscriptions.forEach((subscription) => subscription.dispose());
    },
  };
}
