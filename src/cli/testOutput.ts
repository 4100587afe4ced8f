// What `fincode-http test` prints: a line per request (its roles' statuses) with the failed and
// errored checks under it, a progress counter on a terminal (stderr, rewritten in place), and the
// summary. Every text goes through `clean` (redaction with the run's known secrets).
import type { CheckResult } from '../core/http/checks';
import type { ParsedRequest } from '../core/http/model';
import type { FileRun, RequestRun, RunTotals } from '../core/http/testReport';

export interface TestOutput {
  readonly file: (path: string) => void;
  readonly request: (request: ParsedRequest, runs: readonly RequestRun[]) => void;
  readonly summary: (files: readonly FileRun[], totals: RunTotals, elapsedMs: number, stopped: boolean) => void;
}

const worst = (checks: readonly CheckResult[]): 'ERROR' | 'FAIL' | 'ok' =>
  checks.some((c) => c.status === 'errored') ? 'ERROR' : checks.some((c) => c.status === 'failed') ? 'FAIL' : 'ok';

function who(run: RequestRun): string {
  if (run.role === undefined) return 'request';
  return run.profile === undefined || run.profile.toUpperCase() === run.role ? run.role : `${run.profile} (${run.role})`;
}

function statuses(runs: readonly RequestRun[]): string {
  return runs.map((run) => (run.role === undefined ? String(run.status ?? '-') : `${who(run)} ${run.status ?? (run.checks.every((c) => c.status === 'skipped') ? 'not run' : 'error')}`)).join(', ');
}

/** The failed checks of each run, and one line for a run that errored (its checks share why). */
function problems(runs: readonly RequestRun[]): string[] {
  return runs.flatMap((run) => {
    const errored = run.checks.find((c) => c.status === 'errored');
    if (errored) return [`${who(run)}: ${errored.message}`];
    const notRun = run.status === undefined ? run.checks.filter((c) => c.status === 'skipped') : [];
    return [
      ...run.checks.filter((c) => c.status === 'failed').map((c) => `${who(run)}: ${c.name} (line ${c.line + 1}): ${c.message}`),
      ...notRun.map((c) => `${who(run)}: ${c.message}`),
    ];
  });
}

/** `write`: stdout; `progress`: stderr when it is a terminal, else undefined. */
export function testOutput(total: number, clean: (text: string) => string, write: (text: string) => void, progress?: (text: string) => void): TestOutput {
  let done = 0;
  const show = (text: string): void => write(clean(text));
  const counter = (): void => progress?.(`\r\x1b[K${done}/${total} requests`);
  return {
    file(path) {
      progress?.('\r\x1b[K');
      show(`${path}\n`);
      counter();
    },
    request(request, runs) {
      done += 1;
      const checks = runs.flatMap((run) => run.checks);
      const elapsed = Math.max(0, ...runs.map((run) => run.elapsedMs));
      progress?.('\r\x1b[K');
      const lines = [`  ${worst(checks).padEnd(5)} ${runs[0]?.request ?? request.method} (line ${request.range.requestLine + 1})  ${statuses(runs)}  ${Math.round(elapsed)} ms`];
      for (const problem of problems(runs)) lines.push(`          ${problem}`);
      show(`${lines.join('\n')}\n`);
      counter();
    },
    summary(files, totals, elapsedMs, stopped) {
      progress?.('\r\x1b[K');
      const runs = files.reduce((sum, file) => sum + file.runs.length, 0);
      const counts = `${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored, ${totals.skipped} skipped`;
      const lines = [
        '',
        `${totals.tests} checks in ${done} requests (${runs} sends) of ${files.length} file(s): ${counts} (${(elapsedMs / 1000).toFixed(2)} s)`,
        ...(stopped ? ['Stopped at the first failure (--bail): the requests after it were not sent.'] : []),
      ];
      show(`${lines.join('\n')}\n`);
    },
  };
}
