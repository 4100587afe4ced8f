// Our annotations, in the metadata syntax the other clients already ignore: `# @profile NAME`,
// `# @role ROLE`, `# @no-auth`, `# @expect MANAGER=200 AGENT=403 …`. Checked as they are read,
// with the column of what is wrong, so a typo shows in the editor before anything is sent.
import { isRole, ROLES } from '../fincode/roles';
import { report, shown } from './diagnostics';
import type { Diagnostic, FinCodeAnnotations, MetadataEntry } from './model';

/** The annotations of one request while its lines are read; becomes its FinCodeAnnotations. */
export interface AnnotationDraft {
  profile?: string;
  role?: string;
  noAuth: boolean;
  expect?: Readonly<Record<string, number>>;
}

export const NO_ANNOTATIONS: FinCodeAnnotations = Object.freeze({ noAuth: false });

/** Every key from the start, so drafts share one shape. */
export function newAnnotationDraft(): AnnotationDraft {
  return { profile: undefined, role: undefined, noAuth: false, expect: undefined };
}

/**
 * The pairs of the `@expect` values a parse has read without fault, by value. A file repeats the
 * same few, so a request's record is then the one read before (frozen, shared by the requests
 * that wrote the same value), not read again.
 */
export type ExpectRecords = Map<string, Readonly<Record<string, number>>>;

export function isAnnotationKey(key: string): boolean {
  return key === 'profile' || key === 'role' || key === 'no-auth' || key === 'expect';
}

/**
 * Reads one of our metadata lines into `draft`. `keyColumn` is where its `@` stands and
 * `valueColumn` where its value starts: a wrong value is marked, a missing one marks the key.
 */
export function readAnnotation(draft: AnnotationDraft, entry: MetadataEntry, keyColumn: number, valueColumn: number, diagnostics: Diagnostic[], known: ExpectRecords): void {
  const { key, value, line } = entry;
  if (key === 'no-auth') draft.noAuth = true;
  else if (key === 'profile' && value) draft.profile = value;
  else if (key === 'role' && isRole(value)) draft.role = value;
  else if (key === 'expect' && value.indexOf('=') === -1 && value) reportForeignExpect(line, value, valueColumn, diagnostics);
  else if (key === 'expect' && value) addExpected(draft, known.get(value) ?? readExpect(line, value, valueColumn, diagnostics, known));
  else if (value) report(diagnostics, line, valueColumn, valueColumn + value.length, 'error', problemWith(key, value));
  else report(diagnostics, line, keyColumn, keyColumn + 1 + key.length, 'error', problemWith(key, value));
}

function problemWith(key: string, value: string): string {
  if (key === 'profile') return '@profile needs a profile name, e.g. "# @profile sandbox-manager".';
  if (key === 'expect') return '@expect needs ROLE=STATUS pairs, e.g. "# @expect MANAGER=200 CUSTOMER=403".';
  if (!value) return `@role needs a role: one of ${ROLES.join(', ')}.`;
  const hint = isRole(value.toUpperCase()) ? ` (did you mean ${value.toUpperCase()}?)` : '';
  return `Unknown role "${shown(value)}"${hint}: use one of ${ROLES.join(', ')}.`;
}

/**
 * `# @expect status 201` and the like: another tool's @expect (no ROLE=STATUS pair at all). Not
 * ours to read or to reject: one warning says so, and the request is read as if it were absent.
 */
function reportForeignExpect(line: number, value: string, valueColumn: number, diagnostics: Diagnostic[]): void {
  const message = `"@expect ${shown(value)}" is not FinCode's @expect, so FinCode ignores it (its form is ROLE=STATUS pairs, e.g. "# @expect MANAGER=200 CUSTOMER=403").`;
  report(diagnostics, line, valueColumn, valueColumn + value.length, 'warning', message);
}

/** One `KEY=STATUS` pair (or what stands in its place) between blanks and commas. */
const PAIR = /[^ \t,]+/g;

/** A later `@expect` line's pairs go on top of an earlier line's (in a copy: records are shared). */
function addExpected(draft: AnnotationDraft, pairs: Readonly<Record<string, number>> | undefined): void {
  if (pairs !== undefined) draft.expect = draft.expect === undefined ? pairs : { ...draft.expect, ...pairs };
}

/**
 * `KEY=STATUS` pairs separated by blanks or commas, undefined when there is none; each bad pair
 * is reported where it stands. A value without a bad pair goes into `known`. The pairs are found
 * natively (PAIR): a loop over the characters costs more in a fresh process.
 */
function readExpect(line: number, value: string, valueColumn: number, diagnostics: Diagnostic[], known: ExpectRecords): Readonly<Record<string, number>> | undefined {
  let pairs: Record<string, number> | undefined;
  let faults = false;
  PAIR.lastIndex = 0;
  for (let match = PAIR.exec(value); match !== null; match = PAIR.exec(value)) {
    const pair = match[0];
    const start = match.index;
    const equals = pair.indexOf('=');
    const status = equals > 0 && equals + 4 === pair.length ? statusAt(pair, equals + 1) : undefined;
    if (status !== undefined) {
      setOwn((pairs ??= {}), pair.slice(0, equals), status);
    } else {
      faults = true;
      const message = `Malformed @expect pair "${shown(pair)}": write ROLE=STATUS (a role or profile name, a status from 100 to 599).`;
      report(diagnostics, line, valueColumn + start, valueColumn + start + pair.length, 'error', message);
    }
  }
  if (pairs !== undefined && !faults) known.set(value, Object.freeze(pairs));
  return pairs;
}

/** `record[key] = value`, also when the key is `__proto__` (which an assignment would take as the prototype). */
function setOwn(record: Record<string, number>, key: string, value: number): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The status written as three digits at `at`, if it is from 100 to 599. */
function statusAt(value: string, at: number): number | undefined {
  let status = 0;
  for (let i = at; i < at + 3; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return undefined;
    status = status * 10 + digit;
  }
  return status >= 100 && status <= 599 ? status : undefined;
}
