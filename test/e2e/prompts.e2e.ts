// Prompt variables and saved responses in a real VS Code workbench (code-server) with the packaged
// VSIX: "▶ Send as CASHIER" on a request with `# @prompt`, `{{$pick}}`, `{{$input}}` and
// `{{$password}}` asks in that order (the password in a masked input box), the response view shows
// the echo with the answers (the PIN masked), `>> ./out/prompted.json` writes the body with a status
// bar message and no notification; "Copy as cURL" asks again but not for the password and copies
// its placeholder; Escape on a prompt sends nothing and shows no error; "Send as every role" asks
// each prompt once for the four roles; the typed PIN is nowhere:
// log, request history, files, storage, DOM, notifications (the canary scan).
// Screenshots: test/e2e/screenshots/prompts-*.png
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  answerStep,
  ariaOf,
  buildVsix,
  canaryScan,
  clearNotifications,
  historyFiles,
  lens,
  matrixStatus,
  notificationTexts,
  openFile,
  openFinCodeView,
  outputChannelLog,
  pickQuickPickRow,
  quickInput,
  signInFromTree,
  startWorkbench,
  statusItem,
  step,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';

const PIN = 'Pin-Canary-7391';

const HTTP_FILE = `# Prompt variables against the local FinCode sandbox's echo endpoint.

### Everything asked
# @name prompted
# @prompt customer The customer id
POST {{baseUrl}}/_emulator/echo/prompted?customer={{customer}}&currency={{$pick Currency $value: GBP,EUR,USD}}
content-type: application/json
X-Note: {{$input Note $value: first note}}

{"pin": "{{$password Your PIN}}"}

>> ./out/prompted.json
`;

interface Echo {
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

describe('prompt variables and >> in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await startWorkbench({ vsix: buildVsix(), files: { 'prompts.http': HTTP_FILE } });
  });

  after(async () => {
    await workbench?.close();
  });

  /** Answers the four questions of the request, checking each one's kind and order. */
  async function answerAll(customer: string): Promise<void> {
    const { page } = workbench!;
    await answerStep(page, /Input value for "customer"/, customer);
    await quickInput(page).locator('.quick-input-box input[placeholder="Currency"]').waitFor({ state: 'visible', timeout: 15_000 });
    await pickQuickPickRow(page, /^EUR/);
    await answerStep(page, /^Note/, 'hello from e2e');
  }

  it('signs in as CASHIER from the FinCode view', async () => {
    await step(workbench, 'prompts-sign-in', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
    });
  });

  it('asks each prompt (the password masked), shows the response, and saves it where the file says', async () => {
    await step(workbench, 'prompts-send', async () => {
      const { page } = workbench!;
      await openFile(page, 'prompts.http');
      await clearNotifications(page);
      await lens(page, '▶ Send as CASHIER (cashier)').first().click();
      await answerAll('cus_42');
      const masked = quickInput(page).locator('.quick-input-box input[type="password"]');
      await quickInput(page).locator('.quick-input-message').filter({ hasText: /^Your PIN/ }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await masked.count(), 1, 'the PIN is typed into a password input');
      await workbench!.screenshot('prompts-01-password');
      await masked.fill(PIN);
      await masked.press('Enter');

      const frame = webviewFrame(page);
      const status = frame.locator('#status');
      await status.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await status.innerText(), /^200\b/);
      const echo = JSON.parse(await frame.locator('#body pre').first().innerText()) as Echo;
      assert.equal(echo.query.customer, 'cus_42');
      assert.equal(echo.query.currency, 'EUR');
      assert.equal(echo.headers['x-note'], 'hello from e2e');
      assert.equal(echo.body, '{"pin": "‹redacted›"}', 'the PIN arrived, and its echo is masked');
      const page_ = await frame.locator('body').innerText();
      assert.ok(!page_.includes(PIN), 'the PIN is not in the response view');

      const saved = join(workbench!.workspace, 'out', 'prompted.json');
      await waitUntil(() => existsSync(saved), 'out/prompted.json written beside the .http file');
      assert.equal((JSON.parse(readFileSync(saved, 'utf8')) as Echo).query.customer, 'cus_42');
      await statusItem(page, /response saved to out\/prompted\.json/).waitFor({ state: 'visible', timeout: 10_000 });
      assert.deepEqual(
        (await notificationTexts(page)).filter((text) => /saved/i.test(text)),
        [],
        'no notification for a successful save',
      );
      await workbench!.screenshot('prompts-02-response-saved');
    });
  });

  it('a second send prefills the last answers and saves a numbered file instead of overwriting', async () => {
    await step(workbench, 'prompts-send-again', async () => {
      const { page } = workbench!;
      await lens(page, '▶ Send as CASHIER (cashier)').first().click();
      const input = quickInput(page).locator('.quick-input-box input');
      await quickInput(page).locator('.quick-input-message').filter({ hasText: /Input value for "customer"/ }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await input.inputValue(), 'cus_42', 'the last answer is offered again');
      await answerAll('cus_43');
      await quickInput(page).locator('.quick-input-message').filter({ hasText: /^Your PIN/ }).waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await input.inputValue(), '', 'a password is never prefilled');
      await input.fill(PIN);
      await input.press('Enter');
      const numbered = join(workbench!.workspace, 'out', 'prompted-1.json');
      await waitUntil(() => existsSync(numbered), 'out/prompted-1.json written');
      assert.equal((JSON.parse(readFileSync(join(workbench!.workspace, 'out', 'prompted.json'), 'utf8')) as Echo).query.customer, 'cus_42', '>> did not overwrite');
      assert.equal((JSON.parse(readFileSync(numbered, 'utf8')) as Echo).query.customer, 'cus_43');
    });
  });

  it('Escape on a prompt cancels the send quietly', async () => {
    await step(workbench, 'prompts-escape', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await lens(page, '▶ Send as CASHIER (cashier)').first().click();
      await quickInput(page).locator('.quick-input-message').filter({ hasText: /Input value for "customer"/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Escape');
      await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
      // The send ended (its progress, a status bar item, went), and no error toast came.
      await statusItem(page, /POST as CASHIER/).waitFor({ state: 'hidden', timeout: 15_000 });
      await sleep(1_500);
      const texts = await notificationTexts(page);
      assert.deepEqual(texts.filter((text) => /was cancelled|failed|error|unexpected/i.test(text)), [], `no error notification: ${texts.join(' | ')}`);
      assert.equal(existsSync(join(workbench!.workspace, 'out', 'prompted-2.json')), false, 'nothing was sent or saved');
    });
  });

  it('copies the request as cURL: asks again, but the password becomes a placeholder', async () => {
    await step(workbench, 'prompts-curl', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await page.evaluate('navigator.clipboard.writeText("")');
      await lens(page, /^Copy as cURL$/).first().click();
      await answerAll('cus_44');
      const command = await waitUntil(async () => {
        const text = String(await page.evaluate('navigator.clipboard.readText()'));
        return text.startsWith('curl ') ? text : undefined;
      }, 'a curl command on the clipboard');
      assert.match(command, /customer=cus_44&currency=EUR/);
      assert.match(command, /‹password: Your PIN›/);
      assert.ok(!command.includes(PIN));
      await workbench!.screenshot('prompts-03-curl');
    });
  });

  it('sends as every role after asking each prompt once', async () => {
    await step(workbench, 'prompts-every-role', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await lens(page, /^Send as every role$/).first().click();
      await answerAll('cus_45');
      const input = quickInput(page).locator('.quick-input-box input[type="password"]');
      await quickInput(page).locator('.quick-input-message').filter({ hasText: /^Your PIN/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(PIN);
      await input.press('Enter');
      const frame = webviewFrame(page);
      await frame.locator('#matrix tr[data-role="CUSTOMER"]').waitFor({ state: 'visible', timeout: 60_000 });
      for (const role of ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']) assert.equal(await matrixStatus(page, role), '200', role);
      // Asked once: no question is left open for the other roles.
      assert.equal(await quickInput(page).isVisible(), false);
      await workbench!.screenshot('prompts-04-every-role');
    });
  });

  it('the typed PIN is in no log, history, file, storage, page or notification', async () => {
    await step(workbench, 'prompts-canary', async () => {
      const log = outputChannelLog(workbench!.userDataDir, 'FinCode');
      assert.match(log, /POST .*_emulator\/echo\/prompted\?customer=cus_42&currency=EUR as CASHIER/, 'the log has the sends');
      assert.ok(!log.includes(PIN));
      // The history is saved after the response shows, in the background: scan once it holds the sends.
      await waitUntil(() => historyFiles(workbench!).some((file) => readFileSync(file, 'utf8').includes('_emulator/echo/prompted')), 'the history file holds the prompted sends');
      const scan = await canaryScan(workbench!, { PIN });
      assert.deepEqual(scan.leaks, []);
      assert.ok(scan.files.some((file) => file.endsWith('prompted.json')), 'the scan read the saved responses');
      // Our request history only: other files of the run may be named history.json too.
      const history = scan.historyFiles.filter((file) => readFileSync(file, 'utf8').includes('_emulator/echo/prompted'));
      const named = scan.files.filter((file) => file.endsWith('history.json'));
      assert.equal(history.length, 1, `the scan read the request history, which holds the prompted sends; files named history.json: ${JSON.stringify(named)}`);
    });
  });
});
