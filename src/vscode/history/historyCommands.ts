// The History view's commands: open a response again, send its request again, compare two
// responses in the diff editor (two selected rows, or "Select for Compare" then "Compare with
// Selected", like the Explorer), remove entries, clear the history. Handlers keep no state but
// the entry chosen for comparison.
import * as vscode from 'vscode';
import { historyResponse, type HistoryEntry } from '../../core/http/history';
import { findRequestAgain } from '../../core/http/historyFind';
import { comparisonTitle } from '../../core/http/historyText';
import { COMMANDS, CONTEXT_KEYS } from '../ids';
import { UserFacingError } from '../userErrors';
import { pickCandidate, sendCandidates } from '../http/candidatePicker';
import type { HttpServices } from '../http/httpServices';
import { sendAs } from '../http/sending';
import type { Target } from '../http/target';
import { historyDocumentUri } from './historyDocuments';
import type { HistoryStore } from './historyStore';

type Handler = (...args: unknown[]) => Promise<void>;

export type HistoryCommandId =
  | typeof COMMANDS.openHistoryResponse
  | typeof COMMANDS.resendFromHistory
  | typeof COMMANDS.compareHistoryResponses
  | typeof COMMANDS.selectHistoryForCompare
  | typeof COMMANDS.compareHistoryWithSelected
  | typeof COMMANDS.removeHistoryEntry
  | typeof COMMANDS.clearHistory;

export interface HistoryCommandDeps {
  readonly services: HttpServices;
  readonly store: HistoryStore;
  /** The rows selected in the view (for a command run from a keybinding or with no row passed). */
  readonly selection: () => readonly HistoryEntry[];
}

/** The request again: in its file when it is still there, else the stored text in a new editor. */
async function targetOf(services: HttpServices, entry: HistoryEntry): Promise<Target> {
  if (entry.source) {
    try {
      const uri = vscode.Uri.parse(entry.source.uri, true);
      const document = await vscode.workspace.openTextDocument(uri);
      const file = services.store.parsed(document);
      const request = findRequestAgain(file, entry);
      if (request) return { uri, document, file, request };
    } catch {
      // The file is gone (deleted, renamed, an untitled editor closed): the stored text is sent.
    }
  }
  const document = await vscode.workspace.openTextDocument({ language: 'http', content: `${entry.requestText}\n` });
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
  const file = services.store.parsed(document);
  const request = file.requests[0];
  if (!request) throw new UserFacingError('The request kept in the history could not be read again: it is shown in a new editor.');
  vscode.window.setStatusBarMessage('FinCode: the request is no longer in its file; sending the copy kept in the history', 5000);
  return { uri: document.uri, document, file, request };
}

async function resend(services: HttpServices, entry: HistoryEntry): Promise<void> {
  const candidate = sendCandidates(services.model).find((known) => known.id === entry.profileId) ?? (await pickCandidate(services.model, `Send Again (${entry.sentAs} is gone) As…`));
  if (candidate) await sendAs(services, await targetOf(services, entry), candidate);
}

/** Older on the left, newer on the right, as a diff of "before" and "after". */
async function compare(first: HistoryEntry, second: HistoryEntry): Promise<void> {
  const [left, right] = first.at <= second.at ? [first, second] : [second, first];
  await vscode.commands.executeCommand('vscode.diff', historyDocumentUri(left), historyDocumentUri(right), comparisonTitle(left, right, Date.now()), { preview: true });
}

export function historyCommands({ services, store, selection }: HistoryCommandDeps): Record<HistoryCommandId, Handler> {
  let selectedForCompare: string | undefined;
  const setSelected = (id: string | undefined) => {
    selectedForCompare = id;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.historyCompareSelected, id !== undefined);
  };
  /** The row the command was run on (a menu passes it), else the view's selection; still in the store. */
  const entryOf = (arg: unknown): HistoryEntry => {
    const id = typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : selection()[0]?.id;
    const entry = id === undefined ? undefined : store.get(id);
    if (!entry) throw new UserFacingError('That history entry is gone: pick one in the FinCode History view.');
    return entry;
  };
  /** The rows a menu passes as its second argument (the multi-selection), else the one row. */
  const entriesOf = (arg: unknown, selected: unknown): HistoryEntry[] => {
    const many = Array.isArray(selected) ? selected.map((item) => store.get((item as { id?: string }).id ?? '')).filter((entry): entry is HistoryEntry => entry !== undefined) : [];
    return many.length > 0 ? many : [entryOf(arg)];
  };

  return {
    [COMMANDS.openHistoryResponse]: async (arg) => {
      const entry = entryOf(arg);
      services.view.showResponse({ response: historyResponse(entry), sentAs: entry.sentAs, resend: () => resend(services, entry) });
    },
    [COMMANDS.resendFromHistory]: async (arg) => resend(services, entryOf(arg)),
    [COMMANDS.compareHistoryResponses]: async (arg, selected) => {
      const entries = Array.isArray(selected) ? entriesOf(arg, selected) : [...selection()];
      const [first, second] = entries;
      if (!first || !second || entries.length !== 2) throw new UserFacingError('Select two responses in the FinCode History view (Ctrl+click the second) to compare them.');
      await compare(first, second);
    },
    [COMMANDS.selectHistoryForCompare]: async (arg) => setSelected(entryOf(arg).id),
    [COMMANDS.compareHistoryWithSelected]: async (arg) => {
      const selected = selectedForCompare === undefined ? undefined : store.get(selectedForCompare);
      if (!selected) {
        setSelected(undefined);
        throw new UserFacingError('Choose "Select for Compare" on a response in the FinCode History view first.');
      }
      await compare(selected, entryOf(arg));
    },
    [COMMANDS.removeHistoryEntry]: async (arg, selected) => {
      // The Delete key passes no row: every selected row goes.
      const ids = (arg === undefined && selection().length > 0 ? [...selection()] : entriesOf(arg, selected)).map((entry) => entry.id);
      if (selectedForCompare !== undefined && ids.includes(selectedForCompare)) setSelected(undefined);
      await store.remove(ids);
    },
    [COMMANDS.clearHistory]: async () => {
      if (store.entries().length === 0) return;
      const answer = await vscode.window.showWarningMessage(
        `Clear the FinCode request history of this workspace (${store.entries().length} responses)?`,
        { modal: true, detail: 'The responses kept for re-opening, re-sending and comparing are deleted. The .http files are not touched.' },
        'Clear History',
      );
      if (answer !== 'Clear History') return;
      setSelected(undefined);
      await store.clear();
    },
  };
}
