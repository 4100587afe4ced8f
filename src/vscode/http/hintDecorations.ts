// The permission hint after each request line ("⚠ 403 for CASHIER"), the whole sentence on hover.
// Beside the request rather than in the CodeLens row: there it pushed the row's actions ("Send as
// every role") out of sight whenever the response view was open beside the editor.
import * as vscode from 'vscode';
import { keyedDebounce } from '../keyedDebounce';
import type { ProfilesModel } from '../profilesModel';
import { sendCandidates } from './candidatePicker';
import { isHttpDocument } from './documentSelector';
import type { HttpDocumentStore } from './documentStore';
import { hintLabel, requestHint } from './roleHint';
import { isTrusted } from './workspaceTrust';

/** After a burst of keystrokes, not at each (a large file has thousands of requests). */
const EDIT_DELAY_MS = 150;

export interface HintDecorations extends vscode.Disposable {
  /** Draws the hints of every visible .http editor again (profiles, settings, environment files changed). */
  refresh(): void;
}

export function createHintDecorations(model: ProfilesModel, store: HttpDocumentStore): HintDecorations {
  const type = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 1em' },
  });
  const debounce = keyedDebounce(EDIT_DELAY_MS);

  const decorate = (editor: vscode.TextEditor): void => {
    const { document } = editor;
    if (!isHttpDocument(document)) return;
    const context = { trusted: isTrusted(), candidates: sendCandidates(model), ...(model.activeId ? { activeId: model.activeId } : {}) };
    const decorations: vscode.DecorationOptions[] = [];
    for (const request of store.parsed(document).requests) {
      const hint = requestHint(request, context);
      if (!hint || request.range.requestLine >= document.lineCount) continue;
      const label = hintLabel(hint);
      const end = document.lineAt(request.range.requestLine).range.end;
      decorations.push({ range: new vscode.Range(end, end), hoverMessage: label.hover, renderOptions: { after: { contentText: label.text } } });
    }
    editor.setDecorations(type, decorations);
  };
  const decorateAll = (): void => vscode.window.visibleTextEditors.forEach(decorate);

  const subscriptions = [
    type,
    debounce,
    vscode.window.onDidChangeVisibleTextEditors(decorateAll),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (!isHttpDocument(document)) return;
      debounce.run(document.uri.toString(), () => vscode.window.visibleTextEditors.filter((editor) => editor.document === document).forEach(decorate));
    }),
    model.onDidChange(decorateAll),
    vscode.workspace.onDidGrantWorkspaceTrust(decorateAll),
  ];
  decorateAll();
  return {
    refresh: decorateAll,
    dispose: () => subscriptions.forEach((subscription) => subscription.dispose()),
  };
}
