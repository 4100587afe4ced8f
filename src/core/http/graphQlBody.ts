// GraphQL over HTTP as REST Client and httpYac write it: the query, a blank line, then the
// variables as JSON. The parser keeps such a body raw; whoever sends it splits it here.
import type { ParsedHeader } from './model';

/** Method GRAPHQL (httpYac) or an `X-REQUEST-TYPE: GraphQL` header (REST Client). */
export function isGraphQlRequest(request: { readonly method: string; readonly headers: readonly ParsedHeader[] }): boolean {
  return (
    request.method === 'GRAPHQL' ||
    request.headers.some((header) => header.name.toLowerCase() === 'x-request-type' && header.value.toLowerCase() === 'graphql')
  );
}

/**
 * The query and the variables (JSON text, not parsed). The split is the first blank line outside
 * the query's braces, so a blank line inside a selection set stays part of the query.
 */
export function splitGraphQlBody(raw: string): { query: string; variables?: string } {
  const lines = raw.split(/\r\n?|\n/);
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '') {
      depth += braceBalance(lines[i]);
      continue;
    }
    if (depth > 0) continue;
    const query = lines.slice(0, i).join('\n').trim();
    const variables = lines.slice(i + 1).join('\n').trim();
    if (query) return variables ? { query, variables } : { query };
  }
  return { query: raw.trim() };
}

/** `{` minus `}` on a line, outside "strings" and after no `#` comment. */
function braceBalance(line: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '#') break;
    else if (char === '{') balance++;
    else if (char === '}') balance--;
  }
  return balance;
}
