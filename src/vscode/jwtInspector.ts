// The JWT inspector: one webview panel beside the editor that explains a token (segments, claims
// with human times, a live countdown, permissions, the documented role matrix, warnings).
//
// Security: a strict CSP (nonce'd script from media/, styles and images from media/ only, no
// connect-src, nothing inline); the page renders the view model with textContent / createElement
// only. The raw token lives in this module's memory while the panel is open and is never put in
// the webview's state: the page keeps at most a non-secret reference (e.g. a profile id), which
// the serializer turns back into a token through the caller's `tokenFor` after a reload.
import { panelIcon, webviewPage } from './webviewHtml';
import * as vscode from 'vscode';
import {
  inspectorTitle,
  isPageMessage,
  jwtViewFromToken,
  parseInspectorState,
  REOPEN_MESSAGE,
  type InspectorToPage,
  type TokenKind,
} from '../core/auth/jwtView';

export const JWT_INSPECTOR_VIEW_TYPE = 'fincode.jwtInspector';
const DEFAULT_TITLE = 'JWT Inspector';

export interface JwtInspectorOptions {
  /** Re-reads a token from a non-secret reference (e.g. a profile's access token from SecretStorage). */
  tokenFor?: (ref: string) => Promise<string | undefined>;
}

export interface ShowOptions {
  title?: string;
  /** A NON-SECRET reference the page may keep across a reload (e.g. a profile id). */
  ref?: string;
  /** What the caller knows the token to be; a `token_use: "api"` claim wins. */
  kind?: TokenKind;
}

export interface JwtInspector {
  show(token: string, options?: ShowOptions): void;
}

/** What the panel currently shows; the token stays here, never in the page's state. */
interface Content {
  token?: string;
  options: ShowOptions;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, { script: 'jwtInspector.js', style: 'jwtInspector.css', title: DEFAULT_TITLE, placeholder: 'Loading…' });
}

export function createJwtInspector(context: vscode.ExtensionContext, options: JwtInspectorOptions = {}): JwtInspector {
  let panel: vscode.WebviewPanel | undefined;
  let content: Content = { options: {} };

  const post = (target: vscode.WebviewPanel, message: InspectorToPage) => {
    void target.webview.postMessage(message);
  };

  /** Builds a fresh view (relative times, countdown base) each time the page asks. */
  const render = (target: vscode.WebviewPanel) => {
    if (content.token === undefined) {
      target.title = DEFAULT_TITLE;
      post(target, { type: 'empty', message: REOPEN_MESSAGE });
      return;
    }
    const built = jwtViewFromToken(content.token, content.options.kind === undefined ? {} : { kind: content.options.kind });
    if (!built.ok) {
      target.title = DEFAULT_TITLE;
      post(target, { type: 'empty', message: built.reason });
      return;
    }
    const title = content.options.title ?? inspectorTitle(built.view);
    target.title = title;
    const message: InspectorToPage = { type: 'show', view: built.view, title };
    if (content.options.ref !== undefined) message.ref = content.options.ref;
    post(target, message);
  };

  /** Takes ownership of a panel (new or restored): page, messages, disposal. */
  const adopt = (target: vscode.WebviewPanel) => {
    panel = target;
    target.webview.options = webviewOptions(context.extensionUri);
    target.iconPath = panelIcon(context.extensionUri);
    const subscriptions: vscode.Disposable[] = [
      // The page posts `ready` on every load: first open, and each time it becomes visible again
      // (retainContextWhenHidden is off, so a hidden page is discarded).
      target.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message) && panel === target) render(target);
      }),
    ];
    target.onDidDispose(() => {
      if (panel === target) {
        panel = undefined;
        content = { options: {} };
      }
      for (const subscription of subscriptions) subscription.dispose();
    });
    target.webview.html = inspectorHtml(target.webview, context.extensionUri);
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(JWT_INSPECTOR_VIEW_TYPE, {
      async deserializeWebviewPanel(restored: vscode.WebviewPanel, state: unknown) {
        // Only one inspector: a second restored panel replaces nothing, it is closed.
        if (panel !== undefined) {
          restored.dispose();
          return;
        }
        const { ref } = parseInspectorState(state);
        content = { options: {} };
        if (ref !== undefined && options.tokenFor) {
          const token = await options.tokenFor(ref).catch(() => undefined);
          if (token !== undefined) content = { token, options: { ref } };
        }
        adopt(restored);
      },
    }),
    { dispose: () => panel?.dispose() },
  );

  return {
    show(token, showOptions = {}) {
      content = { token, options: { ...showOptions } };
      if (panel) {
        // The page is loaded (or will post `ready` when it becomes visible): send the new view.
        panel.reveal(vscode.ViewColumn.Beside, false);
        render(panel);
        return;
      }
      const created = vscode.window.createWebviewPanel(
        JWT_INSPECTOR_VIEW_TYPE,
        showOptions.title ?? DEFAULT_TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        webviewOptions(context.extensionUri),
      );
      adopt(created);
    },
  };
}
