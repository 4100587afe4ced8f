// The one page shell of our webviews: a strict CSP with a fresh nonce (no inline or remote
// script, no connect-src), assets from media/ only, content rendered by the page's script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PageOptions {
  /** Files in media/. */
  readonly script: string;
  readonly style: string;
  readonly title: string;
  /** Shown until the script has rendered. */
  readonly placeholder: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
  <link rel="stylesheet" href="${media(page.style)}">
  <title>${escapeHtml(page.title)}</title>
</head>
<body>
  <main id="app" aria-live="polite"><p class="muted">${escapeHtml(page.placeholder)}</p></main>
  <script nonce="${nonce}" src="${media(page.script)}"></script>
</body>
</html>`;
}
