// What the user settings bring, in a real VS Code workbench (code-server) with the packaged VSIX:
// an environment declared in `fincode.environments` (a sandbox the test starts, behind a
// recording server) shows in the Profiles tree marked "settings", with no Remove or Edit in its
// context menu. Three role profiles with stored passwords are added to it and only the cashier is
// signed in: "Send as every role" asks before signing the others in (a real login each, outside the
// local sandbox). "Send Without Them" sends as the cashier only, shows the others as signed out and
// logs nobody in; "Sign In and Send" logs each of them in exactly once and shows their statuses.
// Last, `fincode.environmentVariables` fills a request's {{variable}}, and the workspace's
// http-client.env.json overrides the setting.
// Screenshots: test/e2e/screenshots/settings-*.png
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addProfile,
  answerModal,
  ariaOf,
  buildVsix,
  clearNotifications,
  contextMenuLabels,
  lens,
  matrixStatus,
  modalButtons,
  openFile,
  openFinCodeView,
  signInFromTree,
  startWorkbench,
  statusItem,
  step,
  treeRow,
  waitForModal,
  waitUntil,
  webviewFrame,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer } from './labServer';

const MANAGER = { name: 'lab-manager', role: 'MANAGER', email: 'hello@remitjunction.co.uk', password: 'Password@1' } as const;
const AGENT = { name: 'lab-agent', role: 'AGENT', email: 'hello+2@remitjunction.co.uk', password: 'Password@1' } as const;
const CASHIER = { name: 'lab-cashier', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', password: 'PQW7ERMP' } as const;
const TRANSACTIONS_PATH = '/_emulator/demo/transactions';

const HTTP_FILE = `# Requests against the Lab environment of the user settings.

### Echo with variables from the settings and the workspace's env file
POST {{baseUrl}}/_emulator/echo
X-Greeting: {{greeting}}
X-Farewell: {{farewell}}
content-type: application/json

{"hello": "settings"}

### View all transactions (documented: CASHIER ❌)
GET {{baseUrl}}${TRANSACTIONS_PATH}
`;

describe('settings: an environment from fincode.environments and variables from fincode.environmentVariables', { timeout: 300_000 }, () => {
  let workbench: Workbench | undefined;
  let lab: LabServer | undefined;

  /** Requests for the demo transactions that reached the lab server so far. */
  const transactionCalls = () => lab!.seen.filter((request) => request.url.endsWith(TRANSACTIONS_PATH));

  before(async () => {
    lab = await startLabServer();
    workbench = await startWorkbench({
      vsix: buildVsix(),
      settings: {
        'fincode.environments': [{ id: 'lab', label: 'Lab', kind: 'custom', baseUrl: lab.baseUrl }],
        // REST Client's shape; the workspace's env file below redefines `farewell`.
        'fincode.environmentVariables': { $shared: { greeting: 'from-settings', farewell: 'from-settings' } },
      },
      files: {
        'api.http': HTTP_FILE,
        'http-client.env.json': JSON.stringify({ $shared: { farewell: 'from-env-file' } }, null, 2),
        'README.md': '# FinCode e2e workspace\n',
      },
    });
  });

  after(async () => {
    await workbench?.close();
    await lab?.stop();
  });

  it('shows the environment of the user settings in the Profiles tree, marked "settings", without Remove or Edit', async () => {
    await step(workbench, 'settings-environment', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = treeRow(page, 'Lab, ');
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await ariaOf(row), `Lab, custom · ${lab!.baseUrl} · settings`);
      const labels = await contextMenuLabels(page, row);
      // The menu read is the environment's: it offers to add profiles to it.
      assert.ok(labels.includes('Add Profile…'), `Add Profile… in ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('Remove Entry'), `no Remove Entry in ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('Edit Entry…'), `no Edit Entry… in ${JSON.stringify(labels)}`);
    });
  });

  it('adds three role profiles with stored passwords to it; signing in the cashier logs in only the cashier', async () => {
    await step(workbench, 'settings-profiles', async () => {
      const { page } = workbench!;
      for (const profile of [MANAGER, AGENT, CASHIER]) await addProfile(page, { environment: 'Lab', ...profile });
      await clearNotifications(page);
      const cashier = await signInFromTree(page, `${CASHIER.name}, CASHIER, `);
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(cashier)), 'lab-cashier is signed in and active', 30_000);
      for (const profile of [MANAGER, AGENT]) assert.match(await ariaOf(treeRow(page, `${profile.name}, ${profile.role}, `)), /signed out/);
      assert.equal(lab!.loginsFor(CASHIER.email), 1);
      assert.equal(lab!.loginsFor(MANAGER.email) + lab!.loginsFor(AGENT.email), 0, 'adding a profile with its password logs nobody in');
    });
  });

  it('"Send as every role" asks before signing the signed-out profiles in; "Send Without Them" sends as the cashier only', async () => {
    await step(workbench, 'settings-every-role-without', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      const everyRole = lens(page, /^Send as every role$/).nth(1);
      await everyRole.waitFor({ state: 'visible', timeout: 30_000 });
      const before = transactionCalls().length;
      await everyRole.click();
      const text = await waitForModal(page, /signed out/);
      assert.match(text, /2 profiles are signed out: MANAGER \(lab-manager\), AGENT \(lab-agent\)\. Sign them in with the stored passwords\?/);
      assert.match(text, /Each sign-in is a real login/);
      const buttons = await modalButtons(page);
      assert.ok(buttons.includes('Sign In and Send') && buttons.includes('Send Without Them'), `buttons ${JSON.stringify(buttons)}`);
      // Nothing goes out while the question is open.
      assert.equal(transactionCalls().length, before);
      await workbench!.screenshot('settings-01-every-role-asks');

      await answerModal(page, 'Send Without Them');
      const frame = webviewFrame(page);
      await frame.locator('#matrix tr[data-role="CASHIER"]').waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await matrixStatus(page, 'CASHIER'), '403');
      for (const profile of [MANAGER, AGENT]) {
        assert.equal(await matrixStatus(page, profile.role), 'signed out', `${profile.role} reads as not sent`);
        await frame.locator('ul.notes li').filter({ hasText: `${profile.name}: Not signed in` }).waitFor({ state: 'visible', timeout: 10_000 });
      }
      await statusItem(page, /GET as 3 profiles/).waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(transactionCalls().length - before, 1, 'one request: the cashier\'s');
      assert.equal(lab!.loginsFor(MANAGER.email) + lab!.loginsFor(AGENT.email), 0, 'no login for the roles sent without');
      await workbench!.screenshot('settings-02-sent-without-them');
    });
  });

  it('"Sign In and Send" logs each signed-out profile in exactly once and shows its status', async () => {
    await step(workbench, 'settings-every-role-sign-in', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await openFile(page, 'api.http');
      const before = transactionCalls().length;
      await lens(page, /^Send as every role$/).nth(1).click();
      await waitForModal(page, /2 profiles are signed out/);
      await answerModal(page, 'Sign In and Send');
      await waitUntil(async () => (await matrixStatus(page, 'MANAGER').catch(() => '')) === '200', 'the matrix shows MANAGER 200', 60_000);
      assert.equal(await matrixStatus(page, 'CASHIER'), '403');
      assert.equal(await matrixStatus(page, 'AGENT'), '200');
      await statusItem(page, /GET as 3 profiles/).waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(await webviewFrame(page).locator('ul.notes').count(), 0, 'no role without an answer');
      assert.equal(transactionCalls().length - before, 3);
      assert.equal(lab!.loginsFor(MANAGER.email), 1);
      assert.equal(lab!.loginsFor(AGENT.email), 1);
      assert.equal(lab!.loginsFor(CASHIER.email), 1, 'the signed-in cashier was not logged in again');
      await openFinCodeView(page);
      for (const profile of [MANAGER, AGENT]) {
        const row = treeRow(page, `${profile.name}, ${profile.role}, `);
        await waitUntil(async () => /signed in/.test(await ariaOf(row)), `${profile.name} reads as signed in`, 30_000);
      }
      await workbench!.screenshot('settings-03-signed-in-and-sent');
    });
  });

  it('fills {{greeting}} from fincode.environmentVariables; the workspace\'s http-client.env.json overrides the setting', async () => {
    await step(workbench, 'settings-variables', async () => {
      const { page } = workbench!;
      await openFile(page, 'api.http');
      const before = lab!.seen.length;
      await lens(page, '▶ Send as CASHIER (lab-cashier)').first().click();
      const frame = webviewFrame(page);
      await waitUntil(async () => /^200\b/.test(await frame.locator('#status').innerText().catch(() => '')), 'the echo answered 200', 30_000);
      const body = await frame.locator('#body').innerText();
      assert.match(body, /"x-greeting": "from-settings"/);
      assert.match(body, /"x-farewell": "from-env-file"/);
      const echo = lab!.seen.slice(before).find((request) => request.url.endsWith('/_emulator/echo'));
      assert.ok(echo, 'the echo request reached the lab server');
      assert.equal(echo.headers['x-greeting'], 'from-settings');
      assert.equal(echo.headers['x-farewell'], 'from-env-file');
      await statusItem(page, /POST as CASHIER \(lab-cashier\)/).waitFor({ state: 'hidden', timeout: 10_000 });
      await workbench!.screenshot('settings-04-variables');
    });
  });
});
