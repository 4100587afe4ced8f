// JSON with comments (settings.json, the JetBrains env files): read it, and change one property
// with a minimal text edit that keeps every comment, blank line and the file's indentation, so a
// user's hand-kept settings.json reads the same afterwards except for the lines we add or change.
// The text is only ever edited where it parses; a file that does not parse is never rewritten.

export class JsoncSyntaxError extends Error {
  override readonly name = 'JsoncSyntaxError';
  constructor(
    readonly problem: string,
    /** 0-based. */
    readonly line: number,
    /** 0-based. */
    readonly column: number,
  ) {
    super(`${problem} (line ${line + 1}, column ${column + 1})`);
  }
}

/** The value at a path is not an object, so nothing can be put inside it. */
export class JsoncShapeError extends Error {
  override readonly name = 'JsoncShapeError';
  constructor(readonly path: readonly string[]) {
    super(path.length === 0 ? 'The file does not hold a JSON object.' : `"${path.join('" → "')}" is not a JSON object.`);
  }
}

/**
 * `//` and `/* *\/` comments and trailing commas replaced by spaces (line breaks kept), so
 * JSON.parse reads the rest and its error positions still point into the original text.
 */
export function withoutComments(text: string): string {
  let out = '';
  let copiedTo = 0;
  const blank = (from: number, to: number): void => {
    out += text.slice(copiedTo, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    copiedTo = to;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      blank(i, commentEnd(text, i));
      i = copiedTo - 1;
    } else if (char === ',') {
      const next = nextSignificant(text, i + 1);
      if (text[next] === '}' || text[next] === ']') blank(i, i + 1);
    }
  }
  return out + text.slice(copiedTo);
}

/** Where the comment starting at `start` ends (after its `*\/`, or at its line break). */
function commentEnd(text: string, start: number): number {
  if (text[start + 1] === '/') {
    const end = text.indexOf('\n', start);
    return end === -1 ? text.length : end;
  }
  const end = text.indexOf('*/', start + 2);
  return end === -1 ? text.length : end + 2;
}

/** The first offset from `from` that is neither blank nor inside a comment (text.length if none). */
function nextSignificant(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    if (/\s/.test(text[at] as string)) at++;
    else if (text[at] === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) at = commentEnd(text, at);
    else break;
  }
  return at;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.max(0, Math.min(offset, text.length) - lineStart) };
}

/** The parsed value of a JSONC text; throws JsoncSyntaxError with the position. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(withoutComments(text));
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const { line, column } = lineAndColumn(text, position ? Number(position[1]) : text.length);
    throw new JsoncSyntaxError(message.replace(/ in JSON at position \d+.*$/s, ''), line, column);
  }
}

interface Node {
  readonly start: number;
  readonly end: number;
  /** An object's properties, in text order; undefined for any other value. */
  readonly properties?: readonly Property[];
}

interface Property {
  readonly key: string;
  readonly keyStart: number;
  readonly value: Node;
}

/** Offsets of every value of a text that parseJsonc accepted (`plain` is its withoutComments). */
function parseTree(plain: string, from: number): Node {
  let at = skipBlanks(plain, from);
  const start = at;
  if (plain[at] === '{' || plain[at] === '[') {
    const object = plain[at] === '{';
    const properties: Property[] = [];
    at = skipBlanks(plain, at + 1);
    while (plain[at] !== '}' && plain[at] !== ']') {
      let key = '';
      const keyStart = at;
      if (object) {
        at = stringEnd(plain, at);
        key = JSON.parse(plain.slice(keyStart, at)) as string;
        at = skipBlanks(plain, at) + 1;
      }
      const value = parseTree(plain, at);
      if (object) properties.push({ key, keyStart, value });
      at = skipBlanks(plain, value.end);
      if (plain[at] === ',') at = skipBlanks(plain, at + 1);
    }
    return object ? { start, end: at + 1, properties } : { start, end: at + 1 };
  }
  if (plain[at] === '"') return { start, end: stringEnd(plain, at) };
  while (at < plain.length && !/[\s,\]}]/.test(plain[at] as string)) at++;
  return { start, end: at };
}

function skipBlanks(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  return at;
}

/** The offset after the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** The leading blanks of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The blanks before `offset` when nothing else precedes it on its line. */
function ownLineIndent(text: string, offset: number): string | undefined {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** One level of the file's indentation: its first indented line's, else VS Code's default of four spaces. */
function indentUnit(text: string): string {
  const first = /\n([ \t]+)\S/.exec(text)?.[1];
  if (first === undefined) return '    ';
  return first.startsWith('\t') ? '\t' : first;
}

/** `value` as JSON at a nesting whose lines start with `indent`. */
function serialize(value: unknown, indent: string, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(eol + indent);
}

/**
 * `text` with the property at `path` set to `value`: replaced when it exists, otherwise added
 * (with the objects leading to it) after the last property of the deepest object that exists.
 * Throws JsoncSyntaxError for a text that does not parse and JsoncShapeError when a value on
 * the path is not an object. An empty text is an empty object.
 */
export function setProperty(text: string, path: readonly string[], value: unknown): string {
  const source = text.trim() === '' ? `{}${text.includes('\r\n') ? '\r\n' : '\n'}` : text;
  parseJsonc(source);
  const plain = withoutComments(source);
  let node = parseTree(plain, 0);
  for (let depth = 0; depth < path.length; depth++) {
    if (!node.properties) throw new JsoncShapeError(path.slice(0, depth));
    const key = path[depth] as string;
    // JSON.parse keeps the last of duplicate keys: so do we.
    const property = [...node.properties].reverse().find((candidate) => candidate.key === key);
    if (!property) return insertProperty(source, plain, node, key, path.slice(depth + 1).reduceRight<unknown>((inner, name) => ({ [name]: inner }), value));
    if (depth === path.length - 1) {
      const unit = indentUnit(source);
      return source.slice(0, property.value.start) + serialize(value, indentAt(source, property.value.start), unit, eolOf(source)) + source.slice(property.value.end);
    }
    node = property.value;
  }
  throw new JsoncShapeError(path);
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function insertProperty(text: string, plain: string, object: Node, key: string, value: unknown): string {
  const eol = eolOf(text);
  const unit = indentUnit(text);
  const objectIndent = indentAt(text, object.start);
  const properties = object.properties ?? [];
  const last = properties.at(-1);
  if (!last) {
    const inner = objectIndent + unit;
    const interior = text.slice(object.start + 1, object.end - 1);
    const close = /[\r\n]/.test(interior) ? '' : eol + objectIndent;
    return `${text.slice(0, object.start + 1)}${eol}${inner}${JSON.stringify(key)}: ${serialize(value, inner, unit, eol)}${close}${text.slice(object.start + 1)}`;
  }
  const first = properties[0] as Property;
  const inner = ownLineIndent(text, first.keyStart) ?? objectIndent + unit;
  const property = `${eol}${inner}${JSON.stringify(key)}: ${serialize(value, inner, unit, eol)}`;
  // A trailing comma (blanked in `plain`) is kept and the new property goes after it.
  const next = nextSignificant(text, last.value.end);
  const comma = text[next] === ',' && plain[next] === ' ' ? next + 1 : -1;
  const after = comma === -1 ? last.value.end : comma;
  const at = endOfLineComment(text, after);
  return text.slice(0, after) + (comma === -1 ? ',' : '') + text.slice(after, at) + property + text.slice(at);
}

/** After a `// comment` that ends the line at `from`, so it stays with its own property; else `from`. */
function endOfLineComment(text: string, from: number): number {
  const rest = /^[ \t]*\/\/[^\r\n]*/.exec(text.slice(from));
  return rest ? from + rest[0].length : from;
}
