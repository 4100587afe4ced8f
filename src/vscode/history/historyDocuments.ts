// Read-only documents of history entries for the diff editor (`fincode-history:` URIs): the text
// comes from the store each time VS Code asks, so nothing is written anywhere to compare.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/http/history';
import { comparisonText, shortUrl } from '../../core/http/historyText';
import type { HistoryStore } from './historyStore';

export const HISTORY_SCHEME = 'fincode-history';

/** `fincode-history:/ID/200 GET x.txt`: the name is what the diff editor's tab shows. */
export function historyDocumentUri(entry: HistoryEntry): vscode.Uri {
  const name = `${entry.status} ${entry.method} ${shortUrl(entry.url).split('?')[0]?.split('/').pop() || '/'}`.replace(/[\\/]/g, '_');
  return vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${entry.id}/${name}.txt` });
}

export function registerHistoryDocuments(store: HistoryStore): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, {
    provideTextDocumentContent(uri) {
      const entry = store.get(uri.path.split('/')[1] ?? '');
      return entry ? comparisonText(entry) : 'This history entry was removed.';
    },
  });
}
