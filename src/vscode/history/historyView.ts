// The History view: the store's entries, newest first, one row each (status, method, URL, who,
// when, how long). Several rows can be selected (Compare Responses takes two). A click opens the
// response again. The view renders; the store owns the entries.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/http/history';
import { historyRow } from '../../core/http/historyText';
import { statusClass, type StatusClass } from '../http/responseViewModel';
import { COMMANDS, CONTEXT_KEYS, HISTORY_ITEM_CONTEXT, VIEWS } from '../ids';
import type { HistoryStore } from './historyStore';

const ICONS: Record<StatusClass, [string, string]> = {
  success: ['pass', 'testing.iconPassed'],
  redirect: ['arrow-right', 'charts.blue'],
  clientError: ['warning', 'list.warningForeground'],
  serverError: ['error', 'list.errorForeground'],
  informational: ['info', 'foreground'],
};

export function historyTreeItem(entry: HistoryEntry, now: number): vscode.TreeItem {
  const row = historyRow(entry, now);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = entry.id;
  item.description = row.description;
  const tooltip = new vscode.MarkdownString();
  for (const line of row.tooltip) tooltip.appendText(line).appendMarkdown('  \n');
  item.tooltip = tooltip;
  const [icon, color] = ICONS[statusClass(entry.status)];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  item.contextValue = HISTORY_ITEM_CONTEXT;
  item.accessibilityInformation = { label: `${row.label}, ${row.description}`, role: 'treeitem' };
  item.command = { command: COMMANDS.openHistoryResponse, title: 'Open Response', arguments: [entry] };
  return item;
}

export interface HistoryView extends vscode.Disposable {
  readonly treeView: vscode.TreeView<HistoryEntry>;
}

export function createHistoryView(store: HistoryStore): HistoryView {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.TreeDataProvider<HistoryEntry> = {
    onDidChangeTreeData: changed.event,
    getChildren: (element) => (element ? [] : [...store.entries()]),
    getTreeItem: (entry) => historyTreeItem(entry, Date.now()),
  };
  const treeView = vscode.window.createTreeView(VIEWS.history, { treeDataProvider: provider, canSelectMany: true, showCollapseAll: false });
  const showCount = () => {
    const count = store.entries().length;
    treeView.description = count === 0 ? undefined : `${count}`;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.historyHasEntries, count > 0);
  };
  showCount();
  const subscription = store.onDidChange(() => {
    changed.fire();
    showCount();
  });
  return {
    treeView,
    dispose() {
      subscription.dispose();
      treeView.dispose();
      changed.dispose();
    },
  };
}
