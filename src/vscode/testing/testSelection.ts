// What a Test Explorer run covers: the files it names read again (the editor's text, or the file
// on disk), then each test it includes that is not excluded, down to the tests that send: a
// role of a request with `# @expect`, or a request without one.
import * as vscode from 'vscode';
import type { TestDiscovery } from './testDiscovery';
import type { TestData, TestTree } from './testTree';

export interface Leaf {
  readonly item: vscode.TestItem;
  readonly data: Exclude<TestData, { kind: 'file' }>;
}

const itemsOf = (collection: vscode.TestItemCollection): vscode.TestItem[] => {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items;
};

/** The item with `id` in the tree as it is now (a re-read replaces a file's items). */
function current(controller: vscode.TestController, uri: vscode.Uri, id: string): vscode.TestItem | undefined {
  const file = controller.items.get(uri.toString());
  if (!file || file.id === id) return file;
  for (const request of itemsOf(file.children)) {
    if (request.id === id) return request;
    const role = request.children.get(id);
    if (role) return role;
  }
  return undefined;
}

export async function selectedLeaves(controller: vscode.TestController, tree: TestTree, discovery: TestDiscovery, request: vscode.TestRunRequest): Promise<Leaf[]> {
  // "Run All" before the Test Explorer was opened: the workspace's files are found first.
  if (!request.include) await discovery.resolve(undefined);
  const roots = request.include ?? itemsOf(controller.items);
  const excluded = new Set((request.exclude ?? []).map((item) => item.id));
  const uris = new Map<string, vscode.Uri>();
  for (const root of roots) if (root.uri) uris.set(root.uri.toString(), root.uri);
  for (const uri of uris.values()) await discovery.read(uri);
  const leaves: Leaf[] = [];
  const walk = (item: vscode.TestItem): void => {
    const data = tree.dataOf(item);
    if (!data || excluded.has(item.id)) return;
    if (item.children.size > 0) return itemsOf(item.children).forEach(walk);
    if (data.kind !== 'file') leaves.push({ item, data });
  };
  for (const root of roots) {
    const item = root.uri ? current(controller, root.uri, root.id) : undefined;
    if (item) walk(item);
  }
  return leaves;
}
