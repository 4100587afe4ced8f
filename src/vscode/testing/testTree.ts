// The Test Explorer's items for .http files: one per file, a child per request with checks (its
// range, so the editor shows its state), and under a request with `# @expect` a child per role.
// What each item stands for is kept beside it, not parsed back from its id.
import * as vscode from 'vscode';
import type { ParsedFile } from '../../core/http/model';
import { requestTests } from './testPlan';

export type TestData =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'request'; readonly uri: vscode.Uri; readonly key: string }
  | { readonly kind: 'role'; readonly uri: vscode.Uri; readonly key: string; readonly role: string };

export interface TestTree {
  dataOf(item: vscode.TestItem): TestData | undefined;
  /** A file found on disk, not read yet: the Test Explorer reads it when it is expanded or run. */
  addUnread(uri: vscode.Uri): void;
  /** The file's tests from its parse; a file without any leaves the tree. */
  setFile(uri: vscode.Uri, file: ParsedFile): void;
  remove(uri: vscode.Uri): void;
  has(uri: vscode.Uri): boolean;
}

const lines = (start: number, end: number): vscode.Range => new vscode.Range(start, 0, end, 0);

export function createTestTree(controller: vscode.TestController): TestTree {
  const data = new WeakMap<vscode.TestItem, TestData>();

  const item = (id: string, label: string, uri: vscode.Uri, what: TestData): vscode.TestItem => {
    const created = controller.createTestItem(id, label, uri);
    data.set(created, what);
    return created;
  };

  const fileItem = (uri: vscode.Uri): vscode.TestItem => {
    const id = uri.toString();
    const known = controller.items.get(id);
    if (known) return known;
    const created = item(id, vscode.workspace.asRelativePath(uri), uri, { kind: 'file', uri });
    controller.items.add(created);
    return created;
  };

  return {
    dataOf: (testItem) => data.get(testItem),
    addUnread(uri) {
      if (controller.items.get(uri.toString())) return;
      fileItem(uri).canResolveChildren = true;
    },
    setFile(uri, file) {
      const tests = requestTests(file);
      if (tests.length === 0) return controller.items.delete(uri.toString());
      const parent = fileItem(uri);
      parent.canResolveChildren = false;
      parent.children.replace(
        tests.map((test) => {
          const id = `${uri.toString()}|${test.key}`;
          const request = item(id, test.label, uri, { kind: 'request', uri, key: test.key });
          request.range = lines(test.start, test.end);
          request.children.replace(
            test.roles.map((role) => {
              const child = item(`${id}|${role.role}`, role.role, uri, { kind: 'role', uri, key: test.key, role: role.role });
              child.range = lines(role.line, role.line);
              return child;
            }),
          );
          return request;
        }),
      );
    },
    remove: (uri) => controller.items.delete(uri.toString()),
    has: (uri) => controller.items.get(uri.toString()) !== undefined,
  };
}
