// httpYac's assertion lines that need no script (`?? status == 201`, `?? header content-type
// includes json`, `?? body $.data.id exists`, `?? duration < 500`), read and checked as httpYac
// does (its predicates, and its conversion of the expected text to the actual value's type).
// Nothing here runs code: `?? js …` and a body path that is JavaScript rather than a plain
// property path are "not run (script)", like the request's `{% %}` and `{{ }}` script blocks.
import { createHash } from 'node:crypto';
import type { ParsedRequest } from './model';
import type { HttpResponse } from './response';
import { parseJsonPath, selectJson, type PathStep } from './jsonPath';

export type AssertionSubject = 'status' | 'header' | 'body' | 'duration';

export interface Assertion {
  /** 0-based line in the file. */
  readonly line: number;
  /** The line as written, without `??`: what reports show. */
  readonly label: string;
  readonly subject: AssertionSubject;
  /** The header's name, the body's path (`$.data.id`), the duration's phase. */
  readonly argument?: string;
  /** The predicate as httpYac names it first (`==`, `includes`, `exists`…). */
  readonly predicate: string;
  /** The expected text as written, variables not yet replaced. */
  readonly expected: string;
}

/** A line that is never run: a script, or an assertion we cannot read. */
export interface SkippedCheck {
  readonly line: number;
  readonly label: string;
  readonly reason: string;
}

export type AssertionLine = { readonly kind: 'assertion'; readonly assertion: Assertion } | { readonly kind: 'skipped'; readonly skipped: SkippedCheck };

interface Predicate {
  /** httpYac's ids, the first is the one shown. */
  readonly ids: readonly string[];
  /** The expected text is compared as written (not converted to the actual value's type). */
  readonly raw?: true;
  readonly match: (actual: unknown, expected: unknown) => boolean;
}

const asText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const asNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  const number = Number.parseFloat(asText(value)?.trim() ?? '');
  return Number.isNaN(number) ? undefined : number;
};

const compareNumbers = (test: (actual: number, expected: number) => boolean) => (actual: unknown, expected: unknown): boolean => {
  const a = asNumber(actual);
  const e = asNumber(expected);
  return a !== undefined && e !== undefined && test(a, e);
};

const compareTexts = (test: (actual: string, expected: string) => boolean) => (actual: unknown, expected: unknown): boolean => {
  const a = asText(actual);
  const e = asText(expected);
  return a !== undefined && a !== '' && e !== undefined && e !== '' && test(a, e);
};

const digest = (algorithm: string) => (actual: unknown, expected: unknown): boolean => {
  const text = asText(actual);
  return text !== undefined && createHash(algorithm).update(text).digest('base64') === expected;
};

const matchesPattern = (actual: string, pattern: string): boolean => {
  try {
    return new RegExp(pattern, 'u').test(actual);
  } catch {
    return false;
  }
};

const PREDICATES: readonly Predicate[] = [
  { ids: ['==', '===', 'equals'], match: (a, e) => (typeof a === 'object' && a !== null ? JSON.stringify(a) === JSON.stringify(e) : a === e) },
  { ids: ['!=', '!==', 'not equals'], match: (a, e) => (typeof a === 'object' && a !== null ? JSON.stringify(a) !== JSON.stringify(e) : a !== e) },
  { ids: ['>='], match: compareNumbers((a, e) => a >= e) },
  { ids: ['>'], match: compareNumbers((a, e) => a > e) },
  { ids: ['<='], match: compareNumbers((a, e) => a <= e) },
  { ids: ['<'], match: compareNumbers((a, e) => a < e) },
  { ids: ['startsWith'], match: compareTexts((a, e) => a.startsWith(e)) },
  { ids: ['endsWith'], match: compareTexts((a, e) => a.endsWith(e)) },
  { ids: ['includes', 'contains'], match: (a, e) => (Array.isArray(a) ? a.some((item) => item === e || asText(item) === asText(e)) : compareTexts((x, y) => x.includes(y))(a, e)) },
  { ids: ['matches'], raw: true, match: compareTexts(matchesPattern) },
  // httpYac's `exists` is `isTrue`; a present 0, false or "" exists all the same.
  { ids: ['exists'], match: (a) => a !== undefined && a !== null },
  { ids: ['isTrue'], match: (a) => Boolean(a) },
  { ids: ['isFalse'], match: (a) => !a },
  { ids: ['isNumber'], match: (a) => typeof a === 'number' },
  { ids: ['isBoolean'], match: (a) => typeof a === 'boolean' },
  { ids: ['isString'], match: (a) => typeof a === 'string' },
  { ids: ['isArray'], match: (a) => Array.isArray(a) },
  { ids: ['md5'], raw: true, match: digest('md5') },
  { ids: ['sha256'], raw: true, match: digest('sha256') },
  { ids: ['sha512'], raw: true, match: digest('sha512') },
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest ids first, each followed by a space or the end: `===` is not `==` then "= 200"
// (httpYac's own regular expression makes that mistake).
const PREDICATE_IDS = PREDICATES.flatMap((predicate) => predicate.ids).sort((a, b) => b.length - a.length);
// Like httpYac: the subject, an optional argument, then the last predicate on the line.
const ASSERTION = new RegExp(`^\\s*\\?\\?\\s*(\\S+)(?:\\s+(.*?))??\\s+(${PREDICATE_IDS.map(escape).join('|')})(?:\\s+(.*?))?\\s*$`, 'i');
const SUBJECTS: readonly string[] = ['status', 'header', 'body', 'duration'];
// httpYac evaluates `?? body x` as JavaScript on the parsed body: a plain property path is read
// as the JSONPath `$.x`; anything else would need a script.
const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;

const predicateNamed = (id: string): Predicate | undefined => PREDICATES.find((predicate) => predicate.ids.some((name) => name.toLowerCase() === id.toLowerCase()));

/** Reads one `??` line (a MetadataEntry with key 'assert'). */
export function readAssertionLine(text: string, line: number): AssertionLine {
  const label = text.trim().replace(/^\?\?\s*/, '');
  const subject = /^\S+/.exec(label)?.[0] ?? '';
  if (subject === 'js') return { kind: 'skipped', skipped: { line, label, reason: 'not run (script)' } };
  const match = ASSERTION.exec(text);
  if (!match || !SUBJECTS.includes(subject)) {
    const reason = SUBJECTS.includes(subject) ? 'not read: no predicate (==, includes, exists, …) on this line' : `not read: "${subject}" is not status, header, body, duration or js`;
    return { kind: 'skipped', skipped: { line, label, reason } };
  }
  const argument = match[2]?.trim() || undefined;
  if (subject === 'body' && argument !== undefined && !argument.startsWith('$') && !PROPERTY_PATH.test(argument)) {
    return { kind: 'skipped', skipped: { line, label, reason: 'not run (script)' } };
  }
  if (subject === 'header' && argument === undefined) return { kind: 'skipped', skipped: { line, label, reason: 'not read: name the header (?? header content-type …)' } };
  const predicate = predicateNamed(match[3] ?? '') as Predicate;
  return { kind: 'assertion', assertion: { line, label, subject: subject as AssertionSubject, ...(argument ? { argument } : {}), predicate: predicate.ids[0] as string, expected: match[4] ?? '' } };
}

/** A request's checks: its `??` assertions, and the lines never run (scripts, unreadable `??`). */
export function requestChecks(request: Pick<ParsedRequest, 'metadata'>): { assertions: Assertion[]; skipped: SkippedCheck[] } {
  const assertions: Assertion[] = [];
  const skipped: SkippedCheck[] = [];
  for (const entry of request.metadata) {
    if (entry.key === 'script') skipped.push({ line: entry.line, label: entry.value.trim(), reason: 'not run (script)' });
    if (entry.key !== 'assert') continue;
    const read = readAssertionLine(entry.value, entry.line);
    if (read.kind === 'assertion') assertions.push(read.assertion);
    else skipped.push(read.skipped);
  }
  return { assertions, skipped };
}

export type CheckOutcome = 'passed' | 'failed';

export interface AssertionResult {
  readonly assertion: Assertion;
  readonly outcome: CheckOutcome;
  /** The actual value as shown to the user (JSON for objects, "(none)" when absent). */
  readonly actual: string;
  /** The expected value after variables, as compared. */
  readonly expected: string;
  /** One line: `status (404) == 201`. */
  readonly message: string;
}

/** The response an assertion reads. */
export type AssertedResponse = Pick<HttpResponse, 'status' | 'headers' | 'text' | 'contentType' | 'timings'>;

function parsedBody(response: AssertedResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return response.text;
  }
}

function select(body: unknown, steps: readonly PathStep[]): unknown {
  const found = selectJson(body, steps);
  if (found.length > 0) return found.length === 1 ? found[0] : found;
  // `.length` of a string (JSON arrays have it as an own property already).
  const last = steps[steps.length - 1];
  if (last?.kind === 'key' && last.key === 'length') {
    const parents = selectJson(body, steps.slice(0, -1));
    if (parents.length === 1 && typeof parents[0] === 'string') return parents[0].length;
  }
  return undefined;
}

function actualValue(assertion: Assertion, response: AssertedResponse): unknown {
  switch (assertion.subject) {
    case 'status':
      return response.status;
    case 'duration':
      return /^(firstByte|wait)$/i.test(assertion.argument ?? '') ? response.timings.ttfbMs : response.timings.totalMs;
    case 'header': {
      const name = (assertion.argument ?? '').toLowerCase();
      const values = response.headers.filter((header) => header.name.toLowerCase() === name).map((header) => header.value);
      return values.length === 0 ? undefined : values.join(', ');
    }
    case 'body': {
      if (assertion.argument === undefined) return response.text;
      const path = parseJsonPath(assertion.argument.startsWith('$') ? assertion.argument : `$.${assertion.argument}`);
      return path.ok ? select(parsedBody(response), path.steps) : undefined;
    }
  }
}

/** httpYac's conversion of the expected text to the actual value's type. */
function convertExpected(actual: unknown, expected: string): unknown {
  if (expected === '') return undefined;
  if (typeof actual === 'number') return asNumber(expected);
  if (typeof actual === 'boolean') return /^true$/i.test(expected.trim()) ? true : /^false$/i.test(expected.trim()) ? false : Boolean(expected);
  if (actual === null && expected === 'null') return null;
  if (typeof actual === 'object' && actual !== null) {
    try {
      return JSON.parse(expected) as unknown;
    } catch {
      return expected;
    }
  }
  return expected;
}

const shown = (value: unknown): string => (value === undefined ? '(none)' : (asText(value) ?? String(value)));

/**
 * Checks `assertion` against `response`. `resolve` replaces `{{variables}}` in the expected text
 * (as httpYac does); an expected value that names a secret is the caller's to keep out of reports.
 */
export function checkAssertion(assertion: Assertion, response: AssertedResponse, resolve: (text: string) => string = (text) => text): AssertionResult {
  const predicate = predicateNamed(assertion.predicate) as Predicate;
  const actual = actualValue(assertion, response);
  const expectedText = resolve(assertion.expected);
  const expected = predicate.raw ? expectedText : convertExpected(actual, expectedText);
  const passed = predicate.match(actual, expected);
  const subject = assertion.argument === undefined ? assertion.subject : `${assertion.subject} ${assertion.argument}`;
  const message = `${subject} (${shown(actual)}) ${assertion.predicate}${expectedText === '' ? '' : ` ${expectedText}`}`;
  return { assertion, outcome: passed ? 'passed' : 'failed', actual: shown(actual), expected: expectedText, message };
}
