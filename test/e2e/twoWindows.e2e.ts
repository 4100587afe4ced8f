// Two windows of one code-server workbench on the same folder: two pages of one browser context,
// so two extension hosts that share SecretStorage only through one browser entry each page reads
// once. A sandbox of the test's (through the lab server) issues 20 s tokens; with a 5 s buffer
// each window's background renewal falls due 16–18.5 s after a token arrived. Signed in once in
// window A, both windows renew and send through several renewal periods, and the sandbox's
// counters say: one refresh per renewal period, no rejected refresh (no reuse of a rotated
// refresh token), no login after the first, every request answered 200 at the first try. Last,
// an API token added in window B survives window A's later writes: after A reloads, its secret
// is still there (Copy Access Token puts it on the clipboard).
// Screenshots: test/e2e/screenshots/two-windows-*.png
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { jwt } from '../support/jwt';
import {
  addCustomEnvironment,
  addProfile,
  answerModal,
  answerStep,
  ariaOf,
  buildVsix,
  clearNotifications,
  contextMenuAction,
  lens,
  openFile,
  openFinCodeView,
  outputChannelLog,
  pickQuickPickRow,
  runCommand,
  screenshot,
  signInFromTree,
  startWorkbench,
  step,
  treeRow,
  waitForWorkbench,
  waitUntil,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

const [MANAGER] = DOCUMENTED_SANDBOX_USERS;
const LIFETIME_SECONDS = 20;
const BUFFER_SECONDS = 5;
/** The earliest a renewal comes after a token arrived: expiry − buffer + 1 s (refreshDueAt). */
const RENEWAL_PERIOD_MS = (LIFETIME_SECONDS - BUFFER_SECONDS + 1) * 1000;
const RENEWALS = 4;
const PREFERENCE_PATH = 'admin/organisation-preference-management/fetch-organisaction-preference';
const SEND_LENS = '▶ Send as MANAGER (boss)';

describe('two windows of one workbench share a session: one renewal per period, nothing lost', { timeout: 420_000 }, () => {
  let workbench: Workbench | undefined;
  let lab: LabServer | undefined;
  let windowB: Page | undefined;
  let signedInAt = 0;
  const apiToken = jwt({ sub: 'api-token-two-windows', token_use: 'api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 30 * 86400 });

  const apiAnswers = (): { url: string; status: number }[] => lab!.answered.filter((answer) => answer.url.endsWith(PREFERENCE_PATH));

  /** What the extension logged of its sends, in both windows: "GET … as MANAGER (boss): 200 in 32 ms". */
  const loggedSends = (): string[] => outputChannelLog(workbench!.userDataDir, 'FinCode').match(/fetch-organisaction-preference as MANAGER \(boss\): \d+/g) ?? [];

  /**
   * Clicks the send lens in `page` and waits for the sandbox's answer and the extension's own
   * record of it (the response webview of a second page does not always render in code-server,
   * so the log is what is read).
   */
  async function sendFrom(page: Page): Promise<number> {
    await page.bringToFront();
    const before = apiAnswers().length;
    const logged = loggedSends().length;
    await lens(page, SEND_LENS).first().click();
    await waitUntil(() => apiAnswers().length > before, 'the request reached the sandbox', 30_000, 100);
    await waitUntil(() => loggedSends().length > logged, 'the extension logged the answer', 15_000, 200);
    assert.ok(loggedSends().every((line) => line.endsWith(': 200')), 'the extension got 200 every time');
    return apiAnswers().at(-1)!.status;
  }

  /** step(), and on a failure what both windows' extensions logged and what the sandbox answered. */
  async function windowsStep(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await step(workbench, name, body);
    } catch (error) {
      if (windowB) await screenshot(windowB, `failure-${name}-window-b`).catch(() => undefined);
      const answers = lab ? lab.answered.map((answer) => `${answer.status} ${answer.url.replace(/^.*\/services\//, '')}`).join('\n') : '';
      console.log(`--- FinCode logs of both windows ---\n${outputChannelLog(workbench!.userDataDir, 'FinCode')}\n--- sandbox answers ---\n${answers}`);
      throw error;
    }
  }

  before(async () => {
    lab = await startLabServer({ sandbox: { expiresInSeconds: LIFETIME_SECONDS } });
    workbench = await startWorkbench({
      vsix: buildVsix(),
      files: { 'README.md': '# FinCode e2e workspace\n', 'api.http': `GET {{baseUrl}}/${PREFERENCE_PATH}\n` },
      settings: { 'fincode.autoRefresh': true, 'fincode.refreshBufferSeconds': BUFFER_SECONDS },
      codeServerArgs: ['--log', 'trace'],
    });
  });

  after(async () => {
    await workbench?.close();
    await lab?.stop();
  });

  it('window A signs in once to the test\'s sandbox', async () => {
    await windowsStep('two-windows-sign-in', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      await addCustomEnvironment(page, lab!.baseUrl, 'lab');
      await clearNotifications(page);
      await addProfile(page, { environment: 'lab', role: 'MANAGER', email: MANAGER.email, name: 'boss', password: MANAGER.password });
      await clearNotifications(page);
      const row = await signInFromTree(page, 'boss, MANAGER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'boss is signed in and active in window A', 30_000);
      signedInAt = Date.now();
      assert.equal((await lab!.counters()).logins, 1);
    });
  });

  it('window B, a second page on the same folder, shows the same session', async () => {
    await windowsStep('two-windows-open-b', async () => {
      windowB = await workbench!.context.newPage();
      await windowB.goto(`${workbench!.url}/?folder=${encodeURIComponent(workbench!.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await waitForWorkbench(windowB);
      await openFinCodeView(windowB);
      const row = treeRow(windowB, 'boss, MANAGER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row).catch(() => '')), 'boss is signed in and active in window B', 30_000);
      await screenshot(windowB, 'two-windows-01-window-b');
    });
  });

  it(`both windows renew and send through ${RENEWALS} renewal periods: one refresh per period, none rejected, no re-login, every request 200`, async () => {
    await windowsStep('two-windows-renewals', async () => {
      const pages = [workbench!.page, windowB!];
      for (const page of pages) {
        await page.bringToFront();
        await openFile(page, 'api.http');
        await lens(page, SEND_LENS).first().waitFor({ state: 'visible', timeout: 30_000 });
      }
      const statuses: number[] = [];
      let turn = 0;
      while ((await lab!.counters()).refreshes < RENEWALS) {
        assert.ok(Date.now() - signedInAt < (RENEWALS + 2) * RENEWAL_PERIOD_MS, 'the renewals came in time');
        statuses.push(await sendFrom(pages[turn++ % 2]!));
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
      // One more request from each window with the last renewed token.
      for (const page of pages) statuses.push(await sendFrom(page));
      const elapsed = Date.now() - signedInAt;
      const counters = await lab!.counters();
      console.log(
        `two windows: ${counters.refreshes} refreshes in ${(elapsed / 1000).toFixed(1)} s (at most ${Math.floor(elapsed / RENEWAL_PERIOD_MS)} periods), ` +
          `${counters.failedRefreshes} rejected, ${counters.logins} login(s), ${statuses.length} requests: ${[...new Set(statuses)].join(', ')}`,
      );
      assert.deepEqual([...new Set(statuses)], [200], 'every request answered 200');
      assert.equal(apiAnswers().length, statuses.length, 'no request was sent twice (no 401 and retry)');
      assert.equal(counters.failedRefreshes, 0, 'no refresh was rejected: no rotated refresh token was presented again');
      assert.equal(counters.logins, 1, 'no silent login with the stored password');
      assert.ok(counters.refreshes <= Math.floor(elapsed / RENEWAL_PERIOD_MS), `at most one refresh per renewal period (${counters.refreshes} in ${elapsed} ms)`);
      for (const page of pages) {
        const row = treeRow(page, 'boss, MANAGER, ');
        assert.match(await ariaOf(row), /signed in/, 'both windows show the session signed in');
      }
      await screenshot(windowB!, 'two-windows-02-renewed-b');
      await workbench!.screenshot('two-windows-03-renewed-a');
    });
  });

  it('an API token added in window B survives window A\'s later writes: after A reloads, its secret is there', async () => {
    await windowsStep('two-windows-api-token', async () => {
      const b = windowB!;
      await b.bringToFront();
      await runCommand(b, 'FinCode: Add API Token…');
      await pickQuickPickRow(b, /^lab/).catch(() => undefined);
      await answerStep(b, /Paste the API token/, apiToken);
      await answerStep(b, /A label for this token/, 'b-token');
      await pickQuickPickRow(b, /1 month/);
      await treeRow(b, 'b-token, API token, ').waitFor({ state: 'visible', timeout: 15_000 });

      // Window A writes its secrets after that: a renewal of its own.
      const { page } = workbench!;
      await page.bringToFront();
      const refreshes = (await lab!.counters()).refreshes;
      await runCommand(page, 'FinCode: Refresh Token');
      await waitUntil(async () => (await lab!.counters()).refreshes === refreshes + 1, 'window A renewed');
      assert.equal((await lab!.counters()).failedRefreshes, 0);

      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      await openFinCodeView(page);
      const row = treeRow(page, 'b-token, API token, ');
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await contextMenuAction(page, row, 'Copy Access Token');
      await answerModal(page, 'Copy');
      const copied = await waitUntil(async () => {
        const text = String(await page.evaluate('navigator.clipboard.readText()'));
        return text === apiToken ? text : undefined;
      }, 'window A, reloaded, copies the API token window B added');
      assert.equal(copied, apiToken);
      assert.match(await ariaOf(treeRow(page, 'boss, MANAGER, ')), /signed in/, 'and the session is still signed in');
      await workbench!.screenshot('two-windows-04-api-token-in-a');
    });
  });
});
