// The structure our webviews give assistive technology, from the page shell (webviewHtml.ts) and
// the page scripts (media/*.js, run on a fake DOM): one short live status line outside the page,
// real buttons for every control and every openable matrix row, aria-pressed on toggles, a caption
// on every table and scoped header cells; and the light and dark tab icons. axe-core itself runs
// in the real workbench (test/e2e/accessibility.e2e.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { jwtViewFromToken, type InspectorToPage } from '../../src/core/auth/jwtView';
import type { HttpResponse } from '../../src/core/http/response';
import { matrixViewModel, responseViewModel, type HostToPage } from '../../src/vscode/http/responseViewModel';
import type * as WebviewHtml from '../../src/vscode/webviewHtml';
import { loadAsVscode } from '../support/fakeHttpEditor';
import { jwt } from '../support/jwt';
import { loadPage, MEDIA, type FakeNode } from '../support/fakePage';

let html: typeof WebviewHtml;

const STAND_IN = {
  Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
};

before(async () => {
  loadAsVscode(STAND_IN);
  html = await import('../../src/vscode/webviewHtml');
});

const RESPONSE: HttpResponse = {
  status: 200,
  reason: 'OK',
  httpVersion: '1.1',
  headers: [{ name: 'content-type', value: 'application/json' }],
  body: Buffer.from('{"ok":true}'),
  text: '{"ok":true}',
  contentType: 'application/json',
  size: { decodedBytes: 11, rawBytes: 11 },
  truncated: false,
  encoding: { codings: [], decoded: true },
  timings: { totalMs: 12 } as HttpResponse['timings'],
  url: 'http://127.0.0.1/x',
  redirects: [],
  method: 'GET',
  requestUrl: 'http://127.0.0.1/x',
  requestHeaders: [{ name: 'accept', value: '*/*' }],
  injectedHeaders: ['x-auth-token'],
  notes: [],
};

const tables = (root: FakeNode) => root.find((node) => node.tagName === 'table');
const captionOf = (table: FakeNode) => table.children.find((child) => child.tagName === 'caption');
const buttons = (root: FakeNode) => root.find((node) => node.tagName === 'button');

/** Every table has a caption with text, every header cell a scope. */
function assertTablesDescribed(root: FakeNode): void {
  assert.ok(tables(root).length > 0, 'the page has tables');
  for (const table of tables(root)) assert.ok(captionOf(table)?.textContent, `a caption on the ${table.className} table`);
  for (const th of root.find((node) => node.tagName === 'th')) assert.ok(['col', 'row'].includes(th.attributes.scope ?? ''), `scope on <th>${th.textContent}`);
}

describe('webview accessibility', () => {
  it('the page shell: the live region is one status line outside #app, the page itself is not live', () => {
    const webview = { cspSource: 'vscode-resource:', asWebviewUri: (uri: { path: string }) => ({ toString: () => `res:${uri.path}` }) };
    const page = html.webviewPage(webview as never, { path: '/ext' } as never, { script: 'responseView.js', style: 'responseView.css', title: 'T', placeholder: 'Wait' });
    assert.match(page, /<p id="live" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"><\/p>\s*<main id="app">/);
    assert.doesNotMatch(page, /<h1/, 'no heading unless the page asks for one');
    const headed = html.webviewPage(webview as never, { path: '/ext' } as never, { script: 'a.js', style: 'a.css', title: 'T', placeholder: 'Wait', heading: 'FinCode <Response>' });
    // In a landmark, as all content is (axe: region).
    assert.match(headed, /<header><h1 class="visually-hidden">FinCode &#60;Response&#62;<\/h1><\/header>/);
    assert.equal(page.match(/aria-live/g)?.length, 1);
    // The shared stylesheet (focus ring, hidden text) comes before the page's own.
    assert.ok(page.indexOf(`res:/ext/media/${html.BASE_STYLE}`) < page.indexOf('res:/ext/media/responseView.css'));
  });

  it('the shared stylesheet draws keyboard focus in the theme\'s focus colour', () => {
    const css = readFileSync(join(MEDIA, html.BASE_STYLE), 'utf8');
    assert.match(css, /:focus-visible\s*\{[^}]*outline:[^;}]*var\(--vscode-focusBorder\)/);
    for (const page of ['responseView.css', 'jwtInspector.css']) assert.doesNotMatch(readFileSync(join(MEDIA, page), 'utf8'), /outline:\s*none/, `${page} never hides the focus`);
  });

  it('every panel gets a light and a dark tab icon, each an SVG that draws in a fixed colour (not black currentColor)', () => {
    const icon = html.panelIcon({ path: '/ext' } as never) as unknown as { light: { path: string }; dark: { path: string } };
    assert.notEqual(icon.light.path, icon.dark.path);
    for (const uri of [icon.light, icon.dark]) {
      const file = join(MEDIA, uri.path.replace('/ext/media/', ''));
      assert.ok(existsSync(file), file);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /currentColor/);
    }
    const sources = ['src/vscode/http/responseView.ts', 'src/vscode/jwtInspector.ts'].map((path) => readFileSync(join(__dirname, '..', '..', path), 'utf8'));
    for (const source of sources) assert.match(source, /iconPath = panelIcon\(/);
  });

  it('the response view: a status line for the screen reader, buttons only, the Raw body toggle with aria-pressed, captioned tables', () => {
    const page = loadPage<HostToPage>('responseView.js');
    page.send({ type: 'response', model: responseViewModel(RESPONSE, { id: 'r1', fromMatrix: true }) });
    assert.equal(page.live.textContent, '200 OK, 12 ms, 11 B');
    assert.deepEqual(
      buttons(page.app).map((button) => [button.textContent, button.type, button.attributes['aria-pressed']]),
      [
        ['← Every role', 'button', undefined],
        ['Raw body', 'button', 'false'],
        ['Copy body', 'button', undefined],
        ['Save…', 'button', undefined],
        ['Re-send', 'button', undefined],
      ],
    );
    assertTablesDescribed(page.app);
    page.send({ type: 'empty', message: 'Send a request' });
    assert.equal(page.live.textContent, 'Send a request');
  });

  it('the every-role view: each row with a response opens through a real button in its Profile cell; no row is made focusable', () => {
    const cells = [
      { profile: 'boss', role: 'MANAGER', status: 200, elapsedMs: 4, size: 10 },
      { profile: 'till', role: 'CASHIER', status: 403, elapsedMs: 4, size: 10 },
      { profile: 'agent', role: 'AGENT', error: 'The request timed out' },
    ];
    const model = matrixViewModel('m1', { method: 'GET', url: '{{baseUrl}}/x' }, cells, { hasResponse: [true, true, false] });
    const page = loadPage<HostToPage>('responseView.js');
    page.send({ type: 'matrix', model });
    assert.equal(page.live.textContent, 'Every role: 3 profiles');
    const rows = page.app.find((node) => node.tagName === 'tr' && node.dataset.role !== undefined);
    const rowButtons = rows.map((row) => row.children[0]!.children.find((child) => child.tagName === 'button'));
    assert.deepEqual(
      rowButtons.map((button) => button?.attributes['aria-label']),
      ["Open MANAGER's response (boss, 200)", "Open CASHIER's response (till, 403)", undefined],
    );
    assert.ok(rowButtons.every((button) => button === undefined || button.type === 'button'));
    assert.ok(rows.every((row) => row.tabIndex === -1), 'rows stay out of the tab order: their buttons are in it');
    assertTablesDescribed(page.app);
  });

  it('the JWT inspector: a status line, captioned tables, and the "Only CASHIER" toggle with aria-pressed', () => {
    const now = Math.floor(Date.now() / 1000);
    const built = jwtViewFromToken(jwt({ sub: 'till', role: 'CASHIER', permissions: ['transactions:read'], iat: now, exp: now + 600 }));
    assert.ok(built.ok);
    const page = loadPage<InspectorToPage>('jwtInspector.js');
    page.send({ type: 'show', view: built.view, title: 'JWT · CASHIER access token' });
    assert.match(page.live.textContent, /^JWT · CASHIER access token, expires in /);
    assert.deepEqual(
      buttons(page.app).map((button) => [button.textContent, button.type, button.attributes['aria-pressed']]),
      [['Only CASHIER', 'button', 'false']],
    );
    assertTablesDescribed(page.app);
    assert.equal(page.app.find((node) => node.attributes['aria-live'] !== undefined).length, 0);
  });
});
