// One entry of the request history: what was sent and what came back, with every credential
// already gone. Entries are built here and nowhere else, so nothing reaches the history's storage
// unredacted: headers the engine injected are dropped, credential-named headers and cookies are
// masked, and tokens, passwords and JWT-shaped strings in the URL, the bodies and the request
// text are masked (core/redact.ts) before the entry exists.
import type { HeaderEntry } from '../net/headers';
import { isCredentialKey, redactCookies, redactCredentials, REDACTED } from '../redact';
import { isCredentialHeader, reasonPhrase, type HttpResponse } from './response';

export interface HistorySource {
  /** The .http file's URI (a string: entries are stored as JSON). */
  readonly uri: string;
  /** 0-based line of the request line when it was sent. */
  readonly line: number;
  /** `# @name`, to find the request again after edits. */
  readonly name?: string;
  /** The raw URL as written (variables unresolved), to find the request again. */
  readonly rawUrl: string;
}

export interface HistoryEntry {
  readonly id: string;
  /** When the response came (ms since the epoch). */
  readonly at: number;
  readonly method: string;
  /** Credential query values masked. */
  readonly url: string;
  readonly status: number;
  readonly reason: string;
  readonly timeMs: number;
  /** "CASHIER (cashier)", or the API token's label. */
  readonly sentAs: string;
  /** The profile or API token it was sent as, to re-send as the same one. */
  readonly profileId: string;
  readonly source?: HistorySource;
  /** The request as written in the .http file (redacted): re-sent when the file is gone. */
  readonly requestText: string;
  /** Sent as part of "Send as every role". */
  readonly everyRole?: true;
  readonly request: {
    readonly headers: readonly HeaderEntry[];
    readonly body?: string;
    /** Names of the headers the engine added (their values were never kept). */
    readonly injected: readonly string[];
  };
  readonly response: {
    readonly httpVersion: string;
    readonly headers: readonly HeaderEntry[];
    readonly contentType?: string;
    readonly body: string;
    readonly bodyBytes: number;
    /** The engine stopped reading at fincode.maxResponseBytes. */
    readonly truncated: boolean;
    /** The history kept only the start of the body (the size cap). */
    readonly cut: boolean;
    /** Not text (an image, an archive…): the body is not kept. */
    readonly binary: boolean;
  };
}

export interface EntryInput {
  readonly id: string;
  readonly at: number;
  readonly response: HttpResponse;
  readonly sentAs: string;
  readonly profileId: string;
  readonly requestText: string;
  readonly source?: HistorySource;
  readonly everyRole?: boolean;
  /** Longest body (each of request and response) kept, in characters. */
  readonly maxBodyChars: number;
  /** Values known to be secret (a typed password…), masked wherever they appear. */
  readonly knownSecrets?: readonly (string | undefined)[];
}

const BINARY_TYPE = /^(image|audio|video|font)\/|octet-stream|zip|pdf|protobuf|msgpack/i;

/** Redacted, then cut: a secret is never cut in two (its first half would not look like one). */
function keptText(text: string, maxChars: number, secrets: readonly (string | undefined)[]): { text: string; cut: boolean } {
  const cut = text.length > maxChars;
  return { text: redactCredentials(cut ? text.slice(0, 2 * maxChars) : text, secrets).slice(0, maxChars), cut };
}

/** Credential headers dropped (the engine's and the user's: a typed Authorization is one too); cookies and secret-looking values masked. */
export function keptHeaders(headers: readonly HeaderEntry[], dropped: readonly string[], secrets: readonly (string | undefined)[] = []): HeaderEntry[] {
  const drop = new Set(dropped.map((name) => name.toLowerCase()));
  return headers
    .filter((header) => !drop.has(header.name.toLowerCase()) && !/^(proxy-)?authorization$/i.test(header.name))
    .map(({ name, value }) => {
      if (/^(set-)?cookie$/i.test(name)) return { name, value: redactCookies(redactCredentials(value, secrets)) };
      if (isCredentialHeader(name) || isCredentialKey(name)) return { name, value: REDACTED };
      return { name, value: redactCredentials(value, secrets) };
    });
}

/** The URL with credential query values (and anything token-shaped) masked. */
export function keptUrl(url: string, secrets: readonly (string | undefined)[] = []): string {
  return redactCredentials(url, secrets);
}

export function historyEntry(input: EntryInput): HistoryEntry {
  const { response, maxBodyChars } = input;
  const secrets = input.knownSecrets ?? [];
  const binary = response.contentType !== undefined && BINARY_TYPE.test(response.contentType);
  const body = binary ? { text: '', cut: false } : keptText(response.text, maxBodyChars, secrets);
  const requestBody = response.requestBody ? keptText(response.requestBody.toString('utf8'), maxBodyChars, secrets).text : undefined;
  return {
    id: input.id,
    at: input.at,
    method: response.method,
    url: keptUrl(response.requestUrl, secrets),
    status: response.status,
    reason: response.reason || reasonPhrase(response.status),
    timeMs: Math.round(response.timings.totalMs),
    sentAs: input.sentAs,
    profileId: input.profileId,
    ...(input.source ? { source: { ...input.source, rawUrl: keptUrl(input.source.rawUrl, secrets) } } : {}),
    requestText: keptText(input.requestText, maxBodyChars, secrets).text,
    ...(input.everyRole ? { everyRole: true as const } : {}),
    request: {
      headers: keptHeaders(response.requestHeaders, response.injectedHeaders, secrets),
      ...(requestBody === undefined ? {} : { body: requestBody }),
      injected: [...response.injectedHeaders],
    },
    response: {
      httpVersion: response.httpVersion,
      headers: keptHeaders(response.headers, [], secrets),
      ...(response.contentType === undefined ? {} : { contentType: response.contentType }),
      body: body.text,
      bodyBytes: response.size.decodedBytes,
      truncated: response.truncated,
      cut: body.cut,
      binary,
    },
  };
}

/** The entry as a response again, for the response view (which shows it like any other). */
export function historyResponse(entry: HistoryEntry): HttpResponse {
  const body = Buffer.from(entry.response.body, 'utf8');
  const notes = [`From the request history (${new Date(entry.at).toLocaleString()}); credentials were removed before it was kept.`];
  if (entry.response.cut) notes.push('The history kept only the start of this body (fincode.history.maxBytes).');
  if (entry.response.binary) notes.push('The body is not text: the history did not keep it.');
  return {
    status: entry.status,
    reason: entry.reason,
    httpVersion: entry.response.httpVersion,
    headers: entry.response.headers,
    body,
    text: entry.response.body,
    ...(entry.response.contentType === undefined ? {} : { contentType: entry.response.contentType }),
    size: { decodedBytes: entry.response.bodyBytes, rawBytes: entry.response.bodyBytes },
    truncated: entry.response.truncated,
    encoding: { codings: [], decoded: true },
    timings: { totalMs: entry.timeMs, ttfbMs: entry.timeMs },
    url: entry.url,
    redirects: [],
    method: entry.method,
    requestUrl: entry.url,
    requestHeaders: entry.request.headers,
    ...(entry.request.body === undefined ? {} : { requestBody: Buffer.from(entry.request.body, 'utf8') }),
    injectedHeaders: entry.request.injected,
    notes,
  };
}
