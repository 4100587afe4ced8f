// `{{name}}` resolution, REST Client style. A reference is looked up as, in order:
//   1. request chaining: `{{login.response.body.$.access_token}}`, `{{login.response.headers.Name}}`,
//      `{{login.request.body.$.email}}`, `{{login.request.headers.Name}}` (`body.*` = the whole body);
//   2. a file variable (`@name = value`; its value may use variables; the last definition wins);
//   3. a variable of the active environment (its value may use variables too);
//   4. a built-in: `{{baseUrl}}` (the active FinCode environment's base URL) or a `{{$system}}` variable.
// `{{%name}}` is the URL-encoded value of `name`. A request's `# @prompt` names come before all
// of these (REST Client's order), and `{{$input …}}`, `{{$password …}}`, `{{$pick …}}` are
// answered by the user (prompts.ts).
//
// Chaining without an exchange yet: the reference resolves to "" and its request name is added to
// `resolver.needs`; the caller sends those requests first and resolves again with a new resolver
// (the sender does exactly that). Everything else that cannot be resolved throws a typed error
// carrying the variable and its position (0-based line and column, like the parser's model).
// A prompt without an answer yet works like chaining: it resolves to "" and is added to
// `resolver.asks`; the caller asks (it is async, resolution is not) and resolves again.
import type { FileVariable } from './model';
import { promptReference, type PromptQuestion, type PromptReference } from './prompts';
import { evaluateBuiltin, type BuiltinContext, type DotenvLookup } from './builtins';
import { parseJsonPath, selectJson } from './jsonPath';
import { headerValue, type HeaderEntry } from '../net/headers';
import { FinCodeError } from '../fincode/errors';

/** What chaining reads of a named request's last exchange; the sender's HttpResponse is one. */
export interface ChainedExchange {
  readonly requestHeaders: readonly HeaderEntry[];
  readonly requestBody?: Buffer;
  readonly headers: readonly HeaderEntry[];
  readonly text: string;
  /** The response body is incomplete (cut at the size limit or stalled). */
  readonly truncated?: boolean;
}

export interface VariableScope {
  readonly fileVariables?: readonly FileVariable[];
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /** Named requests' last exchanges. */
  readonly chain?: ReadonlyMap<string, ChainedExchange>;
  /** The active FinCode environment's base URL, for `{{baseUrl}}`. */
  readonly baseUrl?: string;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** `{{$dotenv NAME}}`; without one, every lookup fails. */
  readonly dotenv?: DotenvLookup;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly guid?: () => string;
  /** The request's `# @prompt` names and their answers: they win over every other variable. */
  readonly promptedVariables?: ReadonlyMap<string, string>;
  /**
   * The answer given so far to a `{{$input …}}`, `{{$password …}}` or `{{$pick …}}`; undefined:
   * not yet (the question goes to `asks`). Without this function nothing can ask, and a prompt
   * is an unresolved variable.
   */
  readonly promptAnswer?: (question: PromptQuestion) => string | undefined;
}

export interface TextPosition {
  /** 0-based. */
  readonly line: number;
  /** 0-based. */
  readonly column: number;
}

export interface ResolveOptions {
  /** What is being built, e.g. `header "X-Id"`: a value containing CR or LF is refused. */
  readonly singleLine?: string;
  /** Report every reference at `at` itself: the text is not in the .http file (an included file). */
  readonly pinned?: boolean;
}

/** A chained reference to a request that has no exchange yet. */
export interface NeededRequest {
  readonly reference: string;
  readonly at: TextPosition;
}

export interface Resolver {
  /** `text`, which starts at `at` in the file, with every `{{…}}` replaced. */
  resolve(text: string, at: TextPosition, options?: ResolveOptions): string;
  /** By request name, the first reference to each request without an exchange: send those, then resolve again. */
  readonly needs: ReadonlyMap<string, NeededRequest>;
  /** By key, the prompts met without an answer: ask them, then resolve again. */
  readonly asks: ReadonlyMap<string, PromptQuestion>;
}

const ADVICE = ['Define it as a file variable (@name = value) or in the active environment', 'Check its spelling'];

export class UnresolvedVariableError extends FinCodeError {
  override readonly name = 'UnresolvedVariableError';
  readonly code = 'validation';
  readonly advice = ADVICE;
  constructor(
    readonly variable: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`{{${variable}}} at line ${line + 1}, column ${column + 1} cannot be resolved: ${reason}.`);
  }
}

export class VariableCycleError extends FinCodeError {
  override readonly name = 'VariableCycleError';
  readonly code = 'validation';
  readonly advice = ['Break the cycle: one of these variables must not depend on the others'];
  constructor(
    /** The variables of the cycle, the first repeated at the end. */
    readonly cycle: readonly string[],
    readonly line: number,
    readonly column: number,
  ) {
    super(`The variables ${cycle.join(' → ')} refer to each other (line ${line + 1}, column ${column + 1}).`);
  }
}

/** CR or LF in a header, the URL or the method would split the request on the wire. */
export class UnsafeValueError extends FinCodeError {
  override readonly name = 'UnsafeValueError';
  readonly code = 'validation';
  readonly advice = ['Line breaks are only allowed in the body'];
  constructor(
    /** What was being built, e.g. `header "X-Id"` or `the URL`. */
    readonly target: string,
    /** The variable whose value brought the line break, when one did. */
    readonly variable?: string,
  ) {
    super(`${variable === undefined ? 'The value' : `{{${variable}}}`} contains a line break (CR or LF), which is not allowed in ${target}.`);
  }
}

/** A header value holding a character HTTP does not allow there (besides CR/LF): named by code point, never shown. */
export class HeaderValueError extends FinCodeError {
  override readonly name = 'HeaderValueError';
  readonly code = 'validation';
  readonly advice = ['Remove the character, or encode the value (percent-encoding or base64) as the API expects'];
  constructor(header: string, character: string) {
    const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    super(`The value of header "${header}" contains ${code} (${character.charCodeAt(0) > 0xff ? 'beyond Latin-1' : 'a control character'}), which HTTP does not allow in a header.`);
  }
}

/** The first character HTTP forbids in a header value besides CR and LF: a control other than tab, or one beyond Latin-1. */
function forbiddenInHeader(value: string): string | undefined {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code > 0xff) return String.fromCodePoint(value.codePointAt(index) ?? code);
  }
  return undefined;
}

/** Throws UnsafeValueError for CR or LF, HeaderValueError for another character HTTP forbids in a header value. */
export function assertHeaderValue(header: string, value: string): void {
  if (value.includes('\n') || value.includes('\r')) throw new UnsafeValueError(`header "${header}"`);
  const forbidden = forbiddenInHeader(value);
  if (forbidden !== undefined) throw new HeaderValueError(header, forbidden);
}

/** Throws UnsafeValueError when `value` contains CR or LF. */
export function assertSingleLine(target: string, value: string, variable?: string): void {
  if (value.includes('\n') || value.includes('\r')) throw new UnsafeValueError(target, variable);
}

/** The position reported for the reference at an offset of a text. */
type Locate = (offset: number) => TextPosition;

const CHAIN = /^([\w-]+)\.(request|response)\.(body|headers)(?:\.(.+))?$/;

/** What `\s` matches (JS trim removes the same characters). */
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * The references in `text` (whose first "{{" is at `first`) as [start, end, nameStart, nameEnd]
 * quadruples: the reference spans start..end ("{{" to after "}}"), its name (trimmed) nameStart..nameEnd.
 * A "{{" is closed by the next "}}"; blanks around the name may span lines, the name may not
 * (then the next "{{" is tried). Linear in the text: the next "}}" and the next line break are
 * searched for only when the scan has passed them, so no input is slow (a regex such as
 * /\{\{\s*(.*?)\s*\}\}/ backtracks for minutes over a "{{" followed by a long blank run).
 */
function referenceSpans(text: string, first: number): number[] {
  const spans: number[] = [];
  let close = -1;
  let nameEnd = -1;
  let lineBreak = -1;
  for (let start = first; start !== -1; ) {
    if (close < start + 2) {
      close = text.indexOf('}}', start + 2);
      // No "}}" after this "{{": no reference starts here or later.
      if (close === -1) break;
      nameEnd = close;
      while (nameEnd > start + 2 && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd -= 1;
    }
    let nameStart = start + 2;
    while (nameStart < close && isSpace(text.charCodeAt(nameStart))) nameStart += 1;
    if (nameStart >= close) {
      spans.push(start, close + 2, close, close);
      start = text.indexOf('{{', close + 2);
      continue;
    }
    if (lineBreak < nameStart) {
      lineBreak = nameStart;
      while (lineBreak < text.length && !isLineTerminator(text.charCodeAt(lineBreak))) lineBreak += 1;
    }
    if (lineBreak < nameEnd) {
      start = text.indexOf('{{', start + 1);
      continue;
    }
    spans.push(start, close + 2, nameStart, nameEnd);
    start = text.indexOf('{{', close + 2);
  }
  return spans;
}

function positionOf(text: string, offset: number, at: TextPosition): TextPosition {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  if (lastBreak === -1) return { line: at.line, column: at.column + offset };
  return { line: at.line + (before.match(/\n/g)?.length ?? 0), column: offset - lastBreak - 1 };
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One resolver per attempt to build a request: file and environment values are computed once. */
export function createResolver(scope: VariableScope): Resolver {
  // Mapped on first use (when there are any): most texts have no reference, or only `{{baseUrl}}`.
  let fileVariables: Map<string, FileVariable> | undefined;
  const environment = scope.environmentVariables ?? {};
  // Variables' own values, resolved once (file `@x`, environment `x`), and those being resolved.
  let computed: Map<string, string> | undefined;
  let expanding: string[] | undefined;
  const needs = new Map<string, NeededRequest>();
  const asks = new Map<string, PromptQuestion>();
  let builtins: BuiltinContext | undefined;
  const builtinContext = (): BuiltinContext =>
    (builtins ??= {
      now: scope.now ?? Date.now,
      random: scope.random ?? Math.random,
      processEnv: scope.processEnv ?? {},
      dotenv: scope.dotenv ?? (() => undefined),
      environmentVariable: (name) => (Object.hasOwn(environment, name) ? environment[name] : undefined),
      ...(scope.guid ? { guid: scope.guid } : {}),
    });

  /**
   * `locate` gives the position reported for a reference at an offset of `text`. Positions are
   * computed only for what is reported (an error, a needed request).
   */
  function substitute(text: string, locate: Locate, singleLine?: string): string {
    // Without "{{" there is nothing to replace (the common header, body or URL).
    const first = text.indexOf('{{');
    if (first === -1) return text;
    const spans = referenceSpans(text, first);
    let out = '';
    let last = 0;
    for (let index = 0; index < spans.length; index += 4) {
      const start = spans[index] as number;
      const reference = text.slice(spans[index + 2], spans[index + 3]);
      out += text.slice(last, start) + checked(evaluate(reference, locate, start), reference, singleLine);
      last = spans[index + 1] as number;
    }
    return out + text.slice(last);
  }

  function checked(value: string, reference: string, singleLine: string | undefined): string {
    if (singleLine !== undefined) assertSingleLine(singleLine, value, reference);
    return value;
  }

  function resolve(text: string, at: TextPosition, options?: ResolveOptions): string {
    if (!text.includes('{{')) return text;
    return substitute(text, options?.pinned ? () => at : (offset) => positionOf(text, offset, at), options?.singleLine);
  }

  /** The value of the reference at `offset` of the text `locate` belongs to. */
  function evaluate(reference: string, locate: Locate, offset: number): string {
    if (reference.startsWith('$')) {
      const prompt = promptReference(reference.slice(1));
      if (prompt) return promptValue(prompt, reference, locate, offset);
      const result = evaluateBuiltin(reference.slice(1), builtinContext());
      if (!result.ok) {
        const at = locate(offset);
        throw new UnresolvedVariableError(reference, at.line, at.column, result.problem);
      }
      return result.value;
    }
    if (reference.startsWith('%')) return encodeURIComponent(evaluate(reference.slice(1).trim(), locate, offset));
    // A chained reference has dots; most references have none.
    const chained = reference.includes('.') ? CHAIN.exec(reference) : null;
    if (chained) return chainedValue(scope.chain, needs, reference, chained, locate(offset));
    return named(reference, locate, offset);
  }

  function promptValue(prompt: PromptReference, reference: string, locate: Locate, offset: number): string {
    const unresolved = (reason: string): never => {
      const at = locate(offset);
      throw new UnresolvedVariableError(reference, at.line, at.column, reason);
    };
    if ('problem' in prompt) return unresolved(prompt.problem);
    const { question } = prompt;
    // httpYac: an askonce input whose label names a variable takes that variable instead.
    if (question.askOnce && question.kind !== 'pick' && isVariable(question.key)) return named(question.key, locate, offset);
    if (!scope.promptAnswer) return unresolved('it asks the user for a value, which only happens when the request is sent');
    const answer = scope.promptAnswer(question);
    if (answer !== undefined) return answer;
    if (!asks.has(question.key)) asks.set(question.key, question);
    return '';
  }

  function isVariable(name: string): boolean {
    return scope.fileVariables?.some((variable) => variable.name === name) === true || Object.hasOwn(environment, name);
  }

  function named(name: string, locate: Locate, offset: number): string {
    const prompted = scope.promptedVariables?.get(name);
    if (prompted !== undefined) return prompted;
    if (scope.fileVariables?.length) fileVariables ??= new Map(scope.fileVariables.map((variable) => [variable.name, variable]));
    const file = fileVariables?.get(name);
    // The value column assumes `@name = value`: the model keeps the line, not the column.
    if (file) {
      const valueAt = { line: file.line, column: name.length + 4 };
      return expand(`@${name}`, file.value, (inner) => positionOf(file.value, inner, valueAt), locate, offset);
    }
    // An environment value is not in the file: its problems are reported where it is used.
    if (Object.hasOwn(environment, name)) return expand(name, environment[name] ?? '', () => locate(offset), locate, offset);
    if (name === 'baseUrl' && scope.baseUrl !== undefined) return scope.baseUrl;
    const at = locate(offset);
    if (name === '') throw new UnresolvedVariableError(name, at.line, at.column, 'the braces are empty');
    throw new UnresolvedVariableError(name, at.line, at.column, 'no file variable, environment variable or built-in has this name');
  }

  /**
   * A variable's own value, resolved once; `key` tells file (`@x`) and environment (`x`) apart.
   * `locateInner` places references inside `template`; `locate` and `offset`, the reference to it.
   */
  function expand(key: string, template: string, locateInner: Locate, locate: Locate, offset: number): string {
    computed ??= new Map();
    expanding ??= [];
    const known = computed.get(key);
    if (known !== undefined) return known;
    const start = expanding.indexOf(key);
    if (start !== -1) {
      const at = locate(offset);
      throw new VariableCycleError([...expanding.slice(start), key], at.line, at.column);
    }
    expanding.push(key);
    try {
      const value = substitute(template, locateInner);
      computed.set(key, value);
      return value;
    } finally {
      expanding.pop();
    }
  }

  return { resolve, needs, asks };
}

/** A chained reference's value; a request without an exchange yet goes to `needs` and gives "". */
function chainedValue(
  chain: ReadonlyMap<string, ChainedExchange> | undefined,
  needs: Map<string, NeededRequest>,
  reference: string,
  match: RegExpExecArray,
  at: TextPosition,
): string {
  const [, request = '', part, section, path] = match;
  const exchange = chain?.get(request);
  if (!exchange) {
    if (!needs.has(request)) needs.set(request, { reference, at });
    return '';
  }
  const fail = (reason: string): never => {
    throw new UnresolvedVariableError(reference, at.line, at.column, reason);
  };
  if (section === 'headers') {
    if (path === undefined) return fail('name the header, e.g. .headers.Content-Type');
    const value = headerValue(part === 'response' ? exchange.headers : exchange.requestHeaders, path);
    return value ?? fail(`the ${part} of "${request}" has no header ${path}`);
  }
  const text = part === 'response' ? exchange.text : (exchange.requestBody?.toString('utf8') ?? '');
  if (path === undefined || path === '*') return text;
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return fail(parsed.problem);
  // A cut body (size limit, stalled download) is never read as JSON: its prefix may parse.
  if (part === 'response' && exchange.truncated) return fail(`the response body of "${request}" is incomplete (cut or stalled): not read as JSON`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`the ${part} body of "${request}" is not JSON`);
  }
  const values = selectJson(json, parsed.steps);
  if (values.length === 0) return fail(`${path} matches nothing in the ${part} body of "${request}"`);
  // One match is the value itself; a wildcard's several matches become a JSON array.
  return values.length === 1 ? stringify(values[0]) : JSON.stringify(values);
}
