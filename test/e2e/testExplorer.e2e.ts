// .http checks in VS Code's Test Explorer, in a real workbench (code-server) with the packaged
// VSIX: the Testing view lists a workspace file's requests with checks and, under a request with
// `# @expect`, a child per role; running the file sends each role with its own profile (signed
// out ones signed in with the sandbox's published passwords, as "Send as every role" does) and
// shows pass/fail; a failed `??` check says what was expected and what came back; a run against a
// server that never answers is cancelled. Screenshots: test/e2e/screenshots/testing-*.png
// (testing-02-run.png is README's docs/screenshots/test-explorer.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { answerModal, ariaLabels, ariaOf, buildVsix, clearNotifications, lens, openFile, openFinCodeView, runCommand, signInFromTree, startWorkbench, step, waitForModal, waitUntil, webviewFrame, type Workbench } from './harness';
import { startLabServer, type LabServer } from './labServer';

const CHECKS_FILE = `# Checks as tests.

### View all transactions
# @name viewAll
# @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=200
GET {{baseUrl}}/_emulator/demo/transactions

?? header content-type includes application/json

### Echo
# @name echoed
GET {{baseUrl}}/_emulator/echo/checks

?? status == 200
?? body $.method == POST
`;

const slowFile = (origin: string): string => `### A server that never answers
# @name neverAnswers
GET ${origin}/lab/slow-headers

?? status == 200
`;

const explorerRows = (page: Page): Locator => page.locator('.part.sidebar .monaco-list-row');
/** A row's aria-label is its label, then its state: "checks.http (Not yet run)". */
const explorerRow = (page: Page, label: string): Locator => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${label} "]`).first();

async function expand(page: Page, label: string): Promise<void> {
  const row = explorerRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
    throw new Error(`no row "${label}" in ${JSON.stringify(await ariaLabels(explorerRows(page)))}`, { cause: error });
  });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

async function runItem(page: Page, label: string): Promise<void> {
  const row = explorerRow(page, label);
  await row.hover();
  await row.locator('.action-label[aria-label^="Run Test"]').first().click();
}

async function stateOf(page: Page, label: string): Promise<string> {
  return ariaOf(explorerRow(page, label));
}

describe('.http checks in the Test Explorer of a real VS Code workbench', { timeout: 400_000 }, () => {
  let workbench: Workbench | undefined;
  let silent: LabServer | undefined;

  before(async () => {
    silent = await startLabServer({ sandbox: false });
    workbench = await startWorkbench({ vsix: buildVsix(), files: { 'checks.http': CHECKS_FILE, 'slow.http': slowFile(silent.url), 'README.md': '# FinCode e2e workspace\n' } });
  });

  after(async () => {
    await workbench?.close();
    await silent?.stop();
  });

  it('lists the requests with checks and a child per role of # @expect', async () => {
    await step(workbench, 'testing-tree', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
      await openFile(page, 'checks.http');
      await runCommand(page, 'Testing: Focus on Test Explorer View');
      await expand(page, 'checks.http');
      await expand(page, 'View all transactions');
      await waitUntil(async () => (await explorerRows(page).count()) >= 8, 'two files, two requests, four roles', 30_000);
      console.log('[testing] rows:', JSON.stringify(await ariaLabels(explorerRows(page))), JSON.stringify(await explorerRows(page).allInnerTexts()));
      for (const label of ['checks.http', 'View all transactions', 'MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER', 'Echo', 'slow.http']) {
        await explorerRow(page, label).waitFor({ state: 'visible', timeout: 5_000 });
      }
      await workbench!.screenshot('testing-01-tree');
    });
  });

  it('runs the file: every role passes, the failing ?? check shows expected and actual', async () => {
    await step(workbench, 'testing-run', async () => {
      const { page } = workbench!;
      await runItem(page, 'checks.http');
      await waitUntil(async () => /fail/i.test(await stateOf(page, 'Echo')), 'Echo failed', 90_000);
      for (const role of ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']) await waitUntil(async () => /pass/i.test(await stateOf(page, role)), `${role} passed`, 60_000);
      console.log('[testing] after run:', JSON.stringify(await ariaLabels(explorerRows(page))));
      // VS Code writes a failed comparison inline at the check's line as "actual != expected".
      const inline = page.locator('.part.editor .monaco-editor span.content').filter({ hasText: 'GET != POST' }).first();
      await inline.waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok(await inline.isVisible());
      assert.match(await stateOf(page, 'checks.http'), /Failed/);
      assert.match(await stateOf(page, 'View all transactions'), /Passed/);
      await page.mouse.move(900, 700);
      await workbench!.screenshot('testing-02-run');
    });
  });

  it('cancels a run whose request never gets an answer', async () => {
    await step(workbench, 'testing-cancel', async () => {
      const { page } = workbench!;
      await expand(page, 'slow.http');
      await runItem(page, 'slow.http');
      await waitUntil(() => silent!.seen.some((seen) => seen.url.includes('/lab/slow-headers')), 'the request reached the silent server', 30_000);
      await runCommand(page, 'Test: Cancel Test Run');
      await waitUntil(async () => !/running|queued/i.test(await stateOf(page, 'A server that never answers')), 'the run ended', 15_000);
      console.log('[testing] after cancel:', JSON.stringify(await ariaLabels(explorerRows(page))));
      assert.doesNotMatch(await stateOf(page, 'A server that never answers'), /pass/i);
      await workbench!.screenshot('testing-03-cancelled');
    });
  });

  it('the response view and the every-role view show the same checks, pass/fail with the actual value', async () => {
    await step(workbench, 'testing-views', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await openFile(page, 'checks.http');
      await lens(page, '▶ Send as CASHIER (cashier)').nth(1).click();
      const frame = webviewFrame(page);
      const checks = frame.locator('#checks');
      await checks.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await checks.locator('h2').innerText(), /1 passed, 1 failed/i);
      const failed = checks.locator('tr[data-status="failed"] td');
      assert.deepEqual((await failed.allInnerTexts()).slice(0, 4), ['✗ FAIL', 'body $.method == POST', 'POST', 'GET']);
      await workbench!.screenshot('testing-04-response-checks');

      await lens(page, /^Send as every role$/).first().click();
      const cashier = frame.locator('#matrix tr[data-role="CASHIER"]');
      await cashier.waitFor({ state: 'visible', timeout: 60_000 });
      assert.ok((await frame.locator('#matrix th').allInnerTexts()).includes('Checks'));
      for (const role of ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']) {
        assert.match(await frame.locator(`#matrix tr[data-role="${role}"]`).innerText(), /2 passed/, `${role}: # @expect and the content-type check passed`);
      }
      await workbench!.screenshot('testing-05-every-role-checks');
    });
  });
});

describe('.http checks in the Test Explorer of an untrusted workspace (Restricted Mode)', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  /** Where the workspace's file points: it must hear nothing. */
  let elsewhere: LabServer | undefined;

  before(async () => {
    elsewhere = await startLabServer({ sandbox: false });
    const file = `### Somewhere the workspace chose\n# @name elsewhere\nGET ${elsewhere.url}/anything\n\n?? status == 200\n`;
    workbench = await startWorkbench({ vsix: buildVsix(), workspaceTrust: true, files: { 'untrusted.http': file } });
  });

  after(async () => {
    await workbench?.close();
    await elsewhere?.stop();
  });

  it('runs nothing: VS Code asks for trust first, and without it the server hears nothing', async () => {
    await step(workbench, 'testing-untrusted', async () => {
      const { page } = workbench!;
      await openFile(page, 'untrusted.http');
      await runCommand(page, 'Testing: Focus on Test Explorer View');
      await expand(page, 'untrusted.http');
      await runItem(page, 'untrusted.http');
      // VS Code's own question before any test runs in Restricted Mode; our run handler refuses
      // on its own too (test/unit/testExplorer.test.ts), for a run that does not go through it.
      await waitForModal(page, /Do you trust the authors of the files in this folder\?/);
      await workbench!.screenshot('testing-06-untrusted-question');
      await answerModal(page, 'Cancel');
      await waitUntil(async () => !/running|queued/i.test(await stateOf(page, 'Somewhere the workspace chose')), 'no run under way', 15_000);
      await page.waitForTimeout(1_000);
      assert.doesNotMatch(await stateOf(page, 'Somewhere the workspace chose'), /Passed|Failed|Errored/);
      assert.equal(elsewhere!.seen.length, 0, 'nothing was sent');
      await workbench!.screenshot('testing-07-untrusted-nothing-sent');
    });
  });
});
