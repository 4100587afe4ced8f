// Completion and hover in .http files: thin adapters over src/core/http/completions.ts.
import * as vscode from 'vscode';
import { endpointMarkdown } from '../../core/fincode/endpoints';
import { completionsAt, hoverAt as hoverTargetAt, type CompletionKind, type CompletionResult } from '../../core/http/completions';
import { parseHttpFile } from '../../core/http/parser';

/**
 * `http` is registered by the .http feature; the pattern also covers files opened before it is.
 * Files on disk and unsaved ones only (VS Code warns about selectors without a scheme).
 */
export const HTTP_SELECTOR: vscode.DocumentSelector = [
  { language: 'http', scheme: 'file' },
  { language: 'http', scheme: 'untitled' },
  { scheme: 'file', pattern: '**/*.{http,rest}' },
];

export const TRIGGER_CHARACTERS = ['/', '@', '{', '$', ' '];

const ITEM_KINDS: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  path: vscode.CompletionItemKind.Reference,
  annotation: vscode.CompletionItemKind.Keyword,
  role: vscode.CompletionItemKind.EnumMember,
  variable: vscode.CompletionItemKind.Variable,
};

function resultAt(document: vscode.TextDocument, position: vscode.Position): CompletionResult | undefined {
  const line = document.lineAt(position.line).text;
  const first = completionsAt(line, position.character);
  if (first?.kind !== 'variable') return first;
  const parsed = parseHttpFile(document.getText());
  return completionsAt(line, position.character, {
    fileVariables: parsed.variables.map((variable) => variable.name),
    requestNames: parsed.requests.flatMap((request) => (request.name ? [request.name] : [])),
  });
}

export const completionProvider: vscode.CompletionItemProvider = {
  provideCompletionItems(document, position) {
    const result = resultAt(document, position);
    if (!result) return undefined;
    const range = new vscode.Range(position.line, result.replaceStart, position.line, position.character);
    return result.items.map((entry) => {
      const item = new vscode.CompletionItem(entry.label, ITEM_KINDS[result.kind]);
      item.insertText = entry.snippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
      item.range = range;
      item.detail = entry.detail;
      if (entry.documentation) item.documentation = new vscode.MarkdownString(entry.documentation);
      if (entry.sortText) item.sortText = entry.sortText;
      // Re-open the list after `@role ` / `@expect ` so that the value can be picked next.
      if (result.kind === 'annotation' && entry.insertText.endsWith(' ')) {
        item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      }
      return item;
    });
  },
};

export const hoverProvider: vscode.HoverProvider = {
  provideHover(document, position) {
    const found = hoverTargetAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const markdown = new vscode.MarkdownString(found.endpoints.map(endpointMarkdown).join('\n\n---\n\n'));
    return new vscode.Hover(markdown, new vscode.Range(position.line, found.start, position.line, found.end));
  },
};

export function registerLanguageFeatures(): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(HTTP_SELECTOR, completionProvider, ...TRIGGER_CHARACTERS),
    vscode.languages.registerHoverProvider(HTTP_SELECTOR, hoverProvider),
  ];
}
