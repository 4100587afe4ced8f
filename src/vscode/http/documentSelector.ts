// Which documents are .http documents: the one selector every .http registration uses (CodeLens,
// completion, hover) and the one test the listeners use (diagnostics, the document store).
import * as vscode from 'vscode';

export const HTTP_LANGUAGE_ID = 'http';

/**
 * `http` is contributed by this extension; the pattern also covers files opened before it is.
 * Files on disk and unsaved ones only (VS Code warns about selectors without a scheme).
 */
export const HTTP_SELECTOR: vscode.DocumentSelector = [
  { language: HTTP_LANGUAGE_ID, scheme: 'file' },
  { language: HTTP_LANGUAGE_ID, scheme: 'untitled' },
  { scheme: 'file', pattern: '**/*.{http,rest}' },
];

export function isHttpDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(HTTP_SELECTOR, document) > 0;
}
