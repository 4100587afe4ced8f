// .http files in a real VS Code workbench (code-server) with the packaged VSIX: a workspace .http
// file gets CodeLens from the parser; sign in as CASHIER (the tree's inline action), click
// "▶ Send as CASHIER" on an echo request → the response view shows 200 and the injected header
// names; "Send as every role" on a documented demo endpoint → the matrix shows 403 for CASHIER
// (documented ❌) and 200 for MANAGER, and a row opens that role's response; "Copy as cURL" puts a
// command with the $FINCODE_TOKEN placeholder (never the token) on the clipboard.
// Screenshots: test/e2e/screenshots/http-*.png
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ariaOf,
  buildVsix,
  clearNotifications,
  clickEndOfLine,
  ECHO_AND_DEMO_HTTP,
  lens,
  matrixStatus,
  openFile,
  openFinCodeView,
  runCommand,
  signInFromTree,
  startWorkbench,
  statusItem,
  step,
  textAfterLines,
  waitForEditorText,
  waitForNotification,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

/**
 * What is out of sight in the .http editor (page-side, as text: the tests compile without the DOM
 * library): each lens of each row must lie inside the editor and its lens row (which ends where the
 * minimap starts), and the permission hint after the request line must start in sight.
 */
const LENS_ROW_PROBLEMS = `(() => {
  const problems = [];
  const rows = [...document.querySelectorAll('.part.editor .codelens-decoration')];
  if (rows.length !== 2) problems.push(rows.length + ' lens rows, not one above each of the 2 requests');
  let textRight = Infinity;
  for (const row of rows) {
    const editor = row.closest('.monaco-editor').getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    const right = Math.min(editor.right, rowBox.right);
    textRight = Math.min(textRight, right);
    for (const item of row.querySelectorAll(':scope > a, :scope > span')) {
      const box = item.getBoundingClientRect();
      if (box.width === 0 || box.left < editor.left || box.right > right + 0.5) {
        problems.push('"' + item.textContent.trim() + '" at ' + Math.round(box.left) + '-' + Math.round(box.right) + ' px, its row ' + Math.round(editor.left) + '-' + Math.round(right) + ' px');
      }
    }
  }
  const hint = [...document.querySelectorAll('.part.editor .view-lines span')].find((span) => getComputedStyle(span, '::after').content.includes('403 for CASHIER'));
  if (!hint) problems.push('no 403 hint after the request line');
  else if (hint.getBoundingClientRect().width === 0 || hint.getBoundingClientRect().left + 40 > textRight) problems.push('the 403 hint starts out of sight');
  return problems;
})()`;

describe('.http files: CodeLens, response view, role matrix and cURL in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  let accessToken: string | undefined;

  before(async () => {
    const vsix = buildVsix();
    workbench = await startWorkbench({ vsix, files: { 'api.http': ECHO_AND_DEMO_HTTP, 'README.md': '# FinCode e2e workspace\n' } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('signs in as CASHIER from the FinCode view', async () => {
    await step(workbench, 'http-sign-in', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
    });
  });

  it('shows the send lenses above each request and the permission hint after the request line', async () => {
    await step(workbench, 'http-lenses', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      await lens(page, '▶ Send as CASHIER (cashier)').first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await lens(page, '▶ Send as CASHIER (cashier)').count(), 2);
      assert.equal(await lens(page, /^Send as every role$/).count(), 2);
      // The permission hint follows the request line, a few words (the sentence on hover), not in the lens row.
      await waitUntil(async () => (await textAfterLines(page)).includes('⚠ 403 for CASHIER'), 'the 403 hint after the request line');
      assert.deepEqual(await textAfterLines(page), ['⚠ 403 for CASHIER'], 'one hint: the echo endpoint has no matrix row');
      assert.equal(await lens(page, /403/).count(), 0, 'no hint in the lens row');
      // Its sentence on hover.
      const hint = (await page.evaluate(`(() => {
        const span = [...document.querySelectorAll('.part.editor .view-lines span')].find((node) => getComputedStyle(node, '::after').content.includes('403 for CASHIER'));
        const box = span.getBoundingClientRect();
        return { x: box.right - 20, y: box.top + box.height / 2 };
      })()`)) as { x: number; y: number };
      await page.mouse.move(hint.x, hint.y);
      await page.locator('.monaco-hover').filter({ hasText: 'CASHIER will likely get 403 (View All Transactions: ❌)' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await workbench!.screenshot('http-01b-hint-hover');
      await page.keyboard.press('Escape');
      await workbench!.screenshot('http-01-lenses');
    });
  });

  it('sends the echo request as CASHIER: the response view shows 200 and the injected header names', async () => {
    await step(workbench, 'http-send', async () => {
      const { page } = workbench!;
      await lens(page, '▶ Send as CASHIER (cashier)').first().click();
      const frame = webviewFrame(page);
      const status = frame.locator('#status');
      await status.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await status.innerText(), /^200\b/);
      const injected = await frame.locator('#injected').innerText();
      for (const name of ['x-auth-token', 'platform', 'uuid']) assert.ok(injected.includes(name), `${name} in ${injected}`);
      const body = await frame.locator('#body').innerText();
      assert.match(body, /fincode/);
      // Injected credentials by name only; the echoed token in the body is masked: no JWT in the page.
      const all = await frame.locator('body').innerText();
      assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(all), 'no token in the response view');
      assert.match(body, /"x-auth-token": "‹redacted›"/);
      await workbench!.screenshot('http-02-response');
    });
  });

  it('keeps every lens of a row in sight at 1400 px with the response view open beside the editor', async () => {
    await step(workbench, 'http-lens-row-fits', async () => {
      const { page } = workbench!;
      assert.equal(page.viewportSize()?.width, 1400);
      await webviewFrame(page).locator('#status').waitFor({ state: 'visible', timeout: 10_000 });
      // The editor as wide as it gets beside the response view (with the side bar open, even a row
      // without the hint is wider than its half of the window).
      await runCommand(page, 'View: Close Primary Side Bar');
      // Measured in the page, again until the layout has settled after the side bar closed.
      let problems: string[] = [];
      await waitUntil(async () => {
        problems = (await page.evaluate(LENS_ROW_PROBLEMS)) as string[];
        return problems.length === 0;
      }, 'every lens in sight', 10_000).catch((error: unknown) => {
        throw new Error(`Out of sight at 1400 px: ${problems.join('; ')}`, { cause: error });
      });
      await workbench!.screenshot('http-02b-lens-row-beside-response');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    });
  });

  it('sends the demo request as every role: 403 for CASHIER (documented ❌), 200 for MANAGER; a row opens its response', async () => {
    await step(workbench, 'http-matrix', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await lens(page, /^Send as every role$/).nth(1).click();
      const frame = webviewFrame(page);
      const cashier = frame.locator('#matrix tr[data-role="CASHIER"]');
      await cashier.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await matrixStatus(page, 'CASHIER'), '403');
      assert.equal(await matrixStatus(page, 'MANAGER'), '200');
      assert.match(await cashier.innerText(), /CASHIER will likely get 403 \(View All Transactions: ❌\)/);
      // The progress (a status bar item, not a notification) goes away once every role answered.
      await statusItem(page, /GET as 4 profiles/).waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(await page.locator('.notifications-toasts').filter({ hasText: 'GET as 4 profiles' }).count(), 0, 'no progress notification');
      await workbench!.screenshot('http-03-matrix');
      await cashier.click();
      await waitUntil(async () => /^403\b/.test(await frame.locator('#status').innerText().catch(() => '')), 'the CASHIER response opened from the matrix');
      await workbench!.screenshot('http-04-matrix-cell');
    });
  });

  it('copies the echo request as cURL with a placeholder instead of the token', async () => {
    await step(workbench, 'http-curl', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await page.evaluate('navigator.clipboard.writeText("")');
      await lens(page, /^Copy as cURL$/).first().click();
      const command = await waitUntil(async () => {
        const text = String(await page.evaluate('navigator.clipboard.readText()'));
        return text.startsWith('curl ') ? text : undefined;
      }, 'a curl command on the clipboard');
      assert.match(command, /_emulator\/echo/);
      assert.match(command, /"x-auth-token: \$FINCODE_TOKEN"/i);
      assert.match(command, /platform: fincode/);
      assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(command), 'no JWT in the command');
      if (accessToken) assert.ok(!command.includes(accessToken));
      await page.locator('.notifications-toasts').filter({ hasText: '$FINCODE_TOKEN' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await workbench!.screenshot('http-05-curl-copied');
    });
  });

  it('imports a curl command from the clipboard as a new request at the cursor', async () => {
    await step(workbench, 'http-import-curl', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(`curl -X POST '{{baseUrl}}/_emulator/demo/quotes' -H 'platform: fincode' --data-raw '{"amount":10}'`)})`);
      await page.locator('.part.editor .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+End');
      await runCommand(page, 'FinCode: Import cURL…');
      await waitForEditorText(page, ['POST {{baseUrl}}/_emulator/demo/quotes', '{"amount":10}']);
      // The imported request is a request of its own: it gets its lenses.
      await waitUntil(async () => (await lens(page, '▶ Send as CASHIER (cashier)').count()) === 3, 'three send lenses');
      await workbench!.screenshot('http-06-import-curl');
    });
  });
});

describe('.http files in an untrusted workspace (Restricted Mode)', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  /** Where the workspace's own files point {{baseUrl}}: it must never see a credential. */
  let elsewhere: LabServer | undefined;

  before(async () => {
    elsewhere = await startLabServer({ sandbox: false });
    const files = {
      'api.http': ECHO_AND_DEMO_HTTP,
      // A cloned repository's files: they select an environment whose baseUrl is another server.
      '.vscode/settings.json': JSON.stringify({ 'fincode.httpEnvironment': 'elsewhere', 'fincode.headers.platform': 'from-workspace' }, null, 2),
      'http-client.env.json': JSON.stringify({ elsewhere: { baseUrl: `${elsewhere.url}/api/v6/services` } }, null, 2),
    };
    workbench = await startWorkbench({ vsix: buildVsix(), workspaceTrust: true, files });
  });

  after(async () => {
    await workbench?.close();
    await elsewhere?.stop();
  });

  it('offers "Trust this workspace" instead of sending as a profile', async () => {
    await step(workbench, 'http-untrusted', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      await lens(page, 'Trust this workspace to send requests').first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await lens(page, /Send as CASHIER/).count(), 0);
      assert.equal(await lens(page, /^Send as every role$/).count(), 0);
      await workbench!.screenshot('http-07-untrusted');
    });
  });

  it('with a signed-in profile, "FinCode: Send Request" sends nothing: the workspace\'s server hears nothing', async () => {
    await step(workbench, 'http-untrusted-nothing-sent', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
      assert.equal(await lens(page, /Send as CASHIER/).count(), 0, 'still no send lens after the sign-in');

      await openFile(page, 'api.http');
      await clickEndOfLine(page, 'POST {{baseUrl}}/_emulator/echo');
      await runCommand(page, 'FinCode: Send Request');
      await waitForNotification(page, /Restricted Mode: FinCode sends no request from an untrusted workspace/);
      // A moment for a request that should not exist to arrive.
      await sleep(1_000);
      assert.equal(elsewhere!.seen.length, 0, 'opening the workspace, signing in and Send Request sent nothing there');
      await workbench!.screenshot('http-08-untrusted-nothing-sent');
    });
  });
});
