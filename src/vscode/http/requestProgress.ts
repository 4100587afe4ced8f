// Request progress in the status bar, cancellable there: a spinning item while requests run;
// clicking it (Cancel Running Requests) aborts them. As REST Client does (its "Waiting" item runs
// rest-client.cancel-request) and Salesforce's CancellableStatusBar: window.withProgress in the
// Window location cannot be cancelled, and a notification per request is noise.
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, REQUEST_PROGRESS_STATUS_BAR_ID } from '../ids';

export interface RequestProgress extends vscode.Disposable {
  /** Runs `work` with the item shown; the signal aborts when the user cancels. */
  run<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Aborts every running request (the item's command). */
  cancelAll(): void;
}

export function createRequestProgress(): RequestProgress {
  const item = vscode.window.createStatusBarItem(REQUEST_PROGRESS_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 48);
  item.name = 'FinCode Request';
  item.command = COMMANDS.cancelRequests;
  const running = new Map<AbortController, string>();
  const render = (): void => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.requestRunning, running.size > 0);
    const titles = [...running.values()];
    const newest = titles.at(-1);
    if (newest === undefined) {
      item.hide();
      return;
    }
    item.text = `$(sync~spin) ${newest}${titles.length > 1 ? ` (+${titles.length - 1})` : ''}`;
    item.tooltip = `${titles.join('\n')}\nClick to cancel.`;
    item.accessibilityInformation = { label: `${titles.join(', ')}. Activate to cancel.`, role: 'button' };
    item.show();
  };
  return {
    async run(title, work) {
      const controller = new AbortController();
      running.set(controller, title);
      render();
      try {
        return await work(controller.signal);
      } finally {
        running.delete(controller);
        render();
      }
    },
    cancelAll() {
      for (const controller of running.keys()) controller.abort();
    },
    dispose() {
      this.cancelAll();
      item.dispose();
    },
  };
}
