// The response view's model and message protocol, shared by the extension (responseView.ts) and
// the page (media/responseView.js, through JSDoc imports). Plain data, no 'vscode' import.
// No credential ever reaches it: the response model's requestHeaders are already redacted, the
// injected headers are shown by name only, token-shaped and credential-named values in the body
// and token-shaped ones in the response headers (an echo, a login response) are masked; Copy body
// and Save… give the body as received.
import { redact, redactCredentials } from '../../core/redact';
import type { HttpResponse } from '../../core/http/response';
import type { RoleRunResult } from '../../core/http/matrix';
import { overallStatus, type CheckResult, type CheckStatus } from '../../core/http/checks';

/** An actual or expected value longer than this is cut in the view (a whole body can be one). */
export const MAX_CHECK_VALUE = 200;

/** One check of a request (`# @expect` for the role, a `??` line, a script not run) as shown. */
export interface CheckRowView {
  readonly name: string;
  /** 1-based, as the editor shows it. */
  readonly line: number;
  readonly status: CheckStatus;
  readonly expected?: string;
  readonly actual?: string;
  readonly message: string;
}

/** A request's checks for one role: each one, and a line saying how they went. */
export interface ChecksView {
  readonly status: CheckStatus;
  /** "3 passed, 1 failed". */
  readonly summary: string;
  readonly rows: readonly CheckRowView[];
}

/** At most this much body text goes to the page; the rest is marked as cut. */
export const MAX_VIEW_TEXT = 2 * 1024 * 1024;
/** Larger JSON is shown as sent, not re-indented. */
export const MAX_PRETTY_TEXT = 1024 * 1024;

export type StatusClass = 'informational' | 'success' | 'redirect' | 'clientError' | 'serverError';

export interface HeaderRow {
  readonly name: string;
  readonly value: string;
}

export interface ResponseViewModel {
  /** Key of the stored response (Save, Copy, Re-send refer to it). */
  readonly id: string;
  readonly title: string;
  readonly sentAs?: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly statusClass: StatusClass;
  readonly timeMs: number;
  readonly size: string;
  readonly headers: readonly HeaderRow[];
  readonly requestHeaders: readonly HeaderRow[];
  readonly injectedHeaders: readonly string[];
  readonly notes: readonly string[];
  readonly contentType?: string;
  readonly body: {
    readonly text: string;
    /** Re-indented JSON, when the body is JSON and small enough. */
    readonly pretty?: string;
    /** Only the first MAX_VIEW_TEXT characters are shown. */
    readonly cutForView: boolean;
    /** The engine stopped reading at fincode.maxResponseBytes. */
    readonly truncated: boolean;
    /** Token-shaped values were masked. */
    readonly masked: boolean;
    /** Why a body whose Content-Type says JSON is shown as received, not formatted. */
    readonly notFormatted?: string;
  };
  /** Shown when the view was opened from a matrix: go back to it. */
  readonly fromMatrix?: boolean;
  /** The request's checks against this response, when it has any. */
  readonly checks?: ChecksView;
}

export interface MatrixRowView {
  readonly index: number;
  readonly profile: string;
  readonly role: string;
  readonly status: string;
  readonly statusClass?: StatusClass;
  readonly time: string;
  readonly size: string;
  readonly expected: string;
  readonly result: 'pass' | 'fail' | '';
  readonly error?: string;
  readonly hint?: string;
  /** Left signed out on purpose ("Send Without Them"): nothing was sent as this profile. */
  readonly notSent?: true;
  /** A response exists for this row (click opens it). */
  readonly hasResponse: boolean;
  /** The request's checks for this role, when it has any. */
  readonly checks?: ChecksView;
}

export interface MatrixViewModel {
  readonly id: string;
  readonly title: string;
  readonly method: string;
  readonly url: string;
  readonly rows: readonly MatrixRowView[];
  readonly passed: boolean;
  readonly hasExpectations: boolean;
}

export type HostToPage =
  | { readonly type: 'response'; readonly model: ResponseViewModel }
  | { readonly type: 'matrix'; readonly model: MatrixViewModel }
  | { readonly type: 'empty'; readonly message: string };

export type PageToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'save'; readonly id: string }
  | { readonly type: 'copy'; readonly id: string }
  | { readonly type: 'resend'; readonly id: string }
  | { readonly type: 'openCell'; readonly id: string; readonly index: number }
  | { readonly type: 'backToMatrix'; readonly id: string };

export function isPageToHost(value: unknown): value is PageToHost {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return true;
    case 'save':
    case 'copy':
    case 'resend':
    case 'backToMatrix':
      return typeof message.id === 'string';
    case 'openCell':
      return typeof message.id === 'string' && typeof message.index === 'number' && Number.isInteger(message.index) && message.index >= 0;
    default:
      return false;
  }
}

export function statusClass(status: number): StatusClass {
  if (status >= 500) return 'serverError';
  if (status >= 400) return 'clientError';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'success';
  return 'informational';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const JSON_TYPE = /[/+]json\b/i;

function looksJson(contentType: string | undefined, text: string): boolean {
  if (contentType && JSON_TYPE.test(contentType)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** Longest re-indented JSON made (characters): indentation grows with the depth. */
const MAX_PRETTY_LENGTH = 8 * MAX_PRETTY_TEXT;
const TOO_DEEP = Symbol('too deep');

/**
 * About how long `text` re-indented by 2 gets: each value opened or listed starts a line
 * indented by its depth. Counted before formatting, because JSON nested thousands deep makes
 * hundreds of megabytes of indentation (or overflows the stack).
 */
function indentedLength(text: string): number {
  let length = text.length;
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === 0x5c) at += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) length += 2 * ++depth + 1;
    else if (code === 0x7d || code === 0x5d) depth -= 1;
    else if (code === 0x2c) length += 2 * depth + 1;
  }
  return length;
}

/** Re-indented JSON; undefined when `text` is not JSON, TOO_DEEP when it nests too deeply to print. */
function prettyJson(text: string): string | typeof TOO_DEEP | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (indentedLength(text) > MAX_PRETTY_LENGTH) return TOO_DEEP;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return TOO_DEEP;
  }
}

/**
 * Why a body labelled JSON is not formatted: it is cut (by the size cap, the view or the server),
 * too large, or not JSON at all, e.g. a proxy's HTML error page sent as application/json.
 */
function notFormattedReason(text: string, contentType: string, truncated: boolean, cutForView: boolean, tooDeep: boolean): string {
  const labelled = `The body is labelled ${contentType.split(';')[0]?.trim() ?? contentType}`;
  if (truncated || cutForView) return `${labelled} but was cut before its end, so it is shown as received, not formatted as JSON.`;
  if (text.length > MAX_PRETTY_TEXT) return `${labelled} but is over ${formatBytes(MAX_PRETTY_TEXT)}, so it is shown as received, not formatted.`;
  if (tooDeep) return `${labelled} but is nested too deeply to format (the indentation alone would be huge): it is shown as received.`;
  const html = /^\s*</.test(text) ? ' (it looks like HTML or XML, e.g. an error page from a proxy)' : '';
  return `${labelled} but is not valid JSON${html}: it is shown as received.`;
}

/** The body text for the page: cut at `maxText`, JSON re-indented when it parses and is small. */
export function shapeBody(text: string, contentType: string | undefined, truncated: boolean, maxText = MAX_VIEW_TEXT): ResponseViewModel['body'] {
  const cutForView = text.length > maxText;
  const shown = cutForView ? text.slice(0, maxText) : text;
  // A cut body is never parsed: its prefix may happen to be valid JSON that is not the body.
  const pretty = !cutForView && !truncated && text.length <= MAX_PRETTY_TEXT && looksJson(contentType, text) ? prettyJson(text) : undefined;
  // Credential-named values too (an echo of a login body holds the password in clear).
  const safe = redactCredentials(shown);
  const safePretty = typeof pretty === 'string' ? redactCredentials(pretty) : undefined;
  const notFormatted =
    safePretty === undefined && text.trim() !== '' && contentType !== undefined && JSON_TYPE.test(contentType)
      ? notFormattedReason(text, contentType, truncated, cutForView, pretty === TOO_DEEP)
      : undefined;
  return {
    text: safe,
    ...(safePretty === undefined ? {} : { pretty: safePretty }),
    cutForView,
    truncated,
    masked: safe !== shown,
    ...(notFormatted === undefined ? {} : { notFormatted }),
  };
}

export interface ResponseViewOptions {
  readonly id: string;
  readonly sentAs?: string;
  readonly fromMatrix?: boolean;
  readonly maxText?: number;
  readonly checks?: readonly CheckResult[];
}

const shortValue = (value: string): string => {
  const safe = redact(value);
  return safe.length > MAX_CHECK_VALUE ? `${safe.slice(0, MAX_CHECK_VALUE)}…` : safe;
};

/** Checks as the views show them: values redacted (a body path can select a token) and cut. */
export function checksView(results: readonly CheckResult[]): ChecksView {
  const counts = (['passed', 'failed', 'errored', 'skipped'] as const)
    .map((status) => [status === 'skipped' ? 'not run' : status, results.filter((result) => result.status === status).length] as const)
    .filter(([, count]) => count > 0);
  return {
    status: overallStatus(results),
    summary: counts.map(([label, count]) => `${count} ${label}`).join(', '),
    rows: results.map((result) => ({
      name: shortValue(result.name),
      line: result.line + 1,
      status: result.status,
      ...(result.expected === undefined ? {} : { expected: shortValue(result.expected) }),
      ...(result.actual === undefined ? {} : { actual: shortValue(result.actual) }),
      message: shortValue(result.message),
    })),
  };
}

export function responseViewModel(response: HttpResponse, options: ResponseViewOptions): ResponseViewModel {
  const notes = [...response.notes];
  if (response.truncated && !response.stalled) notes.push(`The body was cut at ${formatBytes(response.body.length)} (fincode.maxResponseBytes).`);
  if (response.encoding.problem) notes.push(response.encoding.problem);
  for (const hop of response.redirects) notes.push(`Followed ${hop.status} from ${hop.url}`);
  let path = response.requestUrl;
  try {
    path = new URL(response.requestUrl).pathname;
  } catch {
    // keep the URL as is
  }
  const body = shapeBody(response.text, response.contentType, response.truncated, options.maxText);
  if (body.notFormatted) notes.push(body.notFormatted);
  if (body.masked) notes.push('Token-shaped values in the body are masked here; Copy body and Save… give the body as received.');
  return {
    id: options.id,
    title: `${response.status} ${response.method} ${path}`,
    ...(options.sentAs === undefined ? {} : { sentAs: options.sentAs }),
    method: response.method,
    url: response.requestUrl,
    status: response.status,
    reason: response.reason,
    statusClass: statusClass(response.status),
    timeMs: Math.round(response.timings.totalMs),
    size: formatBytes(response.size.decodedBytes),
    headers: response.headers.map(({ name, value }) => ({ name, value: redact(value) })),
    requestHeaders: response.requestHeaders.map(({ name, value }) => ({ name, value })),
    injectedHeaders: [...response.injectedHeaders],
    notes,
    ...(response.contentType === undefined ? {} : { contentType: response.contentType }),
    body,
    ...(options.fromMatrix ? { fromMatrix: true } : {}),
    ...(options.checks && options.checks.length > 0 ? { checks: checksView(options.checks) } : {}),
  };
}

export function matrixViewModel(
  id: string,
  request: { readonly method: string; readonly url: string },
  cells: readonly RoleRunResult[],
  options: {
    readonly hints?: readonly (string | undefined)[];
    readonly hasResponse?: readonly boolean[];
    readonly notSent?: readonly boolean[];
    readonly checks?: readonly (readonly CheckResult[] | undefined)[];
  } = {},
): MatrixViewModel {
  const rows = cells.map((cell, index): MatrixRowView => {
    const hint = options.hints?.[index];
    const checks = options.checks?.[index];
    const notSent = cell.status === undefined && options.notSent?.[index] === true;
    return {
      index,
      profile: cell.profile,
      role: cell.role,
      status: notSent ? 'signed out' : cell.status === undefined ? 'error' : String(cell.status),
      ...(cell.status === undefined ? {} : { statusClass: statusClass(cell.status) }),
      time: cell.elapsedMs === undefined ? '–' : `${Math.round(cell.elapsedMs)} ms`,
      size: cell.size === undefined ? '–' : formatBytes(cell.size),
      expected: cell.expected === undefined ? '–' : String(cell.expected),
      result: cell.pass === undefined ? '' : cell.pass ? 'pass' : 'fail',
      ...(cell.error === undefined ? {} : { error: cell.error }),
      ...(hint === undefined ? {} : { hint }),
      ...(notSent ? { notSent: true as const } : {}),
      hasResponse: options.hasResponse?.[index] ?? false,
      ...(checks && checks.length > 0 ? { checks: checksView(checks) } : {}),
    };
  });
  return {
    id,
    title: `Every role: ${request.method} ${request.url}`,
    method: request.method,
    url: request.url,
    rows,
    passed: cells.length > 0 && cells.every((cell) => cell.pass !== false && cell.error === undefined),
    hasExpectations: cells.some((cell) => cell.expected !== undefined),
  };
}
