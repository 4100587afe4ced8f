// The response view: one webview panel beside the editor showing a response (status, time, size,
// headers, body) or a role matrix whose rows open each role's response.
//
// Security: a strict CSP (nonce'd script from media/, styles from media/, no connect-src, nothing
// inline); the page renders with createElement / textContent only. Credentials never reach it:
// the response model's request headers are already redacted and injected headers are names only.
// The page keeps nothing in setState; the responses stay in this module's memory (the last few).
import { panelIcon, webviewPage } from '../webviewHtml';
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import type { HttpResponse } from '../../core/http/response';
import type { RoleRunResult } from '../../core/http/matrix';
import type { CheckResult } from '../../core/http/checks';
import { isPageToHost, matrixViewModel, responseViewModel, type HostToPage } from './responseViewModel';

export const RESPONSE_VIEW_TYPE = 'fincode.response';
const TITLE = 'FinCode Response';
const KEPT = 20;

export interface ShownResponse {
  readonly response: HttpResponse;
  readonly sentAs?: string;
  /** The request's checks against this response (`# @expect` for the role, `??` lines). */
  readonly checks?: readonly CheckResult[];
  /** Sends the same request again (same profile) and shows the new response. */
  readonly resend?: () => Promise<void>;
}

export interface ShownMatrix {
  readonly request: { readonly method: string; readonly url: string };
  readonly cells: readonly RoleRunResult[];
  readonly responses: readonly (HttpResponse | undefined)[];
  readonly hints?: readonly (string | undefined)[];
  /** Profiles left signed out on purpose ("Send Without Them"). */
  readonly notSent?: readonly boolean[];
  /** Per profile, the request's checks against its response (or errored with why none came). */
  readonly checks?: readonly (readonly CheckResult[] | undefined)[];
  readonly resend?: () => Promise<void>;
}

type Entry = ({ kind: 'response' } & ShownResponse & { matrixId?: string }) | ({ kind: 'matrix' } & ShownMatrix);

export interface ResponseView extends vscode.Disposable {
  showResponse(shown: ShownResponse): void;
  showMatrix(shown: ShownMatrix): void;
}

function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, { script: 'responseView.js', style: 'responseView.css', title: TITLE, placeholder: 'Waiting for a response…', heading: TITLE });
}

export function createResponseView(context: vscode.ExtensionContext, onError: (error: unknown) => void): ResponseView {
  let panel: vscode.WebviewPanel | undefined;
  let current: string | undefined;
  let counter = 0;
  const entries = new Map<string, Entry>();

  const remember = (entry: Entry): string => {
    counter += 1;
    const id = `r${counter}`;
    entries.set(id, entry);
    // Keep the newest few; a matrix keeps its own responses inside its entry.
    while (entries.size > KEPT) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
    return id;
  };

  const messageFor = (id: string | undefined): HostToPage => {
    const entry = id === undefined ? undefined : entries.get(id);
    if (!entry || id === undefined) return { type: 'empty', message: 'Send a request from a .http file to see its response here.' };
    if (entry.kind === 'response') {
      const options = { id, fromMatrix: entry.matrixId !== undefined, ...(entry.sentAs === undefined ? {} : { sentAs: entry.sentAs }), ...(entry.checks ? { checks: entry.checks } : {}) };
      return { type: 'response', model: responseViewModel(entry.response, options) };
    }
    return {
      type: 'matrix',
      model: matrixViewModel(id, entry.request, entry.cells, {
        ...(entry.hints ? { hints: entry.hints } : {}),
        ...(entry.notSent ? { notSent: entry.notSent } : {}),
        ...(entry.checks ? { checks: entry.checks } : {}),
        hasResponse: entry.responses.map((response) => response !== undefined),
      }),
    };
  };

  const render = () => {
    if (!panel) return;
    const message = messageFor(current);
    panel.title = message.type === 'response' ? `${message.model.status} ${message.model.method} · ${TITLE}` : message.type === 'matrix' ? `Every role · ${TITLE}` : TITLE;
    void panel.webview.postMessage(message);
  };

  const handle = async (message: unknown) => {
    if (!isPageToHost(message)) return;
    if (message.type === 'ready') return render();
    const entry = entries.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'save': {
        if (entry.kind !== 'response') return;
        const target = await vscode.window.showSaveDialog({ saveLabel: 'Save Response Body', filters: saveFilters(entry.response.contentType) });
        if (target) {
          await vscode.workspace.fs.writeFile(target, entry.response.body);
          vscode.window.setStatusBarMessage(`$(pass) Saved the response body to ${target.fsPath}`, STATUS_MESSAGE_MS);
        }
        return;
      }
      case 'copy':
        if (entry.kind === 'response') {
          await vscode.env.clipboard.writeText(entry.response.text);
          vscode.window.setStatusBarMessage('$(pass) FinCode: response body copied', STATUS_MESSAGE_MS);
        }
        return;
      case 'resend':
        await entry.resend?.();
        return;
      case 'openCell': {
        if (entry.kind !== 'matrix') return;
        const response = entry.responses[message.index];
        const cell = entry.cells[message.index];
        if (!response || !cell) return;
        const checks = entry.checks?.[message.index];
        current = remember({ kind: 'response', response, sentAs: cell.role ? `${cell.role} (${cell.profile})` : cell.profile, matrixId: message.id, ...(checks ? { checks } : {}) });
        return render();
      }
      case 'backToMatrix': {
        if (entry.kind === 'response' && entry.matrixId && entries.has(entry.matrixId)) {
          current = entry.matrixId;
          render();
        }
        return;
      }
    }
  };

  const options = (): vscode.WebviewOptions & vscode.WebviewPanelOptions => ({
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    retainContextWhenHidden: false,
    enableFindWidget: true,
  });

  const open = () => {
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
      render();
      return;
    }
    adopt(vscode.window.createWebviewPanel(RESPONSE_VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options()));
  };

  /** Takes ownership of a panel, new or restored after a reload (which shows "waiting": nothing was kept). */
  const adopt = (created: vscode.WebviewPanel) => {
    created.webview.options = options();
    created.iconPath = panelIcon(context.extensionUri);
    const subscription = created.webview.onDidReceiveMessage((message: unknown) => {
      handle(message).catch(onError);
    });
    created.onDidDispose(() => {
      subscription.dispose();
      if (panel === created) panel = undefined;
    });
    panel = created;
    // The page posts `ready` when loaded (and again each time it becomes visible): render then.
    created.webview.html = pageHtml(created.webview, context.extensionUri);
  };

  const serializer = vscode.window.registerWebviewPanelSerializer(RESPONSE_VIEW_TYPE, {
    async deserializeWebviewPanel(restored: vscode.WebviewPanel) {
      if (panel) {
        restored.dispose();
        return;
      }
      current = undefined;
      adopt(restored);
    },
  });

  return {
    showResponse(shown) {
      current = remember({ kind: 'response', ...shown });
      open();
    },
    showMatrix(shown) {
      current = remember({ kind: 'matrix', ...shown });
      open();
    },
    dispose() {
      serializer.dispose();
      panel?.dispose();
      entries.clear();
    },
  };
}

function saveFilters(contentType: string | undefined): Record<string, string[]> {
  if (contentType && /json/i.test(contentType)) return { JSON: ['json'], 'All files': ['*'] };
  if (contentType && /xml/i.test(contentType)) return { XML: ['xml'], 'All files': ['*'] };
  if (contentType && /html/i.test(contentType)) return { HTML: ['html'], 'All files': ['*'] };
  if (contentType && /^text\//i.test(contentType)) return { Text: ['txt'], 'All files': ['*'] };
  return { 'All files': ['*'] };
}
