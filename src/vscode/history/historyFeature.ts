// The request history: builds its store, view, diff documents and commands, and gives the send
// path its recorder. Wired by httpFeature.ts (the commands re-send through the .http services).
import * as vscode from 'vscode';
import { SETTINGS } from '../ids';
import { readHistoryCaps } from '../settings';
import type { HttpServices } from '../http/httpServices';
import type { Log } from '../log';
import { historyCommands, type HistoryCommandId } from './historyCommands';
import { registerHistoryDocuments } from './historyDocuments';
import { createHistoryRecorder, type HistoryRecorder } from './historyRecorder';
import { createHistoryStore, type HistoryStore } from './historyStore';
import { createHistoryView } from './historyView';

type Handler = (...args: unknown[]) => Promise<void>;

export interface History {
  readonly store: HistoryStore;
  readonly recorder: HistoryRecorder;
}

export function createHistory(context: vscode.ExtensionContext, log: Log): History {
  const store = createHistoryStore(context.storageUri, readHistoryCaps, log);
  context.subscriptions.push(store);
  return { store, recorder: createHistoryRecorder(store, log) };
}

/** The view and the commands (they need the services the history's recorder is part of). */
export function createHistoryFeature(context: vscode.ExtensionContext, services: HttpServices, history: History): Record<HistoryCommandId, Handler> {
  const view = createHistoryView(history.store);
  context.subscriptions.push(
    view,
    registerHistoryDocuments(history.store),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS.historyMaxEntries) || event.affectsConfiguration(SETTINGS.historyMaxBytes)) void history.store.recap();
    }),
  );
  return historyCommands({ services, store: history.store, selection: () => view.treeView.selection });
}
