// The response view's model and message protocol, shared by the extension (responseView.ts) and
// the page (media/responseView.js, through JSDoc imports). Plain data, no 'vscode' import.
// No credential ever reaches it: the response model's requestHeaders are already redacted, the
// injected headers are shown by name only, and token-shaped values in the body and the response
// headers (an echo, a login response) are masked; Copy body and Save… give the body as received.
import { redact } from '../../core/redact';
import type { HttpResponse } from '../../core/http/response';
import type { MatrixCell } from '../../core/http/matrix';

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
  };
  /** Shown when the view was opened from a matrix: go back to it. */
  readonly fromMatrix?: boolean;
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
  /** A response exists for this row (click opens it). */
  readonly hasResponse: boolean;
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

function looksJson(contentType: string | undefined, text: string): boolean {
  if (contentType && /[/+]json\b/i.test(contentType)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** The body text for the page: cut at `maxText`, JSON re-indented when it parses and is small. */
export function shapeBody(text: string, contentType: string | undefined, truncated: boolean, maxText = MAX_VIEW_TEXT): ResponseViewModel['body'] {
  const cutForView = text.length > maxText;
  const shown = cutForView ? text.slice(0, maxText) : text;
  let pretty: string | undefined;
  if (!cutForView && !truncated && text.length <= MAX_PRETTY_TEXT && looksJson(contentType, text)) {
    try {
      pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      pretty = undefined;
    }
  }
  const safe = redact(shown);
  const safePretty = pretty === undefined ? undefined : redact(pretty);
  return { text: safe, ...(safePretty === undefined ? {} : { pretty: safePretty }), cutForView, truncated, masked: safe !== shown };
}

export interface ResponseViewOptions {
  readonly id: string;
  readonly sentAs?: string;
  readonly fromMatrix?: boolean;
  readonly maxText?: number;
}

export function responseViewModel(response: HttpResponse, options: ResponseViewOptions): ResponseViewModel {
  const notes = [...response.notes];
  if (response.truncated) notes.push(`The body was cut at ${formatBytes(response.body.length)} (fincode.maxResponseBytes).`);
  if (response.encoding.problem) notes.push(response.encoding.problem);
  for (const hop of response.redirects) notes.push(`Followed ${hop.status} from ${hop.url}`);
  let path = response.requestUrl;
  try {
    path = new URL(response.requestUrl).pathname;
  } catch {
    // keep the URL as is
  }
  const body = shapeBody(response.text, response.contentType, response.truncated, options.maxText);
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
  };
}

export function matrixViewModel(
  id: string,
  request: { readonly method: string; readonly url: string },
  cells: readonly MatrixCell[],
  options: { readonly hints?: readonly (string | undefined)[]; readonly hasResponse?: readonly boolean[] } = {},
): MatrixViewModel {
  const rows = cells.map((cell, index): MatrixRowView => {
    const hint = options.hints?.[index];
    return {
      index,
      profile: cell.profile,
      role: cell.role,
      status: cell.status === undefined ? 'error' : String(cell.status),
      ...(cell.status === undefined ? {} : { statusClass: statusClass(cell.status) }),
      time: cell.elapsedMs === undefined ? '–' : `${Math.round(cell.elapsedMs)} ms`,
      size: cell.size === undefined ? '–' : formatBytes(cell.size),
      expected: cell.expected === undefined ? '–' : String(cell.expected),
      result: cell.pass === undefined ? '' : cell.pass ? 'pass' : 'fail',
      ...(cell.error === undefined ? {} : { error: cell.error }),
      ...(hint === undefined ? {} : { hint }),
      hasResponse: options.hasResponse?.[index] ?? false,
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
