// Recognisers for single lines of .http syntax, used by the parser's states. A line is given as
// offsets into the whole text: `first`, its first non-blank character, and `end`, where its line
// break starts. Nothing here looks past `end` or uses a regular expression, so each call costs at
// most one scan of its own line (a 1 MB line is fine, many lines stay linear), and only what is
// returned is copied out of the text.

const TAB = 9;
const SPACE = 32;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const DOT = 46;
const SLASH = 47;
const STAR = 42;
const LF = 10;
const CR = 13;
const COLON = 58;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const PLUS = 43;
const OPEN_BRACE = 123;
const OPEN_PAREN = 40;
const CLOSE_BRACE = 125;

/** Spaces, tabs, the other blanks String#trim removes within a line, and a stray BOM. */
function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Whether `word` is written at `at`. String#startsWith compares in native code: in a fresh
 * process, where this code still runs in V8's interpreter, that is far cheaper than a loop.
 */
export function equalsAt(text: string, at: number, word: string): boolean {
  return text.startsWith(word, at);
}

/** Whether `sticky` (a regular expression with the y flag) matches at `at`, compared natively, without copying the text. */
export function matchesAt(text: string, at: number, sticky: RegExp): boolean {
  sticky.lastIndex = at;
  return sticky.test(text);
}

// firstNonBlank and trimmedEnd run on every line: printable ASCII (most characters) is told
// apart from the blanks without calling isBlank, a cost in V8's interpreter.

/** Index of the first non-blank character of `[from, end)`; `end` when there is none. */
export function firstNonBlank(text: string, from: number, end: number): number {
  let i = from;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if ((code > SPACE && code < 127) || !isBlank(code)) break;
  }
  return i;
}

/** Index just past the last non-blank character of `[from, end)`; `from` when there is none. */
export function trimmedEnd(text: string, from: number, end: number): number {
  let i = end;
  for (; i > from; i--) {
    const code = text.charCodeAt(i - 1);
    if ((code > SPACE && code < 127) || !isBlank(code)) break;
  }
  return i;
}

/** `[from, end)` without its leading and trailing blanks. */
export function trimmedSlice(text: string, from: number, end: number): string {
  const start = firstNonBlank(text, from, end);
  return text.slice(start, trimmedEnd(text, start, end));
}

/** Where `%}` starts in `[from, end)`, or -1. */
function indexOfScriptClose(text: string, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) {
    if (text.charCodeAt(i) === PERCENT && text.charCodeAt(i + 1) === CLOSE_BRACE) return i;
  }
  return -1;
}

/** `###` (or more `#`), optionally indented, as REST Client, httpYac and JetBrains accept it. */
export function isSeparator(text: string, first: number, end: number): boolean {
  return first + 2 < end && text.charCodeAt(first) === HASH && text.charCodeAt(first + 1) === HASH && text.charCodeAt(first + 2) === HASH;
}

/** Index just past the run of `#` starting at `first`. */
export function afterHashes(text: string, first: number, end: number): number {
  let i = first;
  while (i < end && text.charCodeAt(i) === HASH) i++;
  return i;
}

/** Index just past a comment marker (`#`, `##`, `//`), or -1 when the line is no comment. Check separators first. */
export function commentStart(text: string, first: number, end: number): number {
  const code = text.charCodeAt(first);
  if (code === HASH) return afterHashes(text, first, end);
  if (code === SLASH && first + 1 < end && text.charCodeAt(first + 1) === SLASH) return first + 2;
  return -1;
}

/**
 * Where the parts of a `key value` shaped line (metadata, variable, header) are, as offsets
 * into the text. The recognisers fill in one the caller owns and say whether the line matched:
 * no object and no string is made per line, and the caller copies out only what it keeps.
 */
export interface KeyValueMatch {
  keyStart: number;
  keyEnd: number;
  /** The value, trimmed; valueStart === valueEnd when it is empty (at the line's end). */
  valueStart: number;
  valueEnd: number;
}

export function newKeyValueMatch(): KeyValueMatch {
  return { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };
}

function setKeyValue(into: KeyValueMatch, text: string, keyStart: number, keyEnd: number, valueFrom: number, end: number): true {
  into.keyStart = keyStart;
  into.keyEnd = keyEnd;
  into.valueStart = firstNonBlank(text, valueFrom, end);
  into.valueEnd = trimmedEnd(text, into.valueStart, end);
  return true;
}

/** A metadata key: up to a blank (isBlank's), `=` or the line break (sticky, scanned natively like HEADER_NAME). */
const METADATA_KEY = /[^ \t\v\f\u00a0\ufeff=\r\n]+/y;

/** `@key value`, `@key = value` or `@key=value` (JetBrains) from `from` on (after a comment marker or a separator's `###`). */
export function metadataAt(text: string, from: number, end: number, into: KeyValueMatch): boolean {
  const at = firstNonBlank(text, from, end);
  if (at === end || text.charCodeAt(at) !== AT) return false;
  METADATA_KEY.lastIndex = at + 1;
  if (!METADATA_KEY.test(text)) return false;
  const keyEnd = METADATA_KEY.lastIndex;
  const equals = firstNonBlank(text, keyEnd, end);
  return setKeyValue(into, text, at + 1, keyEnd, equals < end && text.charCodeAt(equals) === EQUALS ? equals + 1 : keyEnd, end);
}

/**
 * `@name = value`, httpYac's lazy `@name := value` and its `@name value` (the line starts with `@`
 * at `first`); false when malformed (no name, or neither `=` nor a value).
 */
export function variableAt(text: string, first: number, end: number, into: KeyValueMatch): boolean {
  let nameEnd = first + 1;
  while (nameEnd < end && !isNameEnd(text.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd === first + 1) return false;
  const at = firstNonBlank(text, nameEnd, end);
  if (at === end) return false;
  const lazy = text.charCodeAt(at) === COLON;
  const equals = lazy ? at + 1 : at;
  if (equals < end && text.charCodeAt(equals) === EQUALS) return setKeyValue(into, text, first + 1, nameEnd, equals + 1, end);
  return !lazy && at > nameEnd && setKeyValue(into, text, first + 1, nameEnd, at, end);
}

function isNameEnd(code: number): boolean {
  return code === EQUALS || code === COLON || isBlank(code);
}

export interface IncludeMatch {
  readonly path: string;
  readonly processVariables: boolean;
  readonly encoding?: string;
}

/** `< ./file`, `<@ ./file`, `<@latin1 ./file`; not `< {%` (a script) nor `<tag>` (XML). */
export function includeAt(text: string, first: number, end: number): IncludeMatch | undefined {
  if (text.charCodeAt(first) !== LT) return undefined;
  let i = first + 1;
  const processVariables = i < end && text.charCodeAt(i) === AT;
  if (processVariables) i++;
  const encodingStart = i;
  while (i < end && isEncodingChar(text.charCodeAt(i))) i++;
  if ((!processVariables && i > encodingStart) || i === end || !isBlank(text.charCodeAt(i))) return undefined;
  const pathStart = firstNonBlank(text, i, end);
  const pathEnd = trimmedEnd(text, pathStart, end);
  if (pathStart === pathEnd || opensScript(text, pathStart, end)) return undefined;
  const path = text.slice(pathStart, pathEnd);
  return i > encodingStart ? { path, processVariables, encoding: text.slice(encodingStart, i) } : { path, processVariables };
}

function isEncodingChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
}

function opensScript(text: string, at: number, end: number): boolean {
  return at + 1 < end && text.charCodeAt(at) === OPEN_BRACE && text.charCodeAt(at + 1) === PERCENT;
}

/** What a script or assertion line is kept as (MetadataEntry.key). */
export type ScriptKey = 'script' | 'assert' | 'output' | 'response-ref';

/** How a multi-line script ends: `%}` anywhere on a line (JetBrains), a `}}` line (httpYac). */
export type ScriptEnd = '%}' | '}}';

export interface ScriptMatch {
  readonly key: ScriptKey;
  /** Set when the script goes on over the next lines, up to the line that closes it. */
  readonly until?: ScriptEnd;
}

const ASSERT: ScriptMatch = { key: 'assert' };
const OUTPUT: ScriptMatch = { key: 'output' };
const RESPONSE_REF: ScriptMatch = { key: 'response-ref' };
const SCRIPT: ScriptMatch = { key: 'script' };
const OPEN_SCRIPT: ScriptMatch = { key: 'script', until: '%}' };
const OPEN_SCRIPT_BLOCK: ScriptMatch = { key: 'script', until: '}}' };

/**
 * The httpYac / JetBrains lines that are no request text: `> {% %}` and `> file.js` response
 * handlers, `< {% %}` pre-request scripts, `>> file` / `>>! file` output redirection, `?? …`
 * assertions, `<> file` response references, and httpYac's `{{ … }}` script blocks.
 */
export function scriptAt(text: string, first: number, end: number): ScriptMatch | undefined {
  const code = text.charCodeAt(first);
  const next = first + 1 < end ? text.charCodeAt(first + 1) : -1;
  if (code === QUESTION) return next === QUESTION ? ASSERT : undefined;
  if (code === GT && next === GT) return OUTPUT;
  if (code === LT && next === GT) return RESPONSE_REF;
  if (code === OPEN_BRACE) return next === OPEN_BRACE && opensScriptBlock(text, first + 2, end) ? OPEN_SCRIPT_BLOCK : undefined;
  if (code !== GT && code !== LT) return undefined;
  const body = firstNonBlank(text, first + 1, end);
  if (opensScript(text, body, end)) return indexOfScriptClose(text, body + 2, end) === -1 ? OPEN_SCRIPT : SCRIPT;
  // `> ./handler.js`; `<` followed by a path is an include (in a body) or a script file (before
  // the request line), which the caller tells apart.
  return code === GT && body > first + 1 && body < end ? SCRIPT : undefined;
}

/** httpYac: `{{` alone, or `{{@event` / `{{+event`, opens a script; `{{host}}/x` is a URL. */
function opensScriptBlock(text: string, from: number, end: number): boolean {
  if (trimmedEnd(text, from, end) === from) return true;
  const code = text.charCodeAt(from);
  return code === AT || code === PLUS;
}

export function closesScript(text: string, first: number, end: number, until: ScriptEnd): boolean {
  if (until === '%}') return indexOfScriptClose(text, first, end) !== -1;
  return trimmedEnd(text, first, end) === first + 2 && text.charCodeAt(first) === CLOSE_BRACE && text.charCodeAt(first + 1) === CLOSE_BRACE;
}

/** A pasted response's status line: `HTTP/1.1 200`, `HTTP/2 404 Not Found`. */
export function isResponseLine(text: string, first: number, end: number): boolean {
  if (text.charCodeAt(first) !== 72) return false;
  const version = httpVersionEnd(text, first, end);
  if (version === -1) return false;
  const status = firstNonBlank(text, version, end);
  return status > version && status + 2 < end && isDigit(text.charCodeAt(status)) && isDigit(text.charCodeAt(status + 1)) && isDigit(text.charCodeAt(status + 2));
}

/** End of `HTTP/1`, `HTTP/1.1`, `HTTP/2.0` written at `from`, or -1. */
function httpVersionEnd(text: string, from: number, end: number): number {
  if (from + 5 >= end || !equalsAt(text, from, 'HTTP/')) return -1;
  let i = from + 5;
  if (!isDigit(text.charCodeAt(i))) return -1;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i + 1 < end && text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** httpYac's `...name` line among the headers: the headers of a script variable, spread in at run time. */
export function isHeaderSpread(text: string, first: number, end: number): boolean {
  return first + 3 < end && equalsAt(text, first, '...') && !isBlank(text.charCodeAt(first + 3));
}

/** A line of the URL among the headers (httpYac): a `?` or `&` query line, or a `/path` line (not `//`, not `/*`). */
export function continuesUrl(text: string, first: number, end: number): boolean {
  const code = text.charCodeAt(first);
  if (code === QUESTION || code === AMP) return true;
  if (code !== SLASH) return false;
  const next = first + 1 < end ? text.charCodeAt(first + 1) : -1;
  return next !== SLASH && next !== STAR;
}

// What a line starting with `/*` is: a comment of its own (`/* … */`), or the first line of one
// that a later line ends (closesBlockComment).
export function blockCommentAt(text: string, first: number, end: number): 'line' | 'open' | undefined {
  if (text.charCodeAt(first) !== SLASH || first + 1 >= end || text.charCodeAt(first + 1) !== STAR) return undefined;
  return trimmedEnd(text, first, end) - first >= 4 && closesBlockComment(text, first, end) ? 'line' : 'open';
}

// Whether the line's text ends with `*/`.
export function closesBlockComment(text: string, first: number, end: number): boolean {
  const last = trimmedEnd(text, first, end);
  return last - first >= 2 && text.charCodeAt(last - 2) === STAR && text.charCodeAt(last - 1) === SLASH;
}

// Offset of the first `*/` at or after `from` that ends its line (closesBlockComment), or -1.
export function nextBlockCommentClose(text: string, from: number): number {
  for (let at = text.indexOf('*/', from); at !== -1; at = text.indexOf('*/', at + 1)) {
    let i = at + 2;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    if (i === text.length || text.charCodeAt(i) === LF || text.charCodeAt(i) === CR) return at;
  }
  return -1;
}

/** httpYac: a GraphQL body's `query Name` / `mutation Name` names the request; `into` gets the name (keyStart, keyEnd). */
export function graphQlOperationAt(text: string, first: number, end: number, into: KeyValueMatch): boolean {
  const keyword = equalsAt(text, first, 'query') ? 5 : equalsAt(text, first, 'mutation') ? 8 : 0;
  if (keyword === 0 || first + keyword >= end || !isBlank(text.charCodeAt(first + keyword))) return false;
  const nameStart = firstNonBlank(text, first + keyword, end);
  let nameEnd = nameStart;
  while (nameEnd < end && isNameChar(text.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
  if (nameEnd === nameStart) return false;
  into.keyStart = nameStart;
  into.keyEnd = nameEnd;
  return true;
}

/**
 * httpYac's definitions outside a request: `fragment Name on Type`, `query …` or `mutation …`
 * (GraphQL) and `proto < file` (gRPC, with its loader options below) open a block that runs to the
 * next blank line; `gql [Name] < file` is one line. Else undefined.
 */
export function definitionAt(text: string, first: number, end: number): 'block' | 'line' | undefined {
  // Request lines (most lines here) start with none of q, m, f, g, p: no comparison for them.
  const start = text.charCodeAt(first);
  if (start !== 113 && start !== 109 && start !== 102 && start !== 103 && start !== 112) return undefined;
  const keyword = equalsAt(text, first, 'query') ? 5 : equalsAt(text, first, 'mutation') ? 8 : equalsAt(text, first, 'fragment') ? 8 : equalsAt(text, first, 'gql') ? 3 : equalsAt(text, first, 'proto') ? -5 : 0;
  if (keyword === 0) return undefined;
  const after = first + Math.abs(keyword);
  const next = after < end ? text.charCodeAt(after) : -1;
  if (keyword === 3) return isBlank(next) && holdsWithin(text, '<', after, end) ? 'line' : undefined;
  if (keyword === -5) return isBlank(next) && text.charCodeAt(firstNonBlank(text, after, end)) === LT ? 'block' : undefined;
  if (text.charCodeAt(first) === 102) return isBlank(next) && holdsWithin(text, ' on ', after, end) ? 'block' : undefined;
  return next === -1 || isBlank(next) || next === OPEN_BRACE || next === OPEN_PAREN ? 'block' : undefined;
}

/** Whether `word` is written somewhere in `[from, end)` (a scan of that line only). */
function holdsWithin(text: string, word: string, from: number, end: number): boolean {
  for (let i = from; i + word.length <= end; i++) if (equalsAt(text, i, word)) return true;
  return false;
}

/** httpYac: a body's first line `gql Name < file` names the request Name (else the file); `into` gets it (keyStart, keyEnd). */
export function graphQlFileAt(text: string, first: number, end: number, into: KeyValueMatch): boolean {
  if (!equalsAt(text, first, 'gql') || first + 3 >= end || !isBlank(text.charCodeAt(first + 3))) return false;
  const nameStart = firstNonBlank(text, first + 3, end);
  if (text.charCodeAt(nameStart) === LT) {
    into.keyStart = firstNonBlank(text, nameStart + 1, end);
    into.keyEnd = trimmedEnd(text, into.keyStart, end);
    return into.keyEnd > into.keyStart;
  }
  let nameEnd = nameStart;
  while (nameEnd < end && !isBlank(text.charCodeAt(nameEnd)) && text.charCodeAt(nameEnd) !== OPEN_PAREN) nameEnd++;
  const arrow = firstNonBlank(text, nameEnd, end);
  if (nameEnd === nameStart || arrow === end || text.charCodeAt(arrow) !== LT) return false;
  into.keyStart = nameStart;
  into.keyEnd = nameEnd;
  return true;
}

/** GraphQL's Name: `[_A-Za-z][_0-9A-Za-z]*`. */
function isNameChar(code: number, isFirst: boolean): boolean {
  return code === 95 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (!isFirst && isDigit(code));
}

/**
 * A header's name, tchar (RFC 9110: letters, digits and !#$%&'*+-.^_`|~) and braces for
 * `{{name}}`, up to where it ends (never past the line break). Sticky: it matches at lastIndex only. Scanned natively, as
 * every header line is, which in a fresh process beats a loop in V8's interpreter.
 */
const HEADER_NAME = /[!#$%&'*+\-.^_`|~{}0-9A-Za-z]+/y;

/** `Name: value`; false unless the name is a token (RFC 9110, `{{variables}}` allowed) before a colon. */
export function headerAt(text: string, first: number, end: number, into: KeyValueMatch): boolean {
  HEADER_NAME.lastIndex = first;
  if (!HEADER_NAME.test(text)) return false;
  const nameEnd = HEADER_NAME.lastIndex;
  const colon = firstNonBlank(text, nameEnd, end);
  return colon < end && text.charCodeAt(colon) === COLON && setKeyValue(into, text, first, nameEnd, colon + 1, end);
}


/** Methods of HTTP, WebDAV and the protocols httpYac speaks, most used first. Any other all-capitals word is a method too. */
const KNOWN_METHODS = [
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT',
  'GRAPHQL', 'WS', 'WSS', 'WEBSOCKET', 'GRPC', 'SSE', 'EVENTSOURCE', 'MQTT', 'MQTTS', 'AMQP', 'RABBITMQ',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'CHECKOUT', 'CHECKIN', 'REPORT',
  'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'MKCALENDAR', 'ACL', 'SEARCH',
];

/** httpYac's other spellings of its protocols: the method is the protocol (the URL's scheme says whether it is secure). */
const PROTOCOL_ALIASES: ReadonlyMap<string, string> = new Map([
  ['WSS', 'WS'],
  ['WEBSOCKET', 'WS'],
  ['MQTTS', 'MQTT'],
  ['EVENTSOURCE', 'SSE'],
]);

/** The known method written exactly (upper case) at `[from, to)`, or undefined. */
function knownMethodAsWritten(text: string, from: number, to: number): string | undefined {
  for (const method of KNOWN_METHODS) if (method.length === to - from && equalsAt(text, from, method)) return method;
  return undefined;
}

/** The known method written at `[from, to)` in any case, as its upper-case constant (no copy when upper case). */
function knownMethod(text: string, from: number, to: number): string | undefined {
  const written = knownMethodAsWritten(text, from, to);
  if (written !== undefined) return written;
  const upper = text.slice(from, to).toUpperCase();
  return KNOWN_METHODS.find((method) => method === upper);
}

const METHOD_TOKEN = /[A-Za-z_-]*/y;
const CAPITALS = /[A-Z_-]*/y;

/**
 * The method of a request line `METHOD URL [HTTP/x]` written at `first`, upper case, httpYac's
 * aliases as their protocol (WSS → WS); undefined for a bare URL (see `schemeMethod`). `into`
 * gets the method token (keyStart, keyEnd) and the rest of the line, trimmed (valueStart, valueEnd).
 */
export function requestMethodAt(text: string, first: number, end: number, into: KeyValueMatch): string | undefined {
  const lineEnd = trimmedEnd(text, first, end);
  // The token: letters, '-' and '_' up to a blank (or the line's end); any other character makes it no method.
  if (!matchesAt(text, first, METHOD_TOKEN)) return undefined;
  const tokenEnd = METHOD_TOKEN.lastIndex;
  if (tokenEnd < lineEnd && !isBlank(text.charCodeAt(tokenEnd))) return undefined;
  const known = knownMethod(text, first, tokenEnd);
  if (known === undefined && !(tokenEnd < lineEnd && matchesAt(text, first, CAPITALS) && CAPITALS.lastIndex === tokenEnd)) return undefined;
  setKeyValue(into, text, first, tokenEnd, tokenEnd, lineEnd);
  return known === undefined ? text.slice(first, tokenEnd) : (PROTOCOL_ALIASES.get(known) ?? known);
}

/**
 * Whether the line at `first` is a request line that starts a new request where it stands, even
 * without `###` (httpYac's rule): a known method written in capitals, a blank, then a URL.
 */
export function startsRequest(text: string, first: number, end: number): boolean {
  const code = text.charCodeAt(first);
  if (code < 65 || code > 90) return false;
  let tokenEnd = first + 1;
  while (tokenEnd < end && isMethodChar(text.charCodeAt(tokenEnd))) tokenEnd++;
  if (tokenEnd === end || !isBlank(text.charCodeAt(tokenEnd))) return false;
  return firstNonBlank(text, tokenEnd, end) < end && knownMethodAsWritten(text, first, tokenEnd) !== undefined;
}

function isMethodChar(code: number): boolean {
  return (code >= 65 && code <= 90) || code === 45;
}

/** URL schemes of httpYac's other protocols: a bare URL with one of them is a request of that protocol. */
const SCHEME_METHODS: readonly (readonly [string, string])[] = [
  ['ws://', 'WS'],
  ['wss://', 'WS'],
  ['grpc://', 'GRPC'],
  ['mqtt://', 'MQTT'],
  ['mqtts://', 'MQTT'],
  ['amqp://', 'AMQP'],
  ['amqps://', 'AMQP'],
];

/** The method of a bare URL written at `from`: GET, or the protocol its scheme names (httpYac). */
export function schemeMethod(text: string, from: number, end: number): string {
  const code = text.charCodeAt(from) | 0x20;
  if (code !== 119 && code !== 103 && code !== 109 && code !== 97) return 'GET';
  for (const [scheme, method] of SCHEME_METHODS) {
    if (from + scheme.length <= end && text.slice(from, from + scheme.length).toLowerCase() === scheme) return method;
  }
  return 'GET';
}

/** A blank (isBlank's), then a version as httpVersionEnd reads it, ending the URL. */
const TRAILING_VERSION = /[ \t\v\f\u00a0\ufeff]HTTP\/\d+(?:\.\d+)?$/;

/** Where a trailing ` HTTP/1.1`, ` HTTP/2`, ` HTTP/2.0` starts in the (joined) URL, or -1. */
export function httpVersionStart(url: string): number {
  // Most URLs end without a digit or hold no "HTTP/": no search for them.
  if (!isDigit(url.charCodeAt(url.length - 1)) || url.indexOf('HTTP/') === -1) return -1;
  // The version holds no blank, so its blank is the URL's last one: as the URL's last 16
  // characters, past its first, it is a version, anything else is part of the URL.
  const blank = url.search(TRAILING_VERSION);
  return blank > 0 && blank >= url.length - 16 ? blank + 1 : -1;
}
