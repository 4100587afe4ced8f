// Our editing rules for .http files (comments, brackets, auto-closing), applied only when no other
// installed extension gives the language a configuration (see languageContributions.ts). Folding by
// request comes from the parse (fallbackLanguageSupport.ts), as the API has no folding markers.
import * as vscode from 'vscode';

export const HTTP_LANGUAGE_CONFIGURATION: vscode.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: [vscode.SyntaxTokenType.String] },
  ],
};
