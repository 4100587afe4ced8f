// The results of a check run as the reports CI reads: JUnit XML (one testsuite per file, one
// testcase per check of a request × role: the `# @expect` status, each `??` assertion, each
// script line skipped; failures with expected and actual; times in seconds) and the same
// results as JSON. Every text goes through redact() with the run's known secrets (the profiles'
// passwords and tokens): a report never carries a secret.
import { redact } from '../redact';
import { overallStatus, type CheckResult } from './checks';

/** One request sent as one profile (or as the active credential), with its checks. */
export interface RequestRun {
  /** The request's name, title or `METHOD url`, as the user knows it. */
  readonly request: string;
  /** 0-based line of the request line. */
  readonly line: number;
  readonly method: string;
  readonly url: string;
  /** The profile and role it was sent as (absent: no profile, e.g. `# @no-auth`). */
  readonly profile?: string;
  readonly role?: string;
  /** The response status, absent when none came. */
  readonly status?: number;
  readonly elapsedMs: number;
  readonly checks: readonly CheckResult[];
}

export interface FileRun {
  /** As given on the command line, or relative to the workspace. */
  readonly file: string;
  readonly runs: readonly RequestRun[];
  readonly elapsedMs: number;
}

export interface RunTotals {
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly errored: number;
  readonly skipped: number;
}

export function runTotals(files: readonly FileRun[]): RunTotals {
  const checks = files.flatMap((file) => file.runs.flatMap((run) => run.checks));
  const count = (status: CheckResult['status']): number => checks.filter((check) => check.status === status).length;
  return { tests: checks.length, passed: count('passed'), failed: count('failed'), errored: count('errored'), skipped: count('skipped') };
}

/** The role a run was sent as, for names: `as CASHIER`, `as cashier (CASHIER)`. */
function sentAs(run: RequestRun): string {
  if (run.role === undefined) return '';
  return run.profile === undefined || run.profile.toUpperCase() === run.role.toUpperCase() ? ` as ${run.role}` : ` as ${run.profile} (${run.role})`;
}

const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g;

type Escape = (text: string) => string;

const xmlEscape = (secrets: readonly string[]): Escape => (text) =>
  redact(text, secrets)
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function testcase(file: FileRun, run: RequestRun, check: CheckResult, xml: Escape): string {
  // The request's time belongs to its first check; the others took no time of their own.
  const time = run.checks[0] === check ? run.elapsedMs : 0;
  const attributes = `classname="${xml(`${file.file} › ${run.request}${sentAs(run)}`)}" name="${xml(`${check.name} (line ${check.line + 1})`)}" file="${xml(file.file)}" line="${check.line + 1}" time="${seconds(time)}"`;
  const detail = [check.message, check.expected === undefined ? '' : `expected: ${check.expected}`, check.actual === undefined ? '' : `actual: ${check.actual}`].filter(Boolean).join('\n');
  switch (check.status) {
    case 'passed':
      return `    <testcase ${attributes}/>`;
    case 'skipped':
      return `    <testcase ${attributes}>\n      <skipped message="${xml(check.message)}"/>\n    </testcase>`;
    case 'failed':
      return `    <testcase ${attributes}>\n      <failure message="${xml(check.message)}" type="AssertionError">${xml(detail)}</failure>\n    </testcase>`;
    case 'errored':
      return `    <testcase ${attributes}>\n      <error message="${xml(check.message)}" type="RequestError">${xml(detail)}</error>\n    </testcase>`;
  }
}

function testsuite(file: FileRun, timestamp: string, xml: Escape): string {
  const totals = runTotals([file]);
  const cases = file.runs.flatMap((run) => run.checks.map((check) => testcase(file, run, check, xml)));
  const open = `  <testsuite name="${xml(file.file)}" tests="${totals.tests}" failures="${totals.failed}" errors="${totals.errored}" skipped="${totals.skipped}" time="${seconds(file.elapsedMs)}" timestamp="${timestamp}">`;
  return cases.length === 0 ? `${open}</testsuite>` : [open, ...cases, '  </testsuite>'].join('\n');
}

/** JUnit XML as Jenkins, GitLab and the GitHub test-report actions read it. `secrets`: masked wherever they appear. */
export function junitXml(files: readonly FileRun[], startedAt: Date, elapsedMs: number, secrets: readonly string[] = []): string {
  const totals = runTotals(files);
  const xml = xmlEscape(secrets);
  const timestamp = startedAt.toISOString().replace(/\.\d+Z$/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="fincode-http test" tests="${totals.tests}" failures="${totals.failed}" errors="${totals.errored}" skipped="${totals.skipped}" time="${seconds(elapsedMs)}">`,
    ...files.map((file) => testsuite(file, timestamp, xml)),
    '</testsuites>',
    '',
  ].join('\n');
}

/** The same results as JSON: totals, then per file each request × role with its checks. `secrets`: masked. */
export function jsonReport(files: readonly FileRun[], startedAt: Date, elapsedMs: number, secrets: readonly string[] = []): string {
  const report = {
    tool: 'fincode-http test',
    startedAt: startedAt.toISOString(),
    elapsedMs,
    totals: runTotals(files),
    files: files.map((file) => ({ ...file, status: overallStatus(file.runs.flatMap((run) => run.checks)) })),
  };
  return `${redact(JSON.stringify(report, null, 2), secrets)}\n`;
}
