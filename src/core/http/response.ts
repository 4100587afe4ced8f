// The response as the user sees it (the request as it goes on the wire, and header lists, are
// core/net's). Credential values never reach the model: `requestHeaders` holds them as a placeholder.
import { STATUS_CODES } from 'node:http';
import type { HeaderEntry } from '../net/headers';
import { CREDENTIAL_HEADER_NAMES } from '../fincode/headers';
import { redact, REDACTED } from '../redact';

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
