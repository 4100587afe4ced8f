// The status bar pickers and "no keyring access before sign-in" in a real workbench (code-server)
// with a fresh user-data folder. The extension traces every SecretStorage access (operation and
// key name, never a value) at the Trace log level; the scenario counts those lines in the FinCode
// log. Opening a .http file, the FinCode view, both status bar pickers (the active profile, the
// .http variable environment) and adding a profile without a password: zero accesses. A production
// environment (declared in fincode.environments) is marked in the warning colour, the local
// sandbox not; a signed-out profile is not coloured at all. Then the sign-in: the keyring is used
// (the counter works). Screenshot for README: docs/screenshots/pickers.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  addProfile,
  buildVsix,
  clearNotifications,
  closeQuickInput,
  openFile,
  openFinCodeView,
  outputChannelLog,
  pickQuickPickRow,
  quickInput,
  refreshDocPicture,
  signInFromTree,
  startWorkbench,
  statusItem,
  step,
  treeRow,
  waitUntil,
  type Workbench,
} from './harness';

const HTTP_FILE = `### Echo
GET {{baseUrl}}/_emulator/echo?tenant={{tenant}}
`;

const ENV_FILE = JSON.stringify({ dev: { tenant: 'dev-tenant' }, staging: { tenant: 'staging-tenant' } }, null, 2);

/** The SecretStorage accesses the FinCode log traced so far. */
function keyringAccesses(workbench: Workbench): string[] {
  return outputChannelLog(workbench.userDataDir, 'FinCode')
    .split('\n')
    .filter((line) => /SecretStorage (get|store|delete) /.test(line));
}

/** The colour kind VS Code gives a status bar item's background (its warning-kind / error-kind class), or none. */
async function backgroundKind(item: Locator): Promise<string> {
  const classes = (await item.getAttribute('class')) ?? '';
  return /\bwarning-kind\b/.test(classes) ? 'warning' : /\berror-kind\b/.test(classes) ? 'error' : 'none';
}

const profileItem = (page: Page, text: RegExp): Locator => statusItem(page, text);

describe('status bar pickers, with no keyring access before the sign-in', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await startWorkbench({
      vsix: buildVsix(),
      files: { 'api.http': HTTP_FILE, 'http-client.env.json': ENV_FILE },
      settings: { 'fincode.environments': [{ id: 'acme', label: 'Acme production', kind: 'production', tenant: 'acme' }] },
      codeServerArgs: ['--log', 'trace'],
    });
  });

  after(async () => {
    await workbench?.close();
  });

  it('a .http file, the views and both pickers: the profile and the environment change, nothing asks the keyring', async () => {
    await step(workbench, 'keyring-pickers', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      await openFinCodeView(page);
      await treeRow(page, 'cashier, CASHIER, ').waitFor({ state: 'visible', timeout: 30_000 });

      // The profile picker: click the item, pick, see the change. Signed out is not coloured.
      const none = profileItem(page, /FinCode: no active profile/);
      await none.waitFor({ state: 'visible', timeout: 15_000 });
      await none.click();
      await pickQuickPickRow(page, /cashier.*CASHIER · excel/);
      const cashier = profileItem(page, /CASHIER · cashier · signed out · Local sandbox/);
      await cashier.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await backgroundKind(cashier), 'none', 'signed out is a normal state');

      // The .http environment picker: the env file's environments, then the pick shows.
      await clearNotifications(page);
      await openFile(page, 'api.http');
      const noEnvironment = statusItem(page, /No Environment/);
      await noEnvironment.waitFor({ state: 'visible', timeout: 15_000 });
      await noEnvironment.click();
      const rows = quickInput(page).locator('.monaco-list-row');
      await rows.filter({ hasText: /staging/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      const labels = await rows.allInnerTexts();
      assert.ok(labels.some((label) => /^\s*dev/m.test(label)) && labels.some((label) => /staging/.test(label)), `dev and staging offered: ${JSON.stringify(labels)}`);
      await page.mouse.move(700, 450);
      refreshDocPicture(await workbench!.screenshot('keyring-01-http-environment-picker'), 'pickers.png');
      await pickQuickPickRow(page, /staging/);
      await statusItem(page, /\bstaging\b/).waitFor({ state: 'visible', timeout: 15_000 });

      assert.deepEqual(keyringAccesses(workbench!), [], 'no SecretStorage read or write before the sign-in');
    });
  });

  it('a production profile is marked in the warning colour, and only it; still no keyring access', async () => {
    await step(workbench, 'keyring-production', async () => {
      const { page } = workbench!;
      await addProfile(page, { environment: 'Acme production', role: 'MANAGER', email: 'ops@acme.example', name: 'acme-ops' });
      await profileItem(page, /CASHIER · cashier/).click();
      await pickQuickPickRow(page, /acme-ops/);
      const production = profileItem(page, /MANAGER · acme-ops · signed out · .*Acme production/);
      await production.waitFor({ state: 'visible', timeout: 15_000 });
      await waitUntil(async () => (await backgroundKind(production)) === 'warning', 'the production profile has the warning background');
      await closeQuickInput(page);
      await workbench!.screenshot('keyring-02-production');

      await profileItem(page, /MANAGER · acme-ops/).click();
      await pickQuickPickRow(page, /cashier.*CASHIER · excel/);
      const local = profileItem(page, /CASHIER · cashier · signed out · Local sandbox/);
      await local.waitFor({ state: 'visible', timeout: 15_000 });
      await waitUntil(async () => (await backgroundKind(local)) === 'none', 'the local sandbox has no warning colour');
      assert.deepEqual(keyringAccesses(workbench!), [], 'a profile without a password and the switches asked no keyring');
    });
  });

  it('the sign-in is what opens the keyring (the trace counts)', async () => {
    await step(workbench, 'keyring-sign-in', async () => {
      const { page } = workbench!;
      await closeQuickInput(page);
      await signInFromTree(page, 'cashier, CASHIER, ');
      await profileItem(page, /CASHIER · cashier · \d+m · Local sandbox/).waitFor({ state: 'visible', timeout: 30_000 });
      const accesses = await waitUntil(() => (keyringAccesses(workbench!).length > 0 ? keyringAccesses(workbench!) : undefined), 'the sign-in used SecretStorage', 15_000);
      console.log(`[e2e] SecretStorage accesses after the sign-in: ${accesses.length}`);
    });
  });
});
