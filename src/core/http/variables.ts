// `{{name}}` resolution, REST Client style. A reference is looked up as, in order:
//   1. request chaining: `{{login.response.body.$.access_token}}`, `{{login.response.headers.Name}}`,
//      `{{login.request.body.$.email}}`, `{{login.request.headers.Name}}` (`body.*` = the whole body);
//   2. a file variable (`@name = value`; its value may use variables; the last definition wins);
//   3. a variable of the active environment (its value may use variables too);
//   4. a built-in: `{{baseUrl}}` (the active FinCode environment's base URL) or a `{{$system}}` variable.
// `{{%name}}` is the URL-encoded value of `name`.
//
// Chaining without an exchange yet: the reference resolves to "" and its request name is added to
// `resolver.needs`; the caller sends those requests first and resolves again with a new resolver
// (the sender does exactly that). Everything else that cannot be resolved throws a typed error
// carrying the variable and its position (0-based line and column, like the parser's model).
import type { FileVariable } from './model';
import { evaluateBuiltin, type BuiltinContext, type DotenvLookup } from './builtins';
import { parseJsonPath, selectJson } from './jsonPath';
import { headerValue, type HeaderEntry } from './response';
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

/** Throws UnsafeValueError when `value` contains CR or LF. */
export function assertSingleLine(target: string, value: string, variable?: string): void {
  if (value.includes('\n') || value.includes('\r')) throw new UnsafeValueError(target, variable);
}

/** The position reported for the reference at an offset of a text. */
type Locate = (offset: number) => TextPosition;

const REFERENCE = /\{\{\s*(.*?)\s*\}\}/g;
const CHAIN = /^([\w-]+)\.(request|response)\.(body|headers)(?:\.(.+))?$/;

/**
 * Where REFERENCE matches in `text` (whose first "{{" is at `first`), as [start, close] pairs
 * (close: the index of the "}}"), when every "{{" is closed by the next "}}" with no brace and no
 * line terminator in between: there the regex matches exactly from each "{{" to that "}}", its
 * group being the text between, trimmed (`\s` and `trim` remove the same characters). Undefined
 * in any other case, which the regex itself then handles.
 */
function plainSpans(text: string, first: number): number[] | undefined {
  const spans: number[] = [];
  for (let start = first; start !== -1; start = text.indexOf('{{', start)) {
    const close = text.indexOf('}}', start + 2);
    // No "}}" after this "{{": no match starts here or later.
    if (close === -1) break;
    for (let at = start + 2; at < close; at += 1) {
      const code = text.charCodeAt(at);
      // { } \n \r U+2028 U+2029
      if (code === 0x7b || code === 0x7d || code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) return undefined;
    }
    spans.push(start, close);
    start = close + 2;
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
    const spans = plainSpans(text, first);
    if (spans === undefined) {
      return text.replace(REFERENCE, (_match, reference: string, offset: number) => checked(evaluate(reference, locate, offset), reference, singleLine));
    }
    let out = '';
    let last = 0;
    for (let index = 0; index < spans.length; index += 2) {
      const start = spans[index] as number;
      const close = spans[index + 1] as number;
      const reference = text.slice(start + 2, close).trim();
      out += text.slice(last, start) + checked(evaluate(reference, locate, start), reference, singleLine);
      last = close + 2;
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
    if (chained) return chainedValue(reference, chained, locate(offset));
    return named(reference, locate, offset);
  }

  function named(name: string, locate: Locate, offset: number): string {
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

  function chainedValue(reference: string, match: RegExpExecArray, at: TextPosition): string {
    const [, request = '', part, section, path] = match;
    const exchange = scope.chain?.get(request);
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

  return { resolve, needs };
}
