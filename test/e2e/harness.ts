// End-to-end harness: a real VS Code workbench (code-server, VS Code 1.139 with a Node extension
// host) with our VSIX installed, driven like a person through Debian's Chromium and playwright-core.
//
// Needs what scripts/e2e/setup.sh installs (Node 24 + code-server in a cache folder outside the
// repository, /usr/bin/chromium). Paths can be overridden with FINCODE_E2E_CACHE,
// FINCODE_E2E_NODE24, FINCODE_E2E_CODE_SERVER and FINCODE_E2E_CHROMIUM.
//
// Everything a run writes goes to one temporary folder (XDG dirs, user data, extensions, the
// workspace), removed by close(); screenshots go to test/e2e/screenshots/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.139.1';
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test', 'e2e', 'screenshots');

const CACHE_ROOT = process.env.FINCODE_E2E_CACHE || join(homedir(), '.cache', 'fincode-api-explorer');
const INSTALL_DIR = join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}`);
export const NODE24 = process.env.FINCODE_E2E_NODE24 || join(INSTALL_DIR, 'node24', 'bin', 'node');
export const CODE_SERVER_ENTRY =
  process.env.FINCODE_E2E_CODE_SERVER || join(INSTALL_DIR, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.FINCODE_E2E_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Settings every e2e workbench starts with: no Welcome page, no Chat panel. */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The sandbox listens on a loopback port: no "port forwarded" toasts over the scenario.
  'remote.autoForwardPorts': false,
};

export interface WorkbenchOptions {
  /** The VSIX to install before the workbench starts. */
  vsix: string;
  /** Other extensions' VSIX to install beside it (REST Client, httpYac…); installed once into the cache, then copied. */
  peers?: readonly string[];
  /** Extra user settings (merged over BASE_SETTINGS), written before code-server starts. */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace folder, by relative path. */
  files?: Record<string, string>;
  /** Start with workspace trust enabled (a trust scenario); default: --disable-workspace-trust. */
  workspaceTrust?: boolean;
  /** Extra code-server flags, e.g. ['--log', 'trace']. */
  codeServerArgs?: string[];
  /** Browser viewport; default 1400 x 900. */
  viewport?: { width: number; height: number };
}

export interface Workbench {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly browser: Browser;
  /** http://127.0.0.1:PORT of code-server. */
  readonly url: string;
  readonly workspace: string;
  /** The temporary folder holding everything this run writes (XDG dirs, user data, workspace). */
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** What code-server printed so far (stdout and stderr, interleaved). */
  serverOutput(): string;
  /** A PNG of the page at test/e2e/screenshots/NAME.png; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser, stops code-server and its children, removes the temporary folder. */
  close(): Promise<void>;
}

function checkInstalled(): void {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`e2e prerequisites missing (${missing.join(', ')}): run scripts/e2e/setup.sh first`);
  }
}

/** A code-server child in its own process group, so that close() can end it with its children. */
class ServerProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    const append = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  text(): string {
    return this.output;
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (exited) break;
      await sleep(100);
    }
    throw new Error(`code-server did not print ${pattern} ${exited ? '(it exited)' : `within ${timeoutMs} ms`}:\n${this.output.slice(-4000)}`);
  }

  private groupAlive(): boolean {
    try {
      process.kill(-this.child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM to the whole group, SIGKILL after a grace period; resolves when the group is gone. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.child.pid === undefined) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, name);
      } catch {
        // ESRCH: already gone.
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (this.groupAlive() && Date.now() < deadline) await sleep(100);
    if (this.groupAlive()) {
      signal('SIGKILL');
      const killDeadline = Date.now() + 5000;
      while (this.groupAlive() && Date.now() < killDeadline) await sleep(50);
    }
  }

  /** Last resort on process exit (synchronous). */
  killNow(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function codeServer(args: string[], env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ServerProcess(child);
}

// Safety net for a run that ends without close(): an uncaught error, or Ctrl+C / a runner's
// SIGTERM (code-server runs in its own process group, so those signals never reach it).
const liveServers = new Set<ServerProcess>();
const liveRoots = new Set<string>();
let exitHookInstalled = false;

function emergencyCleanup(): void {
  for (const live of liveServers) live.killNow();
  liveServers.clear();
  for (const root of liveRoots) rmSync(root, { recursive: true, force: true });
  liveRoots.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', emergencyCleanup);
  const signals = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
  for (const [signal, number] of Object.entries(signals)) {
    process.once(signal, () => {
      emergencyCleanup();
      // Then end as the signal would have (other libraries' handlers would keep us alive;
      // Playwright kills its browser on 'exit').
      process.exit(128 + number);
    });
  }
}

function track(server: ServerProcess): void {
  installExitHook();
  liveServers.add(server);
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Installs the VSIX into a fresh code-server, starts it on a free loopback port with a temporary
 * workspace, and opens that workspace in Chromium. On any failure everything started is torn down.
 */
export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  checkInstalled();
  const root = mkdtempSync(join(tmpdir(), 'fincode-e2e-'));
  const dirs = {
    config: join(root, 'xdg-config'),
    data: join(root, 'xdg-data'),
    cache: join(root, 'xdg-cache'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    workspace: join(root, 'workspace'),
    // VS Code puts IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock) in the temp dir and leaves
    // them behind: keep them inside our folder (short path: a socket path has a 108-byte limit).
    tmp: join(root, 'tmp'),
  };
  installExitHook();
  liveRoots.add(root);
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  writeJson(join(dirs.userData, 'User', 'settings.json'), { ...BASE_SETTINGS, ...options.settings });
  for (const [relative, content] of Object.entries(options.files ?? {})) {
    const path = join(dirs.workspace, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
  };
  // Our own variables must not leak into the extension host as if a user had set them.
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_PATH;

  const common = [
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];

  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      liveServers.delete(server);
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    liveRoots.delete(root);
  };

  try {
    // 1. Install the VSIX (a short-lived code-server run), after the peers' (from the cache).
    if (options.peers?.length) await installPeers(options.peers, dirs.extensions, env);
    const installer = codeServer([...common, '--install-extension', resolve(options.vsix)], env);
    track(installer);
    const code = await Promise.race([installer.exited, sleep(120_000, 'timeout' as const, { ref: false })]);
    liveServers.delete(installer);
    if (code !== 0) {
      await installer.stop();
      throw new Error(`code-server --install-extension ${options.vsix} ${code === 'timeout' ? 'timed out' : `exited ${code}`}:\n${installer.text()}`);
    }
    if (!/successfully installed/i.test(installer.text())) {
      throw new Error(`code-server did not report the VSIX as installed:\n${installer.text()}`);
    }

    // 2. Start code-server on a port the OS picks; it prints the real one.
    server = codeServer(
      [...common, '--bind-addr', '127.0.0.1:0', ...(options.codeServerArgs ?? []), dirs.workspace],
      env,
    );
    track(server);
    const [, port] = await server.waitFor(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//, 60_000);
    const url = `http://127.0.0.1:${port}`;

    // 3. Chromium, with its profile and caches inside the temporary folder too.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      env: { ...env, HOME: root },
      timeout: 60_000,
    });
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1400, height: 900 },
      // Granted so that vscode.env.clipboard works without a permission prompt nobody answers.
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await context.addInitScript(NOTIFICATION_RECORDER);
    const page = await context.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await waitForWorkbench(page);

    const started = server;
    return {
      page,
      context,
      browser,
      url,
      workspace: dirs.workspace,
      root,
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      serverOutput: () => started.text(),
      screenshot: (name) => screenshot(page, name),
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** One short-lived `code-server --install-extension` run for each VSIX, into `extensionsDir`. */
async function installExtensions(vsixes: readonly string[], extensionsDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const userData = mkdtempSync(join(env.TMPDIR ?? tmpdir(), 'install-'));
  const args = ['--user-data-dir', userData, '--extensions-dir', extensionsDir, ...vsixes.flatMap((vsix) => ['--install-extension', resolve(vsix)])];
  const installer = codeServer(args, env);
  track(installer);
  const code = await Promise.race([installer.exited, sleep(120_000, 'timeout' as const, { ref: false })]);
  liveServers.delete(installer);
  rmSync(userData, { recursive: true, force: true });
  const installed = installer.text().match(/successfully installed/gi)?.length ?? 0;
  if (code !== 0 || installed !== vsixes.length) {
    await installer.stop();
    throw new Error(`code-server --install-extension ${vsixes.join(' ')} ${code === 'timeout' ? 'timed out' : `exited ${code}`}, ${installed} installed:\n${installer.text()}`);
  }
}

/**
 * Installs other extensions' VSIX into `extensionsDir`: the first time into a cache folder keyed
 * by their content (so a rerun copies instead of installing), then copied, with extensions.json's
 * paths pointing at the copy.
 */
async function installPeers(vsixes: readonly string[], extensionsDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const hash = createHash('sha256');
  for (const vsix of vsixes) hash.update(readFileSync(vsix));
  const cached = join(CACHE_ROOT, 'peer-extensions', `${CODE_SERVER_VERSION}-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(cached, 'extensions.json'))) {
    mkdirSync(dirname(cached), { recursive: true });
    const staging = mkdtempSync(`${cached}.staging-`);
    try {
      await installExtensions(vsixes, staging, env);
      writeFileSync(join(staging, 'extensions.json'), readFileSync(join(staging, 'extensions.json'), 'utf8').split(staging).join(cached));
      rmSync(cached, { recursive: true, force: true });
      renameSync(staging, cached);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  cpSync(cached, extensionsDir, { recursive: true });
  writeFileSync(join(extensionsDir, 'extensions.json'), readFileSync(join(cached, 'extensions.json'), 'utf8').split(cached).join(extensionsDir));
}

/** The workbench is up: activity bar and status bar drawn, the workspace folder open. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .explorer-folders-view, .monaco-workbench .explorer-viewlet').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  // Finish CSS transitions (a toast fading in) so the picture shows the settled state.
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** A modal dialog (what VS Code shows when a command throws) blocks F1: fail with its text. */
async function failOnDialog(page: Page): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  if (await dialog.isVisible()) {
    throw new Error(`A modal dialog is open: ${(await dialog.innerText()).replace(/\s+/g, ' ').trim()}`);
  }
}

/** The quick input widget (palette, input box, quick pick). */
export const quickInput = (page: Page): Locator => page.locator('.quick-input-widget');

/** Escapes a string for use inside a CSS attribute selector in double quotes. */
function cssString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Runs a command from the command palette like a person: F1, type the title, pick the row whose
 * aria-label is the title (rows are virtualised and reused: never pick by position).
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  await failOnDialog(page);
  const deadline = Date.now() + timeoutMs;
  // Exactly the title, or the title followed by ", <keybinding/recently used …>".
  const row = page.locator(
    `.quick-input-widget .monaco-list-row[aria-label="${cssString(title)}"], .quick-input-widget .monaco-list-row[aria-label^="${cssString(title)}, "]`,
  );
  const widget = quickInput(page);
  for (let attempt = 1; ; attempt++) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
    const input = widget.locator('.quick-input-box input');
    await input.fill(`>${title}`, { timeout: 10_000 });
    try {
      // An extension's commands appear once the extension host has scanned it: retry a while.
      await row.first().waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(1_000, deadline - Date.now())) });
    } catch (error) {
      const rows = await ariaLabels(widget.locator('.monaco-list-row'));
      await closeQuickInput(page);
      if (Date.now() >= deadline) {
        throw new Error(`Command "${title}" not found in the palette after ${attempt} attempts; rows: ${JSON.stringify(rows)}`, { cause: error });
      }
      await sleep(500);
      continue;
    }
    // Never retried from here on: the command may have run.
    await row.first().click();
    // The palette closes, or gives way to the command's own quick input (an input box, a pick).
    const until = Date.now() + 10_000;
    while ((await widget.isVisible()) && (await input.inputValue().catch(() => '')) === `>${title}`) {
      if (Date.now() > until) throw new Error(`The palette did not close after picking "${title}"`);
      await sleep(100);
    }
    return;
  }
}

/**
 * The aria-labels of the rows a locator matches now, in list order (a list row's data-index; DOM
 * order otherwise), read in one pass: a row counted and then read by position may be gone by then
 * (a list re-renders after a change), and a read of it waits 30 s for nothing.
 */
export async function ariaLabels(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((elements) =>
    elements
      .map((element) => ({ index: Number(element.getAttribute('data-index')), label: element.getAttribute('aria-label') }))
      .sort((a, b) => a.index - b.index)
      .flatMap((row) => row.label ?? []),
  );
}

/** Escape until the quick input (palette, input box, quick pick) is gone. */
export async function closeQuickInput(page: Page): Promise<void> {
  const widget = quickInput(page);
  for (let i = 0; i < 3 && (await widget.isVisible()); i++) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
}

/** Waits for a notification toast whose text matches; returns that text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast-container').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.locator('.notification-list-item-message').first().innerText()).trim();
}

/** Waits until no notification toast matches the text (a progress notification ends when its work does). */
export async function waitForNotificationGone(page: Page, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await page.locator('.notifications-toasts .notification-toast-container').filter({ hasText: text }).waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * Scrolls a virtualised list (mouse wheel over it) until the row is drawn: down first, then back
 * up, as lists can re-sort while they are read.
 */
export async function scrollListUntilVisible(page: Page, list: Locator, row: Locator, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let direction = 1;
  for (let turn = 0; !(await row.isVisible()); turn++) {
    if (Date.now() >= deadline) throw new Error(`Row ${row} not found in the list within ${timeoutMs} ms`);
    if (turn > 0 && turn % 8 === 0) direction = -direction;
    await list.hover();
    await page.mouse.wheel(0, direction * 300);
    await sleep(150);
  }
  // Drawn is not yet on screen in full: wheel it inside the list's box (the list scrolls itself,
  // so the page's scrollIntoView does not help).
  for (let i = 0; i < 10; i++) {
    const [rowBox, listBox] = await Promise.all([row.boundingBox(), list.boundingBox()]);
    if (!rowBox || !listBox) break;
    const below = rowBox.y + rowBox.height - (listBox.y + listBox.height);
    const above = listBox.y - rowBox.y;
    if (below <= 0.5 && above <= 0.5) break;
    await list.hover();
    await page.mouse.wheel(0, below > 0.5 ? Math.ceil(below) + 2 : -Math.ceil(above) - 2);
    await sleep(150);
  }
}

/** Closes all notification toasts (Clear All Notifications), so they do not cover later steps. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast-container').first().waitFor({ state: 'hidden', timeout: 5_000 });
}

/** Types into the open input box (showInputBox) and presses Enter. */
export async function answerInputBox(page: Page, value: string, options: { title?: string; timeoutMs?: number } = {}): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 15_000 });
  if (options.title !== undefined) {
    await widget.locator('.quick-input-title').filter({ hasText: options.title }).waitFor({ state: 'visible', timeout: options.timeoutMs ?? 15_000 });
  }
  const input = widget.locator('.quick-input-box input');
  await input.fill(value);
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Clicks into the active editor on the line that contains `text`, at its end. */
export async function clickEndOfLine(page: Page, text: string): Promise<void> {
  const line = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-line').filter({ hasText: text }).last();
  await line.waitFor({ state: 'visible', timeout: 15_000 });
  await line.click();
  await page.keyboard.press('End');
}

/** Monaco draws spaces as no-break spaces; lines are separate divs. */
function normalizeEditorText(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** The visible text of the active editor (Monaco renders only the lines on screen). */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 15_000 });
  return normalizeEditorText(await lines.innerText());
}

/** Waits until the active editor shows every one of the given strings; returns its text. */
export async function waitForEditorText(page: Page, expected: readonly string[], timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await activeEditorText(page).catch(() => '');
    if (expected.every((part) => text.includes(part))) return text;
    await sleep(200);
  }
  throw new Error(`The active editor does not show ${JSON.stringify(expected)}; it shows:\n${text}`);
}

/** The visible text of the Output panel, after checking it shows the given channel. */
export async function outputPanelText(page: Page, channel: string): Promise<string> {
  const panel = page.locator('.part.panel');
  await panel.waitFor({ state: 'visible', timeout: 15_000 });
  const output = panel.locator('.output-view, [id="workbench.panel.output"]').first();
  await output.waitFor({ state: 'visible', timeout: 15_000 });
  // The channel picker in the panel's title bar names the channel shown.
  const selected = panel.locator('.title-actions select.monaco-select-box option:checked').first();
  if (await selected.count()) {
    const shown = ((await selected.textContent()) ?? '').trim();
    if (shown !== channel) throw new Error(`The Output panel shows channel "${shown}", not "${channel}"`);
  }
  return normalizeEditorText(await output.locator('.view-lines').first().innerText());
}

/** Waits until the Output panel (showing the given channel) contains the text; returns it all. */
export async function waitForOutput(page: Page, channel: string, expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      text = await outputPanelText(page, channel);
      if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(`The Output panel (${channel}) does not show ${expected}; it shows:\n${text}`, { cause: lastError });
}

/**
 * The extension host's copy of an output channel, from <user-data-dir>/logs (complete, unlike the
 * panel, which only draws the lines on screen). Empty string if the channel has no file yet.
 */
export function outputChannelLog(userDataDir: string, channel: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === `${channel}.log` || entry.name.endsWith(`-${channel}.log`)) files.push(path);
    }
  };
  const logs = join(userDataDir, 'logs');
  if (existsSync(logs)) walk(logs);
  files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  return files.map((file) => readFileSync(file, 'utf8')).join('');
}

/** Whether the extension host has activated the extension, from its exthost log. */
export function extensionActivatedInLog(userDataDir: string, extensionId: string): boolean {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return false;
  const needle = `ExtensionService#_doActivateExtension ${extensionId}`;
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /exthost\.log$/.test(entry.name) && readFileSync(path, 'utf8').includes(needle);
    });
  return walk(logs);
}

/** Polls until check() returns a truthy value (returned), or fails with the message. */
export async function waitUntil<T>(check: () => T | Promise<T>, message: string, timeoutMs = 15_000, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${message}`);
    await sleep(intervalMs);
  }
}

/**
 * Runs one step of a scenario; on failure saves test/e2e/screenshots/failure-NAME.png and adds
 * the end of code-server's output to the error, then rethrows.
 */
export async function step<T>(workbench: Workbench | undefined, name: string, body: () => Promise<T>): Promise<T> {
  if (!workbench) throw new Error(`No workbench for step "${name}": startWorkbench failed (see the before hook)`);
  try {
    return await body();
  } catch (error) {
    const shot = await workbench.screenshot(`failure-${name}`).catch(() => undefined);
    // Leave the workbench usable for the next step: close a quick input or a modal editor.
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `step "${name}" failed: ${message}\n${shot ? `screenshot: ${shot}\n` : ''}code-server output (end):\n${workbench.serverOutput().slice(-3000)}`,
      { cause: error },
    );
  }
}

/** Builds the VSIX with the project's own script (npm run package); returns its path. */
export function buildVsix(): string {
  const prebuilt = process.env.FINCODE_E2E_VSIX;
  if (prebuilt) {
    if (!existsSync(prebuilt)) throw new Error(`FINCODE_E2E_VSIX=${prebuilt} does not exist`);
    return resolve(prebuilt);
  }
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(`npm run package failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
  }
  const vsix = join(REPO_ROOT, 'fincode-api-explorer.vsix');
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/** Plain JS run in the page: every string in localStorage (except the sealed secrets.provider) and IndexedDB. */
const BROWSER_STORAGE_SCAN = `(async () => {
  const decoder = new TextDecoder();
  const text = (value) => {
    if (value instanceof Uint8Array) return decoder.decode(value);
    if (value instanceof ArrayBuffer) return decoder.decode(new Uint8Array(value));
    if (typeof value === 'string') return value;
    try { return JSON.stringify(value); } catch { return String(value); }
  };
  const parts = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== 'secrets.provider') parts.push(key + '=' + localStorage.getItem(key));
  }
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(info.name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const entries = await new Promise((resolve, reject) => {
        const tx = db.transaction(store, 'readonly');
        const keys = tx.objectStore(store).getAllKeys();
        const values = tx.objectStore(store).getAll();
        tx.oncomplete = () => resolve(keys.result.map((key, index) => [key, values.result[index]]));
        tx.onerror = () => reject(tx.error);
      });
      for (const [key, value] of entries) parts.push(info.name + '/' + store + '/' + text(key) + '=' + text(value));
    }
    db.close();
  }
  return parts.join('\\n');
})()`;

/**
 * What the browser side of code-server keeps (globalState, workspaceState, webview state, logs
 * live in IndexedDB; SecretStorage is the one sealed `secrets.provider` entry, skipped): for
 * canary scans that prove no secret leaks.
 */
export async function browserStorageText(page: Page): Promise<string> {
  return String(await page.evaluate(BROWSER_STORAGE_SCAN));
}

// ------------------------------------------------------------------ the FinCode UI

/** A workspace .http file: an echo request, and a demo endpoint the documented matrix forbids CASHIER (a 403 hint). */
export const ECHO_AND_DEMO_HTTP = `# Requests against the local FinCode sandbox.

### Echo
POST {{baseUrl}}/_emulator/echo
content-type: application/json

{"hello": "fincode"}

### View all transactions (documented: CASHIER ❌)
GET {{baseUrl}}/_emulator/demo/transactions
`;

/** A tree row (FinCode view, Endpoints view) by the start of its aria-label. */
export const treeRow = (page: Page, ariaPrefix: string): Locator => page.locator(`.monaco-list-row[aria-label^="${cssString(ariaPrefix)}"]`).first();

/** A status bar item by its text. */
export const statusItem = (page: Page, text: RegExp): Locator => page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();

/** A CodeLens: a link, or a plain span when it has no command. */
export const lens = (page: Page, text: string | RegExp): Locator => page.locator('.codelens-decoration > a, .codelens-decoration > span').filter({ hasText: text });

/** What the editors draw after their lines' text: extension decorations' `after` text (VS Code renders it as CSS ::after content). */
export async function textAfterLines(page: Page): Promise<string[]> {
  const contents = (await page.evaluate(
    `[...document.querySelectorAll('.part.editor .view-lines span')].map((span) => getComputedStyle(span, '::after').content)`,
  )) as string[];
  return contents.filter((content) => content.startsWith('"')).map((content) => content.slice(1, -1));
}

/** The page inside the newest webview: VS Code nests it in two iframes (host frame, then the page's own). */
export const webviewFrame = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');

export async function ariaOf(row: Locator): Promise<string> {
  return (await row.getAttribute('aria-label')) ?? '';
}

/** Clicks the FinCode icon in the activity bar and waits for the profiles tree. */
export async function openFinCodeView(page: Page): Promise<void> {
  const icon = page.locator('.part.activitybar .action-item .action-label[aria-label^="FinCode"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  // Clicking the icon of the view already shown closes the side bar (after a reload it comes back
  // open, and a click while it is being restored can close it again): checked again until the tree shows.
  const shown = page.locator('.part.activitybar .action-item.checked .action-label[aria-label^="FinCode"]');
  const row = treeRow(page, 'Local sandbox');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if ((await shown.count()) === 0 || !(await page.locator('.part.sidebar').isVisible())) await icon.click();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
  }
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab to be the active one. */
export async function openFile(page: Page, name: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('.quick-input-box input').fill(name);
  const pick = widget.locator(`.monaco-list-row[aria-label^="${cssString(name)}"]`).first();
  await pick.waitFor({ state: 'visible', timeout: 15_000 });
  await pick.click();
  await page.locator(`.part.editor .tab.active[aria-label^="${cssString(name)}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** One step of a multi-step input: waits for its prompt (or validation message), types, presses Enter. */
export async function answerStep(page: Page, prompt: RegExp, value: string): Promise<void> {
  const widget = quickInput(page);
  await widget.locator('.quick-input-message').filter({ hasText: prompt }).waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  await input.fill(value);
  await input.press('Enter');
}

/** Clicks the quick pick row whose text matches. */
export async function pickQuickPickRow(page: Page, text: RegExp): Promise<void> {
  const row = quickInput(page).locator('.monaco-list-row').filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** The message under the input box once it matches (a validation message replaces the prompt). */
export async function waitForQuickInputMessage(page: Page, text: RegExp): Promise<string> {
  const message = quickInput(page).locator('.quick-input-message').filter({ hasText: text }).first();
  await message.waitFor({ state: 'visible', timeout: 10_000 });
  return (await message.innerText()).trim();
}

export async function waitForQuickInputTitle(page: Page, text: RegExp): Promise<void> {
  await quickInput(page).locator('.quick-input-title').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Hovers a profile row and clicks its inline Sign In action. */
export async function signInFromTree(page: Page, ariaPrefix: string): Promise<Locator> {
  const row = treeRow(page, ariaPrefix);
  await row.hover();
  await row.getByRole('button', { name: /^Sign In/ }).click();
  return row;
}

/** "FinCode: Add Environment" → Custom base URL → the URL → the label; waits for its tree row. */
export async function addCustomEnvironment(page: Page, baseUrl: string, label: string): Promise<Locator> {
  await runCommand(page, 'FinCode: Add Environment…');
  await pickQuickPickRow(page, /Custom base URL/);
  await answerStep(page, /Base URL of the FinCode API/, baseUrl);
  await answerStep(page, /A label for/, label);
  const row = treeRow(page, `${label}, `);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  return row;
}

export interface NewProfile {
  /** The environment's label in the environment pick (asked when there are several). */
  readonly environment: string;
  readonly role: 'MANAGER' | 'AGENT' | 'CASHIER' | 'CUSTOMER';
  readonly email: string;
  readonly name: string;
  /** Remembered in the keyring; without it "Ask at every sign-in". */
  readonly password?: string;
}

/** "FinCode: Add Profile", all five steps; waits for the profile's tree row. */
export async function addProfile(page: Page, profile: NewProfile): Promise<Locator> {
  await runCommand(page, 'FinCode: Add Profile…');
  await pickQuickPickRow(page, new RegExp(`^${escapeRegExp(profile.environment)}`));
  await waitForQuickInputTitle(page, new RegExp(`Add Profile to ${escapeRegExp(profile.environment)}`));
  await pickQuickPickRow(page, new RegExp(profile.role));
  await answerStep(page, /E-mail address of the FinCode user/, profile.email);
  await answerStep(page, /A name for this profile/, profile.name);
  if (profile.password === undefined) {
    await pickQuickPickRow(page, /Ask at every sign-in/);
  } else {
    await pickQuickPickRow(page, /Remember the password/);
    await answerStep(page, /Password for /, profile.password);
  }
  await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
  const row = treeRow(page, `${profile.name}, ${profile.role}, ${profile.email}, `);
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  return row;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ------------------------------------------------------------------ canary scans

/**
 * Runs in every page the browser context opens (added before the workbench loads): keeps the text
 * of every notification shown (toasts and the notification center), also those cleared since, in
 * `window.__fincodeNotifications`, for canary scans. Webview frames are skipped.
 */
const NOTIFICATION_RECORDER = `(() => {
  if (window.top !== window) return;
  const seen = new Set();
  window.__fincodeNotifications = seen;
  let scheduled = false;
  const collect = () => {
    scheduled = false;
    for (const node of document.querySelectorAll('.notification-list-item-message, .notification-list-item-details-row')) {
      const text = node.textContent;
      if (text) seen.add(text);
    }
  };
  const start = () => new MutationObserver(() => {
    if (!scheduled) { scheduled = true; setTimeout(collect, 100); }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})()`;

/** Every notification text shown since the page loaded (see NOTIFICATION_RECORDER). */
export async function notificationTexts(page: Page): Promise<string[]> {
  return (await page.evaluate('[...(window.__fincodeNotifications ?? [])]')) as string[];
}

/**
 * Copies this run's screenshot over README's picture docs/screenshots/NAME only when
 * FINCODE_E2E_DOCS=1 asks for it: a test run leaves the tracked pictures as they are.
 */
export function refreshDocPicture(picture: string, name: string): void {
  const target = join(REPO_ROOT, 'docs', 'screenshots', name);
  if (process.env.FINCODE_E2E_DOCS !== '1') {
    console.log(`[e2e] docs/screenshots/${name} left as it is (FINCODE_E2E_DOCS=1 refreshes it from ${picture})`);
    return;
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(picture, target);
}

/** What `read` gives, or undefined when the file is gone: a temporary file renamed over its target while a scan walks. */
function unlessGone<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function filesUnder(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of unlessGone(() => readdirSync(dir, { withFileTypes: true })) ?? []) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && (unlessGone(() => statSync(path).size) ?? Infinity) < 50 * 1024 * 1024) files.push(path);
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

export interface CanaryScan {
  /** "NAME in WHERE" for every canary found; empty when none leaked. */
  readonly leaks: string[];
  /** What was read, so that a test can check the scan looked where the data is. */
  readonly files: string[];
  /** Of those, the request history as stored (history.json in the workspace's extension storage). */
  readonly historyFiles: string[];
  readonly browserStorage: string;
  readonly frames: number;
  readonly notifications: string[];
}

/** FinCode's request history file: `history.json` in the extension's storage folder of a workspace. */
export function isHistoryFile(path: string): boolean {
  return /[\\/]workspaceStorage[\\/][^\\/]+[\\/]fincode-tools\.fincode-api-explorer[\\/]history\.json$/.test(path);
}

/** The request history files under a run's folder. */
export function historyFiles(workbench: Workbench): string[] {
  return filesUnder(workbench.root).filter(isHistoryFile);
}

/**
 * Looks for each canary (a password, a token…) everywhere a run keeps or shows text: every file of
 * the run's folder (code-server and extension host logs at any level, output channels, user and
 * workspace settings.json, state.vscdb, the request history's history.json, the workspace's files), the browser's storage (globalState,
 * workspaceState, webview state; not the sealed SecretStorage entry), the DOM of the workbench and
 * of every webview frame (their HTML and rendered text), every notification shown, and what
 * code-server printed.
 */
export async function canaryScan(workbench: Workbench, canaries: Readonly<Record<string, string>>): Promise<CanaryScan> {
  const { page } = workbench;
  const leaks: string[] = [];
  const check = (where: string, text: string) => {
    for (const [name, canary] of Object.entries(canaries)) if (canary && text.includes(canary)) leaks.push(`${name} in ${where}`);
  };
  const files = filesUnder(workbench.root).filter((file) => {
    const text = unlessGone(() => readFileSync(file, 'utf8'));
    if (text !== undefined) check(file, text);
    return text !== undefined;
  });
  const browserStorage = await browserStorageText(page);
  check("the browser's localStorage/IndexedDB", browserStorage);
  let frames = 0;
  for (const frame of page.frames()) {
    const html = await frame.evaluate('document.documentElement ? document.documentElement.outerHTML + document.documentElement.innerText : ""').catch(() => undefined);
    if (typeof html !== 'string') continue;
    frames++;
    check(`the DOM of ${frame === page.mainFrame() ? 'the workbench' : `frame ${frame.url().slice(0, 80)}`}`, html);
  }
  const notifications = await notificationTexts(page);
  check('a notification', notifications.join('\n'));
  check("code-server's output", workbench.serverOutput());
  return { leaks, files, historyFiles: files.filter(isHistoryFile), browserStorage, frames, notifications };
}

/**
 * Right-clicks a row and runs the context menu item with that label. A menu just opened may not
 * take a click yet (it guards against the opening right-click's mouse-up): clicked again until
 * the menu closes.
 */
export async function contextMenuAction(page: Page, row: Locator, label: string, beforeClick?: () => Promise<void>): Promise<void> {
  await row.click({ button: 'right' });
  const menu = page.locator('.monaco-menu').first();
  const item = menu.locator('.action-item').filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await beforeClick?.();
  for (let attempt = 1; ; attempt++) {
    await item.click();
    try {
      await menu.waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw new Error(`The context menu item "${label}" did not run after ${attempt} clicks`, { cause: error });
    }
  }
}

/** Right-clicks a row and returns the labels of its context menu, then closes the menu with Escape. */
export async function contextMenuLabels(page: Page, row: Locator): Promise<string[]> {
  await row.click({ button: 'right' });
  const menu = page.locator('.monaco-menu').first();
  const labels = menu.locator('.action-item .action-label');
  await labels.first().waitFor({ state: 'visible', timeout: 10_000 });
  const texts = (await labels.allInnerTexts()).map((text) => text.trim()).filter((text) => text !== '');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 5_000 });
  return texts;
}

/** Waits for a modal dialog (a `modal: true` message) whose text matches; returns its whole text. */
export async function waitForModal(page: Page, text: RegExp): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text });
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  return (await dialog.innerText()).replace(/\s+/g, ' ').trim();
}

/** The labels of the open modal dialog's buttons, in the order shown. */
export async function modalButtons(page: Page): Promise<string[]> {
  return (await page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').allInnerTexts()).map((text) => text.trim());
}

/** Clicks the open modal dialog's button with exactly that label and waits for the dialog to close. */
export async function answerModal(page: Page, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.locator('.monaco-button').filter({ hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The Status cell of a role's row in the "Send as every role" matrix of the response view. */
export async function matrixStatus(page: Page, role: string): Promise<string> {
  return (await webviewFrame(page).locator(`#matrix tr[data-role="${cssString(role)}"] td.status`).innerText()).trim();
}

/** Escape until the modal editor (the Settings editor opens as one) is closed: it keeps Quick Open from opening. */
export async function closeModalEditor(page: Page): Promise<void> {
  const modal = page.locator('.modal-editor-part');
  for (let i = 0; i < 3 && (await modal.isVisible()); i++) {
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  }
  if (await modal.isVisible()) throw new Error('The modal editor did not close on Escape');
}

/** Expands a notification toast whose text matches (a long message is cut to one line), for a screenshot that shows all of it. */
export async function expandNotification(page: Page, text: string | RegExp): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast-container').filter({ hasText: text }).first();
  await toast.hover();
  const expand = toast.locator('.codicon-notifications-expand').first();
  if (await expand.isVisible()) await expand.click();
}

// ------------------------------------------------------------------ editor tokens

/** Puts the cursor on the active editor's first line containing `lineText`, `column` characters after its first non-blank. */
export async function placeCursor(page: Page, lineText: string, column: number): Promise<void> {
  await closeQuickInput(page);
  await clickEndOfLine(page, lineText);
  await page.keyboard.press('Home');
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
}

export interface InspectedToken {
  /** The token's text, as the widget's heading shows it. */
  readonly token: string;
  readonly language: string;
  /** TextMate scopes, innermost first; empty when no grammar coloured the token. */
  readonly textmateScopes: readonly string[];
  /** The semantic token type, when a semantic tokens provider coloured it. */
  readonly semanticType?: string;
  /** The widget's whole text, for messages. */
  readonly text: string;
}

/** Runs "Developer: Inspect Editor Tokens and Scopes" at the cursor and reads the widget, as a person reads it; then closes it. */
export async function inspectTokenAtCursor(page: Page): Promise<InspectedToken> {
  const widget = page.locator('.token-inspect-widget');
  await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
  await widget.locator('.tiw-metadata-table').first().waitFor({ state: 'visible', timeout: 15_000 });
  const row = (key: string) => widget.locator('tr').filter({ has: page.locator('td.tiw-metadata-key', { hasText: new RegExp(`^${escapeRegExp(key)}$`) }) }).first().locator('td.tiw-metadata-value').first();
  // The semantic part is computed after the TextMate part: wait for it when a provider exists.
  await sleep(500);
  const value = async (key: string) => ((await row(key).count()) ? (await row(key).innerText()).trim() : undefined);
  const text = (await widget.innerText()).trim();
  const scopes = await value('textmate scopes');
  // The heading is the token's text followed by a "N chars" span.
  const heading = await widget.locator('h2.tiw-token').evaluate((node) => node.firstChild?.textContent ?? '');
  const result: InspectedToken = {
    token: heading.replace(/\u00a0/g, ' '),
    language: (await value('language')) ?? '',
    textmateScopes: scopes ? scopes.split('\n').map((scope) => scope.trim()).filter(Boolean) : [],
    semanticType: await value('semantic token type'),
    text,
  };
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  return result;
}
