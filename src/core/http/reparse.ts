// The incremental re-parse: after an edit only the `###` blocks the edit touches are parsed
// again; the requests, variables and diagnostics before them are kept as they are and those after
// them are kept with their lines (and request indexes) shifted. The result is exactly what
// parseHttpFile returns for the new text (test/unit/reparse.test.ts checks it on random edits).
//
// It stands on one property of the parser: a `###` line ends whatever came before it (even an
// unterminated script), so a block parses the same wherever it sits. The one exception is a block
// comment (`/*` … `*/`), which runs over `###` lines: its `###` lines are no block boundaries, and
// since a `/*` is a comment only when a later line closes it, a `/*` the re-read text leaves
// unclosed makes the re-parse read on to the next block holding a `*/`, and a `*/` in the re-read
// text makes it start at the first unclosed `/*` above. The document is kept as the
// text of each block, so an edit costs the blocks it touches and never the whole text (VS Code's
// getText() alone joins every line of the file). Positions are offsets: line ends of any kind
// (CRLF joined or split by the edit, lone CR) need no special case.
import type { Diagnostic, FileVariable, ParsedFile, ParsedRequest } from './model';
import { firstNonBlank, isSeparator } from './lineSyntax';
import { parseBlocks } from './parser';
import { SimpleRequest } from './simpleRequest';

/** One replaced range, in the text as it was when the change was made (VS Code's TextDocumentContentChangeEvent). */
export interface TextChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/** What the last re-parse read again: `text`, lines [fromLine, toLine) of the new text, which were [fromLine, oldToLine) before. */
export interface ReparsedLines {
  readonly fromLine: number;
  readonly toLine: number;
  readonly oldToLine: number;
  readonly text: string;
}

export interface ParsedDocument {
  readonly file: ParsedFile;
  /** Length of the text parsed. */
  readonly length: number;
  /** Per block (the text before the first `###` line, then each `###` line's block): first line, offset, text. */
  readonly blockLines: readonly number[];
  readonly blockOffsets: readonly number[];
  readonly blockTexts: readonly string[];
  /** Lines of the block comment openers nothing closes (see BlocksParse). */
  readonly unclosedComments: readonly number[];
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
  const part = parseBlocks(text, 0, 0);
  const blockOffsets = [0, ...part.blockOffsets];
  return {
    file: { requests: part.requests, variables: part.variables, diagnostics: part.diagnostics, lineCount: part.lineCount },
    length: text.length,
    blockLines: [0, ...part.blockLines],
    blockOffsets,
    blockTexts: blockOffsets.map((offset, index) => text.slice(offset, blockOffsets[index + 1] ?? text.length)),
    unclosedComments: part.unclosedComments,
  };
}

/** The whole text of a parsed document. */
export function documentText(document: ParsedDocument): string {
  return document.blockTexts.join('');
}

/**
 * `previous` after `changes` (applied in order, each in the text left by the ones before it).
 * Undefined when they do not fit its text (a change was missed): parse the text anew.
 */
export function reparse(previous: ParsedDocument, changes: readonly TextChange[]): ParsedDocument | undefined {
  const edit = editedRange(changes);
  if (!edit) return { ...previous, reparsed: { fromLine: 0, toLine: 0, oldToLine: 0, text: '' } };
  const oldEnd = edit.newEnd - edit.delta;
  if (oldEnd > previous.length || edit.start > oldEnd) return undefined;
  const { blockLines, blockOffsets, blockTexts } = previous;
  // Blocks [first, last) hold the edit: from the last starting at or before it, up to the first
  // whose `###` line starts after it (so its line and the line end before it are untouched).
  let first = lastAtOrBefore(blockOffsets, edit.start);
  let last = lastAtOrBefore(blockOffsets, oldEnd) + 1;
  let text = windowText(previous, first, last, changes);
  // Read from a `###` line the edit left one: else from the block before.
  while (first > 0 && !separatorAt(text)) text = windowText(previous, --first, last, changes);
  // A `*/` in the new text may close a `/*` above that nothing closed: read from that one's block.
  const opener = previous.unclosedComments[0];
  if (opener !== undefined && opener < (blockLines[first] as number) && text.includes('*/')) {
    first = lastAtOrBefore(blockLines, opener);
    text = windowText(previous, first, last, changes);
  }
  const fromLine = blockLines[first] as number;
  const old = previous.file;
  const firstIndex = countBefore(old.requests, fromLine, (request) => request.range.requestLine);
  let part = parseBlocks(text, fromLine, firstIndex);
  // A `/*` the window does not close may be closed by a `*/` after it: read on to the next block holding one.
  while (part.unclosedComments.length > 0) {
    const closer = nextBlockWith(blockTexts, last, '*/');
    if (closer === -1) break;
    last = closer + 1;
    text = windowText(previous, first, last, changes);
    part = parseBlocks(text, fromLine, firstIndex);
  }
  const fromOffset = blockOffsets[first] as number;
  const newBlockOffsets = part.blockOffsets.map((offset) => offset + fromOffset);
  const newBlockTexts = (first === 0 ? [0, ...part.blockOffsets] : part.blockOffsets).map((offset, index, starts) => text.slice(offset, starts[index + 1] ?? text.length));
  const ends = last === blockLines.length;
  // The window ends with the line end before block `last`: the parse counted the line after it.
  const toLine = ends ? part.lineCount : part.lineCount - 1;
  const oldToLine = ends ? old.lineCount : (blockLines[last] as number);
  const lines = toLine - oldToLine;
  const afterIndex = countBefore(old.requests, oldToLine, (request) => request.range.requestLine);
  return {
    file: {
      requests: old.requests.slice(0, firstIndex).concat(part.requests, shiftedRequests(old.requests.slice(afterIndex), lines, firstIndex + part.requests.length - afterIndex)),
      variables: spliced(old.variables, fromLine, oldToLine, part.variables, lines),
      diagnostics: spliced(old.diagnostics, fromLine, oldToLine, part.diagnostics, lines),
      lineCount: old.lineCount + lines,
    },
    length: previous.length + edit.delta,
    blockLines: blockLines.slice(0, first === 0 ? 1 : first).concat(part.blockLines, shiftedNumbers(blockLines.slice(last), lines)),
    blockOffsets: blockOffsets.slice(0, first === 0 ? 1 : first).concat(newBlockOffsets, shiftedNumbers(blockOffsets.slice(last), edit.delta)),
    blockTexts: blockTexts.slice(0, first).concat(newBlockTexts, blockTexts.slice(last)),
    unclosedComments: splicedLines(previous.unclosedComments, fromLine, oldToLine, part.unclosedComments, lines),
    reparsed: { fromLine, toLine, oldToLine, text },
  };
}

/** The new text of blocks [first, last): their old text with the changes applied. */
function windowText(previous: ParsedDocument, first: number, last: number, changes: readonly TextChange[]): string {
  const from = previous.blockOffsets[first] as number;
  let text = previous.blockTexts.slice(first, last).join('');
  for (const change of changes) {
    const at = change.rangeOffset - from;
    text = text.slice(0, at) + change.text + text.slice(at + change.rangeLength);
  }
  return text;
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

/** Whether the first line of `text` is a `###` line. */
function separatorAt(text: string): boolean {
  let end = 0;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return isSeparator(text, firstNonBlank(text, 0, end), end);
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

/** `items` with those of lines [from, oldTo) replaced by `read`, and those after shifted by `lines`. */
function spliced<T extends FileVariable | Diagnostic>(items: readonly T[], from: number, oldTo: number, read: readonly T[], lines: number): T[] {
  const after = items.slice(countBefore(items, oldTo, lineOf));
  return items.slice(0, countBefore(items, from, lineOf)).concat(read, lines === 0 ? after : after.map((item) => ({ ...item, line: item.line + lines })));
}

/** `values` (ascending lines) with those of lines [from, oldTo) replaced by `read`, and those after shifted by `lines`. */
function splicedLines(values: readonly number[], from: number, oldTo: number, read: readonly number[], lines: number): readonly number[] {
  if (values.length === 0 && read.length === 0) return values;
  return values
    .filter((line) => line < from)
    .concat(read, shiftedNumbers(values.filter((line) => line >= oldTo), lines));
}

/** Index of the first of `texts` from `from` on that holds `needle`; -1 when none does. */
function nextBlockWith(texts: readonly string[], from: number, needle: string): number {
  for (let index = from; index < texts.length; index++) if ((texts[index] as string).includes(needle)) return index;
  return -1;
}

function lineOf(item: { readonly line: number }): number {
  return item.line;
}

function shiftedNumbers(values: number[], by: number): number[] {
  if (by !== 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) + by;
  return values;
}

function shiftedRequests(requests: ParsedRequest[], lines: number, indexes: number): ParsedRequest[] {
  if (lines === 0 && indexes === 0) return requests;
  return requests.map((request) => shiftedRequest(request, lines, indexes));
}

function shiftedRequest(request: ParsedRequest, lines: number, indexes: number): ParsedRequest {
  const index = request.index + indexes;
  const { range, metadata } = request;
  const movedMetadata = lines === 0 || metadata.length === 0 ? metadata : metadata.map((entry) => ({ ...entry, line: entry.line + lines }));
  const movedRange = lines === 0 ? range : { start: range.start + lines, requestLine: range.requestLine + lines, end: range.end + lines };
  // Its headers and body are read when asked for (a spread would lose them): it moves them itself.
  if (request instanceof SimpleRequest) return request.moved(index, movedMetadata, movedRange, lines);
  if (lines === 0) return { ...request, index };
  const { headers, body } = request;
  return {
    ...request,
    index,
    headers: headers.length === 0 ? headers : headers.map((header) => ({ ...header, line: header.line + lines })),
    body: body && body.segments.some((segment) => segment.kind === 'file') ? { ...body, segments: body.segments.map((segment) => (segment.kind === 'file' ? { ...segment, line: segment.line + lines } : segment)) } : body,
    metadata: movedMetadata,
    range: movedRange,
  };
}
