// `{{name}}` references in a .http file that nothing defines: the editor shows them as warnings.
import type { Diagnostic, ParsedFile } from './model';

// No `\s*` around the name (it is trimmed below): with them a `{{` before a long blank run backtracks quadratically.
const REFERENCE = /\{\{([^{}]*?)\}\}/g;

/**
 * `{{name}}` references that nothing defines: not a file variable, not an environment variable,
 * not `baseUrl`, not a `{{$builtin}}`, not a chained `{{req.response…}}` / `{{req.request…}}`.
 */
export function unresolvedVariables(text: string, file: ParsedFile, environmentNames: Iterable<string>): Diagnostic[] {
  const known = new Set<string>(['baseUrl', ...environmentNames, ...file.variables.map((variable) => variable.name)]);
  const requestNames = new Set(file.requests.flatMap((request) => (request.name ? [request.name] : [])));
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    // httpYac script blocks start with a bare `{{`: not references.
    if (/^\s*\{\{\s*$/.test(lineText)) return;
    for (const match of lineText.matchAll(REFERENCE)) {
      let name = (match[1] ?? '').trim();
      if (name.startsWith('%')) name = name.slice(1).trim();
      if (name === '' || name.startsWith('$')) continue;
      const dot = name.indexOf('.');
      if (dot !== -1 && /^(response|request)\b/.test(name.slice(dot + 1))) {
        const requestName = name.slice(0, dot);
        if (requestNames.has(requestName)) continue;
        diagnostics.push(at(line, match, `No request is named "${requestName}" (# @name ${requestName})`));
        continue;
      }
      if (!known.has(name)) diagnostics.push(at(line, match, `Variable "${name}" is not defined: define it with @${name} = value or in the selected environment`));
    }
  });
  return diagnostics;
}

function at(line: number, match: RegExpMatchArray, message: string): Diagnostic {
  const column = match.index ?? 0;
  return { line, column, endColumn: column + match[0].length, severity: 'warning', message };
}
