// A request the parser read by its fast path (parser.ts, readSimpleBlocks): its headers and body
// are read from the file's text when first asked for, not while the file is parsed. Opening a file
// needs every request's name, method, URL, annotations and lines (lenses, diagnostics); headers
// and body are needed for the requests sent, copied or checked. So a first parse makes no header
// list, header, body or segment object: fewer allocations, and less for the garbage collector to
// copy, in a fresh process (CONTRIBUTING.md, "Speed"). Seen from outside it is a ParsedRequest
// like any other; JSON.stringify and `plainRequest` give its plain form (a spread would lose
// headers and body).
import { headerAt, newKeyValueMatch } from './lineSyntax';
import type { FinCodeAnnotations, MetadataEntry, ParsedBody, ParsedHeader, ParsedRequest, RequestRange } from './model';

const CR = 13;
const NONE: readonly never[] = Object.freeze([]);

export class SimpleRequest implements ParsedRequest {
  declare readonly index: number;
  declare readonly name: string | undefined;
  declare readonly title: string | undefined;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly httpVersion: string | undefined;
  declare readonly metadata: readonly MetadataEntry[];
  declare readonly annotations: FinCodeAnnotations;
  declare readonly range: RequestRange;
  // Where the headers and body are in #text: header lines [#headersFrom, #headersTo), each a
  // `Name: value` line ending with LF or CRLF, the first of them line #headersLine; the body's
  // text [#bodyFrom, #bodyTo), no include in it (#bodyTo -1: no body). Kept as numbers, not as
  // an object, so that a request is one allocation.
  #text: string;
  #headersFrom: number;
  #headersTo: number;
  #headersLine: number;
  #bodyFrom: number;
  #bodyTo: number;
  #headers: readonly ParsedHeader[] | undefined;
  #body: ParsedBody | null | undefined;

  // Positional, not an options object: the parser makes one per request, and an options object
  // would be one more allocation each.
  constructor(
    index: number,
    name: string | undefined,
    title: string | undefined,
    method: string,
    url: string,
    httpVersion: string | undefined,
    metadata: readonly MetadataEntry[],
    annotations: FinCodeAnnotations,
    range: RequestRange,
    text: string,
    headersFrom: number,
    headersTo: number,
    headersLine: number,
    bodyFrom: number,
    bodyTo: number,
  ) {
    this.index = index;
    this.name = name;
    this.title = title;
    this.method = method;
    this.url = url;
    this.httpVersion = httpVersion;
    this.metadata = metadata;
    this.annotations = annotations;
    this.range = range;
    this.#text = text;
    this.#headersFrom = headersFrom;
    this.#headersTo = headersTo;
    this.#headersLine = headersLine;
    this.#bodyFrom = bodyFrom;
    this.#bodyTo = bodyTo;
  }

  get headers(): readonly ParsedHeader[] {
    return (this.#headers ??= readHeaders(this.#text, this.#headersFrom, this.#headersTo, this.#headersLine));
  }

  get body(): ParsedBody | undefined {
    if (this.#body === undefined) this.#body = readBody(this.#text, this.#bodyFrom, this.#bodyTo);
    return this.#body ?? undefined;
  }

  /** The same request at `index` in its file, with its metadata and range moved `lines` lines (the incremental re-parse moves them). */
  moved(index: number, metadata: readonly MetadataEntry[], range: RequestRange, lines: number): SimpleRequest {
    const { name, title, method, url, httpVersion, annotations } = this;
    const text = this.#text;
    return new SimpleRequest(index, name, title, method, url, httpVersion, metadata, annotations, range, text, this.#headersFrom, this.#headersTo, this.#headersLine + lines, this.#bodyFrom, this.#bodyTo);
  }

  toJSON(): ParsedRequest {
    return plainRequest(this);
  }
}

/** Any request as a plain object with every field, in the parser's order: what tests compare and JSON holds. */
export function plainRequest(request: ParsedRequest): ParsedRequest {
  const { index, name, title, method, url, httpVersion, headers, body, metadata, annotations, range } = request;
  return { index, name, title, method, url, httpVersion, headers, body, metadata, annotations, range };
}

function readHeaders(text: string, from: number, to: number, firstLine: number): readonly ParsedHeader[] {
  if (from === to) return NONE;
  const match = newKeyValueMatch();
  const headers: ParsedHeader[] = [];
  for (let at = from, line = firstLine; at < to; line++) {
    const lf = text.indexOf('\n', at);
    headerAt(text, at, text.charCodeAt(lf - 1) === CR ? lf - 1 : lf, match);
    headers.push({ name: text.slice(match.keyStart, match.keyEnd), value: text.slice(match.valueStart, match.valueEnd), line });
    at = lf + 1;
  }
  return headers;
}

function readBody(text: string, from: number, to: number): ParsedBody | null {
  if (to === -1) return null;
  const written = text.slice(from, to);
  const raw = written.indexOf('\r') === -1 ? written : written.replace(/\r\n/g, '\n');
  return { raw, segments: [{ kind: 'text', text: raw }] };
}
