// Smoke scenario in a real VS Code workbench (code-server) with the packaged VSIX installed,
// driven like a person: palette, notifications, an input box, an editor, the Output panel.
// Run: scripts/e2e/run.sh  (or, after scripts/e2e/setup.sh: node --import tsx --test test/e2e/*.e2e.ts)
// Screenshots of every step: test/e2e/screenshots/smoke-*.png
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  answerInputBox,
  buildVsix,
  clearNotifications,
  closeQuickInput,
  extensionActivatedInLog,
  outputChannelLog,
  runCommand,
  scrollListUntilVisible,
  startWorkbench,
  statusItem,
  step,
  waitForNotification,
  waitForOutput,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';

const EXTENSION_ID = 'fincode-tools.fincode-api-explorer';
const EXTENSION_NAME = 'FinCode API Explorer';
const CHANNEL = 'FinCode';
const MANAGER = { email: 'hello@remitjunction.co.uk', currentPassword: 'Password@1' };

describe('smoke: FinCode API Explorer in a real VS Code workbench', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  let baseUrl: string | undefined;
  let accessToken: string | undefined;

  before(async () => {
    const t0 = Date.now();
    const vsix = buildVsix();
    const t1 = Date.now();
    workbench = await startWorkbench({ vsix, files: { 'README.md': '# FinCode e2e workspace\n' } });
    console.log(`[e2e] VSIX built in ${((t1 - t0) / 1000).toFixed(1)} s; workbench up in ${((Date.now() - t1) / 1000).toFixed(1)} s at ${workbench.url}`);
  });

  after(async () => {
    await workbench?.close();
  });

  it('has the extension installed from its VSIX', async () => {
    await step(workbench, 'installed', async () => {
      const { page, extensionsDir } = workbench!;
      const installed = JSON.parse(readFileSync(join(extensionsDir, 'extensions.json'), 'utf8')) as { identifier: { id: string } }[];
      assert.ok(installed.some((entry) => entry.identifier.id === EXTENSION_ID), `${EXTENSION_ID} in extensions.json`);

      await runCommand(page, 'Extensions: Show Installed Extensions');
      const row = page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: EXTENSION_NAME }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      await workbench!.screenshot('smoke-01-installed');
      await runCommand(page, 'View: Show Explorer');
    });
  });

  it('starts the local sandbox from the command palette', async () => {
    await step(workbench, 'start-sandbox', async () => {
      const { page } = workbench!;
      await runCommand(page, 'FinCode: Start Local Sandbox');
      const message = await waitForNotification(page, 'Local FinCode sandbox running at');
      const match = /Local FinCode sandbox running at (http:\/\/127\.0\.0\.1:\d+\/api\/v6\/services)\s*$/.exec(message.replace(/\s+/g, ' ').trim());
      assert.ok(match, `notification text: ${message}`);
      baseUrl = match[1];
      await workbench!.screenshot('smoke-02-sandbox-started');
    });
  });

  it('activated the extension', async () => {
    await step(workbench, 'activated', async () => {
      const { page, userDataDir } = workbench!;
      await waitUntil(() => extensionActivatedInLog(userDataDir, EXTENSION_ID), `${EXTENSION_ID} activation in the exthost log`);

      // As a person would check it: Developer: Show Running Extensions lists it with its activation
      // time. The sandbox toast stays (it has a button) and would cover the list's last rows.
      await clearNotifications(page);
      await runCommand(page, 'Developer: Show Running Extensions');
      const list = page.locator('.runtime-extensions-editor .monaco-list');
      await list.waitFor({ state: 'visible', timeout: 15_000 });
      const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: EXTENSION_NAME }).first();
      // The list is virtualised and sorted by activation time: scroll until the row is drawn.
      await scrollListUntilVisible(page, list, row);
      const text = await row.innerText();
      assert.match(text, /Activation/);
      // The figure for the closing notes: "Activation: N ms" as VS Code measured it.
      console.log(`[e2e] Running Extensions: ${text.replace(/\s+/g, ' ').trim()}`);
      await workbench!.screenshot('smoke-03-running-extensions');
      await page.keyboard.press('Escape');
      await page.locator('.runtime-extensions-editor').waitFor({ state: 'hidden', timeout: 10_000 });
    });
  });

  it('signs in as MANAGER against the sandbox from outside the workbench', async () => {
    assert.ok(baseUrl, 'the sandbox URL from the notification (previous step)');
    const response = await fetch(`${baseUrl}/securitymanagement/login`, {
      method: 'PUT',
      headers: { platform: 'fincode', uuid: '200', 'content-type': 'application/json' },
      body: JSON.stringify(MANAGER),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { access_token?: unknown };
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(typeof body.access_token, 'string');
    accessToken = body.access_token as string;
    assert.match(accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('decodes the access token with "FinCode: Decode JWT"', async () => {
    assert.ok(accessToken, 'an access token from the previous step');
    await step(workbench, 'decode-jwt', async () => {
      const { page } = workbench!;
      await runCommand(page, 'FinCode: Decode JWT…');
      // No selection and an empty clipboard: the command asks with an input box.
      await answerInputBox(page, accessToken!, { title: 'Decode JWT' });
      // The inspector is a webview: two nested iframes.
      const frame = webviewFrame(page);
      await frame.locator('.banner').filter({ hasText: 'Signature not verified — decoded locally' }).waitFor({ timeout: 20_000 });
      await frame.locator('th.is-token-role').filter({ hasText: 'MANAGER' }).first().waitFor({ timeout: 10_000 });
      await frame.getByText(MANAGER.email).first().waitFor({ timeout: 10_000 });
      await workbench!.screenshot('smoke-04-decoded-jwt');
    });
  });

  it('shows the sandbox request line in the FinCode output channel', async () => {
    await step(workbench, 'show-log', async () => {
      const { page, userDataDir } = workbench!;
      await runCommand(page, 'FinCode: Show Log');
      const shown = await waitForOutput(page, CHANNEL, '[sandbox] PUT /api/v6/services/securitymanagement/login 200');
      assert.ok(shown.includes('Local FinCode sandbox listening'), shown);
      await workbench!.screenshot('smoke-05-output-log');

      // The same channel on disk (complete, not just what is on screen) never holds the token.
      const log = await waitUntil(() => outputChannelLog(userDataDir, CHANNEL), 'the FinCode channel log file');
      assert.ok(log.includes('securitymanagement/login 200'), log);
      if (accessToken) assert.ok(!log.includes(accessToken), 'the access token must not be logged');
    });
  });

  it('stops the sandbox with "FinCode: Stop Local Sandbox"', async () => {
    await step(workbench, 'stop-sandbox', async () => {
      const { page } = workbench!;
      await closeQuickInput(page);
      await runCommand(page, 'FinCode: Stop Local Sandbox');
      // A success only: a status bar message, no toast.
      await statusItem(page, /Local FinCode sandbox stopped/).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await page.locator('.notifications-toasts').filter({ hasText: 'sandbox stopped' }).count(), 0);
      await workbench!.screenshot('smoke-06-sandbox-stopped');
      assert.ok(baseUrl);
      await assert.rejects(
        fetch(`${baseUrl}/securitymanagement/login`, { method: 'PUT', signal: AbortSignal.timeout(5_000) }),
        'the sandbox port is closed after stop',
      );
    });
  });
});
