// How the parser reports a malformed line: one Diagnostic with at least one column marked, and
// quoted text from the file kept short, so a 1 MB line makes no 1 MB message.
import type { Diagnostic } from './model';

const SHOWN_LENGTH = 40;

export function report(
  diagnostics: Diagnostic[],
  line: number,
  column: number,
  endColumn: number,
  severity: Diagnostic['severity'],
  message: string,
): void {
  diagnostics.push({ line, column, endColumn: Math.max(endColumn, column + 1), severity, message });
}

/** `text` for a message: at most 40 characters, an ellipsis marking the cut. */
export function shown(text: string): string {
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}
