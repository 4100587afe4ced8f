// A request's checks as test results: the status `# @expect` gives the role it was sent as, its
// `??` assertions, and the script lines never run. One list per request × role, shared by the
// response views, the Test Explorer and `fincode-http test`.
import { formatError } from '../fincode/errors';
import { checkAssertion, requestChecks, type AssertedResponse } from './assertions';
import { expectedFor, type MatrixProfile } from './matrix';
import type { ParsedRequest } from './model';

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'errored';

export interface CheckResult {
  /** What is checked, as the user wrote it: `status == 403 (# @expect)`, `header content-type includes json`. */
  readonly name: string;
  /** 0-based line of the check in the file. */
  readonly line: number;
  readonly status: CheckStatus;
  readonly expected?: string;
  readonly actual?: string;
  /** One line for a report: why it failed, was skipped or could not run. */
  readonly message: string;
}

/** True when the request has anything to check: `# @expect`, `??` lines or script lines. */
export function hasChecks(request: Pick<ParsedRequest, 'metadata' | 'annotations'>): boolean {
  return request.annotations.expect !== undefined || request.metadata.some((entry) => entry.key === 'assert' || entry.key === 'script');
}

function expectLine(request: Pick<ParsedRequest, 'metadata' | 'range'>): number {
  return request.metadata.find((entry) => entry.key === 'expect')?.line ?? request.range.requestLine;
}

/**
 * Every check of `request` against the response the role got. `expectedStatus` is what
 * `# @expect` says for that role (undefined when it says nothing for it); `resolve` replaces
 * variables in expected texts.
 */
export function checkResponse(
  request: Pick<ParsedRequest, 'metadata' | 'range'>,
  response: AssertedResponse,
  expectedStatus: number | undefined,
  resolve?: (text: string) => string,
): CheckResult[] {
  const { assertions, skipped } = requestChecks(request);
  const results: CheckResult[] = [];
  if (expectedStatus !== undefined) {
    const passed = response.status === expectedStatus;
    const message = passed ? `status ${response.status}` : `status ${response.status}, expected ${expectedStatus} (# @expect)`;
    results.push({ name: `status == ${expectedStatus} (# @expect)`, line: expectLine(request), status: passed ? 'passed' : 'failed', expected: String(expectedStatus), actual: String(response.status), message });
  }
  for (const assertion of assertions) {
    const result = checkAssertion(assertion, response, resolve);
    results.push({ name: assertion.label, line: assertion.line, status: result.outcome, expected: result.expected, actual: result.actual, message: result.message });
  }
  for (const line of skipped) results.push({ name: line.label, line: line.line, status: 'skipped', message: line.reason });
  return results;
}

/** The same checks when no response came (network, TLS, sign-in): each errored with why. */
export function checksWithoutResponse(request: Pick<ParsedRequest, 'metadata' | 'range'>, expectedStatus: number | undefined, why: string): CheckResult[] {
  const { assertions, skipped } = requestChecks(request);
  return [
    ...(expectedStatus === undefined ? [] : [{ name: `status == ${expectedStatus} (# @expect)`, line: expectLine(request), status: 'errored' as const, expected: String(expectedStatus), message: why }]),
    ...assertions.map((assertion) => ({ name: assertion.label, line: assertion.line, status: 'errored' as const, message: why })),
    ...skipped.map((line) => ({ name: line.label, line: line.line, status: 'skipped' as const, message: line.reason })),
  ];
}

/**
 * The checks of `request` sent as `profile`: against its response, or errored with why none came.
 * The `# @expect` status is the one it names for the profile (by name, then by role). An expected
 * text whose variable `resolve` cannot replace makes the checks errored, with why.
 */
export function checksOfRun(
  request: Pick<ParsedRequest, 'metadata' | 'range' | 'annotations'>,
  profile: MatrixProfile | undefined,
  outcome: { readonly response: AssertedResponse } | { readonly error: string },
  resolve?: (text: string) => string,
  describeError: (error: unknown) => string = formatError,
): CheckResult[] {
  const expected = profile ? expectedFor(profile, request.annotations.expect) : undefined;
  if (!('response' in outcome)) return checksWithoutResponse(request, expected, outcome.error);
  try {
    return checkResponse(request, outcome.response, expected, resolve);
  } catch (error) {
    // An expected text whose variable cannot be resolved: the checks could not be made.
    return checksWithoutResponse(request, expected, describeError(error));
  }
}

/** The worst status of a set of checks (errored, then failed, then passed); skipped only when all are. */
export function overallStatus(results: readonly CheckResult[]): CheckStatus {
  for (const status of ['errored', 'failed', 'passed'] as const) if (results.some((result) => result.status === status)) return status;
  return 'skipped';
}
