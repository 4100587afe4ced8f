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
  step,
  waitForEditorText,
  waitForNotification,
  waitForNotificationGone,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

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

  it('shows the send lenses and the permission hint above each request', async () => {
    await step(workbench, 'http-lenses', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      await lens(page, '▶ Send as CASHIER (cashier)').first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await lens(page, '▶ Send as CASHIER (cashier)').count(), 2);
      assert.equal(await lens(page, /^Send as every role$/).count(), 2);
      // The hint is a short lens; its tooltip says the whole sentence.
      const hint = lens(page, /^\s*403 for CASHIER$/).first();
      await hint.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await hint.getAttribute('title')) ?? '', /^CASHIER will likely get 403 \(View All Transactions: ❌\)\./);
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
      // The progress notification (with Cancel) goes away once every role answered.
      await waitForNotificationGone(page, 'GET as 4 profiles');
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
      await runCommand(page, 'FinCode: Import cURL');
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
