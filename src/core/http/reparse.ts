// The incremental re-parse: after an edit only the `###` blocks the edit touches are parsed
// again; the requests, variables and diagnostics before them are kept as they are and those after
// them are kept with their lines (and request indexes) shifted. The result is exactly what
// parseHttpFile returns for the new text (test/unit/reparse.test.ts checks it on random edits).
//
// It stands on one property of the parser: a `###` line ends whatever came before it (even an
// unterminated script), so a block parses the same wherever it sits. An edit is re-read from the
// last `###` line before it that is still one, up to the first `###` line after it; every
// position is an offset, so line ends of any kind (CRLF joined or split by the edit, lone CR)
// need no special case.
import type { Diagnostic, FileVariable, ParsedFile, ParsedRequest } from './model';
import { firstNonBlank, isSeparator } from './lineSyntax';
import { parsePart } from './parser';

/** One replaced range, in the text as it was when the change was made (VS Code's TextDocumentContentChangeEvent). */
export interface TextChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/** The lines the last re-parse read again: [fromLine, toLine) of the new text, which were [fromLine, oldToLine) before. */
export interface ReparsedLines {
  readonly fromLine: number;
  readonly fromOffset: number;
  readonly toLine: number;
  readonly toOffset: number;
  readonly oldToLine: number;
}

export interface ParsedDocument {
  readonly file: ParsedFile;
  /** Length of the text parsed. */
  readonly length: number;
  /** Line and offset of every `###` line, in order. */
  readonly blockLines: readonly number[];
  readonly blockOffsets: readonly number[];
  /** Set by reparse: what it read again (everything else was kept or shifted). */
  readonly reparsed?: ReparsedLines;
}

/** `text` after `changes`, applied in order. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let result = text;
  for (const change of changes) result = result.slice(0, change.rangeOffset) + change.text + result.slice(change.rangeOffset + change.rangeLength);
  return result;
}

export function parseDocument(text: string): ParsedDocument {
  const part = parsePart(text, 0, 0, 0, Infinity);
  return {
    file: { requests: part.requests, variables: part.variables, diagnostics: part.diagnostics, lineCount: part.lineCount },
    length: text.length,
    blockLines: part.blockLines,
    blockOffsets: part.blockOffsets,
  };
}

/**
 * `previous` after `changes` (applied in order, each in the text left by the ones before it),
 * which turned its text into `text`. Changes that do not add up to `text` get a full parse.
 */
export function reparse(previous: ParsedDocument, text: string, changes: readonly TextChange[]): ParsedDocument {
  // No change (VS Code may say so): the same text, nothing to read again.
  if (changes.length === 0 && text.length === previous.length) return { ...previous, reparsed: { fromLine: 0, fromOffset: 0, toLine: 0, toOffset: 0, oldToLine: 0 } };
  const edit = editedRange(changes);
  if (!edit || previous.length + edit.delta !== text.length || edit.start > previous.length) return parseDocument(text);
  const { blockLines, blockOffsets } = previous;
  // The block to read from: the last one starting at or before the edit whose `###` line still is one.
  let block = lastAtOrBefore(blockOffsets, edit.start);
  while (block >= 0 && !separatorAt(text, blockOffsets[block] as number)) block--;
  const fromLine = block < 0 ? 0 : (blockLines[block] as number);
  const fromOffset = block < 0 ? 0 : (blockOffsets[block] as number);
  const old = previous.file;
  const firstIndex = countBefore(old.requests, fromLine, (request) => request.range.requestLine);
  const part = parsePart(text, fromLine, fromOffset, firstIndex, edit.newEnd);
  const before = {
    requests: old.requests.slice(0, firstIndex),
    variables: old.variables.slice(0, countBefore(old.variables, fromLine, lineOf)),
    diagnostics: old.diagnostics.slice(0, countBefore(old.diagnostics, fromLine, lineOf)),
    blockLines: blockLines.slice(0, block < 0 ? 0 : block),
    blockOffsets: blockOffsets.slice(0, block < 0 ? 0 : block),
  };
  if (part.stopLine === -1) {
    return {
      file: { requests: before.requests.concat(part.requests), variables: before.variables.concat(part.variables), diagnostics: before.diagnostics.concat(part.diagnostics), lineCount: part.lineCount },
      length: text.length,
      blockLines: before.blockLines.concat(part.blockLines),
      blockOffsets: before.blockOffsets.concat(part.blockOffsets),
      reparsed: { fromLine, fromOffset, toLine: part.lineCount, toOffset: text.length, oldToLine: old.lineCount },
    };
  }
  // The `###` line it stopped at is text the edit left alone: the same block as before, moved.
  const resume = indexOf(blockOffsets, part.stopOffset - edit.delta);
  if (resume === -1) return parseDocument(text);
  const oldLine = blockLines[resume] as number;
  const lines = part.stopLine - oldLine;
  const afterIndex = countBefore(old.requests, oldLine, (request) => request.range.requestLine);
  const indexes = firstIndex + part.requests.length - afterIndex;
  const after = {
    requests: shiftedRequests(old.requests.slice(afterIndex), lines, indexes),
    variables: shiftedLines(old.variables.slice(countBefore(old.variables, oldLine, lineOf)), lines),
    diagnostics: shiftedLines(old.diagnostics.slice(countBefore(old.diagnostics, oldLine, lineOf)), lines),
    blockLines: shiftedNumbers(blockLines.slice(resume), lines),
    blockOffsets: shiftedNumbers(blockOffsets.slice(resume), edit.delta),
  };
  return {
    file: {
      requests: before.requests.concat(part.requests, after.requests),
      variables: before.variables.concat(part.variables, after.variables),
      diagnostics: before.diagnostics.concat(part.diagnostics, after.diagnostics),
      lineCount: old.lineCount + lines,
    },
    length: text.length,
    blockLines: before.blockLines.concat(part.blockLines, after.blockLines),
    blockOffsets: before.blockOffsets.concat(part.blockOffsets, after.blockOffsets),
    reparsed: { fromLine, fromOffset, toLine: part.stopLine, toOffset: part.stopOffset, oldToLine: oldLine },
  };
}

/**
 * What a sequence of changes touched: [start, newEnd) of the new text replaced [start, newEnd -
 * delta) of the old one; text before `start` and after `newEnd` is as it was. Undefined: no change.
 */
function editedRange(changes: readonly TextChange[]): { start: number; newEnd: number; delta: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  let delta = 0;
  for (const change of changes) {
    const from = change.rangeOffset;
    const to = from + change.rangeLength;
    const shift = change.text.length - change.rangeLength;
    // The range so far, in the text after this change, joined with what this change wrote.
    if (start !== Infinity) {
      start = start < from ? start : start >= to ? start + shift : from;
      end = end <= from ? end : end >= to ? end + shift : from + change.text.length;
    }
    start = Math.min(start, from);
    end = Math.max(end, from + change.text.length);
    delta += shift;
  }
  return start === Infinity ? undefined : { start, newEnd: end, delta };
}

/** Whether the line starting at `offset` is a `###` line. */
function separatorAt(text: string, offset: number): boolean {
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return isSeparator(text, firstNonBlank(text, offset, end), end);
}

/** Index of the last of the ascending `values` that is ≤ `value`; -1 when none is. */
function lastAtOrBefore(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function indexOf(values: readonly number[], value: number): number {
  const index = lastAtOrBefore(values, value);
  return index >= 0 && values[index] === value ? index : -1;
}

/**
 * How many of `items` lie before line `line`, a block's first line. Items come block by block,
 * so "before the block" is a prefix even where a block's own items are not in line order.
 */
function countBefore<T>(items: readonly T[], line: number, lineOfItem: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lineOfItem(items[middle] as T) < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

function lineOf(item: { readonly line: number }): number {
  return item.line;
}

function shiftedNumbers(values: number[], by: number): number[] {
  if (by !== 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) + by;
  return values;
}

function shiftedLines<T extends FileVariable | Diagnostic>(items: T[], by: number): T[] {
  return by === 0 ? items : items.map((item) => ({ ...item, line: item.line + by }));
}

function shiftedRequests(requests: ParsedRequest[], lines: number, indexes: number): ParsedRequest[] {
  if (lines === 0 && indexes === 0) return requests;
  if (lines === 0) return requests.map((request) => ({ ...request, index: request.index + indexes }));
  return requests.map((request) => shiftedRequest(request, lines, indexes));
}

function shiftedRequest(request: ParsedRequest, lines: number, indexes: number): ParsedRequest {
  const { range, headers, metadata, body } = request;
  return {
    ...request,
    index: request.index + indexes,
    headers: headers.length === 0 ? headers : headers.map((header) => ({ ...header, line: header.line + lines })),
    body: body && body.segments.some((segment) => segment.kind === 'file') ? { ...body, segments: body.segments.map((segment) => (segment.kind === 'file' ? { ...segment, line: segment.line + lines } : segment)) } : body,
    metadata: metadata.length === 0 ? metadata : metadata.map((entry) => ({ ...entry, line: entry.line + lines })),
    range: { start: range.start + lines, requestLine: range.requestLine + lines, end: range.end + lines },
  };
}
