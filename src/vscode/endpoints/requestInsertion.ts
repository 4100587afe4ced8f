// Where "Open as Request" puts a ready request in an open .http document (no vscode import).

export interface Insertion {
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

/**
 * The request goes at the cursor when its line is blank, else after the cursor's line. A blank
 * line keeps it apart from the text before it; when text follows that does not start a new
 * request (`###`), a `###` line closes the inserted request so that text is not read as its body.
 */
export function insertionAt(lines: readonly string[], cursorLine: number, request: string): Insertion {
  const body = request.replace(/\n+$/, '');
  const line = Math.max(0, Math.min(cursorLine, lines.length - 1));
  const current = lines[line] ?? '';
  const blankLine = current.trim().length === 0;
  const next = lines.slice(line + 1).find((text) => text.trim().length > 0);
  const closing = next === undefined || next.trimStart().startsWith('###') ? '' : '\n###';
  if (blankLine) {
    const before = line > 0 && (lines[line - 1] ?? '').trim().length > 0 ? '\n' : '';
    return { line, character: 0, text: `${before}${body}${closing}\n` };
  }
  // The text after the insertion starts with the cursor line's line break: one more only when the next line is not blank.
  const nextLineBlank = (lines[line + 1] ?? '').trim().length === 0;
  return { line, character: current.length, text: `\n\n${body}${closing}${next !== undefined && !nextLineBlank ? '\n' : ''}` };
}
