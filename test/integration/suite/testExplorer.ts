// The Test Explorer's controller of .http checks in a real extension host, over the samples
// folder: VS Code's own workspace.findFiles lists the .http files (unread), a file read lists its
// requests with checks and a child per `# @expect` role, and an open editor's unsaved text wins
// over the file on disk (through the extension's document store).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IntegrationApi } from '../../../src/vscode/integrationApi';
import { EXTENSION_ID } from './extension';
import type { TestCase } from './runner';

async function controller(): Promise<vscode.TestController> {
  const exports = await vscode.extensions.getExtension<IntegrationApi | undefined>(EXTENSION_ID)?.activate();
  assert.ok(exports, 'activate() returns the integration API in ExtensionMode.Test');
  return exports.tests;
}

const labels = (collection: vscode.TestItemCollection): string[] => {
  const found: string[] = [];
  collection.forEach((item) => found.push(item.label));
  return found;
};

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

export const testExplorerCases: readonly TestCase[] = [
  {
    name: 'the Test Explorer lists the sample .http files, then samples/checks.http\'s requests with a child per # @expect role; an open editor\'s unsaved text wins',
    timeoutMs: 60_000,
    fn: async () => {
      const tests = await controller();
      assert.ok(tests.resolveHandler, 'the controller resolves lazily');
      await tests.resolveHandler(undefined);
      const [checks] = await vscode.workspace.findFiles('checks.http');
      assert.ok(checks, 'samples/checks.http is in the workspace');
      const file = tests.items.get(checks.toString());
      assert.ok(file, `checks.http is listed: ${labels(tests.items).join(', ')}`);
      assert.ok(labels(tests.items).includes('permissions.http'));
      await tests.resolveHandler(file);
      const fresh = tests.items.get(checks.toString()) as vscode.TestItem;
      assert.deepEqual(labels(fresh.children), ['View all transactions, as every role', 'What the sandbox received (the echo endpoint), as the active profile']);
      const matrix = fresh.children.get(`${checks.toString()}|@viewAllTransactionsChecked`) as vscode.TestItem;
      assert.deepEqual(labels(matrix.children), ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']);
      assert.equal(matrix.range?.start.line, 6, 'the request item spans its block, from its ### line');

      const document = await vscode.workspace.openTextDocument(checks);
      const editor = await vscode.window.showTextDocument(document);
      try {
        await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '\n### Added in the editor\n# @expect AGENT=200\nGET {{baseUrl}}/_emulator/echo/added\n'));
        await until(() => (labels((tests.items.get(checks.toString()) as vscode.TestItem).children).includes('Added in the editor') ? true : undefined), 'the unsaved request listed');
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    },
  },
];
