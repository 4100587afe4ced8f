// The quiet UI rules read from the source (VS Code's UX guidelines): no information toast that only
// reports a success (those go to a transient status bar message), and every error toast is the one
// of userErrors.ts, with "Show Log". Plus showUserError itself, over a stand-in of 'vscode'.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../src/core/fincode/errors';
import { COMMANDS } from '../../src/vscode/ids';
import { SHOW_LOG_ACTION, showUserError } from '../../src/vscode/userErrors';
import { ROOT, sourceFiles } from '../support/sourceFiles';

/** The argument list of each call of `name(` in `text`, split at its top-level commas. */
function callArguments(text: string, name: string): string[][] {
  const calls: string[][] = [];
  for (let at = text.indexOf(`${name}(`); at !== -1; at = text.indexOf(`${name}(`, at + 1)) {
    const args: string[] = [];
    let depth = 0;
    let quote: string | undefined;
    let current = '';
    for (let i = at + name.length + 1; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === '\\') current += c + text[++i];
        else {
          if (c === quote) quote = undefined;
          current += c;
        }
        continue;
      }
      if (c === '"' || c === "'" || c === '`') quote = c;
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      }
      if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
        continue;
      }
      current += c;
    }
    if (current.trim() !== '') args.push(current.trim());
    calls.push(args);
  }
  return calls;
}

const sources = sourceFiles(join(ROOT, 'src', 'vscode'))
  .concat(join(ROOT, 'src', 'extension.ts'))
  .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('quiet UI', () => {
  it('an information toast always offers something to do (a success alone goes to the status bar)', () => {
    const bare = sources.flatMap(({ path, text }) => callArguments(text, 'showInformationMessage').filter((args) => args.length < 2).map((args) => `${path}: ${args[0]}`));
    assert.deepEqual(bare, []);
    assert.ok(sources.some(({ text }) => callArguments(text, 'showInformationMessage').length > 0), 'the scan finds the calls');
  });

  it('error toasts are the one of userErrors.ts (with "Show Log"), except the activation failure (no command is registered then)', () => {
    const elsewhere = sources
      .filter(({ path }) => !path.endsWith('userErrors.ts'))
      .flatMap(({ path, text }) => callArguments(text, 'showErrorMessage').map((args) => `${path}: ${args[0]}`))
      .filter((call) => !call.startsWith('src/extension.ts: `FinCode API Explorer failed to start'));
    assert.deepEqual(elsewhere, []);
  });

  it('showUserError shows the user message with "Show Log", which opens the FinCode log', async () => {
    const shown: unknown[][] = [];
    const executed: string[] = [];
    const messages: string[] = [];
    const api = (answer: string | undefined) => ({
      window: { showErrorMessage: async (...args: unknown[]) => (shown.push(args), answer), setStatusBarMessage: (text: string) => void messages.push(text) },
      commands: { executeCommand: async (command: string) => void executed.push(command) },
    });
    await showUserError(api(undefined) as never, new Error('boom'));
    assert.match(String(shown[0]![0]), /Unexpected error/);
    assert.equal(shown[0]![1], SHOW_LOG_ACTION);
    assert.deepEqual(executed, []);
    await showUserError(api(SHOW_LOG_ACTION) as never, new Error('boom'));
    assert.deepEqual(executed, [COMMANDS.showLog]);
    // A cancel the user asked for: no toast, a status bar message.
    await showUserError(api(undefined) as never, new CancelledError());
    assert.equal(shown.length, 2);
    assert.deepEqual(messages, ['$(circle-slash) FinCode: The request was cancelled.']);
  });
});
