// Accessible webviews in a real VS Code workbench (code-server) with the packaged VSIX: axe-core
// runs inside the response view, the every-role view and the JWT inspector, each in a dark, a
// light and a high-contrast theme, and finds no serious or critical violation (the counts per view
// and theme are printed). Each view is then used from the keyboard alone: Tab reaches a control,
// its focus ring is drawn in the theme's focus colour, and Enter or Space works it.
// Screenshots: test/e2e/screenshots/a11y-*.png
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import axe from 'axe-core';
import type { Frame, Page } from 'playwright-core';
import {
  ariaOf,
  buildVsix,
  clearNotifications,
  ECHO_AND_DEMO_HTTP,
  lens,
  openFile,
  openFinCodeView,
  quickInput,
  runCommand,
  SCREENSHOT_DIR,
  signInFromTree,
  startWorkbench,
  step,
  waitUntil,
  type Workbench,
} from './harness';

/** Each theme by its `workbench.colorTheme` id, its label in the picker, and what the webview's body says of it (data-vscode-theme-name, -kind). */
const THEMES = [
  { id: 'Default Dark Modern', label: 'Dark Modern', kind: 'vscode-dark' },
  { id: 'Default Light Modern', label: 'Light Modern', kind: 'vscode-light' },
  { id: 'Default High Contrast', label: 'Dark High Contrast', kind: 'vscode-high-contrast' },
] as const;
type Theme = (typeof THEMES)[number];

interface Violation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/** The page of the webview shown last: its inner frame (VS Code nests it in a host frame). */
async function webviewPage(page: Page): Promise<Frame> {
  return waitUntil(async () => {
    const host = await page.locator('iframe.webview.ready').last().elementHandle({ timeout: 1_000 }).catch(() => null);
    const outer = await host?.contentFrame();
    const inner = await (await outer?.$('iframe#active-frame'))?.contentFrame();
    return inner ?? undefined;
  }, 'the webview page', 30_000);
}

/** Picks the colour theme as a person does (Preferences: Color Theme) and waits until the webview has it. */
async function useTheme(workbench: Workbench, theme: Theme): Promise<void> {
  const { page } = workbench;
  await runCommand(page, 'Preferences: Color Theme');
  await quickInput(page).locator('.quick-input-box input').fill(theme.label);
  await quickInput(page).locator(`.monaco-list-row[aria-label^="${theme.label}"]`).first().click();
  await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
  let seen: unknown;
  await waitUntil(
    async () => {
      seen = await (await webviewPage(page)).evaluate('[document.body.dataset.vscodeThemeName, document.body.dataset.vscodeThemeKind]').catch(() => undefined);
      return JSON.stringify(seen) === JSON.stringify([theme.label, theme.kind]);
    },
    `the webview in ${theme.id}`,
    20_000,
  ).catch((error: unknown) => {
    throw new Error(`The webview did not switch to ${theme.id}: its body says ${JSON.stringify(seen)}`, { cause: error });
  });
}

// Browser-side code as text: the tests compile without the DOM library.
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations.map((violation) => ({
  id: violation.id,
  impact: violation.impact || 'unknown',
  help: violation.help,
  targets: violation.nodes.map((node) => node.target.join(' ')),
})))`;

/** Runs axe-core in the webview's page; its source goes in through the test, not a script tag (the page's CSP allows none). */
async function axeViolations(frame: Frame): Promise<Violation[]> {
  if (!(await frame.evaluate("typeof axe === 'object'"))) await frame.evaluate(axe.source);
  return (await frame.evaluate(AXE_RUN)) as Violation[];
}

/** axe in each theme: prints the counts by impact, fails on any serious or critical violation. */
async function axeInEveryTheme(workbench: Workbench, view: string): Promise<void> {
  const blocking: string[] = [];
  for (const theme of THEMES) {
    await useTheme(workbench, theme);
    const violations = await axeViolations(await webviewPage(workbench.page));
    const count = (impact: string) => violations.filter((violation) => violation.impact === impact).length;
    console.log(`[axe] ${view} · ${theme.id}: ${count('critical')} critical, ${count('serious')} serious, ${count('moderate')} moderate, ${count('minor')} minor${violations.length ? ` (${violations.map((v) => `${v.id}:${v.impact}`).join(', ')})` : ''}`);
    for (const violation of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      console.log(`[axe]   ${violation.id}: ${violation.help} at ${violation.targets.slice(0, 8).join(' | ')}`);
      blocking.push(`${theme.id}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.targets.slice(0, 5).join(' | ')}`);
    }
    await workbench.screenshot(`a11y-${view}-${theme.kind}`);
    // The view alone too (for the README's high-contrast picture).
    await workbench.page.locator('iframe.webview.ready').last().screenshot({ path: join(SCREENSHOT_DIR, `a11y-${view}-${theme.kind}-view.png`) });
  }
  assert.deepEqual(blocking, [], `serious or critical axe violations in the ${view}`);
}

interface Focused {
  readonly text: string;
  readonly button: boolean;
  readonly pressed: string | null;
  readonly outline: string;
  /** The theme's focus colour, resolved as the browser resolves the stylesheet's var(). */
  readonly focusBorder: string;
}

const FOCUSED = `(() => {
  const element = document.activeElement;
  const style = element ? getComputedStyle(element) : undefined;
  const probe = document.createElement('span');
  probe.style.color = 'var(--vscode-focusBorder)';
  document.body.appendChild(probe);
  const focusBorder = getComputedStyle(probe).color;
  probe.remove();
  return {
    text: ((element && (element.getAttribute('aria-label') || element.textContent)) || '').trim(),
    button: !!element && element.tagName === 'BUTTON',
    pressed: element ? element.getAttribute('aria-pressed') : null,
    outline: style ? style.outlineStyle + ' ' + style.outlineColor : '',
    focusBorder,
  };
})()`;

/** What has the keyboard focus in the page: its text, whether it is a <button>, its outline. */
async function focused(frame: Frame): Promise<Focused> {
  return (await frame.evaluate(FOCUSED)) as Focused;
}

/** Presses Tab in the webview until the focused control's text matches (at most `presses` times); checks the focus ring on it. */
async function tabTo(page: Page, frame: Frame, text: RegExp, presses = 25): Promise<void> {
  // Into the page (a click on plain text), then the keyboard only.
  await frame.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(frame);
    if (text.test(now.text)) {
      assert.ok(now.button, `"${now.text}" is a <button>`);
      assert.ok(now.outline.startsWith('solid ') && now.outline.endsWith(now.focusBorder), `the focus ring of "${now.text}" (${now.outline}) is drawn in --vscode-focusBorder (${now.focusBorder})`);
      return;
    }
  }
  throw new Error(`Tab did not reach ${text} in ${presses} presses`);
}

describe('accessible webviews: axe-core in three themes and the keyboard, in a real VS Code workbench', { timeout: 600_000 }, () => {
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await startWorkbench({
      vsix: buildVsix(),
      files: { 'api.http': ECHO_AND_DEMO_HTTP, 'README.md': '# FinCode e2e workspace\n' },
      settings: { 'workbench.colorTheme': THEMES[0].id },
    });
  });

  after(async () => {
    await workbench?.close();
  });

  it('signs in as CASHIER and sends the echo request', async () => {
    await step(workbench, 'a11y-sign-in', async () => {
      const { page } = workbench!;
      await openFinCodeView(page);
      const row = await signInFromTree(page, 'cashier, CASHIER, ');
      await waitUntil(async () => /signed in .*active/.test(await ariaOf(row)), 'the cashier is signed in and active', 30_000);
      await openFile(page, 'api.http');
      await lens(page, '▶ Send as CASHIER (cashier)').first().click();
      const frame = await webviewPage(page);
      await frame.locator('#status').waitFor({ state: 'visible', timeout: 30_000 });
    });
  });

  it('the response view: one status line is the live region, its tables have captions, axe finds nothing serious in any theme', async () => {
    await step(workbench, 'a11y-response', async () => {
      const frame = await webviewPage(workbench!.page);
      const live = (await frame.evaluate(`[...document.querySelectorAll('[aria-live], [role="status"]')].map((node) => ({ id: node.id, text: node.textContent || '' }))`)) as { id: string; text: string }[];
      assert.equal(live.length, 1, `one live region: ${JSON.stringify(live)}`);
      assert.equal(live[0]!.id, 'live');
      assert.match(live[0]!.text, /^200 OK, \d+ ms, /);
      assert.equal(await frame.locator('#app[aria-live]').count(), 0, 'the page is not a live region');
      const tables = await frame.locator('table').count();
      assert.ok(tables >= 2);
      assert.equal(await frame.locator('table > caption').count(), tables, 'every table has a caption');
      await axeInEveryTheme(workbench!, 'response');
    });
  });

  it('the response view from the keyboard: Tab to "Raw body", Space shows the raw body and sets aria-pressed', async () => {
    await step(workbench, 'a11y-response-keyboard', async () => {
      const { page } = workbench!;
      const frame = await webviewPage(page);
      assert.equal(await frame.locator('pre.json').count(), 1, 'the body starts formatted');
      await tabTo(page, frame, /^Raw body$/);
      assert.equal((await focused(frame)).pressed, 'false');
      await page.keyboard.press('Space');
      await waitUntil(async () => (await frame.locator('pre.json').count()) === 0, 'the raw body after Space');
      const after = await focused(frame);
      assert.equal(after.text, 'Raw body', 'the focus stays on the toggle');
      assert.equal(after.pressed, 'true');
      await page.keyboard.press('Enter');
      await waitUntil(async () => (await focused(frame)).pressed === 'false' && (await frame.locator('pre.json').count()) === 1, 'formatted again after Enter');
      await workbench!.screenshot('a11y-response-keyboard');
    });
  });

  it('the every-role view: rows open through real buttons, the table has a caption, axe finds nothing serious in any theme', async () => {
    await step(workbench, 'a11y-matrix', async () => {
      const { page } = workbench!;
      await clearNotifications(page);
      await lens(page, /^Send as every role$/).nth(1).click();
      const frame = await webviewPage(page);
      await frame.locator('#matrix tr[data-role="CASHIER"]').waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(await frame.locator('#matrix > caption').count(), 1);
      const rows = await frame.locator('#matrix tbody tr').count();
      assert.equal(await frame.locator('#matrix tbody tr td:first-child > button').count(), rows, 'each row with a response has its button');
      assert.equal(await frame.locator('#matrix tr[tabindex]').count(), 0, 'no row pretends to be a control');
      assert.match(await frame.locator('#live').innerText(), /^Every role: 4 profiles/);
      await axeInEveryTheme(workbench!, 'every-role');
    });
  });

  it('the every-role view from the keyboard: Tab to CASHIER\'s button, Enter opens its 403 response', async () => {
    await step(workbench, 'a11y-matrix-keyboard', async () => {
      const { page } = workbench!;
      const frame = await webviewPage(page);
      await tabTo(page, frame, /^Open CASHIER's response/);
      await page.keyboard.press('Enter');
      await waitUntil(async () => /^403\b/.test(await frame.locator('#status').innerText({ timeout: 1_000 }).catch(() => '')), 'the CASHIER response opened from the keyboard');
      await tabTo(page, frame, /^← Every role$/);
      await page.keyboard.press('Space');
      await frame.locator('#matrix').waitFor({ state: 'visible', timeout: 10_000 });
      await workbench!.screenshot('a11y-matrix-keyboard');
    });
  });

  it('the JWT inspector: axe finds nothing serious in any theme; the "Only CASHIER" toggle works from the keyboard', async () => {
    await step(workbench, 'a11y-jwt', async () => {
      const { page } = workbench!;
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'FinCode: Inspect Token');
      const frame = await webviewPage(page);
      await frame.locator('.banner').waitFor({ state: 'visible', timeout: 20_000 });
      const tables = await frame.locator('table').count();
      assert.ok(tables >= 3);
      assert.equal(await frame.locator('table > caption').count(), tables, 'every table has a caption');
      assert.equal(await frame.locator('[aria-live], [role="status"]').count(), 1, 'one live region');
      await axeInEveryTheme(workbench!, 'jwt-inspector');

      await tabTo(page, frame, /^Only CASHIER$/);
      assert.equal((await focused(frame)).pressed, 'false');
      const visibleRoles = async () => (await frame.locator('table.matrix thead th.role:visible').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(await visibleRoles(), ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER']);
      await page.keyboard.press('Enter');
      assert.equal((await focused(frame)).pressed, 'true');
      assert.deepEqual(await visibleRoles(), ['CASHIER']);
      await workbench!.screenshot('a11y-jwt-keyboard');
    });
  });
});
