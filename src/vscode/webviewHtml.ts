// The one page shell of our webviews: a strict CSP with a fresh nonce (no inline or remote
// script, no connect-src), assets from media/ only, content rendered by the page's script; and
// the tab icon every panel shows.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PageOptions {
  /** Files in media/. */
  readonly script: string;
  readonly style: string;
  readonly title: string;
  /** Shown until the script has rendered. */
  readonly placeholder: string;
  /** The page's heading for screen readers, when its content has none of its own. */
  readonly heading?: string;
}

/** The shell's stylesheet in media/, linked before the page's own: theme base, focus ring, hidden text. */
export const BASE_STYLE = 'webview.css';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page. The live region is one short status line (#live, filled by the page's script), not
 * the page: a screen reader hears "200 OK, 12 ms" rather than every header and body line.
 */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp};">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${media(BASE_STYLE)}">
  <link rel="stylesheet" href="${media(page.style)}">
  <title>${escapeHtml(page.title)}</title>
</head>
<body>
  ${page.heading === undefined ? '' : `<header><h1 class="visually-hidden">${escapeHtml(page.heading)}</h1></header>`}
  <p id="live" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></p>
  <main id="app"><p class="muted">${escapeHtml(page.placeholder)}</p></main>
  <script nonce="${nonce}" src="${media(page.script)}"></script>
</body>
</html>`;
}

/** The tab icon of a FinCode panel: a dark glyph on light themes, a light one on dark themes. */
export function panelIcon(extensionUri: vscode.Uri): { readonly light: vscode.Uri; readonly dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'fincode-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'fincode-dark.svg'),
  };
}
