// Highlighting, editing rules and folding for .http files when no other extension gives them:
// VS Code keeps one TextMate grammar per language (the last registered; extensions register in the
// order of their folder names), so we contribute none for `http` and colour the files with
// semantic tokens from our parse instead, only while no other installed extension contributes a
// grammar; likewise our language configuration and request folding only while none contributes
// one. Re-checked whenever extensions are installed or removed. Our annotations over another
// extension's grammar come from the injection grammar in syntaxes/.
import * as vscode from 'vscode';
import { HIGHLIGHT_KINDS, highlightLines, type HighlightKind } from '../../core/http/highlight';
import { HTTP_LANGUAGE_ID, HTTP_SELECTOR } from './documentSelector';
import type { HttpDocumentStore } from './documentStore';
import { otherContributions } from './languageContributions';
import { HTTP_LANGUAGE_CONFIGURATION } from './languageConfiguration';

export const HIGHLIGHT_LEGEND = new vscode.SemanticTokensLegend([...HIGHLIGHT_KINDS], ['declaration']);

const KIND_INDEX = new Map<HighlightKind, number>(HIGHLIGHT_KINDS.map((kind, index) => [kind, index]));

export function createFallbackLanguageSupport(store: HttpDocumentStore, ownId: string): vscode.Disposable {
  let highlighting: vscode.Disposable | undefined;
  let editing: vscode.Disposable | undefined;
  const update = (): void => {
    const others = otherContributions(vscode.extensions.all, ownId, HTTP_LANGUAGE_ID);
    highlighting = toggled(highlighting, !others.grammar, () => registerHighlighting(store));
    editing = toggled(editing, !others.configuration, () => registerEditing(store));
  };
  update();
  const listener = vscode.extensions.onDidChange(update);
  return new vscode.Disposable(() => {
    listener.dispose();
    highlighting?.dispose();
    editing?.dispose();
  });
}

/** `current` when it should stay as it is; else disposed, or made. */
function toggled(current: vscode.Disposable | undefined, wanted: boolean, make: () => vscode.Disposable): vscode.Disposable | undefined {
  if (wanted === (current !== undefined)) return current;
  current?.dispose();
  return wanted ? make() : undefined;
}

function registerHighlighting(store: HttpDocumentStore): vscode.Disposable {
  const tokens = (document: vscode.TextDocument, from: number, to: number): vscode.SemanticTokens => {
    const builder = new vscode.SemanticTokensBuilder(HIGHLIGHT_LEGEND);
    for (const token of highlightLines(store.parsed(document), (line) => document.lineAt(line).text, from, to)) {
      builder.push(token.line, token.column, token.length, KIND_INDEX.get(token.kind) as number, token.declaration ? 1 : 0);
    }
    return builder.build();
  };
  // The range provider colours what is on screen at once; the document provider the rest.
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSemanticTokensProvider(HTTP_SELECTOR, { provideDocumentSemanticTokens: (document) => tokens(document, 0, document.lineCount) }, HIGHLIGHT_LEGEND),
    vscode.languages.registerDocumentRangeSemanticTokensProvider(
      HTTP_SELECTOR,
      { provideDocumentRangeSemanticTokens: (document, range) => tokens(document, range.start.line, range.end.line + 1) },
      HIGHLIGHT_LEGEND,
    ),
  );
}

function registerEditing(store: HttpDocumentStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.setLanguageConfiguration(HTTP_LANGUAGE_ID, HTTP_LANGUAGE_CONFIGURATION),
    vscode.languages.registerFoldingRangeProvider(HTTP_SELECTOR, {
      provideFoldingRanges: (document) =>
        store
          .parsed(document)
          .requests.filter((request) => request.range.end > request.range.start)
          .map((request) => new vscode.FoldingRange(request.range.start, request.range.end, vscode.FoldingRangeKind.Region)),
    }),
  );
}
