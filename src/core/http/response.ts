// The exchange model: the request as it goes on the wire, the response as the user sees it, and
// the header-list helpers both use. Header lists keep duplicates and the order they came in.
// Credential values never reach the model: `requestHeaders` holds them as a placeholder.
import { STATUS_CODES } from 'node:http';
import { CREDENTIAL_HEADER_NAMES } from '../fincode/headers';
import { redact, REDACTED } from '../redact';

export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
}

/** A request ready to send: variables resolved, body built, headers final. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderEntry[];
  /** Buffered, so a retry or a 307/308 sends the identical bytes. */
  readonly body?: Buffer;
}

export interface RedirectHop {
  readonly url: string;
  readonly status: number;
}

export interface ResponseTimings {
  /** From the first byte sent until the last byte of the final response, redirects included. */
  readonly totalMs: number;
  /** Until the final response's headers arrived. */
  readonly ttfbMs: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  readonly httpVersion: string;
  readonly headers: readonly HeaderEntry[];
  /** Decoded (Content-Encoding removed) and capped. */
  readonly body: Buffer;
  readonly text: string;
  readonly contentType?: string;
  readonly size: { readonly decodedBytes: number; readonly rawBytes: number };
  /** The body is incomplete: cut at the size limit, or (with `stalled`) it stopped arriving. */
  readonly truncated: boolean;
  /** The body stopped arriving (the body timeout): what came is kept, with a note. */
  readonly stalled?: true;
  readonly encoding: { readonly codings: readonly string[]; readonly decoded: boolean; readonly problem?: string };
  readonly timings: ResponseTimings;
  /** The URL of the final response (differs from the request's after followed redirects). */
  readonly url: string;
  /** Each followed 3xx, in order. */
  readonly redirects: readonly RedirectHop[];
  readonly method: string;
  readonly requestUrl: string;
  /** The first request's headers as sent, credential values (and token-shaped values) replaced by a placeholder. */
  readonly requestHeaders: readonly HeaderEntry[];
  /** As sent; kept for request chaining (`{{name.request.body.$.x}}`). */
  readonly requestBody?: Buffer;
  /** Names of the headers the engine added (never their values). */
  readonly injectedHeaders: readonly string[];
  /** Things the user should know, e.g. why a 401 was not retried. */
  readonly notes: readonly string[];
}

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER_NAMES.includes(name.toLowerCase());
}

/** The first value of `name`, case-insensitively. */
export function headerValue(headers: readonly HeaderEntry[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}

export function hasHeader(headers: readonly HeaderEntry[], name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

/** `headers` without any of `names` (case-insensitive). */
export function withoutHeaders(headers: readonly HeaderEntry[], names: Iterable<string>): HeaderEntry[] {
  const drop = new Set([...names].map((name) => name.toLowerCase()));
  return headers.filter((header) => !drop.has(header.name.toLowerCase()));
}

/** undici's header record as a list; repeated headers (arrays) become repeated entries. */
export function headerList(record: Readonly<Record<string, string | string[] | undefined>>): HeaderEntry[] {
  const list: HeaderEntry[] = [];
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    if (typeof value === 'string') list.push({ name, value });
    else if (Array.isArray(value)) for (const item of value) list.push({ name, value: item });
  }
  return list;
}

/**
 * The list as undici's flat `[name, value, …]` array (cheaper for it than a record): names in
 * lower case, repeated names joined as HTTP allows (Cookie with "; ", others with ", "), in the
 * order they first appear.
 */
export function headerPairs(headers: readonly HeaderEntry[]): string[] {
  const pairs: string[] = [];
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    let at = 0;
    while (at < pairs.length && pairs[at] !== key) at += 2;
    if (at === pairs.length) pairs.push(key, value);
    else pairs[at + 1] = `${pairs[at + 1] as string}${key === 'cookie' ? '; ' : ', '}${value}`;
  }
  return pairs;
}

/**
 * Credential values replaced by the placeholder (an Authorization scheme such as "Bearer" stays
 * visible); in other headers, anything shaped like a token is masked too.
 */
export function redactedHeaders(headers: readonly HeaderEntry[]): HeaderEntry[] {
  return headers.map((header) => {
    if (!isCredentialHeader(header.name)) return { name: header.name, value: redact(header.value) };
    const authorization = /^(proxy-)?authorization$/i.test(header.name);
    const scheme = authorization ? /^([A-Za-z][\w-]*)\s+\S/.exec(header.value)?.[1] : undefined;
    return { name: header.name, value: scheme ? `${scheme} ${REDACTED}` : REDACTED };
  });
}

/** undici does not report the server's reason phrase: the standard one is shown. */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? '';
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** The body as text: the Content-Type charset when Node knows it, else UTF-8. */
export function bodyText(body: Buffer, contentType: string | undefined): string {
  // A charset parameter has an "=": most types (application/json) have none.
  const charset = contentType?.includes('=') ? CHARSET.exec(contentType)?.[1] : undefined;
  if (charset) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // Unknown label: fall through to UTF-8.
    }
  }
  return body.toString('utf8');
}
