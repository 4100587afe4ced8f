// What to colour in a .http file when no other extension's grammar does (the editor's fallback
// highlighting): comments, metadata and our annotations, request lines, headers, file variables
// and `{{variables}}`, read from the parse the editor already keeps plus the text of the lines
// asked for. Only those lines are read, so the editor pays for what is on screen.
import { isAnnotationKey } from './annotations';
import {
  afterHashes,
  commentStart,
  firstNonBlank,
  headerAt,
  httpVersionStart,
  isSeparator,
  metadataAt,
  newKeyValueMatch,
  requestMethodAt,
  trimmedEnd,
  variableAt,
  type KeyValueMatch,
} from './lineSyntax';
import type { ParsedFile, ParsedRequest } from './model';

/** The kinds, named as VS Code's standard semantic token types so that every theme colours them. */
export const HIGHLIGHT_KINDS = ['comment', 'keyword', 'string', 'property', 'variable', 'decorator', 'number', 'operator', 'parameter', 'enumMember'] as const;
export type HighlightKind = (typeof HIGHLIGHT_KINDS)[number];

export interface HighlightToken {
  readonly line: number;
  readonly column: number;
  readonly length: number;
  readonly kind: HighlightKind;
  /** Where a variable is defined (`@name = value`). */
  readonly declaration?: boolean;
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: HighlightKind;
  readonly declaration?: boolean;
}

const REFERENCE = /\{\{[^{}]*?\}\}/g;

/** The tokens of lines `[from, to)`, in order; `lineText(n)` is line n's text without its line break. */
export function highlightLines(file: ParsedFile, lineText: (line: number) => string, from: number, to: number): HighlightToken[] {
  const tokens: HighlightToken[] = [];
  const { requests } = file;
  let index = firstEndingAtOrAfter(requests, from);
  const match = newKeyValueMatch();
  for (let line = from; line < Math.min(to, file.lineCount); line++) {
    while (index < requests.length && (requests[index] as ParsedRequest).range.end < line) index++;
    const request = requests[index];
    const text = lineText(line);
    const spans = request && request.range.start <= line ? requestLineSpans(text, line, request, match) : looseLineSpans(text, match);
    for (const span of withReferences(text, spans)) {
      tokens.push({ line, column: span.start, length: span.end - span.start, kind: span.kind, ...(span.declaration ? { declaration: true } : {}) });
    }
  }
  return tokens;
}

/** A line inside a request's block: before its request line as outside one, then the request line, URL lines, headers; the body gets only its `{{variables}}`. */
function requestLineSpans(text: string, line: number, request: ParsedRequest, match: KeyValueMatch): Span[] {
  const { requestLine } = request.range;
  if (line < requestLine) return looseLineSpans(text, match);
  const first = firstNonBlank(text, 0, text.length);
  if (line === requestLine) return methodAndUrl(text, first, match);
  const header = request.headers.find((candidate) => candidate.line === line);
  if (header) return headerAt(text, first, text.length, match) ? keyValue(match, 'property', 'string') : [];
  // `?a=1` / `&b=2` lines under the request line go on with its URL.
  const code = text.charCodeAt(first);
  const continuation = (code === 63 || code === 38) && request.headers.every((candidate) => candidate.line > line);
  return continuation ? [{ start: first, end: trimmedEnd(text, first, text.length), kind: 'string' }] : [];
}

/** A line outside any request's body: a separator, a comment, metadata or an annotation, a file variable. */
function looseLineSpans(text: string, match: KeyValueMatch): Span[] {
  const end = text.length;
  const first = firstNonBlank(text, 0, end);
  if (first === end) return [];
  if (text.charCodeAt(first) === 64) {
    return variableAt(text, first, end, match) ? [{ start: first, end: match.keyEnd, kind: 'variable', declaration: true }, ...value(match, 'string')] : [];
  }
  const marker = isSeparator(text, first, end) ? afterHashes(text, first, end) : commentStart(text, first, end);
  if (marker === -1) return [];
  if (!metadataAt(text, marker, end, match)) return [{ start: first, end: trimmedEnd(text, first, end), kind: 'comment' }];
  const key = text.slice(match.keyStart, match.keyEnd);
  // Ours stand out as keywords, as the injection grammar colours them over another extension's grammar.
  const tag: Span[] = [
    { start: first, end: marker, kind: 'comment' },
    { start: match.keyStart - 1, end: match.keyEnd, kind: isAnnotationKey(key) ? 'keyword' : 'decorator' },
  ];
  if (key === 'expect') return [...tag, ...expectPairs(text, match.valueStart, match.valueEnd)];
  return [...tag, ...value(match, key === 'role' ? 'enumMember' : 'string')];
}

/** `METHOD URL HTTP/1.1`, or a bare URL. */
function methodAndUrl(text: string, first: number, match: KeyValueMatch): Span[] {
  const end = trimmedEnd(text, first, text.length);
  const spans: Span[] = [];
  let urlStart = first;
  if (requestMethodAt(text, first, text.length, match) !== undefined) {
    spans.push({ start: match.keyStart, end: match.keyEnd, kind: 'keyword' });
    urlStart = match.valueStart;
  }
  const version = httpVersionStart(text.slice(urlStart, end));
  const urlEnd = version === -1 ? end : trimmedEnd(text, urlStart, urlStart + version);
  if (urlEnd > urlStart) spans.push({ start: urlStart, end: urlEnd, kind: 'string' });
  if (version !== -1) spans.push({ start: urlStart + version, end, kind: 'keyword' });
  return spans;
}

/** `ROLE=STATUS` pairs of `# @expect`; a malformed pair stays plain (its diagnostic marks it). */
function expectPairs(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  for (const pair of text.slice(from, to).matchAll(/([^\s,=]+)(=)(\d{3})(?=[\s,]|$)/g)) {
    const start = from + (pair.index ?? 0);
    const equals = start + (pair[1] as string).length;
    spans.push({ start, end: equals, kind: 'parameter' }, { start: equals, end: equals + 1, kind: 'operator' }, { start: equals + 1, end: equals + 4, kind: 'number' });
  }
  return spans;
}

function keyValue(match: KeyValueMatch, key: HighlightKind, valueKind: HighlightKind): Span[] {
  return [{ start: match.keyStart, end: match.keyEnd, kind: key }, ...value(match, valueKind)];
}

function value(match: KeyValueMatch, kind: HighlightKind): Span[] {
  return match.valueEnd > match.valueStart ? [{ start: match.valueStart, end: match.valueEnd, kind }] : [];
}

/** `spans` with every `{{…}}` on the line cut out of them and coloured as a variable. */
function withReferences(text: string, spans: readonly Span[]): readonly Span[] {
  if (!text.includes('{{')) return spans;
  const references: Span[] = [...text.matchAll(REFERENCE)].map((found) => ({ start: found.index ?? 0, end: (found.index ?? 0) + found[0].length, kind: 'variable' }));
  const pieces: Span[] = [...references];
  for (const span of spans) {
    let at = span.start;
    for (const reference of references) {
      if (reference.end <= at || reference.start >= span.end) continue;
      if (reference.start > at) pieces.push({ ...span, start: at, end: reference.start });
      at = Math.max(at, reference.end);
    }
    if (at < span.end) pieces.push({ ...span, start: at, end: span.end });
  }
  return pieces.sort((a, b) => a.start - b.start);
}

/** Index of the first request whose block ends at or after `line`. */
function firstEndingAtOrAfter(requests: readonly ParsedRequest[], line: number): number {
  let low = 0;
  let high = requests.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((requests[middle] as ParsedRequest).range.end < line) low = middle + 1;
    else high = middle;
  }
  return low;
}
