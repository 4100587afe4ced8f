// `{{name}}` references in a .http file that nothing defines: the editor shows them as warnings.
// The references are found once per line and kept; after an edit only the lines the incremental
// re-parse read again are scanned again (updatedReferences).
import type { Diagnostic, ParsedFile } from './model';
import { requestAtLine } from './parser';
import { declaredPrompts, promptReference } from './prompts';
import type { ReparsedLines } from './reparse';

// No `\s*` around the name (it is trimmed below): with them a `{{` before a long blank run backtracks quadratically.
const REFERENCE = /\{\{([^{}]*?)\}\}/g;
const BARE_OPENING = /^\s*\{\{\s*$/;
const CHAINED = /^(response|request)\b/;

/**
 * A `{{name}}` that may need a definition, `%` and blanks taken off; no `{{$builtin}}` but a
 * malformed prompt (`{{$input}}` without a label). Lines in order.
 */
export interface VariableReference {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly name: string;
}

/**
 * `{{name}}` references that nothing defines: not a file variable, not an environment variable,
 * not `baseUrl`, not a `{{$builtin}}`, not a chained `{{req.response…}}` / `{{req.request…}}`,
 * not a `# @prompt` name inside the request that declares it (REST Client's scope); and prompt
 * variables that cannot be asked (`{{$pick x}}` without its choices).
 */
export function unresolvedVariables(text: string, file: ParsedFile, environmentNames: Iterable<string>): Diagnostic[] {
  return unresolvedReferences(variableReferences(text), file, environmentNames);
}

export function unresolvedReferences(references: readonly VariableReference[], file: ParsedFile, environmentNames: Iterable<string>): Diagnostic[] {
  const known = new Set<string>(['baseUrl', ...environmentNames]);
  for (const variable of file.variables) known.add(variable.name);
  let requestNames: RequestNames | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const reference of references) {
    const { name } = reference;
    const prompt = name.startsWith('$') ? promptReference(name.slice(1)) : undefined;
    if (prompt && 'problem' in prompt) {
      diagnostics.push({ ...warning(reference, `{{${name}}}: ${prompt.problem}`), severity: 'error' });
      continue;
    }
    const dot = name.indexOf('.');
    if (dot !== -1 && CHAINED.test(name.slice(dot + 1))) {
      const requestName = name.slice(0, dot);
      requestNames ??= requestNamesOf(file);
      if (!requestNames.has(requestName)) diagnostics.push(warning(reference, `No request is named "${requestName}" (# @name ${requestName})`));
    } else if (!known.has(name) && !promptedAt(file, reference.line, name)) {
      diagnostics.push(warning(reference, `Variable "${name}" is not defined: define it with @${name} = value or in the selected environment`));
    }
  }
  return diagnostics;
}

function promptedAt(file: ParsedFile, line: number, name: string): boolean {
  const request = requestAtLine(file, line);
  return request !== undefined && request.metadata.some((entry) => entry.key === 'prompt') && declaredPrompts(request).some((question) => question.key === name);
}

interface RequestNames {
  has(name: string): boolean;
}

const FEW_NAMES = 8;

/**
 * Whether a request of `file` has each name asked. A file refers to few requests by name, and
 * these checks run again after every keystroke: the first few names are looked for one by one,
 * and only then a set of every request's name is made (at 10,000 requests it cost more than the
 * rest of a keystroke's diagnostics).
 */
function requestNamesOf(file: ParsedFile): RequestNames {
  const asked = new Map<string, boolean>();
  let all: Set<string> | undefined;
  return {
    has(name) {
      if (all) return all.has(name);
      const known = asked.get(name);
      if (known !== undefined) return known;
      if (asked.size === FEW_NAMES) {
        all = new Set();
        for (const request of file.requests) if (request.name) all.add(request.name);
        return all.has(name);
      }
      const found = file.requests.some((request) => request.name === name);
      asked.set(name, found);
      return found;
    },
  };
}

/** The references on the lines of `[from, to)`, the first of them line `firstLine` (`from` starts a line). */
export function variableReferences(text: string, from = 0, to = text.length, firstLine = 0): VariableReference[] {
  const references: VariableReference[] = [];
  let brace = text.indexOf('{{', from);
  for (let lineStart = from, line = firstLine; brace !== -1 && brace < to; line++) {
    const end = lineEndAt(text, lineStart);
    if (brace < end) {
      const lineText = text.slice(lineStart, end);
      // httpYac script blocks start with a bare `{{`: not references.
      if (!BARE_OPENING.test(lineText)) for (const match of lineText.matchAll(REFERENCE)) addReference(references, line, match);
      brace = text.indexOf('{{', end);
    }
    if (end >= text.length) break;
    lineStart = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  return references;
}

/** `previous` (the references before an edit) after the edit `reparsed` describes. */
export function updatedReferences(previous: readonly VariableReference[], reparsed: ReparsedLines): VariableReference[] {
  const first = firstAtOrAfter(previous, reparsed.fromLine);
  const rest = firstAtOrAfter(previous, reparsed.oldToLine);
  const shift = reparsed.toLine - reparsed.oldToLine;
  const after = previous.slice(rest);
  return previous
    .slice(0, first)
    .concat(variableReferences(reparsed.text, 0, reparsed.text.length, reparsed.fromLine), shift === 0 ? after : after.map((reference) => ({ ...reference, line: reference.line + shift })));
}

function addReference(references: VariableReference[], line: number, match: RegExpMatchArray): void {
  let name = (match[1] ?? '').trim();
  if (name.startsWith('%')) name = name.slice(1).trim();
  if (name === '' || (name.startsWith('$') && !malformedPrompt(name))) return;
  const column = match.index ?? 0;
  references.push({ line, column, endColumn: column + match[0].length, name });
}

function malformedPrompt(name: string): boolean {
  const prompt = promptReference(name.slice(1));
  return prompt !== undefined && 'problem' in prompt;
}

/** Where the line starting at `from` ends: its CR or LF, or the end of the text. */
function lineEndAt(text: string, from: number): number {
  let end = from;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code === 10 || code === 13) break;
    end++;
  }
  return end;
}

function firstAtOrAfter(references: readonly VariableReference[], line: number): number {
  let low = 0;
  let high = references.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((references[middle] as VariableReference).line < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

function warning(reference: VariableReference, message: string): Diagnostic {
  return { line: reference.line, column: reference.column, endColumn: reference.endColumn, severity: 'warning', message };
}
