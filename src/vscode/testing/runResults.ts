// One test's checks as the Test Explorer's result: passed / failed / errored / skipped with the
// time, a message per failed check (expected and actual, at the check's line) and a line of output.
import * as vscode from 'vscode';
import { overallStatus, type CheckResult, type CheckStatus } from '../../core/http/checks';
import { redact } from '../../core/redact';

const SYMBOL = { passed: '✓', failed: '✗', errored: '⚠', skipped: '–' } as const;

function messageOf(check: CheckResult, uri: vscode.Uri): vscode.TestMessage {
  // A body path can select a token: what the Test Explorer keeps is redacted like a log line.
  const text = redact(`${check.name}: ${check.message}`);
  const message =
    check.status === 'failed' && check.expected !== undefined && check.actual !== undefined
      ? vscode.TestMessage.diff(text, redact(check.expected), redact(check.actual))
      : new vscode.TestMessage(text);
  message.location = new vscode.Location(uri, new vscode.Position(check.line, 0));
  return message;
}

/** Output lines take CRLF (the run's output is a terminal). */
export function outputLine(text: string): string {
  return `${redact(text).replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** "4 passed, 1 failed": how a run's tests went, for its output and the log. */
export function runSummary(statuses: readonly CheckStatus[]): string {
  const parts = (['passed', 'failed', 'errored', 'skipped'] as const).map((status) => [status, statuses.filter((entry) => entry === status).length] as const);
  return parts.filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ') || 'nothing run';
}

/** Reports `checks` as `item`'s result; returns its status. */
export function reportChecks(run: vscode.TestRun, item: vscode.TestItem, title: string, checks: readonly CheckResult[], durationMs?: number): CheckStatus {
  const uri = item.uri as vscode.Uri;
  const status = overallStatus(checks);
  const location = item.range ? new vscode.Location(uri, item.range) : undefined;
  run.appendOutput(outputLine(`${SYMBOL[status]} ${title}${durationMs === undefined ? '' : ` (${Math.round(durationMs)} ms)`}`), location, item);
  for (const check of checks) {
    if (check.status === 'passed') continue;
    const values = check.expected === undefined && check.actual === undefined ? '' : ` [expected ${check.expected ?? '–'}, actual ${check.actual ?? '–'}]`;
    run.appendOutput(outputLine(`    ${SYMBOL[check.status]} ${check.name}: ${check.message}${values}`), new vscode.Location(uri, new vscode.Position(check.line, 0)), item);
  }
  const messages = checks.filter((check) => check.status === 'failed' || check.status === 'errored').map((check) => messageOf(check, uri));
  if (status === 'passed') run.passed(item, durationMs);
  else if (status === 'failed') run.failed(item, messages, durationMs);
  else if (status === 'errored') run.errored(item, messages, durationMs);
  else run.skipped(item);
  return status;
}
