// Sending requests safely in a real VS Code workbench (code-server) with the packaged VSIX: the
// "Get started" walkthrough runs its steps' commands (start the sandbox, open the sample); a
// response whose body is HTML with script is shown as text and nothing in it runs; a server that
// never sends headers ends in the configured headers timeout; a huge body is cut at
// fincode.maxResponseBytes and says so; a redirect to another origin is not followed by default
// and, once fincode.followRedirects is on, followed without the credential; a POST to a
// production environment asks first and Cancel sends nothing. Last, a canary scan (logs at trace).
// Servers: a lab server in front of a sandbox of the test (the environment's origin) and another
// origin, both recording every request (test/e2e/labServer.ts).
// Screenshots: test/e2e/screenshots/requests-*.png
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  activeEditorText,
  addCustomEnvironment,
  addProfile,
  answerStep,
  ariaOf,
  buildVsix,
  canaryScan,
  clearNotifications,
  closeModalEditor,
  closeQuickInput,
  lens,
  notificationTexts,
  openFile,
  openFinCodeView,
  pickQuickPickRow,
  runCommand,
  signInFromTree,
  startWorkbench,
  statusItem,
  step,
  treeRow,
  waitForNotification,
  waitForQuickInputTitle,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

const CASHIER = { email: 'excel.nwachukwu+662@fincode.co.uk', password: 'PQW7ERMP' };
const HEADERS_TIMEOUT_MS = 1500;
const MAX_RESPONSE_BYTES = 256 * 1024;
const SEND_AS = '▶ Send as CASHIER (lab-cashier)';

const labFile = (other: string): string => `# Servers a client has to survive.

### HTML with script
GET {{baseUrl}}/lab/html

### Never sends headers
GET {{baseUrl}}/lab/slow-headers

### A huge body
GET {{baseUrl}}/lab/huge

### Redirect to another origin
POST {{baseUrl}}/lab/redirect?to=${other}/lab/landing
content-type: application/json

{"amount": 1}
`;

const productionFile = (other: string): string => `# A write while the production profile is active.

### Create a transaction
POST ${other}/lab/landing
content-type: application/json

{"amount": 250}
`;

/** Clicks the n-th send lens of the open .http file (lenses come in the order of the requests). */
async function send(page: Page, title: string, index: number): Promise<void> {
  const target = lens(page, title).nth(index);
  await target.waitFor({ state: 'visible', timeout: 30_000 });
  await target.click();
}

/** Waits until the response view shows a response whose status line matches. */
async function waitForResponse(page: Page, status: RegExp): Promise<void> {
  await waitUntil(async () => status.test(await webviewFrame(page).locator('#status').innerText({ timeout: 1_000 }).catch(() => '')), `a response view with status ${status}`, 30_000);
}

describe('request safety: walkthrough, hostile servers, redirects and production writes in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  let lab: LabServer | undefined;
  let other: LabServer | undefined;

  before(async () => {
    [lab, other] = await Promise.all([startLabServer({ hugeBytes: 8 * 1024 * 1024 }), startLabServer({ sandbox: false })]);
    workbench = await startWorkbench({
      vsix: buildVsix(),
      files: { 'lab.http': labFile(other.url), 'production.http': productionFile(other.url) },
      settings: {
        'fincode.followRedirects': false,
        'fincode.confirmProductionWrites': true,
        'fincode.timeouts.headersMs': HEADERS_TIMEOUT_MS,
        'fincode.maxResponseBytes': MAX_RESPONSE_BYTES,
      },
      // Every log at its most verbose for the canary scan at the end.
      codeServerArgs: ['--log', 'trace'],
    });
  });

  after(async () => {
    await workbench?.close();
    await Promise.all([lab?.stop(), other?.stop()]);
  });

  it('the "Get started" walkthrough: its steps start the sandbox and open the sample', async () => {
    await step(workbench, 'requests-walkthrough', async () => {
      const { page } = workbench!;
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await pickQuickPickRow(page, /Get Started with FinCode API Explorer/);
      const stepButton = (id: string) => page.locator(`button.getting-started-step[data-step-id$="${id}"]`).first();
      const action = (id: string, label: string) =>
        page.locator(`[x-step-description-for$="${id}"] .monaco-button`).filter({ hasText: label }).first();
      await stepButton('startSandbox').waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await stepButton('startSandbox').getAttribute('aria-checked'), 'false');
      await action('startSandbox', 'Start Local Sandbox').click();
      await waitForNotification(page, /Local FinCode sandbox running at http:\/\/127\.0\.0\.1:\d+\/api\/v6\/services/);
      await waitUntil(async () => (await stepButton('startSandbox').getAttribute('aria-checked')) === 'true', 'the step is checked off');
      await workbench!.screenshot('requests-01-walkthrough');
      await clearNotifications(page);

      await stepButton('openSample').click();
      await action('openSample', 'Open Sample').click();
      // Every shipped sample is offered; the pick opens an editable untitled copy, not the installed file.
      await pickQuickPickRow(page, /echo\.http/);
      await page.locator('.part.editor .tab.active[aria-label^="echo.http"]').first().waitFor({ state: 'visible', timeout: 15_000 });
      await waitUntil(async () => /What the extension adds to a request/.test(await activeEditorText(page)), 'the copy holds the shipped sample');
      assert.equal(await page.locator('.part.editor .tab.active.dirty').count(), 1, 'an untitled copy (unsaved), not the installed file');
      // The copy is the shipped sample, with its requests' lenses.
      await lens(page, /^Send as every role$/).first().waitFor({ state: 'visible', timeout: 30_000 });
      await workbench!.screenshot('requests-02-sample-opened');
      // The copy is the user's to keep or not: closed here without saving.
      await runCommand(page, 'View: Revert and Close Editor');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('W');
    });
  });

  it('signs in a CASHIER on an environment pointing at the lab server', async () => {
    await step(workbench, 'requests-sign-in', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      await addCustomEnvironment(page, lab!.baseUrl, 'lab');
      await clearNotifications(page);
      await addProfile(page, { environment: 'lab', role: 'CASHIER', email: CASHIER.email, name: 'lab-cashier', password: CASHIER.password });
      await clearNotifications(page);
      const row = await signInFromTree(page, 'lab-cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'lab-cashier signed in and active', 30_000);
      await openFile(page, 'lab.http');
      await lens(page, SEND_AS).first().waitFor({ state: 'visible', timeout: 30_000 });
    });
  });

  it('an HTML body with <script> and <img onerror> is shown as text: nothing in it runs', async () => {
    await step(workbench, 'requests-html-as-text', async () => {
      const { page } = workbench!;
      await send(page, SEND_AS, 0);
      await waitForResponse(page, /^200\b/);
      const frame = webviewFrame(page);
      const body = await frame.locator('#body').innerText();
      assert.match(body, /<script>window\.__labScriptRan = true;/);
      assert.match(body, /<img src="x" onerror=/);
      assert.equal(await frame.locator('#body img, #body script, #lab-heading').count(), 0, 'no element from the body in the page');
      assert.equal(await frame.locator('body').evaluate(() => (globalThis as { __labScriptRan?: boolean }).__labScriptRan === true), false);
      // Had anything run, it would have called the lab server: give it time to, then check.
      await sleep(1_000);
      assert.equal(lab!.seen.filter((request) => request.url.startsWith('/beacon/')).length, 0, 'a beacon from the body reached the server');
      await workbench!.screenshot('requests-03-html-as-text');
    });
  });

  it(`a server that never sends headers ends in the ${HEADERS_TIMEOUT_MS} ms headers timeout (fincode.timeouts.headersMs)`, async () => {
    await step(workbench, 'requests-headers-timeout', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      const started = Date.now();
      await send(page, SEND_AS, 1);
      const text = await waitForNotification(page, /did not send response headers in time/, 15_000);
      const elapsed = Date.now() - started;
      assert.match(text, new RegExp(`\\(${HEADERS_TIMEOUT_MS} ms\\)`));
      assert.match(text, /Increase the timeout in the settings/);
      assert.ok(elapsed >= HEADERS_TIMEOUT_MS && elapsed < 12_000, `ended after ${elapsed} ms`);
      assert.ok(lab!.seen.some((request) => request.url.endsWith('/lab/slow-headers')), 'the request reached the server');
      // The error toast offers the log.
      const toast = page.locator('.notifications-toasts .notification-toast-container').filter({ hasText: /did not send response headers in time/ }).first();
      await toast.locator('.monaco-button').filter({ hasText: /^Show Log$/ }).waitFor({ state: 'visible', timeout: 5_000 });
      await workbench!.screenshot('requests-04-headers-timeout');
      await clearNotifications(page);
    });
  });

  it('the request progress is a status bar item, not a notification; clicking it cancels the request, quietly', async () => {
    await step(workbench, 'requests-cancel', async () => {
      const { page, userDataDir } = workbench!;
      await clearNotifications(page);
      // Long enough for a person (and a loaded machine) to click before the timeout would end it.
      const settingsFile = join(userDataDir, 'User', 'settings.json');
      const settings = readFileSync(settingsFile, 'utf8');
      writeFileSync(settingsFile, JSON.stringify({ ...(JSON.parse(settings) as object), 'fincode.timeouts.headersMs': 60_000 }, null, 2));
      try {
        await sleep(1_000);
        const noticesBefore = (await notificationTexts(page)).length;
        const started = Date.now();
        await send(page, SEND_AS, 1);
        const progress = statusItem(page, /GET as CASHIER \(lab-cashier\)…/);
        await progress.waitFor({ state: 'visible', timeout: 10_000 });
        assert.equal(await page.locator('.notifications-toasts').filter({ hasText: 'as CASHIER' }).count(), 0, 'no progress notification');
        await workbench!.screenshot('requests-04b-progress-in-status-bar');
        await progress.click();
        await progress.waitFor({ state: 'hidden', timeout: 10_000 });
        assert.ok(Date.now() - started < 30_000, 'cancelled, not timed out');
        await statusItem(page, /The request was cancelled/).waitFor({ state: 'visible', timeout: 5_000 });
        assert.deepEqual((await notificationTexts(page)).slice(noticesBefore), [], 'a cancel the user asked for is no error: no notification');
      } finally {
        writeFileSync(settingsFile, settings);
        await sleep(1_000);
      }
    });
  });

  it('a huge body is cut at fincode.maxResponseBytes and the view says so', async () => {
    await step(workbench, 'requests-huge-body', async () => {
      const { page } = workbench!;
      await send(page, SEND_AS, 2);
      await waitForResponse(page, /^200\b/);
      const frame = webviewFrame(page);
      assert.match(await frame.locator('#notes').innerText(), /The body was cut at 256\.0 KB \(fincode\.maxResponseBytes\)/);
      await frame.locator('#body .truncated').waitFor({ state: 'visible', timeout: 5_000 });
      assert.equal((await frame.locator('#body pre').innerText()).length, MAX_RESPONSE_BYTES);
      await workbench!.screenshot('requests-05-huge-body-cut');
    });
  });

  it('a redirect to another origin: not followed by default; followed without the credential once fincode.followRedirects is on', async () => {
    await step(workbench, 'requests-redirect', async () => {
      const { page, userDataDir } = workbench!;
      await send(page, SEND_AS, 3);
      await waitForResponse(page, /^307\b/);
      const toLab = lab!.seen.filter((request) => request.url.includes('/lab/redirect'));
      assert.equal(toLab.length, 1);
      assert.match(String(toLab[0]!.headers['x-auth-token']), /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the environment origin gets the credential');
      assert.equal(other!.seen.length, 0, 'not followed: the other origin heard nothing');

      // Turn fincode.followRedirects on in the Settings editor, like a person.
      await runCommand(page, 'Preferences: Open User Settings');
      const search = page.locator('.settings-editor .settings-header .suggest-input-container').first();
      await search.waitFor({ state: 'visible', timeout: 15_000 });
      await search.click();
      await page.keyboard.type('fincode.followRedirects');
      const checkbox = page.locator('.settings-editor .setting-item-bool').filter({ hasText: /Follow Redirects/ }).locator('.setting-value-checkbox').first();
      await checkbox.waitFor({ state: 'visible', timeout: 15_000 });
      await checkbox.click();
      const settingsFile = join(userDataDir, 'User', 'settings.json');
      await waitUntil(() => /"fincode\.followRedirects":\s*true/.test(readFileSync(settingsFile, 'utf8')), 'fincode.followRedirects: true in the user settings');
      await workbench!.screenshot('requests-06-follow-redirects-setting');
      await closeModalEditor(page);
      await openFile(page, 'lab.http');

      await send(page, SEND_AS, 3);
      await waitForResponse(page, /^200\b/);
      const frame = webviewFrame(page);
      assert.match(await frame.locator('#body').innerText(), /"landed": true/);
      assert.match(await frame.locator('#notes').innerText(), /Followed 307 from /);
      assert.equal(other!.seen.length, 1);
      const landed = other!.seen[0]!;
      assert.equal(landed.method, 'POST');
      assert.equal(landed.body, '{"amount": 1}');
      for (const name of ['x-auth-token', 'authorization', 'cookie', 'platform', 'uuid']) assert.equal(landed.headers[name], undefined, `${name} sent to the other origin`);
      await workbench!.screenshot('requests-07-redirect-followed');
    });
  });

  it('a POST while a production profile is active asks first: Cancel sends nothing, Send sends it', async () => {
    await step(workbench, 'requests-production', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await runCommand(page, 'FinCode: Add Environment…');
      await pickQuickPickRow(page, /Tenant production/);
      await answerStep(page, /Tenant name/, 'acme');
      await answerStep(page, /A label for https:\/\/acme\.fincode\.software\/api\/v6\/services/, 'acme (production)');
      const env = treeRow(page, 'acme (production), ');
      await env.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await ariaOf(env), /production · https:\/\/acme\.fincode\.software\/api\/v6\/services/);
      await clearNotifications(page);
      await addProfile(page, { environment: 'acme (production)', role: 'MANAGER', email: 'ops@acme.example', name: 'prod-mgr' });
      await clearNotifications(page);
      await runCommand(page, 'FinCode: Switch Active Profile…');
      await waitForQuickInputTitle(page, /Switch Active Profile/);
      await pickQuickPickRow(page, /prod-mgr/);
      await closeQuickInput(page);
      await clearNotifications(page);

      await openFile(page, 'production.http');
      const seenBefore = other!.seen.length;
      const noticesBefore = (await notificationTexts(page)).length;
      await send(page, '▶ Send as MANAGER (prod-mgr)', 0);
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await dialog.innerText(), new RegExp(`Send POST ${other!.url.replace(/[./]/g, '\\$&')}/lab/landing to PRODUCTION \\(acme \\(production\\)\\) as MANAGER \\(prod-mgr\\)\\?`));
      assert.match(await dialog.innerText(), /fincode\.confirmProductionWrites/);
      await workbench!.screenshot('requests-08-production-confirm');
      await dialog.locator('.monaco-button').filter({ hasText: /^Cancel$/ }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      // Had it been sent, it would be at the other origin by now.
      await sleep(1_500);
      assert.equal(other!.seen.length, seenBefore, 'Cancel sent nothing');
      assert.equal((await notificationTexts(page)).length, noticesBefore, 'no notification (no network error) after Cancel');

      // The same lens with Send: it goes out (the check above can see a send).
      await send(page, '▶ Send as MANAGER (prod-mgr)', 0);
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await dialog.locator('.monaco-button').filter({ hasText: /^Send$/ }).click();
      await waitUntil(() => other!.seen.length === seenBefore + 1, 'the confirmed POST reached the server');
      assert.equal(other!.seen.at(-1)!.body, '{"amount": 250}');
    });
  });

  it('keeps every issued token out of files, logs, storage, webviews and notifications (canary scan)', async () => {
    await step(workbench, 'requests-canary', async () => {
      const tokens = [...lab!.tokens];
      assert.ok(tokens.length >= 2, `${tokens.length} tokens issued`);
      const scan = await canaryScan(workbench!, Object.fromEntries(tokens.map((token, index) => [`issued token #${index + 1}`, token])));
      assert.ok(scan.frames >= 2, 'the response webview was scanned');
      assert.ok(scan.browserStorage.includes('lab-cashier'), 'globalState holds the profiles');
      assert.ok(scan.files.some((file) => file.endsWith('FinCode.log')), 'the FinCode output channel log was scanned');
      assert.equal(scan.historyFiles.length, 1, 'the request history file was scanned');
      assert.deepEqual(scan.leaks, []);
    });
  });
});
