// Profiles scenario in a real VS Code workbench (code-server) with the packaged VSIX installed:
// the FinCode view shows the local sandbox and its four documented profiles; sign in as CASHIER
// from the tree's inline action; the status bar shows the role and the time left; copy the token
// (modal confirm); switch the active profile; sign out. Then a canary scan: neither the cashier's
// password nor the access token is anywhere in the user-data-dir or the browser's storage
// (globalState lives in IndexedDB), except the sealed SecretStorage entry.
// Screenshots: test/e2e/screenshots/profiles-*.png
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  answerStep,
  buildVsix,
  canaryScan,
  clearNotifications,
  closeQuickInput,
  pickQuickPickRow,
  runCommand,
  startWorkbench,
  statusItem,
  step,
  treeRow,
  waitUntil,
  type Workbench,
} from './harness';
import { decodeJwtPart, jwt } from '../support/jwt';

const CASHIER_PASSWORD = 'PQW7ERMP';
const CASHIER_EMAIL = 'excel.nwachukwu+662@fincode.co.uk';


const profilesView = (page: Page): Locator => page.locator('.pane-body').filter({ has: page.locator('.monaco-list-row[aria-label^="Local sandbox"]') }).first();

/** A JWT as FinCode's dashboard would make one (unsigned: decoding never checks signatures). */
function apiTokenJwt(expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt({ sub: 'api-token-e2e', token_use: 'api', iat: now, exp: now + expiresInSeconds });
}

describe('profiles: the FinCode view, sign-in, status bar and switching in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  let accessToken: string | undefined;
  const apiToken = apiTokenJwt(30 * 86400);

  before(async () => {
    const t0 = Date.now();
    const vsix = buildVsix();
    const t1 = Date.now();
    workbench = await startWorkbench({ vsix, files: { 'README.md': '# FinCode e2e workspace\n' }, codeServerArgs: ['--log', 'trace'] });
    console.log(`[e2e] VSIX built in ${((t1 - t0) / 1000).toFixed(1)} s; workbench up in ${((Date.now() - t1) / 1000).toFixed(1)} s at ${workbench.url}`);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the local sandbox environment and its four documented profiles', async () => {
    await step(workbench, 'profiles-view', async () => {
      const { page } = workbench!;
      const started = Date.now();
      const icon = page.locator('.part.activitybar .action-item .action-label[aria-label^="FinCode"]').first();
      await icon.waitFor({ state: 'visible', timeout: 30_000 });
      await icon.click();
      await treeRow(page, 'Local sandbox').waitFor({ state: 'visible', timeout: 30_000 });
      console.log(`[e2e] the Profiles view filled ${Date.now() - started} ms after the activity bar click (activation included)`);
      for (const [name, role] of [['manager', 'MANAGER'], ['agent', 'AGENT'], ['cashier', 'CASHIER'], ['customer', 'CUSTOMER']]) {
        const row = treeRow(page, `${name}, ${role}, `);
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        assert.match((await row.getAttribute('aria-label')) ?? '', /signed out/);
      }
      assert.match((await treeRow(page, 'Local sandbox').getAttribute('aria-label')) ?? '', /not running/);
      // Before any sign-in the status bar has no active profile.
      await statusItem(page, /FinCode: no active profile/).waitFor({ state: 'visible', timeout: 15_000 });
      await workbench!.screenshot('profiles-01-view');
    });
  });

  it('signs in as CASHIER with the inline action; the status bar shows CASHIER and the time left', async () => {
    await step(workbench, 'profiles-sign-in', async () => {
      const { page } = workbench!;
      const row = treeRow(page, 'cashier, CASHIER, ');
      await row.hover();
      await row.getByRole('button', { name: /^Sign In/ }).click();
      const status = statusItem(page, /CASHIER · cashier · \d+m/);
      await status.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await status.innerText(), /CASHIER · cashier · (59|60)m/);
      await waitUntil(async () => /signed in · expires in 59 min, active/.test((await row.getAttribute('aria-label')) ?? ''), 'the cashier row says signed in and active');
      await waitUntil(async () => /running at 127\.0\.0\.1:\d+/.test((await treeRow(page, 'Local sandbox').getAttribute('aria-label')) ?? ''), 'the sandbox started for the sign-in');
      await page.mouse.move(700, 450);
      await workbench!.screenshot('profiles-02-signed-in');
    });
  });

  it('copies the access token after a modal confirmation', async () => {
    await step(workbench, 'profiles-copy-token', async () => {
      const { page } = workbench!;
      await runCommand(page, 'FinCode: Copy Access Token');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await dialog.innerText(), /Copy the access token of cashier \(CASHIER\) to the clipboard\?/);
      await workbench!.screenshot('profiles-03-copy-confirm');
      await dialog.locator('.monaco-button').filter({ hasText: /^Copy$/ }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      accessToken = await waitUntil(async () => {
        const text = String(await page.evaluate('navigator.clipboard.readText()'));
        return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text) ? text : undefined;
      }, 'a JWT on the clipboard');
      const claims = decodeJwtPart(accessToken, 1) as { role?: string; email?: string };
      assert.equal(claims.role, 'CASHIER');
    });
  });

  it('switches the active profile with "FinCode: Switch Active Profile"', async () => {
    await step(workbench, 'profiles-switch', async () => {
      const { page } = workbench!;
      await runCommand(page, 'FinCode: Switch Active Profile…');
      await pickQuickPickRow(page, /MANAGER · hello@remitjunction\.co\.uk/);
      const manager = statusItem(page, /MANAGER · manager · signed out/);
      await manager.waitFor({ state: 'visible', timeout: 15_000 });
      await workbench!.screenshot('profiles-04-switched-to-manager');
      await clearNotifications(page);

      await runCommand(page, 'FinCode: Switch Active Profile…');
      await pickQuickPickRow(page, new RegExp(`CASHIER · ${CASHIER_EMAIL.replace(/[.+]/g, '\\$&')}`));
      await statusItem(page, /CASHIER · cashier · \d+m/).waitFor({ state: 'visible', timeout: 15_000 });
    });
  });

  it('switching from CASHIER to MANAGER (both signed in) shows the permission difference', async () => {
    await step(workbench, 'profiles-permission-diff', async () => {
      const { page } = workbench!;
      await closeQuickInput(page);
      await clearNotifications(page);
      // Signing in the manager (documented password in the keyring) makes it active: back to the cashier first.
      const manager = treeRow(page, 'manager, MANAGER, ');
      await manager.hover();
      await manager.getByRole('button', { name: /^Sign In/ }).click();
      await statusItem(page, /MANAGER · manager · \d+m/).waitFor({ state: 'visible', timeout: 30_000 });
      await runCommand(page, 'FinCode: Switch Active Profile…');
      await pickQuickPickRow(page, new RegExp(`CASHIER · ${CASHIER_EMAIL.replace(/[.+]/g, '\\$&')}`));
      await statusItem(page, /CASHIER · cashier · \d+m/).waitFor({ state: 'visible', timeout: 15_000 });
      await clearNotifications(page);

      await runCommand(page, 'FinCode: Switch Active Profile…');
      await pickQuickPickRow(page, /MANAGER · hello@remitjunction\.co\.uk/);
      await statusItem(page, /MANAGER · manager · \d+m/).waitFor({ state: 'visible', timeout: 15_000 });
      const toast = page.locator('.notifications-toasts').filter({ hasText: /Switched from cashier \(CASHIER\) to manager \(MANAGER\)/ }).first();
      await toast.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await toast.innerText(), /gains [^;]*users:write/);
      await workbench!.screenshot('profiles-04b-permission-diff');
      await clearNotifications(page);

      // Leave the cashier active for the sign-out below.
      await runCommand(page, 'FinCode: Switch Active Profile…');
      await pickQuickPickRow(page, new RegExp(`CASHIER · ${CASHIER_EMAIL.replace(/[.+]/g, '\\$&')}`));
      await statusItem(page, /CASHIER · cashier · \d+m/).waitFor({ state: 'visible', timeout: 15_000 });
      await clearNotifications(page);
    });
  });

  it('signs out; the status bar says signed out', async () => {
    await step(workbench, 'profiles-sign-out', async () => {
      const { page } = workbench!;
      await closeQuickInput(page);
      await runCommand(page, 'FinCode: Sign Out');
      await statusItem(page, /CASHIER · cashier · signed out/).waitFor({ state: 'visible', timeout: 15_000 });
      await waitUntil(async () => /signed out/.test((await treeRow(page, 'cashier, CASHIER, ').getAttribute('aria-label')) ?? ''), 'the cashier row says signed out');
      assert.ok(await profilesView(page).isVisible());
      await workbench!.screenshot('profiles-05-signed-out');
    });
  });

  it('adds an API token with the multi-step "FinCode: Add API Token…" (paste, label, expiry)', async () => {
    await step(workbench, 'profiles-add-api-token', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await runCommand(page, 'FinCode: Add API Token…');
      await answerStep(page, /Paste the API token/, apiToken);
      await answerStep(page, /A label for this token/, 'ci-token');
      await pickQuickPickRow(page, /1 month/);
      const row = treeRow(page, 'ci-token, API token, ');
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match((await row.getAttribute('aria-label')) ?? '', /29 days left/);
      // A success only: a status bar message, no toast.
      await statusItem(page, /API token "ci-token" added/).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await page.locator('.notifications-toasts').filter({ hasText: 'API token "ci-token" added' }).count(), 0);
      await workbench!.screenshot('profiles-06-api-token');
    });
  });

  it('keeps the password and the token out of logs, settings and globalState (canary scan)', async () => {
    await step(workbench, 'profiles-canary', async () => {
      assert.ok(accessToken, 'the access token from the copy step');
      const scan = await canaryScan(workbench!, { 'the cashier password': CASHIER_PASSWORD, 'the access token': accessToken, 'the API token': apiToken });
      // The scan reads the right place: the profile metadata (globalState) is there.
      assert.ok(scan.browserStorage.includes('fincode.profiles.v1') && scan.browserStorage.includes(CASHIER_EMAIL), 'globalState holds the profile metadata');
      // The documented password ships inside the installed extension (its sandbox's users): not a leak there.
      assert.deepEqual(scan.leaks.filter((leak) => !leak.startsWith(`the cashier password in ${workbench!.extensionsDir}`)), []);
    });
  });
});
