// The request history in a real VS Code workbench (code-server) with the packaged VSIX, against a
// sandbox of the test (a custom environment): sign in as AGENT, send a login (its response holds
// tokens), an echo carrying a canary password and API key (from the process environment, so no
// file of the run holds them) and a GET, once more as every role. The History view lists them
// newest first; a row re-opens its response (tokens masked); a row's action sends it again;
// two selected rows, and "Select for Compare" then "Compare with Selected", open the diff
// editor; the history survives a reload; a row is removed; Clear History empties it. The canary
// scan reads the history's file with everything else: no issued token anywhere, and neither the
// canary password nor the API key in the history file, the History view or the log.
// Screenshots: test/e2e/screenshots/history-*.png; docs/screenshots/history.png for README.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  addCustomEnvironment,
  addProfile,
  answerModal,
  ariaLabels,
  ariaOf,
  buildVsix,
  canaryScan,
  clearNotifications,
  contextMenuAction,
  historyFiles,
  lens,
  openFile,
  openFinCodeView,
  outputChannelLog,
  refreshDocPicture,
  runCommand,
  signInFromTree,
  startWorkbench,
  step,
  treeRow,
  waitForModal,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

const AGENT = { email: 'hello+2@remitjunction.co.uk', password: 'Password@1' };
/** A password and API key that only the code-server process environment holds ({{$processEnv …}}). */
const CANARY = 'Canary-History-Secret-4711';
const CANARY_ENV = 'FINCODE_E2E_HISTORY_CANARY';

const HTTP_FILE = `# Requests whose responses the History view keeps (without their secrets).

### Sign in through the API (the response holds an access and a refresh token)
PUT {{baseUrl}}/securitymanagement/login
content-type: application/json

{"email": "${AGENT.email}", "currentPassword": "${AGENT.password}"}

### Echo a password and an API key
POST {{baseUrl}}/_emulator/echo?api_key={{$processEnv ${CANARY_ENV}}}&page=2
content-type: application/json
X-Api-Key: {{$processEnv ${CANARY_ENV}}}

{"password": "{{$processEnv ${CANARY_ENV}}}", "note": "kept"}

### All transactions
GET {{baseUrl}}/_emulator/demo/transactions
`;

const LOGIN = '200 PUT /api/v6/services/securitymanagement/login, AGENT (lab-agent)';
const ECHO = '200 POST /api/v6/services/_emulator/echo?api_key=‹redacted›&page=2, AGENT (lab-agent)';
const TRANSACTIONS = '200 GET /api/v6/services/_emulator/demo/transactions, AGENT (lab-agent)';

const historyPane = (page: Page): Locator => page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header[aria-label^="History"]') }).first();
const historyRows = (page: Page): Locator => historyPane(page).locator('.monaco-list-row');

async function historyLabels(page: Page): Promise<string[]> {
  return ariaLabels(historyRows(page));
}

/** Expands the History view and gives it the room (Endpoints collapsed). */
async function showHistory(page: Page): Promise<void> {
  await openFinCodeView(page);
  const header = page.locator('.part.sidebar .pane-header[aria-label^="History"]').first();
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const endpoints = page.locator('.part.sidebar .pane-header[aria-label^="Endpoints"]').first();
  if ((await endpoints.getAttribute('aria-expanded')) === 'true') await endpoints.click();
}

/** Drags the sash at the side bar's right edge. */
async function widenSideBar(page: Page, pixels: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + pixels, y, { steps: 8 });
  await page.mouse.up();
}

/** The rows once there are `count` and the newest starts with `newest` (the list may re-render in steps). */
async function waitForRows(page: Page, count: number, newest?: string): Promise<string[]> {
  return waitUntil(async () => {
    const labels = await historyLabels(page);
    return labels.length === count && (newest === undefined || labels[0]!.startsWith(newest)) ? labels : undefined;
  }, `${count} rows in the History view${newest ? `, the newest ${newest}` : ''}`, 30_000);
}

async function waitForStatus(page: Page, status: RegExp): Promise<void> {
  await waitUntil(async () => status.test(await webviewFrame(page).locator('#status').innerText({ timeout: 1_000 }).catch(() => '')), `a response view with status ${status}`, 30_000);
}

function historyFileText(workbench: Workbench): string {
  const files = historyFiles(workbench);
  assert.equal(files.length, 1, `one history file: ${files.join(', ')}`);
  return readFileSync(files[0]!, 'utf8');
}

describe('history: the last responses kept without secrets, re-opened, re-sent, compared and cleared in a real VS Code workbench', { timeout: 420_000 }, () => {
  let workbench: Workbench | undefined;
  let lab: LabServer | undefined;

  before(async () => {
    lab = await startLabServer();
    // code-server (and so the extension host) inherits the test's environment: {{$processEnv}} reads it there.
    process.env[CANARY_ENV] = CANARY;
    workbench = await startWorkbench({ vsix: buildVsix(), files: { 'api.http': HTTP_FILE }, codeServerArgs: ['--log', 'trace'] });
  });

  after(async () => {
    delete process.env[CANARY_ENV];
    await workbench?.close();
    await lab?.stop();
  });

  it('the History view is there, empty, with its welcome message', async () => {
    await step(workbench, 'history-empty', async () => {
      const { page } = workbench!;
      await showHistory(page);
      await historyPane(page).locator('.welcome-view-content').filter({ hasText: 'No request sent yet' }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await historyRows(page).count(), 0);
    });
  });

  it('signs in as AGENT in the test\'s sandbox and sends three requests and one as every role: each response is listed, newest first', async () => {
    await step(workbench, 'history-send', async () => {
      const { page } = workbench!;
      await addCustomEnvironment(page, lab!.baseUrl, 'lab');
      await addProfile(page, { environment: 'lab', role: 'AGENT', email: AGENT.email, name: 'lab-agent', password: AGENT.password });
      const row = await signInFromTree(page, 'lab-agent, AGENT, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'lab-agent is signed in and active', 30_000);
      await clearNotifications(page);
      await openFile(page, 'api.http');
      const send = lens(page, '▶ Send as AGENT (lab-agent)');
      await send.first().waitFor({ state: 'visible', timeout: 30_000 });
      await send.nth(0).click();
      await waitForStatus(page, /^200\b/);
      await send.nth(1).click();
      await waitUntil(() => lab!.seen.some((seen) => seen.url.includes('_emulator/echo')), 'the echo reached the server');
      await send.nth(2).click();
      await waitUntil(() => lab!.seen.some((seen) => seen.url.includes('demo/transactions')), 'the GET reached the server');
      await lens(page, /^Send as every role$/).nth(2).click();
      await webviewFrame(page).locator('#matrix tr[data-role="AGENT"]').waitFor({ state: 'visible', timeout: 60_000 });

      await showHistory(page);
      const labels = await waitForRows(page, 4, TRANSACTIONS);
      assert.ok(labels[1]!.startsWith(TRANSACTIONS), labels[1]);
      assert.ok(labels[2]!.startsWith(ECHO), `the API key in the query is masked in the row: ${labels[2]}`);
      assert.ok(labels[3]!.startsWith(LOGIN), labels[3]);
      assert.match(labels[0]!, / · \d\d:\d\d:\d\d · \d+ ms$/, 'the row says when and how long');
      await workbench!.screenshot('history-01-view');
    });
  });

  it('a row re-opens its response in the response view, the tokens masked', async () => {
    await step(workbench, 'history-reopen', async () => {
      const { page } = workbench!;
      await treeRow(page, LOGIN).click();
      await waitForStatus(page, /^200\b/);
      const frame = webviewFrame(page);
      const body = await frame.locator('#body').innerText();
      assert.match(body, /"access_token": "‹redacted›"/);
      assert.match(body, /"refresh_token": "‹redacted›"/);
      assert.match(body, /"expires_in": 3600/);
      const all = await frame.locator('body').innerText();
      assert.match(all, /From the request history/);
      for (const token of lab!.tokens) assert.ok(!all.includes(token), 'no issued token in the re-opened response');
      await workbench!.screenshot('history-02-reopened');
    });
  });

  it('"Send Request Again" on a row sends it from its file once more: a fifth row', async () => {
    await step(workbench, 'history-resend', async () => {
      const { page } = workbench!;
      const echoes = () => lab!.seen.filter((seen) => seen.url.includes('_emulator/echo')).length;
      const before = echoes();
      const row = treeRow(page, ECHO);
      await row.hover();
      await row.getByRole('button', { name: /^Send Request Again/ }).click();
      await waitUntil(() => echoes() === before + 1, 'the echo was sent again');
      await waitForRows(page, 5, ECHO);
      assert.equal(lab!.seen.at(-1)!.headers['x-api-key'], CANARY, 'the same request went out, variables resolved again');
    });
  });

  it('compares two selected responses, then "Select for Compare" and "Compare with Selected", in the diff editor', async () => {
    await step(workbench, 'history-compare', async () => {
      const { page } = workbench!;
      const rows = historyRows(page);
      await rows.nth(1).click();
      await rows.nth(4).click({ modifiers: ['Control'] });
      await contextMenuAction(page, rows.nth(4), 'Compare Responses');
      const diff = page.locator('.part.editor .monaco-diff-editor').first();
      await diff.waitFor({ state: 'visible', timeout: 15_000 });
      // The diff gets the whole editor area (side by side): the response view beside it closes.
      await runCommand(page, 'View: Close Editors in Other Groups');
      const tab = page.locator('.part.editor .tab.active').first();
      await waitUntil(async () => / ↔ /.test((await tab.getAttribute('aria-label')) ?? ''), 'the diff editor tab names both responses');
      assert.match((await tab.getAttribute('aria-label')) ?? '', /200 PUT .*login.* ↔ 200 GET .*transactions/, 'older on the left');
      // Monaco renders spaces as no-break spaces.
      const diffText = async () => (await diff.innerText()).replace(/\u00a0/g, ' ');
      await waitUntil(async () => /HTTP\/1\.1 200 OK/.test(await diffText()), 'the diff shows the status lines');
      assert.match(await diffText(), /"access_token": "‹redacted›"/);
      // For README: the History view with room for its rows (Profiles collapsed, the side bar wider) beside the diff.
      const profiles = page.locator('.part.sidebar .pane-header[aria-label^="Profiles"]').first();
      if ((await profiles.getAttribute('aria-expanded')) === 'true') await profiles.click();
      await widenSideBar(page, 260);
      refreshDocPicture(await workbench!.screenshot('history-03-compare-selected'), 'history.png');
      await profiles.click();

      await rows.nth(0).click();
      await contextMenuAction(page, rows.nth(0), 'Select for Compare');
      await rows.nth(2).click();
      await contextMenuAction(page, rows.nth(2), 'Compare with Selected');
      await waitUntil(async () => /200 POST .*echo.* ↔ 200 POST .*echo/.test((await page.locator('.part.editor .tab.active').first().getAttribute('aria-label')) ?? ''), 'the two echoes compared');
      const echoDiff = (await page.locator('.part.editor .monaco-diff-editor').first().innerText()).replace(/\u00a0/g, ' ');
      assert.ok(!echoDiff.includes(CANARY), 'no canary in the compared echoes');
      await workbench!.screenshot('history-04-compare-with-selected');
    });
  });

  it('the history survives a reload of the window', async () => {
    await step(workbench, 'history-reload', async () => {
      const { page } = workbench!;
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      await showHistory(page);
      const labels = await waitForRows(page, 5);
      assert.ok(labels[0]!.startsWith(ECHO) && labels[4]!.startsWith(LOGIN), labels.join(' | '));
    });
  });

  it('keeps no issued token anywhere (the history file scanned with the rest) and neither the canary password nor the API key in the history, its view or the log', async () => {
    await step(workbench, 'history-canary', async () => {
      const { page } = workbench!;
      const tokens = [...lab!.tokens];
      assert.ok(tokens.length >= 2, `${tokens.length} tokens issued`);
      const scan = await canaryScan(workbench!, Object.fromEntries(tokens.map((token, index) => [`issued token #${index + 1}`, token])));
      assert.equal(scan.historyFiles.length, 1, 'the canary scan read the history file');
      assert.deepEqual(scan.leaks, []);

      const stored = historyFileText(workbench!);
      assert.equal((JSON.parse(stored) as { entries: unknown[] }).entries.length, 5);
      assert.match(stored, /_emulator\/echo/, 'the file holds the history');
      assert.match(stored, /‹redacted›/);
      assert.ok(!stored.includes(CANARY), 'no canary password or API key in the history file');
      assert.ok(!stored.includes(AGENT.password), 'no password typed in the .http file in the history file');
      assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(stored), 'no JWT in the history file');
      const view = await historyPane(page).innerHTML();
      assert.ok(!view.includes(CANARY), 'no canary in the History view');
      assert.ok(!outputChannelLog(workbench!.userDataDir, 'FinCode').includes(CANARY), 'no canary in the FinCode log');
    });
  });

  it('removes one entry, then Clear History (confirmed) empties the view and the file', async () => {
    await step(workbench, 'history-clear', async () => {
      const { page } = workbench!;
      const row = treeRow(page, LOGIN);
      await row.hover();
      await row.getByRole('button', { name: /^Remove from History/ }).click();
      const labels = await waitForRows(page, 4);
      assert.ok(!labels.some((label) => label.startsWith(LOGIN)));
      await runCommand(page, 'FinCode: Clear History');
      assert.match(await waitForModal(page, /Clear the FinCode request history/), /4 responses/);
      await answerModal(page, 'Clear History');
      await historyPane(page).locator('.welcome-view-content').filter({ hasText: 'No request sent yet' }).waitFor({ state: 'visible', timeout: 15_000 });
      // The file is written beside and renamed over: read it once it is there again.
      await waitUntil(() => {
        try {
          return (JSON.parse(historyFileText(workbench!)) as { entries: unknown[] }).entries.length === 0;
        } catch {
          return false;
        }
      }, 'the history file is empty');
      await workbench!.screenshot('history-05-cleared');
    });
  });
});
