// The .http parser: one pass over the lines, a small state machine per request block, for files
// written for REST Client, httpYac and the JetBrains HTTP client, plus our `# @profile`,
// `# @role`, `# @no-auth` and `# @expect` annotations. It never throws: a malformed line becomes
// a Diagnostic and parsing goes on with the next one.
//
// Where the three clients differ or say nothing, it decides so:
// - A block runs from a `###` line to the next (the first block from the top of the file).
//   Before the request line come comments, `# @key value` metadata, `@name = value` variables
//   and pre-request scripts (`< {% %}`, `< file.js`); the first other line is the request line.
// - Headers follow up to the first blank line; `#` and `//` lines among them are comments.
//   Indented lines and `?`/`&` lines directly under the request line continue the URL
//   (JetBrains), so an indented line there is URL, not a header.
// - The body starts at the first non-blank line after that blank line and ends at the next
//   separator, at a script or assertion line (`> {% %}`, `> file.js`, `>> file`, `>>! file`,
//   `?? …`, `<> file`, `< {% %}`, `{{ }}`) or at a pasted response (`HTTP/1.1 200 …`, ignored
//   up to the separator). `#` and `//` lines inside it are body; blank, comment and
//   `@name = value` lines after its last other line are not (those are file variables).
//   After the body's end only further scripts and `@name = value` lines count.
// - Script and assertion lines are kept in the metadata under the keys 'script' (`{% %}`
//   blocks, `{{ }}` blocks, `> file.js`, `< file.js` before the request line), 'assert' (`??`),
//   'output' (`>>`, `>>!`) and 'response-ref' (`<>`), with their text as the value (lines of a
//   multi-line script joined with '\n'): shown, never run.
// - body.raw and script values have '\n' line ends whatever the file's; httpVersion is the
//   token as written (`HTTP/1.1`, `HTTP/2`). A leading BOM is skipped; columns count from after it.
// - range.start is the separator; without one (the first block), the earliest of the block's
//   metadata and script lines and the comment lines directly above the request line.
//   range.end is the block's last non-blank line, scripts and a pasted response included.
import { report, shown } from './diagnostics';
import { SimpleRequest } from './simpleRequest';
import { isAnnotationKey, newAnnotationDraft, NO_ANNOTATIONS, readAnnotation, type AnnotationDraft, type ExpectRecords } from './annotations';
import {
  afterHashes,
  blockCommentAt,
  closesBlockComment,
  closesScript,
  commentStart,
  continuesUrl,
  equalsAt,
  firstNonBlank,
  definitionAt,
  graphQlFileAt,
  graphQlOperationAt,
  headerAt,
  isHeaderSpread,
  includeAt,
  isResponseLine,
  isSeparator,
  matchesAt,
  metadataAt,
  httpVersionStart,
  newKeyValueMatch,
  nextBlockCommentClose,
  requestMethodAt,
  schemeMethod,
  scriptAt,
  startsRequest,
  trimmedEnd,
  trimmedSlice,
  variableAt,
  type KeyValueMatch,
  type ScriptEnd,
  type ScriptKey,
  type ScriptMatch,
} from './lineSyntax';
import {
  SENDABLE_METHODS,
  type BodySegment,
  type Diagnostic,
  type FileVariable,
  type MetadataEntry,
  type ParsedBody,
  type ParsedFile,
  type ParsedHeader,
  type ParsedRequest,
} from './model';

const AT = 64;
const H = 72;
const HASH = 35;
const SLASH = 47;
const LT = 60;
const CR = 13;
const LF = 10;
const NONE: readonly never[] = Object.freeze([]);
const SENDABLE: ReadonlySet<string> = new Set(SENDABLE_METHODS);
const SHARED_SLOTS = 1024;
const SHARED_MAX_LENGTH = 64;

type State = 'pre' | 'headers' | 'body' | 'after' | 'script' | 'response' | 'comment' | 'definition';

/**
 * The file's results so far, and what is known of the block being read (reset at each
 * separator). Lines are never copied out of `text`: they are offsets, and only the parts that
 * end up in the result are sliced.
 */
interface Parse {
  readonly text: string;
  readonly hasCR: boolean;
  /** Whether readSimpleBlocks reads simple blocks in bulk (see there). */
  readonly simpleBlocks: boolean;
  /** Filled in by the recognisers of `key value` lines. */
  readonly match: KeyValueMatch;
  /** Short strings already cut from the text, by a hash of their length and characters: see `shared`. */
  readonly shared: (string | undefined)[];
  /** `@expect` values read so far (readAnnotation). */
  readonly expectRecords: ExpectRecords;
  readonly requests: ParsedRequest[];
  readonly variables: FileVariable[];
  readonly diagnostics: Diagnostic[];
  /** Index of the first request read (a partial parse starts after other requests). */
  readonly firstIndex: number;
  /** Line and offset of each `###` line read, in order; kept for parseBlocks only (a whole file's parse has no use for them). */
  readonly keepBlocks: boolean;
  readonly blockLines: number[];
  readonly blockOffsets: number[];
  /** Lines of block comment openers no later line closes (read as one-line comments). */
  readonly unclosedComments: number[];
  /** Where the next line closing a block comment starts (at or after the last asked); -1: none; -2: not looked for yet. */
  nextClose: number;
  /** Set when reading goes back to an earlier line (see splitRequest); -1 otherwise. */
  rewindLine: number;
  rewindOffset: number;
  state: State;
  /** The state a multi-line block comment returns to. */
  commentReturn: State;
  /** The block's `###` line; -1 in the first block. */
  separator: number;
  title: string | undefined;
  name: string | undefined;
  /**
   * Scratch lists reused by every block: only their first `…Count` items are this block's. They
   * are copied out at its end, so results hold exact-size arrays and no block allocates a list
   * it may not need.
   */
  readonly metadata: MetadataEntry[];
  metadataCount: number;
  annotations: AnnotationDraft | undefined;
  /** First metadata or script line before the request line; -1 when none. */
  firstAttached: number;
  /** First line of the run of comment lines directly above the current line; -1 when none. */
  runStart: number;
  /** The request's range.start, set at its request line. */
  start: number;
  requestLine: number;
  method: string;
  url: string;
  /** Still right under the request line, where continuation lines extend the URL. */
  urlOpen: boolean;
  readonly headers: ParsedHeader[];
  headerCount: number;
  /** Offset and line of the body's first line (a comment or variable until body text follows); -1 when none. */
  bodyStart: number;
  bodyStartLine: number;
  /** Offset where the last line of body text ends; -1 when there is none. */
  bodyEnd: number;
  bodyHasInclude: boolean;
  /** `@name = value` lines after the last body text: variables unless more body text follows. */
  pendingVariables: FileVariable[] | undefined;
  lastNonBlank: number;
  /** Offset where the last non-blank line's text ends. */
  lastNonBlankEnd: number;
  /** The non-blank line before the last one, and where its text ends. */
  previousNonBlank: number;
  previousNonBlankEnd: number;
  /**
   * The run of blank, comment and `@name = value` lines since the request's last line of
   * request text: its first line and offset (-1: none), and the last non-blank line before it.
   * When a request line follows, the run belongs to that new request (splitRequest).
   */
  tailLine: number;
  tailOffset: number;
  tailEnd: number;
  tailEndOffset: number;
  /** multipart/mixed (httpYac): where the body's closing `--boundary--` is; no request starts before it. -2: not such a body; -1: never closed. */
  mixedEnd: number;
  /** A GraphQL body's operation name (`query Name`). */
  operationName: string | undefined;
  /** A multi-line script: where it starts (line, offset, columns), how it ends, what follows it. */
  scriptLine: number;
  scriptFrom: number;
  scriptColumn: number;
  scriptEndColumn: number;
  scriptKey: ScriptKey;
  scriptEnd: ScriptEnd;
  scriptReturn: State;
}

export interface ParseOptions {
  /** Read every block line by line, without the block fast path (readSimpleBlocks): what the fast path is tested against. */
  readonly lineByLine?: boolean;
}

export function parseHttpFile(text: string, options?: ParseOptions): ParsedFile {
  const p = newParse(text, 0, false, options?.lineByLine === true);
  const lineCount = readLines(p, 0);
  return { requests: p.requests, variables: p.variables, diagnostics: p.diagnostics, lineCount };
}

/** What a parse of some of a file's blocks found (see parseBlocks). */
export interface BlocksParse {
  readonly requests: readonly ParsedRequest[];
  readonly variables: readonly FileVariable[];
  readonly diagnostics: readonly Diagnostic[];
  /** Line and offset (in the text parsed) of each `###` line read, in order. */
  readonly blockLines: readonly number[];
  readonly blockOffsets: readonly number[];
  /** One past the last line number read. */
  readonly lineCount: number;
  // Lines of `/*` lines that nothing in the text parsed closes: a `*/` after one would change its meaning.
  readonly unclosedComments: readonly number[];
}

/**
 * Parses `text` as a file's blocks from line `firstLine` on: the whole file when `firstLine` is 0,
 * else text that starts with a `###` line. Blocks are independent (a `###` line ends whatever
 * came before it), so this is what a full parse finds there: the incremental re-parse
 * (reparse.ts) is built on it. Requests are numbered from `firstIndex`.
 */
export function parseBlocks(text: string, firstLine: number, firstIndex: number): BlocksParse {
  const p = newParse(text, firstIndex, true, false);
  const lineCount = readLines(p, firstLine);
  const { requests, variables, diagnostics, blockLines, blockOffsets, unclosedComments } = p;
  return { requests, variables, diagnostics, blockLines, blockOffsets, lineCount, unclosedComments };
}

/** Reads every line, numbered from `line`; returns the line count. */
function readLines(p: Parse, line: number): number {
  const text = p.text;
  let lineStart = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const end = lineEnd(p, lineStart);
    readLine(p, line, lineStart, end);
    if (p.rewindLine !== -1) {
      // Going back, the look-ahead position is for later offsets: look again. (readSimpleBlocks jumps forward.)
      if (p.rewindOffset <= lineStart) p.nextClose = -2;
      line = p.rewindLine;
      lineStart = p.rewindOffset;
      p.rewindLine = -1;
      continue;
    }
    if (end === text.length) break;
    lineStart = afterLineBreak(text, end);
    line++;
  }
  finishBlock(p);
  return line + 1;
}

/** The request whose range contains `line` (0-based), for "send the request under the cursor". */
export function requestAtLine(file: ParsedFile, line: number): ParsedRequest | undefined {
  let low = 0;
  let high = file.requests.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const request = file.requests[middle];
    if (line < request.range.start) high = middle - 1;
    else if (line > request.range.end) low = middle + 1;
    else return request;
  }
  return undefined;
}

function newParse(text: string, firstIndex: number, keepBlocks: boolean, lineByLine: boolean): Parse {
  const hasCR = text.indexOf('\r') !== -1;
  return {
    text,
    hasCR,
    simpleBlocks: !lineByLine,
    match: newKeyValueMatch(),
    shared: new Array<string | undefined>(SHARED_SLOTS).fill(undefined),
    expectRecords: new Map(),
    requests: [],
    variables: [],
    diagnostics: [],
    firstIndex,
    keepBlocks,
    blockLines: [],
    blockOffsets: [],
    unclosedComments: [],
    nextClose: -2,
    rewindLine: -1,
    rewindOffset: 0,
    state: 'pre',
    commentReturn: 'pre',
    separator: -1,
    title: undefined,
    name: undefined,
    metadata: [],
    metadataCount: 0,
    annotations: undefined,
    firstAttached: -1,
    runStart: -1,
    start: -1,
    requestLine: -1,
    method: '',
    url: '',
    urlOpen: false,
    headers: [],
    headerCount: 0,
    bodyStart: -1,
    bodyStartLine: -1,
    bodyEnd: -1,
    bodyHasInclude: false,
    pendingVariables: undefined,
    lastNonBlank: -1,
    lastNonBlankEnd: -1,
    previousNonBlank: -1,
    previousNonBlankEnd: -1,
    tailLine: -1,
    tailOffset: 0,
    tailEnd: -1,
    tailEndOffset: -1,
    mixedEnd: -2,
    operationName: undefined,
    scriptLine: -1,
    scriptFrom: -1,
    scriptColumn: 0,
    scriptEndColumn: 0,
    scriptKey: 'script',
    scriptEnd: '%}',
    scriptReturn: 'pre',
  };
}

/** Where the line after the line break at `end` starts. */
function afterLineBreak(text: string, end: number): number {
  return end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
}

/** Where the line starting at `from` ends: its CRLF, LF or lone CR, or the end of the text. */
function lineEnd(p: Parse, from: number): number {
  if (!p.hasCR) {
    const index = p.text.indexOf('\n', from);
    return index === -1 ? p.text.length : index;
  }
  // A file with CR: a plain scan to the next CR or LF. Two indexOf searches with cached results
  // were linear too, but V8's optimised code now and then took 7-8 s on 1 MB of CR with them.
  const text = p.text;
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === LF || code === CR) break;
    index++;
  }
  return index;
}

function indexOrLength(text: string, char: string, from: number): number {
  const index = text.indexOf(char, from);
  return index === -1 ? text.length : index;
}

/**
 * `[from, to)` of the text, one string for equal short ones: header names and values, metadata
 * keys and values repeat through a file, and a result made of fewer objects is faster to build
 * (less for the garbage collector to move while parsing) and lighter to keep. A hit costs a
 * comparison and no allocation; a slot holds the last string hashed to it.
 */
function shared(p: Parse, from: number, to: number): string {
  const text = p.text;
  const length = to - from;
  if (length === 0) return '';
  if (length > SHARED_MAX_LENGTH) return text.slice(from, to);
  const hash = length * 7919 + text.charCodeAt(from) * 31 + text.charCodeAt(from + (length >> 1)) * 17 + text.charCodeAt(to - 1);
  const slot = hash & (SHARED_SLOTS - 1);
  const known = p.shared[slot];
  if (known !== undefined && known.length === length && equalsAt(text, from, known)) return known;
  return (p.shared[slot] = text.slice(from, to));
}

/** `[from, to)` of the text with '\n' line ends. */
function textBetween(p: Parse, from: number, to: number): string {
  const text = p.text.slice(from, to);
  return p.hasCR && text.indexOf('\r') !== -1 ? text.replace(/\r\n?/g, '\n') : text;
}

function readLine(p: Parse, i: number, lineStart: number, end: number): void {
  const text = p.text;
  const first = firstNonBlank(text, lineStart, end);
  const state = p.state;
  if (state === 'comment') return readInComment(p, i, first, end);
  if (first === end) {
    if (state === 'pre' || state === 'definition') {
      p.runStart = -1;
      p.state = 'pre';
    }
    else if (state === 'headers' || state === 'body' || state === 'after') {
      markTail(p, i, lineStart, p.lastNonBlank, p.lastNonBlankEnd);
      if (state === 'headers') p.state = 'body';
    }
    return;
  }
  if (isSeparator(text, first, end)) {
    return readSeparator(p, i, lineStart, first, end);
  }
  noteNonBlank(p, i, trimmedEnd(text, first, end));
  switch (state) {
    case 'pre':
      return readBeforeRequest(p, i, lineStart, first, end);
    case 'headers':
      return readHeaders(p, i, lineStart, first, end);
    case 'body':
      return readBody(p, i, lineStart, first, end);
    case 'after':
      return readAfterBody(p, i, lineStart, first, end);
    case 'script':
      if (closesScript(text, first, end, p.scriptEnd)) closeScript(p, p.lastNonBlankEnd);
      return;
    case 'response':
    case 'definition':
      return;
  }
}

/** A `###` line: it ends the block above and starts the next. */
function readSeparator(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  finishBlock(p);
  if (p.simpleBlocks) return readSimpleBlocks(p, i, lineStart, first, end);
  noteBlock(p, i, lineStart);
  startBlock(p, i, lineStart, first, end);
}

/** The `###` line `i` at `lineStart`, for parseBlocks. */
function noteBlock(p: Parse, i: number, lineStart: number): void {
  if (p.keepBlocks) {
    p.blockLines.push(i);
    p.blockOffsets.push(lineStart);
  }
}

/** Line `i`, whose text ends at `textEnd`, is not blank. */
function noteNonBlank(p: Parse, i: number, textEnd: number): void {
  p.previousNonBlank = p.lastNonBlank;
  p.previousNonBlankEnd = p.lastNonBlankEnd;
  p.lastNonBlank = i;
  p.lastNonBlankEnd = textEnd;
}

/** A line inside a multi-line block comment: nothing in it counts, `###` lines included (httpYac). */
function readInComment(p: Parse, i: number, first: number, end: number): void {
  if (first === end) return;
  noteNonBlank(p, i, trimmedEnd(p.text, first, end));
  if (closesBlockComment(p.text, first, end)) p.state = p.commentReturn;
}

function startBlock(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  startRequest(p, i);
  p.lastNonBlank = i;
  p.lastNonBlankEnd = end;
  const afterSeparator = afterHashes(p.text, first, end);
  if (metadataAt(p.text, afterSeparator, end, p.match)) addMetadata(p, i, lineStart);
  else p.title = trimmedSlice(p.text, afterSeparator, end) || undefined;
}

/** Forgets the request read so far (pushed or not); `separator` is its `###` line, -1 when none. */
function startRequest(p: Parse, separator: number): void {
  p.state = 'pre';
  p.separator = separator;
  p.title = undefined;
  p.name = undefined;
  p.metadataCount = 0;
  p.annotations = undefined;
  p.firstAttached = -1;
  p.runStart = -1;
  p.requestLine = -1;
  p.headerCount = 0;
  p.bodyStart = -1;
  p.bodyEnd = -1;
  p.bodyHasInclude = false;
  p.pendingVariables = undefined;
  p.tailLine = -1;
  p.mixedEnd = -2;
  p.operationName = undefined;
}

function readBeforeRequest(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  // A line starting with a capital other than H (most request lines) is none of the lines
  // readOtherLine looks for, which all start with one of #/@?<>{, H or q m f g p.
  const code = p.text.charCodeAt(first);
  if ((code < 65 || code > 90 || code === H) && readOtherLine(p, i, lineStart, first, end)) return;
  readRequestLine(p, i, lineStart, first, end);
}

/** A line before the request line that is not the request line: comments, metadata, variables, scripts, definitions, a pasted response. */
function readOtherLine(p: Parse, i: number, lineStart: number, first: number, end: number): boolean {
  const text = p.text;
  const comment = commentStart(text, first, end);
  if (comment !== -1) {
    if (readMetadataComment(p, i, lineStart, comment, end)) attach(p, i);
    if (p.runStart === -1) p.runStart = i;
    return true;
  }
  if (readBlockComment(p, i, lineStart, first, end)) {
    if (p.runStart === -1) p.runStart = i;
    return true;
  }
  if (text.charCodeAt(first) === AT) {
    defineVariable(p, i, lineStart, first, end);
    p.runStart = -1;
    return true;
  }
  // A block that starts with a pasted response has no request (REST Client skips it too).
  if (isResponseLine(text, first, end)) {
    p.state = 'response';
    return true;
  }
  // httpYac: a GraphQL fragment (or query) or a gRPC proto file for the requests below, up to a blank line.
  const definition = definitionAt(text, first, end);
  if (definition !== undefined) {
    p.runStart = -1;
    if (definition === 'block') p.state = 'definition';
    return true;
  }
  // Before the request line, `< file.js` is a pre-request script, not a body include.
  const script = scriptAt(text, first, end) ?? (includeAt(text, first, end) ? { key: 'script' as const } : undefined);
  if (script) {
    attach(p, i);
    if (p.runStart === -1) p.runStart = i;
    beginScript(p, i, lineStart, first, end, script, 'pre');
    return true;
  }
  return false;
}

// A `/* … */` line, or the first line of a block comment that a later line closes (then the
// lines up to it are skipped): true. A `/*` line that nothing closes is a one-line comment, with
// a warning, as httpYac reads no comment there either.
function readBlockComment(p: Parse, i: number, lineStart: number, first: number, end: number): boolean {
  const kind = blockCommentAt(p.text, first, end);
  if (kind === undefined) return false;
  if (kind === 'open') {
    if (p.nextClose !== -1 && p.nextClose < end) p.nextClose = nextBlockCommentClose(p.text, end);
    if (p.nextClose !== -1) {
      p.commentReturn = p.state;
      p.state = 'comment';
    } else {
      p.unclosedComments.push(i);
      report(p.diagnostics, i, first - lineStart, first + 2 - lineStart, 'warning', 'Unclosed block comment: no line below ends with "*/", so only this line is a comment.');
    }
  }
  return true;
}

function attach(p: Parse, i: number): void {
  if (p.firstAttached === -1) p.firstAttached = i;
}

function readRequestLine(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  const text = p.text;
  const match = p.match;
  const method = requestMethodAt(text, first, end, match);
  // readLine has just found where this line's text ends.
  const lineEnd = p.lastNonBlankEnd;
  p.state = 'headers';
  p.requestLine = i;
  p.start = p.separator !== -1 ? p.separator : earliest(earliest(i, p.firstAttached), p.runStart);
  p.urlOpen = true;
  if (method === undefined) {
    p.method = schemeMethod(text, first, lineEnd);
    p.url = text.slice(first, lineEnd);
    return;
  }
  p.method = method;
  p.url = text.slice(match.valueStart, match.valueEnd);
  const column = first - lineStart;
  const endColumn = match.keyEnd - lineStart;
  if (!p.url) report(p.diagnostics, i, column, endColumn, 'error', `Missing URL after ${shown(text.slice(first, match.keyEnd))}.`);
  if (!SENDABLE.has(method)) {
    report(p.diagnostics, i, column, endColumn, 'warning', `${shown(method)} requests are parsed but not supported for sending.`);
  }
}

function earliest(line: number, other: number): number {
  return other !== -1 && other < line ? other : line;
}

/**
 * Headers up to the first blank line. Among them: comments, URL lines (`?`/`&` query lines and
 * `/path` lines, httpYac; indented lines right under the request line, JetBrains, unless they
 * are headers), and a request line, which starts the next request (httpYac).
 */
function readHeaders(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  const text = p.text;
  // A line starting with a letter or digit other than H (most header lines) is none of the
  // lines tested before headerAt, which all start with one of ?&/#.<>{ or H (a pasted response).
  if (!isAlphanumeric(text.charCodeAt(first)) || text.charCodeAt(first) === H) {
    if (endsRequestText(p, i, lineStart, first, end)) return;
    if (commentStart(text, first, end) !== -1 || readBlockComment(p, i, lineStart, first, end)) {
      p.urlOpen = false;
      markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
      return;
    }
    if (continuesUrl(text, first, end)) return extendUrl(p, first);
    if (isHeaderSpread(text, first, end)) {
      p.urlOpen = false;
      p.tailLine = -1;
      return;
    }
  }
  if (headerAt(text, first, end, p.match)) return addHeader(p, i, end);
  if (p.urlOpen && first > lineStart) return extendUrl(p, first);
  if (startsNewRequest(p, i, lineStart, first, end)) return;
  p.urlOpen = false;
  // An `@name = value` line here is a malformed header, unless a request line follows: then it is the next request's variable.
  if (text.charCodeAt(first) === AT) markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
  else p.tailLine = -1;
  const message = 'Malformed header: expected "Name: value" (a body starts after a blank line).';
  report(p.diagnostics, i, first - lineStart, p.lastNonBlankEnd - lineStart, 'error', message);
}

/** The header `p.match` found on line `i`, which ends at `end`. */
function addHeader(p: Parse, i: number, end: number): void {
  const header = p.match;
  p.urlOpen = false;
  p.tailLine = -1;
  p.headers[p.headerCount++] = { name: shared(p, header.keyStart, header.keyEnd), value: shared(p, header.valueStart, header.valueEnd), line: i };
  if (header.keyEnd - header.keyStart === 'content-type'.length) readContentType(p, end);
}

function isAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

function extendUrl(p: Parse, first: number): void {
  p.url += p.text.slice(first, p.lastNonBlankEnd);
  p.tailLine = -1;
}

const CONTENT_TYPE = /content-type/iy;
const MULTIPART_MIXED = /multipart\/mixed/iy;

/**
 * The header just read, if it is `Content-Type: multipart/mixed; boundary=…`: httpYac reads a
 * request line in such a body as body, up to the closing `--boundary--`. Found once, here, so
 * each body line costs one comparison.
 */
function readContentType(p: Parse, end: number): void {
  const { keyStart, valueStart, valueEnd } = p.match;
  const text = p.text;
  if (!matchesAt(text, keyStart, CONTENT_TYPE)) return;
  if (!matchesAt(text, valueStart, MULTIPART_MIXED)) {
    p.mixedEnd = -2;
    return;
  }
  const parameter = /boundary\s*=\s*"?([^";]*)/i.exec(text.slice(valueStart, valueEnd));
  p.mixedEnd = text.indexOf(`--${parameter ? parameter[1].trim() : ''}--`, end);
}

/**
 * A request line under a request: it starts the next request there (httpYac), except inside a
 * multipart/mixed body. The blank, comment and variable lines just above it are read again as
 * the new request's (its `# @name`, its comments), and taken back from the request before.
 */
function startsNewRequest(p: Parse, i: number, lineStart: number, first: number, end: number): boolean {
  if (p.mixedEnd !== -2 || !startsRequest(p.text, first, end)) return false;
  const hasTail = p.tailLine !== -1;
  const from = hasTail ? p.tailLine : i;
  p.lastNonBlank = hasTail ? p.tailEnd : p.previousNonBlank;
  p.lastNonBlankEnd = hasTail ? p.tailEndOffset : p.previousNonBlankEnd;
  p.pendingVariables = undefined;
  takeBack(p, from);
  pushRequest(p);
  startRequest(p, -1);
  p.rewindLine = from;
  p.rewindOffset = hasTail ? p.tailOffset : lineStart;
  return true;
}

/** Forgets what lines from `line` on added: they will be read again. */
function takeBack(p: Parse, line: number): void {
  while (p.variables.length > 0 && (p.variables[p.variables.length - 1] as FileVariable).line >= line) p.variables.pop();
  while (p.diagnostics.length > 0 && (p.diagnostics[p.diagnostics.length - 1] as Diagnostic).line >= line) p.diagnostics.pop();
  while (p.unclosedComments.length > 0 && (p.unclosedComments[p.unclosedComments.length - 1] as number) >= line) p.unclosedComments.pop();
  while (p.metadataCount > 0 && (p.metadata[p.metadataCount - 1] as MetadataEntry).line >= line) p.metadataCount--;
}

/** Line `i` may begin the run of lines that a following request line would take (see Parse.tailLine); `before` is the non-blank line above it. */
function markTail(p: Parse, i: number, lineStart: number, before: number, beforeEnd: number): void {
  if (p.tailLine !== -1) return;
  p.tailLine = i;
  p.tailOffset = lineStart;
  p.tailEnd = before;
  p.tailEndOffset = beforeEnd;
}

function readBody(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  const text = p.text;
  if (endsRequestText(p, i, lineStart, first, end)) return;
  if (p.bodyStart === -1) {
    p.bodyStart = lineStart;
    p.bodyStartLine = i;
  }
  if (commentStart(text, first, end) !== -1 || readBlockComment(p, i, lineStart, first, end)) {
    markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
    return;
  }
  const code = text.charCodeAt(first);
  if (code === AT) {
    if (variableAt(text, first, end, p.match)) {
      (p.pendingVariables ??= []).push(fileVariable(p, i));
      markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
      return;
    }
  }
  if (p.mixedEnd >= 0 && p.mixedEnd < end) p.mixedEnd = -2;
  else if (startsNewRequest(p, i, lineStart, first, end)) return;
  if (p.bodyEnd === -1 && (graphQlOperationAt(text, first, end, p.match) || graphQlFileAt(text, first, end, p.match))) p.operationName = text.slice(p.match.keyStart, p.match.keyEnd);
  p.bodyEnd = end;
  p.pendingVariables = undefined;
  p.tailLine = -1;
  if (code === LT) p.bodyHasInclude = true;
}

function readAfterBody(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  const text = p.text;
  const script = scriptAt(text, first, end);
  if (script) {
    p.tailLine = -1;
    beginScript(p, i, lineStart, first, end, script, 'after');
  } else if (commentStart(text, first, end) !== -1 || readBlockComment(p, i, lineStart, first, end)) {
    markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
  } else if (text.charCodeAt(first) === AT) {
    markTail(p, i, lineStart, p.previousNonBlank, p.previousNonBlankEnd);
    defineVariable(p, i, lineStart, first, end);
  } else if (!startsNewRequest(p, i, lineStart, first, end)) {
    p.tailLine = -1;
    if (isResponseLine(text, first, end)) p.state = 'response';
  }
}

/** A script, assertion or pasted response line under the request: no more headers or body. */
function endsRequestText(p: Parse, i: number, lineStart: number, first: number, end: number): boolean {
  const script = scriptAt(p.text, first, end);
  const response = !script && isResponseLine(p.text, first, end);
  if (!script && !response) return false;
  commitPendingVariables(p);
  p.urlOpen = false;
  p.tailLine = -1;
  if (script) beginScript(p, i, lineStart, first, end, script, 'after');
  else p.state = 'response';
  return true;
}

function beginScript(p: Parse, i: number, lineStart: number, first: number, end: number, script: ScriptMatch, then: State): void {
  if (script.until === undefined) {
    addEntry(p, script.key, p.text.slice(first, p.lastNonBlankEnd), i);
    p.state = then;
    return;
  }
  p.state = 'script';
  p.scriptLine = i;
  p.scriptFrom = first;
  p.scriptColumn = first - lineStart;
  p.scriptEndColumn = trimmedEnd(p.text, first, end) - lineStart;
  p.scriptKey = script.key;
  p.scriptEnd = script.until;
  p.scriptReturn = then;
}

/** Keeps the script from its first line up to `to` (the end of its last line's text). */
function closeScript(p: Parse, to: number): void {
  addEntry(p, p.scriptKey, textBetween(p, p.scriptFrom, to), p.scriptLine);
  p.state = p.scriptReturn;
}

function defineVariable(p: Parse, i: number, lineStart: number, first: number, end: number): void {
  if (variableAt(p.text, first, end, p.match)) p.variables.push(fileVariable(p, i));
  else report(p.diagnostics, i, first - lineStart, trimmedEnd(p.text, first, end) - lineStart, 'error', 'Malformed variable: expected "@name = value".');
}

/** The variable `p.match` found on `line`. */
function fileVariable(p: Parse, line: number): FileVariable {
  const { keyStart, keyEnd, valueStart, valueEnd } = p.match;
  return { name: shared(p, keyStart, keyEnd), value: shared(p, valueStart, valueEnd), line };
}

function commitPendingVariables(p: Parse): void {
  if (!p.pendingVariables) return;
  for (const variable of p.pendingVariables) p.variables.push(variable);
  p.pendingVariables = undefined;
}

/** The metadata `p.match` found on line `i`. */
function addMetadata(p: Parse, i: number, lineStart: number): void {
  const { keyStart, keyEnd, valueStart, valueEnd } = p.match;
  const entry = addEntry(p, shared(p, keyStart, keyEnd), shared(p, valueStart, valueEnd), i);
  // The `@` before the key.
  const keyColumn = keyStart - 1 - lineStart;
  if (entry.key === 'name') {
    if (entry.value) p.name = entry.value;
    else report(p.diagnostics, i, keyColumn, keyEnd - lineStart, 'error', '@name needs a name, e.g. "# @name login".');
  } else if (isAnnotationKey(entry.key)) {
    readAnnotation((p.annotations ??= newAnnotationDraft()), entry, keyColumn, valueStart - lineStart, p.diagnostics, p.expectRecords);
  }
}

function addEntry(p: Parse, key: string, value: string, line: number): MetadataEntry {
  return (p.metadata[p.metadataCount++] = { key, value, line });
}

/** Ends the current block (at a separator or the end of the text), adding its request if it has one. */
function finishBlock(p: Parse): void {
  if (p.state === 'script') {
    const message = `Unterminated script: no "${p.scriptEnd}" before the end of the request.`;
    report(p.diagnostics, p.scriptLine, p.scriptColumn, p.scriptEndColumn, 'error', message);
    closeScript(p, p.lastNonBlankEnd);
  }
  if (p.requestLine === -1) return;
  commitPendingVariables(p);
  pushRequest(p);
}

/** Adds the request read so far. */
function pushRequest(p: Parse): void {
  const version = httpVersionStart(p.url);
  const index = p.firstIndex + p.requests.length;
  // JetBrains and httpYac: `# @name`, else the `###` title; httpYac: else a GraphQL body's operation name.
  const name = p.name ?? p.title ?? p.operationName;
  const url = urlOf(p.url, version);
  const httpVersion = versionOf(p.url, version);
  const metadata = firstItems(p.metadata, p.metadataCount);
  const annotations = p.annotations ?? NO_ANNOTATIONS;
  const range = { start: p.start, requestLine: p.requestLine, end: p.lastNonBlank };
  const headers = firstItems(p.headers, p.headerCount);
  const body = p.bodyEnd === -1 ? undefined : bodyOf(p);
  p.requests.push({ index, name, title: p.title, method: p.method, url, httpVersion, headers, body, metadata, annotations, range });
}

/** A request line's target without the HTTP version at `version` (httpVersionStart; -1: none). */
function urlOf(target: string, version: number): string {
  return version === -1 ? target : target.slice(0, trimmedEnd(target, 0, version));
}

function versionOf(target: string, version: number): string | undefined {
  return version === -1 ? undefined : target.slice(version);
}

function firstItems<T>(items: readonly T[], count: number): readonly T[] {
  return count === 0 ? NONE : items.slice(0, count);
}

function bodyOf(p: Parse): ParsedBody {
  const raw = textBetween(p, p.bodyStart, p.bodyEnd);
  return { raw, segments: p.bodyHasInclude ? segmentsOf(raw, p.bodyStartLine) : [{ kind: 'text', text: raw }] };
}

/** Text and `<` / `<@` include lines in order; text around an include keeps the line breaks next to it. */
function segmentsOf(raw: string, firstLine: number): BodySegment[] {
  const segments: BodySegment[] = [];
  let textStart = 0;
  for (let lineStart = 0, line = firstLine; lineStart <= raw.length; line++) {
    const end = indexOrLength(raw, '\n', lineStart);
    const include = includeAt(raw, firstNonBlank(raw, lineStart, end), end);
    if (include) {
      if (lineStart > textStart) segments.push({ kind: 'text', text: raw.slice(textStart, lineStart) });
      segments.push({ kind: 'file', ...include, line });
      textStart = end;
    }
    lineStart = end + 1;
  }
  if (textStart < raw.length) segments.push({ kind: 'text', text: raw.slice(textStart) });
  return segments;
}

// The block fast path. Most blocks are comments, a request line, headers and a plain body: for
// such a block (after its `###` line, its lines ending with LF or CRLF) native matches of its
// parts find where each ends, and its request is made from them, without the per-line state
// readLine keeps; reading then goes on with the next `###` line and its block. In a fresh
// process, where the parser still runs in V8's interpreter and each call costs more than the
// work it does, this saves a good part of a first parse. Any other block is read line by line;
// test/unit/parserFastPath.test.ts checks that both ways give the same.

// Lines end with LF or CRLF: a lone CR (a line break too) makes a block no simple one.
const LINE_REST = '[^\\r\\n]*\\r?\\n';
const BLANK_LINE = '[ \\t]*\\r?\\n';

/** A line of body text: its first non-blank character starts no comment, variable, include, script, request or response line, nor any of `excluded`. */
function bodyText(excluded: string): string {
  return `[ \\t]*(?:[^\\r\\n#/@<>?{A-Z${excluded} \\t\\v\\f\\u00a0\\ufeff]|\\{(?!\\{))[^\\r\\n]*`;
}

// The parts of a simple block, in order: each matches at its start only (sticky) and says where
// it ends; none captures, so matching one allocates nothing.
/** Comment, metadata and blank lines (a `###` line would end the block). */
const PRE_LINES = new RegExp(`(?:#(?!##)${LINE_REST}|//${LINE_REST}|${BLANK_LINE})*`, 'y');
/** A sendable method, one space and a URL. */
const REQUEST_LINE = /(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT) [^ \t\v\f\u00a0\ufeff\r\n][^\r\n]*\r?\n/y;
/** `?` and `&` lines continuing the URL (`??` is an assertion). */
const CONTINUATION_LINES = new RegExp(`(?:[ \\t]*(?:\\?(?!\\?)|&)${LINE_REST})*`, 'y');
const HEADER_LINES = new RegExp(`(?:[A-Za-z0-9][!#$%&'*+\\-.^_\`|~0-9A-Za-z]*[ \\t]*:${LINE_REST})*`, 'y');
const BLANK_LINES = new RegExp(`(?:${BLANK_LINE})*`, 'y');
/** The body from its first line of text to its last (a GraphQL query's first line names the request). */
const BODY_TEXT = new RegExp(`${bodyText('gmq')}(?:\\r?\\n(?:${BLANK_LINE})*${bodyText('')})*\\r?\\n`, 'y');

/** Where the line whose LF is at `lf` ends: at its CR when it ends with CRLF. */
function breakStart(text: string, lf: number): number {
  return text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
}

/** The sendable method REQUEST_LINE found at `at`: told apart by its first letter and its length, without a comparison. */
function sendableMethodAt(text: string, at: number): string {
  switch (text.charCodeAt(at)) {
    case 71: // G
      return 'GET';
    case 68: // D
      return 'DELETE';
    case 72: // H
      return 'HEAD';
    case 79: // O
      return 'OPTIONS';
    case 84: // T
      return 'TRACE';
    case 67: // C
      return 'CONNECT';
    default: {
      const length = text.indexOf(' ', at) - at;
      return length === 3 ? 'PUT' : length === 4 ? 'POST' : 'PATCH';
    }
  }
}

/**
 * The block of the `###` line `line` (at `lineStart`, its `###` at `first`, its text ending at
 * `end`), then the blocks after it, each read whole and its request added as long as it is a
 * simple one. At the first block that is not, its `###` line is read as readLine reads one and
 * reading goes on line by line after it; after the last simple block, reading goes on where it
 * ends, the request read so far forgotten. In a fresh process this loop, its locals and the few
 * calls it makes are what V8 runs for most of a large file, still in its interpreter: so it keeps
 * the block's parts in locals, not in `p`, and calls out only for metadata lines.
 */
function readSimpleBlocks(p: Parse, line: number, lineStart: number, first: number, end: number): void {
  const text = p.text;
  const hasCR = p.hasCR;
  for (;;) {
    noteBlock(p, line, lineStart);
    const titleStart = firstNonBlank(text, afterHashes(text, first, end), end);
    // The text's last line (only the first block's `###` line can be: see below).
    if (end === text.length) return startBlock(p, line, lineStart, first, end);
    const from = afterLineBreak(text, end);
    // Where the block's parts end, each after the one before; it must end at a `###` line at
    // column 0 or at the end of the text. `### @key value` is metadata, not a title: no simple block.
    PRE_LINES.lastIndex = from;
    PRE_LINES.test(text);
    const preEnd = PRE_LINES.lastIndex;
    REQUEST_LINE.lastIndex = preEnd;
    let blockEnd = -1;
    let requestEnd = 0;
    let continuationsEnd = 0;
    let headersEnd = 0;
    let blanksEnd = 0;
    let bodyEnd = -1;
    if (text.charCodeAt(titleStart) !== AT && REQUEST_LINE.test(text)) {
      requestEnd = REQUEST_LINE.lastIndex;
      CONTINUATION_LINES.lastIndex = requestEnd;
      CONTINUATION_LINES.test(text);
      continuationsEnd = CONTINUATION_LINES.lastIndex;
      HEADER_LINES.lastIndex = continuationsEnd;
      HEADER_LINES.test(text);
      headersEnd = HEADER_LINES.lastIndex;
      BLANK_LINES.lastIndex = headersEnd;
      BLANK_LINES.test(text);
      blanksEnd = BLANK_LINES.lastIndex;
      BODY_TEXT.lastIndex = blanksEnd;
      if (blanksEnd > headersEnd && BODY_TEXT.test(text)) bodyEnd = BODY_TEXT.lastIndex;
      BLANK_LINES.lastIndex = bodyEnd === -1 ? blanksEnd : bodyEnd;
      BLANK_LINES.test(text);
      blockEnd = BLANK_LINES.lastIndex;
    }
    if (blockEnd === -1 || (blockEnd !== text.length && !text.startsWith('###', blockEnd))) {
      startBlock(p, line, lineStart, first, end);
      return jump(p, line + 1, from);
    }
    // The `###` line: its title (or none), and the block's metadata so far (none).
    const title = trimmedSlice(text, titleStart, end) || undefined;
    p.metadataCount = 0;
    p.name = undefined;
    p.annotations = undefined;
    let i = line + 1;
    // Comment and metadata lines (starting with `#` or `/`) and blank lines.
    for (let at = from; at < preEnd; i++) {
      const lf = text.indexOf('\n', at);
      const code = text.charCodeAt(at);
      if (code === HASH || code === SLASH) {
        const textEnd = hasCR ? breakStart(text, lf) : lf;
        readMetadataComment(p, i, at, commentStart(text, at, textEnd), textEnd);
      }
      at = lf + 1;
    }
    // The request line, `METHOD URL`, and the `?` and `&` lines continuing its URL, as extendUrl reads them.
    const method = sendableMethodAt(text, preEnd);
    const urlStart = preEnd + method.length + 1;
    let target = text.slice(urlStart, trimmedEnd(text, urlStart, hasCR ? breakStart(text, requestEnd - 1) : requestEnd - 1));
    const requestLine = i++;
    let lastLine = requestLine;
    for (let at = requestEnd; at < continuationsEnd; i++) {
      const lf = text.indexOf('\n', at);
      const lineFirst = firstNonBlank(text, at, lf);
      target += text.slice(lineFirst, trimmedEnd(text, lineFirst, hasCR ? breakStart(text, lf) : lf));
      lastLine = i;
      at = lf + 1;
    }
    // Headers and body are read when asked for (SimpleRequest): here only their lines are counted.
    const headersLine = i;
    for (let at = continuationsEnd; at < headersEnd; i++) at = text.indexOf('\n', at) + 1;
    if (i > headersLine) lastLine = i - 1;
    for (let at = headersEnd; at < blanksEnd; i++) at = text.indexOf('\n', at) + 1;
    if (bodyEnd !== -1) {
      for (let at = blanksEnd; at < bodyEnd; i++) at = text.indexOf('\n', at) + 1;
      lastLine = i - 1;
    }
    for (let at = bodyEnd === -1 ? blanksEnd : bodyEnd; at < blockEnd; i++) at = text.indexOf('\n', at) + 1;
    const version = httpVersionStart(target);
    const index = p.firstIndex + p.requests.length;
    const metadata = firstItems(p.metadata, p.metadataCount);
    const range = { start: line, requestLine, end: lastLine };
    const body = bodyEnd === -1 ? -1 : hasCR ? breakStart(text, bodyEnd - 1) : bodyEnd - 1;
    p.requests.push(
      new SimpleRequest(index, p.name ?? title, title, method, urlOf(target, version), versionOf(target, version), metadata, p.annotations ?? NO_ANNOTATIONS, range, text, continuationsEnd, headersEnd, headersLine, blanksEnd, body),
    );
    // The text ends, or its last line is a `###` line (readLines reads it): the request above is added.
    if (blockEnd === text.length || (end = lineEnd(p, blockEnd)) === text.length) {
      startRequest(p, -1);
      return jump(p, i, blockEnd);
    }
    line = i;
    lineStart = blockEnd;
    first = blockEnd;
  }
}

/** A comment line whose text after its marker starts at `comment`: its metadata added, and true; false when it holds none. */
function readMetadataComment(p: Parse, i: number, lineStart: number, comment: number, end: number): boolean {
  if (!metadataAt(p.text, comment, end, p.match)) return false;
  addMetadata(p, i, lineStart);
  return true;
}

/** Reading goes on at line `i`, offset `at`. */
function jump(p: Parse, i: number, at: number): void {
  p.rewindLine = i;
  p.rewindOffset = at;
}

