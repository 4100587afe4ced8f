// Completion and hover in .http files: thin adapters over src/core/http/completions.ts.
import * as vscode from 'vscode';
import { endpointMarkdown } from '../../core/fincode/endpoints';
import { completionsAt, hoverAt as hoverTargetAt, type CompletionKind, type CompletionResult } from '../../core/http/completions';
import { requestAtLine } from '../../core/http/parser';
import { declaredPrompts } from '../../core/http/prompts';
import { HTTP_SELECTOR } from '../http/documentSelector';
import type { HttpDocumentStore } from '../http/documentStore';

export const TRIGGER_CHARACTERS = ['/', '@', '{', '$', ' '];

const ITEM_KINDS: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  path: vscode.CompletionItemKind.Reference,
  annotation: vscode.CompletionItemKind.Keyword,
  role: vscode.CompletionItemKind.EnumMember,
  variable: vscode.CompletionItemKind.Variable,
};

function resultAt(documents: HttpDocumentStore, document: vscode.TextDocument, position: vscode.Position): CompletionResult | undefined {
  const line = document.lineAt(position.line).text;
  const first = completionsAt(line, position.character);
  if (first?.kind !== 'variable') return first;
  const parsed = documents.parsed(document);
  const request = requestAtLine(parsed, position.line);
  return completionsAt(line, position.character, {
    promptNames: request ? declaredPrompts(request).map((question) => question.key) : [],
    fileVariables: parsed.variables.map((variable) => variable.name),
    requestNames: parsed.requests.flatMap((request) => (request.name ? [request.name] : [])),
  });
}

export const createCompletionProvider = (documents: HttpDocumentStore): vscode.CompletionItemProvider => ({
  provideCompletionItems(document, position) {
    const result = resultAt(documents, document, position);
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
});

export const hoverProvider: vscode.HoverProvider = {
  provideHover(document, position) {
    const found = hoverTargetAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const markdown = new vscode.MarkdownString(found.endpoints.map(endpointMarkdown).join('\n\n---\n\n'));
    return new vscode.Hover(markdown, new vscode.Range(position.line, found.start, position.line, found.end));
  },
};

export function registerLanguageFeatures(documents: HttpDocumentStore): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(HTTP_SELECTOR, createCompletionProvider(documents), ...TRIGGER_CHARACTERS),
    vscode.languages.registerHoverProvider(HTTP_SELECTOR, hoverProvider),
  ];
}
