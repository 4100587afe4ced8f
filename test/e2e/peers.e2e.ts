// FinCode beside REST Client and httpYac, in a real VS Code workbench (code-server) with their
// published VSIX installed next to ours (from the folder in FINCODE_E2E_PEERS; .ci/run sets it):
// with both, and with each alone, the user's .http files keep their extension's highlighting
// (TextMate scopes read with "Developer: Inspect Editor Tokens and Scopes") and our annotations
// are highlighted on top by our injection grammar; Ctrl+Alt+R runs their Send and never ours;
// their CodeLenses and ours stand side by side and each one sends (to a loopback server that
// records who sent what) and shows its response; no extension logs an error. With neither
// installed, .http files are still highlighted (semantic tokens from our parse) and get our
// editing rules. Without FINCODE_E2E_PEERS the peer scenarios say loudly that they did not run
// and are reported as skipped; the one without peers always runs.
// Screenshots: test/e2e/screenshots/peers-*.png
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConsoleMessage, Locator, Page } from 'playwright-core';
import {
  REPO_ROOT,
  activeEditorText,
  ariaOf,
  openFinCodeView,
  quickInput,
  signInFromTree,
  waitForNotification,
  buildVsix,
  inspectTokenAtCursor,
  lens,
  openFile,
  placeCursor,
  runCommand,
  startWorkbench,
  step,
  waitForWorkbench,
  waitUntil,
  type InspectedToken,
  type Workbench,
} from './harness';
import { startLabServer, type LabServer, type SeenRequest } from './labServer';

const PEERS_DIR = process.env.FINCODE_E2E_PEERS;
const NOT_RUN = 'PEERS SCENARIO DID NOT RUN: FINCODE_E2E_PEERS not set (a folder holding rest-client.vsix and httpyac.vsix; .ci/run sets it when ../shared/peers exists)';
if (!PEERS_DIR) console.error(`\n${'!'.repeat(100)}\n[e2e] ${NOT_RUN}\n${'!'.repeat(100)}\n`);

type Peer = 'rest-client' | 'httpyac';

function peerVsix(peer: Peer): string {
  const path = join(PEERS_DIR as string, `${peer}.vsix`);
  if (!existsSync(path)) throw new Error(`FINCODE_E2E_PEERS=${PEERS_DIR} has no ${peer}.vsix`);
  return path;
}

/** What each client's request carries, as the loopback server saw it. */
const USER_AGENT: Record<Peer, string> = { 'rest-client': 'vscode-restclient', httpyac: 'httpyac' };

const REQUEST_LINE = 'POST {{baseUrl}}/_emulator/echo';

/** A user's file: a request with a name (theirs), our annotations, a header and a body. */
function userFile(lab: LabServer): string {
  return [
    `@baseUrl = ${lab.baseUrl}`,
    '',
    '### Echo',
    '# @name echo',
    '# @role CASHIER',
    '// @expect MANAGER=200 CASHIER=200',
    REQUEST_LINE,
    'content-type: application/json',
    '',
    '{"hello": "fincode"}',
    '',
  ].join('\n');
}

const SAMPLES = Object.fromEntries(
  readdirSync(join(REPO_ROOT, 'samples'))
    .filter((name) => name.endsWith('.http'))
    .map((name) => [`samples/${name}`, readFileSync(join(REPO_ROOT, 'samples', name), 'utf8')]),
);

/** A workbench with the peers and ours, a lab server to send to, and every console message of the window. */
interface Stage {
  workbench: Workbench;
  lab: LabServer;
  console: ConsoleMessage[];
}

async function startStage(peers: readonly Peer[]): Promise<Stage> {
  const lab = await startLabServer();
  try {
    const workbench = await startWorkbench({
      vsix: buildVsix(),
      peers: peers.map(peerVsix),
      files: { 'api.http': userFile(lab), ...SAMPLES },
      viewport: { width: 1600, height: 900 },
    });
    // Every message of the window from its start: listen, then load it again (what the first
    // load says while it unloads is dropped when the new document comes).
    const messages: ConsoleMessage[] = [];
    const { page } = workbench;
    page.on('console', (message) => messages.push(message));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) messages.length = 0;
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    return { workbench, lab, console: messages };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

async function stopStage(stage: Stage | undefined): Promise<void> {
  await stage?.workbench.close();
  await stage?.lab.stop();
}

/** Opens api.http and waits until the lenses of every extension named are drawn. */
async function openUserFile(page: Page, peers: readonly Peer[]): Promise<void> {
  await openFile(page, 'api.http');
  await lens(page, /^▶ Send as CASHIER \(cashier\)$/).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (peers.includes('rest-client')) await lens(page, /^Send Request$/).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (peers.includes('httpyac')) await lens(page, /^send$/).first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** The token widget left open over a token, for a screenshot. */
async function showTokenWidget(page: Page, lineText: string, column: number): Promise<void> {
  await placeCursor(page, lineText, column);
  await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
  await page.locator('.token-inspect-widget .tiw-metadata-table').first().waitFor({ state: 'visible', timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function tokenAt(page: Page, lineText: string, column: number): Promise<InspectedToken> {
  await placeCursor(page, lineText, column);
  return inspectTokenAtCursor(page);
}

/** The requests the lab server got since `from`, once `count` arrived and a moment passed for any other. */
async function newRequests(lab: LabServer, from: number, count: number): Promise<SeenRequest[]> {
  await waitUntil(() => lab.seen.length >= from + count, `${count} request(s) at the loopback server`, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return lab.seen.slice(from);
}

/** The status bar's problem counts over every open file, as its label reads ("Errors: 9, Infos: 4", "No Problems"). */
async function problemCounts(page: Page): Promise<{ errors: number; warnings: number; infos: number; label: string }> {
  const label = ((await page.locator('[id="status.problems"]').first().getAttribute('aria-label')) ?? '').trim();
  const count = (kind: string) => Number(new RegExp(`${kind}s?: (\\d+)`, 'i').exec(label)?.[1] ?? 0);
  return { errors: count('Error'), warnings: count('Warning'), infos: count('Info'), label };
}

type ProblemCounts = Awaited<ReturnType<typeof problemCounts>>;

/** The problem counts once `ready` holds and they stayed the same for two seconds (their extensions diagnose file by file). */
async function settledProblemCounts(page: Page, ready: (counts: ProblemCounts) => boolean, what: string): Promise<ProblemCounts> {
  return waitUntil(async () => {
    const first = await problemCounts(page);
    if (!ready(first)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = await problemCounts(page);
    return second.label === first.label ? second : undefined;
  }, what, 45_000);
}

/** The messages the Problems panel lists (file names, counts and positions left out). */
async function problemMessages(page: Page): Promise<string[]> {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const panel = page.locator('.markers-panel-container').first();
  await panel.waitFor({ state: 'visible', timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  return (await panel.innerText())
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\d+$/.test(line) && !/\.http/.test(line) && !/^\[Ln \d+, Col \d+\]$/.test(line));
}

/** The editor tabs' titles. */
async function tabTitles(page: Page): Promise<string[]> {
  return (await page.locator('.part.editor .tab').allInnerTexts()).map((title) => title.replace(/\s+/g, ' ').trim());
}

/** Extensions' ids and folder names: what marks a console message as an extension's. */
const EXTENSION_MARKS = /\[Extension Host\]|humao\.rest-client|anweber\.vscode-httpyac|fincode-tools\.fincode-api-explorer|\/extensions\//i;

/**
 * Errors the extensions logged: `[error]` lines of the extension host's log and of every output
 * channel (theirs and ours), and the window's console errors that come from the extension host or
 * name an extension. The workbench's own console errors (no network, its shutdown) are counted apart.
 */
function extensionErrors(stage: Stage): { errors: string[]; workbenchErrors: number } {
  const errors: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.log') && path.includes('exthost')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) if (/\[error\]/i.test(line)) errors.push(`${entry.name}: ${line}`);
      }
    }
  };
  walk(join(stage.workbench.userDataDir, 'logs'));
  let workbenchErrors = 0;
  for (const message of stage.console.filter((candidate) => candidate.type() === 'error')) {
    const line = `console: ${message.text()} (${message.location().url})`;
    if (EXTENSION_MARKS.test(line)) errors.push(line);
    else workbenchErrors++;
  }
  return { errors, workbenchErrors };
}

/** What these machines cause, not an extension: no internet (the marketplace), Node's deprecation notices. */
const ENVIRONMENTAL = /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|getaddrinfo|DeprecationWarning|--trace-deprecation/;

function checkNoErrors(stage: Stage): void {
  const { errors, workbenchErrors } = extensionErrors(stage);
  const unexplained = errors.filter((line) => !ENVIRONMENTAL.test(line));
  assert.deepEqual(unexplained, [], `errors logged by extensions:\n${unexplained.join('\n')}`);
  const kinds = [...new Set(errors.map((line) => line.replace(/\s+/g, ' ').slice(0, 140)))];
  console.log(`[e2e] extension error lines: ${errors.length}, all environmental (no network, Node deprecation notices): ${kinds.join(' | ') || 'none'}; workbench console errors: ${workbenchErrors}`);
}

/** Highlighting of the user's file: the host grammar's scopes, with ours on our annotations only. */
async function checkHighlighting(page: Page): Promise<{ method: InspectedToken; role: InspectedToken; expect: InspectedToken }> {
  const method = await tokenAt(page, REQUEST_LINE, 1);
  assert.equal(method.token, 'POST', method.text);
  assert.equal(method.language, 'http', method.text);
  assert.equal(method.textmateScopes.at(-1), 'source.http', method.text);
  assert.ok(!method.textmateScopes.some((scope) => scope.includes('fincode')), `their grammar colours the request line: ${method.text}`);
  const name = await tokenAt(page, '# @name echo', 3);
  assert.ok(!name.textmateScopes.some((scope) => scope.includes('fincode')), `their metadata stays theirs: ${name.text}`);
  const role = await tokenAt(page, '# @role CASHIER', 3);
  assert.equal(role.token, '@role', role.text);
  assert.deepEqual(role.textmateScopes, ['keyword.control.annotation.fincode.http', 'meta.annotation.fincode.http', 'source.http'], role.text);
  const expect = await tokenAt(page, '// @expect MANAGER', 4);
  assert.equal(expect.token, '@expect', expect.text);
  assert.equal(expect.textmateScopes[0], 'keyword.control.annotation.fincode.http', expect.text);
  console.log(`[e2e] scopes: POST → ${method.textmateScopes.join(' ')}; @name → ${name.textmateScopes.join(' ')}; @role → ${role.textmateScopes.join(' ')}`);
  return { method, role, expect };
}

/** Ctrl+Alt+R on the request: exactly one request, sent by one of theirs; ours opened nothing. */
async function checkSendKey(stage: Stage, peers: readonly Peer[]): Promise<SeenRequest> {
  const { page } = stage.workbench;
  const from = stage.lab.seen.length;
  await placeCursor(page, REQUEST_LINE, 0);
  await page.keyboard.press('Control+Alt+R');
  const [sent, ...more] = await newRequests(stage.lab, from, 1);
  assert.equal(more.length, 0, 'one request for one key press');
  const agents = peers.map((peer) => USER_AGENT[peer]);
  assert.ok(sent && agents.includes(String(sent.headers['user-agent'])), `sent by ${agents.join(' or ')}: ${JSON.stringify(sent?.headers)}`);
  assert.ok(!(await tabTitles(page)).some((title) => title.includes('FinCode Response')), 'our send did not run');
  console.log(`[e2e] Ctrl+Alt+R sent by ${String(sent?.headers['user-agent'])}`);
  return sent as SeenRequest;
}

/** Waits until `target` is at the same place on two looks 400 ms apart (at most 10 s). */
async function waitForStillBox(target: Locator): Promise<void> {
  let last = '';
  for (let look = 0; look < 25; look++) {
    const box = JSON.stringify(await target.boundingBox());
    if (box === last && box !== 'null') return;
    last = box;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

/** Clicks one lens above the request; returns the request it sent. */
async function clickLens(stage: Stage, title: RegExp): Promise<SeenRequest> {
  const from = stage.lab.seen.length;
  const target = lens(stage.workbench.page, title).first();
  // The previous send opens a response editor beside: a click while the layout still moves misses.
  await waitForStillBox(target);
  await target.click();
  const [sent, ...more] = await newRequests(stage.lab, from, 1);
  assert.equal(more.length, 0, `one request for one click on ${title}`);
  return sent as SeenRequest;
}

describe('beside REST Client and httpYac', { timeout: 600_000 }, () => {
  if (!PEERS_DIR) {
    it('REST Client and httpYac installed beside FinCode', { skip: NOT_RUN }, () => undefined);
    return;
  }
  const peers: Peer[] = ['rest-client', 'httpyac'];
  let stage: Stage | undefined;

  before(async () => {
    stage = await startStage(peers);
  });

  after(async () => {
    await stopStage(stage);
  });

  it('shows their CodeLenses and ours side by side above the request', async () => {
    await step(stage?.workbench, 'peers-lenses', async () => {
      const { page } = stage!.workbench;
      await openUserFile(page, peers);
      const lensLine = (await page.locator('.codelens-decoration').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ')).join(' / ');
      for (const title of ['▶ Send as CASHIER (cashier)', 'Send as every role', 'Send Request', 'send']) assert.ok(lensLine.includes(title), `${title} in ${lensLine}`);
      await stage!.workbench.screenshot('peers-01-lenses-together');
    });
  });

  it('keeps their grammar for the file and highlights our annotations on top', async () => {
    await step(stage?.workbench, 'peers-highlighting', async () => {
      const { page } = stage!.workbench;
      await checkHighlighting(page);
      // The widget over our annotation, for the screenshot.
      await showTokenWidget(page, '# @role CASHIER', 3);
      await stage!.workbench.screenshot('peers-02-highlighting');
      await page.keyboard.press('Escape');
    });
  });

  it('leaves Ctrl+Alt+R to their Send: ours does not run', async () => {
    await step(stage?.workbench, 'peers-key', async () => {
      await checkSendKey(stage!, peers);
    });
  });

  it('sends from each lens: REST Client\'s, httpYac\'s and ours each send and show a response', async () => {
    await step(stage?.workbench, 'peers-each-lens', async () => {
      const { page } = stage!.workbench;
      const restClient = await clickLens(stage!, /^Send Request$/);
      assert.equal(restClient.headers['user-agent'], USER_AGENT['rest-client']);
      await waitUntil(async () => (await tabTitles(page)).some((title) => /^Response\(\d+ms\)/.test(title)), "REST Client's response tab");

      const httpyac = await clickLens(stage!, /^send$/);
      assert.equal(httpyac.headers['user-agent'], USER_AGENT.httpyac);
      await waitUntil(async () => (await tabTitles(page)).some((title) => /^echo\.\w+ ?\.json/.test(title)), "httpYac's response editor");

      const ours = await clickLens(stage!, /^▶ Send as CASHIER \(cashier\)$/);
      assert.ok(![USER_AGENT['rest-client'], USER_AGENT.httpyac].includes(String(ours.headers['user-agent'])), JSON.stringify(ours.headers));
      await waitUntil(async () => (await tabTitles(page)).some((title) => /^200 POST · FinCode Response/.test(title)), 'our response view');
      assert.equal(stage!.lab.answered.filter((answer) => answer.url.includes('_emulator/echo')).every((answer) => answer.status === 200), true);
      console.log(`[e2e] tabs after the three sends: ${(await tabTitles(page)).join(' | ')}`);
      await stage!.workbench.screenshot('peers-03-three-responses');
    });
  });

  it('shares our variables through the command palette: our samples then show no error or warning in their extensions', async () => {
    await step(stage?.workbench, 'peers-samples-problems', async () => {
      const { page } = stage!.workbench;
      const samples = Object.keys(SAMPLES).map((path) => path.slice('samples/'.length));
      for (const sample of samples) await openFile(page, sample);
      // Before: only we define {{baseUrl}}, so their extensions mark it.
      const before = await settledProblemCounts(page, (counts) => counts.errors > 0, 'errors in the samples before sharing');
      const beforeMessages = await problemMessages(page);
      assert.ok(beforeMessages.some((message) => message.includes('baseUrl')), `{{baseUrl}} is what they miss: ${JSON.stringify(beforeMessages)}`);
      console.log(`[e2e] problems before sharing: ${before.label}: ${[...new Set(beforeMessages)].join(' | ')}`);
      await stage!.workbench.screenshot('peers-06-samples-before-sharing');

      // baseUrl is the active profile's environment: sign the cashier in (it becomes active).
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
      await runCommand(page, 'FinCode: Share Environment Variables with REST Client and httpYac');
      // Both installed: both are picked; accept.
      await quickInput(page).locator('.quick-input-title').filter({ hasText: /Share FinCode.s variables with/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Enter');
      const shared = await waitForNotification(page, /FinCode wrote .*baseUrl/);
      assert.match(shared, /rest-client\.environmentVariables/);
      assert.match(shared, /httpyac\.environmentVariables/);
      console.log(`[e2e] ${shared.replace(/\s+/g, ' ')}`);

      for (const sample of samples) await openFile(page, sample);
      const after = await settledProblemCounts(page, (counts) => counts.errors + counts.warnings === 0, 'no error or warning left in the samples');
      // What may stay is REST Client's note on a chained request ({{login.response…}}) until
      // "login" has been sent in REST Client: information, not a problem with the file.
      const messages = await problemMessages(page);
      assert.ok(messages.every((message) => /^Request '\w+' has not been sent$|^No problems have been detected/.test(message)), `problems left: ${JSON.stringify(messages)}`);
      console.log(`[e2e] problems after sharing: ${after.label}: ${[...new Set(messages)].join(' | ')}`);
      await stage!.workbench.screenshot('peers-07-samples-after-sharing');
    });
  });

  it('logs no error in any extension', async () => {
    await step(stage?.workbench, 'peers-no-errors', async () => {
      checkNoErrors(stage!);
    });
  });
});

for (const peer of ['rest-client', 'httpyac'] as const) {
  describe(`beside ${peer} alone`, { timeout: 600_000 }, () => {
    if (!PEERS_DIR) {
      it(`${peer} installed beside FinCode`, { skip: NOT_RUN }, () => undefined);
      return;
    }
    let stage: Stage | undefined;

    before(async () => {
      stage = await startStage([peer]);
    });

    after(async () => {
      await stopStage(stage);
    });

    it('keeps its grammar with our annotations on top, its Ctrl+Alt+R, and its lens beside ours', async () => {
      await step(stage?.workbench, `peers-${peer}`, async () => {
        const { page } = stage!.workbench;
        await openUserFile(page, [peer]);
        await checkHighlighting(page);
        const sent = await checkSendKey(stage!, [peer]);
        assert.equal(sent.headers['user-agent'], USER_AGENT[peer]);
        const fromLens = await clickLens(stage!, peer === 'rest-client' ? /^Send Request$/ : /^send$/);
        assert.equal(fromLens.headers['user-agent'], USER_AGENT[peer]);
        await stage!.workbench.screenshot(`peers-04-${peer}-alone`);
        checkNoErrors(stage!);
      });
    });
  });
}

describe('with neither REST Client nor httpYac', { timeout: 300_000 }, () => {
  let stage: Stage | undefined;

  before(async () => {
    stage = await startStage([]);
  });

  after(async () => {
    await stopStage(stage);
  });

  it('still highlights .http files, from our parse (semantic tokens, no grammar of ours)', async () => {
    await step(stage?.workbench, 'peers-none-highlighting', async () => {
      const { page } = stage!.workbench;
      await openUserFile(page, []);
      const role = await tokenAt(page, '# @role CASHIER', 3);
      assert.equal(role.semanticType, 'keyword', role.text);
      assert.deepEqual(role.textmateScopes, [], `no TextMate grammar: ${role.text}`);
      const method = await tokenAt(page, REQUEST_LINE, 1);
      assert.equal(method.semanticType, 'keyword', method.text);
      const header = await tokenAt(page, 'content-type: application/json', 1);
      assert.equal(header.semanticType, 'property', header.text);
      const comment = await tokenAt(page, '### Echo', 1);
      assert.equal(comment.semanticType, 'comment', comment.text);
      console.log(`[e2e] semantic token types: @role → ${role.semanticType}, POST → ${method.semanticType}, content-type → ${header.semanticType}, ### → ${comment.semanticType}`);
      await showTokenWidget(page, '# @role CASHIER', 3);
      await stage!.workbench.screenshot('peers-05-highlighting-without-peers');
      await page.keyboard.press('Escape');
    });
  });

  it('applies our editing rules: Toggle Line Comment writes a #', async () => {
    await step(stage?.workbench, 'peers-none-comment', async () => {
      const { page } = stage!.workbench;
      await placeCursor(page, 'content-type: application/json', 0);
      await page.keyboard.press('Control+/');
      await waitUntil(async () => (await activeEditorText(page)).includes('# content-type: application/json'), 'the line commented with #');
      await page.keyboard.press('Control+/');
      checkNoErrors(stage!);
    });
  });
});
