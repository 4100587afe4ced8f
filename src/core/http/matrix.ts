// The role matrix: one request sent as several profiles at once (bounded concurrency), and a
// role × {status, time, size, expected, pass} table. With `# @expect` annotations this is a
// permission regression test.
import { formatError } from '../fincode/errors';

export interface MatrixProfile {
  readonly name: string;
  readonly role: string;
}

export interface MatrixOutcome {
  readonly status: number;
  readonly elapsedMs: number;
  readonly size: number;
}

/** One profile's (one role's) result in an every-role run: its status, or why none came. */
export interface RoleRunResult {
  readonly profile: string;
  readonly role: string;
  readonly status?: number;
  readonly elapsedMs?: number;
  readonly size?: number;
  /** From `# @expect`, matched by profile name first, then by role. */
  readonly expected?: number;
  /** Undefined when nothing was expected. */
  readonly pass?: boolean;
  /** Why no status came back (network, sign-in…), as user text. */
  readonly error?: string;
}

export interface MatrixOptions {
  readonly expect?: Readonly<Record<string, number>>;
  readonly concurrency?: number;
  /** A failure as user text in the front end's words (default: formatError, the extension's). */
  readonly describeError?: (error: unknown) => string;
}

export function expectedFor(profile: MatrixProfile, expect: Readonly<Record<string, number>> | undefined): number | undefined {
  if (!expect) return undefined;
  return expect[profile.name] ?? expect[profile.role] ?? expect[profile.role.toUpperCase()];
}

export async function runMatrix<P extends MatrixProfile>(
  profiles: readonly P[],
  sendAs: (profile: P) => Promise<MatrixOutcome>,
  options: MatrixOptions = {},
): Promise<RoleRunResult[]> {
  const cells: RoleRunResult[] = new Array(profiles.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < profiles.length) {
      const index = next;
      next += 1;
      const profile = profiles[index] as P;
      const expected = expectedFor(profile, options.expect);
      const base = { profile: profile.name, role: profile.role, ...(expected === undefined ? {} : { expected }) };
      try {
        const outcome = await sendAs(profile);
        cells[index] = { ...base, ...outcome, ...(expected === undefined ? {} : { pass: outcome.status === expected }) };
      } catch (error) {
        cells[index] = { ...base, error: (options.describeError ?? formatError)(error), ...(expected === undefined ? {} : { pass: false }) };
      }
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, profiles.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return cells;
}

/** True when at least one cell ran, every expectation held and every profile got an answer. */
export function matrixPassed(cells: readonly RoleRunResult[]): boolean {
  return cells.length > 0 && cells.every((cell) => cell.pass !== false && cell.error === undefined);
}

/** A plain-text table for terminals and CI logs. */
export function formatMatrix(cells: readonly RoleRunResult[]): string {
  const header = ['PROFILE', 'ROLE', 'STATUS', 'TIME', 'SIZE', 'EXPECTED', 'RESULT'];
  const rows = cells.map((cell) => [
    cell.profile,
    cell.role,
    cell.status === undefined ? 'error' : String(cell.status),
    cell.elapsedMs === undefined ? '-' : `${Math.round(cell.elapsedMs)} ms`,
    cell.size === undefined ? '-' : `${cell.size} B`,
    cell.expected === undefined ? '-' : String(cell.expected),
    cell.pass === undefined ? '' : cell.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string => row.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const errors = cells.filter((cell) => cell.error).map((cell) => `${cell.profile}: ${cell.error}`);
  return [line(header), ...rows.map(line), ...(errors.length ? ['', ...errors] : [])].join('\n');
}
