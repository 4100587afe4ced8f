// Endpoints scenario in a real VS Code workbench (code-server) with the packaged VSIX installed:
// the FinCode "Endpoints" view lists the documented login endpoint and the local sandbox's demo
// endpoints; "Open as Request" on login opens an untitled http document with the ready request,
// and on a demo endpoint writes it (with # @expect) into the open .http editor; typing `/` after
// `GET {{baseUrl}}` offers the FinCode paths; hovering a path shows who may call it.
// Screenshots: test/e2e/screenshots/endpoints-*.png
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { buildVsix, clickEndOfLine, openFile, scrollListUntilVisible, startWorkbench, step, treeRow as row, waitForEditorText, type Workbench } from './harness';

const REQUESTS_HTTP = [
  '@customerId = cust_202',
  '',
  '### Login',
  '# @no-auth',
  'PUT {{baseUrl}}/securitymanagement/login',
  '',
  '###',
  'GET {{baseUrl}}',
  '',
].join('\n');

const endpointsPane = (page: Page): Locator =>
  page.locator('.pane').filter({ has: page.locator('.pane-header[aria-label^="Endpoints"]') }).first();

describe('endpoints: the Endpoints view, Open as Request, completion and hover in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;

  before(async () => {
    const t0 = Date.now();
    const vsix = buildVsix();
    const t1 = Date.now();
    workbench = await startWorkbench({ vsix, files: { 'requests.http': REQUESTS_HTTP } });
    console.log(`[e2e] VSIX built in ${((t1 - t0) / 1000).toFixed(1)} s; workbench up in ${((Date.now() - t1) / 1000).toFixed(1)} s at ${workbench.url}`);
  });

  after(async () => {
    await workbench?.close();
  });

  it('lists the documented login endpoint and the demo endpoints', async () => {
    await step(workbench, 'endpoints-view', async () => {
      const { page } = workbench!;
      const icon = page.locator('.part.activitybar .action-item .action-label[aria-label^="FinCode"]').first();
      await icon.waitFor({ state: 'visible', timeout: 30_000 });
      await icon.click();
      const header = page.locator('.pane-header[aria-label^="Endpoints"]').first();
      await header.waitFor({ state: 'visible', timeout: 30_000 });
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      // Give the Endpoints view the room: collapse Profiles.
      const profilesHeader = page.locator('.pane-header[aria-label^="Profiles"]').first();
      if ((await profilesHeader.getAttribute('aria-expanded')) === 'true') await profilesHeader.click();

      await row(page, 'FinCode API (documented)').waitFor({ state: 'visible', timeout: 30_000 });
      const login = row(page, 'PUT securitymanagement/login, ');
      await login.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match((await login.getAttribute('aria-label')) ?? '', /Login, all roles · no token/);
      for (const prefix of ['POST securitymanagement/refresh, ', 'POST securitymanagement/logout, ', 'GET admin/organisation-preference-management/fetch-organisaction-preference, ']) {
        await row(page, prefix).waitFor({ state: 'visible', timeout: 5_000 });
      }
      const list = endpointsPane(page).locator('.monaco-list').first();
      await scrollListUntilVisible(page, list, row(page, 'Local sandbox demo (emulator only)'));
      const demo = row(page, 'GET _emulator/demo/transactions, ');
      await scrollListUntilVisible(page, list, demo);
      assert.match((await demo.getAttribute('aria-label')) ?? '', /MANAGER AGENT CUSTOMER \(own\) · CASHIER ✗/);
      const description = await demo.locator('.label-description').first().innerText();
      assert.match(description, /CASHIER ✗/);
      await demo.hover();
      const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'View All Transactions' }).first();
      await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
      await workbench!.screenshot('endpoints-01-view');
      await page.mouse.move(700, 450);
      // Back to the top for the next step.
      await scrollListUntilVisible(page, list, login);
    });
  });

  it('"Open as Request" on login opens an untitled http document with the ready request', async () => {
    await step(workbench, 'endpoints-open-login', async () => {
      const { page } = workbench!;
      const login = row(page, 'PUT securitymanagement/login, ');
      await login.hover();
      await login.getByRole('button', { name: /^Open as Request/ }).click();
      const text = await waitForEditorText(page, ['### Login', '# @no-auth', 'PUT {{baseUrl}}/securitymanagement/login', '"currentPassword"']);
      assert.match(text, /# @name login/);
      const tab = page.locator('.part.editor .tab.active').first();
      assert.match((await tab.getAttribute('aria-label')) ?? '', /Untitled/);
      const language = page.locator('.part.statusbar .statusbar-item[id="status.editor.mode"]').first();
      console.log(`[e2e] language mode of the new document: ${(await language.innerText().catch(() => '?')).trim()}`);
      await workbench!.screenshot('endpoints-02-open-login');
    });
  });

  it('typing "/" after GET {{baseUrl}} in an .http file offers the FinCode paths', async () => {
    await step(workbench, 'endpoints-completion', async () => {
      const { page } = workbench!;
      await openFile(page, 'requests.http');
      await clickEndOfLine(page, 'GET {{baseUrl}}');
      await page.keyboard.type('/');
      const suggest = page.locator('.editor-widget.suggest-widget');
      await suggest.waitFor({ state: 'visible', timeout: 15_000 });
      const item = suggest.locator('.monaco-list-row').filter({ hasText: 'fetch-organisaction-preference' }).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      await suggest.locator('.monaco-list-row').filter({ hasText: 'securitymanagement/login' }).first().waitFor({ state: 'visible', timeout: 5_000 });
      await workbench!.screenshot('endpoints-03-completion');
      // Accept the first (GET: the organisation preference) and check the line.
      await item.click();
      await waitForEditorText(page, ['GET {{baseUrl}}/admin/organisation-preference-management/fetch-organisaction-preference']);
    });
  });

  it('hovering a FinCode path shows the endpoint and who may call it', async () => {
    await step(workbench, 'endpoints-hover', async () => {
      const { page } = workbench!;
      await page.keyboard.press('Escape');
      const path = page
        .locator('.part.editor .editor-group-container.active .monaco-editor .view-line')
        .filter({ hasText: 'PUT {{baseUrl}}/securitymanagement/login' })
        .first()
        .locator('span span')
        .filter({ hasText: /securitymanagement|login/ })
        .first();
      const fallback = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-line').filter({ hasText: 'PUT {{baseUrl}}/securitymanagement/login' }).first();
      const target = (await path.count()) > 0 ? path : fallback;
      const box = await target.boundingBox();
      assert.ok(box, 'the request line is drawn');
      const hover = page.locator('.monaco-editor .monaco-hover').filter({ hasText: 'Who may call it' }).first();
      for (let attempt = 0; attempt < 3 && !(await hover.isVisible()); attempt++) {
        await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
        await page.mouse.move(box.x + box.width - 12, box.y + box.height / 2);
        await hover.waitFor({ state: 'visible', timeout: 8_000 }).catch(() => undefined);
      }
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      const text = await hover.innerText();
      assert.match(text, /PUT securitymanagement\/login/);
      assert.match(text, /Authenticate users with email and password/);
      for (const role of ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']) assert.match(text, new RegExp(role));
      assert.match(text, /✅/);
      await workbench!.screenshot('endpoints-04-hover');
      await page.mouse.move(700, 800);
    });
  });

  it('"Open as Request" on a demo endpoint writes it, with # @expect, into the open .http editor', async () => {
    await step(workbench, 'endpoints-open-demo', async () => {
      const { page } = workbench!;
      await clickEndOfLine(page, '@customerId = cust_202');
      const list = endpointsPane(page).locator('.monaco-list').first();
      const demo = row(page, 'GET _emulator/demo/transactions, ');
      await scrollListUntilVisible(page, list, demo);
      await demo.hover();
      await demo.getByRole('button', { name: /^Open as Request/ }).click();
      await waitForEditorText(page, ['# @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=200', 'GET {{baseUrl}}/_emulator/demo/transactions']);
      const tab = page.locator('.part.editor .tab.active').first();
      assert.match((await tab.getAttribute('aria-label')) ?? '', /^requests\.http/);
      await workbench!.screenshot('endpoints-05-open-demo-in-file');
    });
  });
});
