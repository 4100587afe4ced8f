// `fincode-http parse FILE [--json]`: the requests of a .http file as the engine reads them.
// Diagnostics go to stderr; exit 0 whenever the file could be read and parsed.
import { parseArgs } from 'node:util';
import type { ParsedRequest } from '../core/http/model';
import { runCli, usageError } from './cliError';
import { loadHttpFile, printDiagnostics } from './httpFile';
import { printAll } from './stdout';

export const PARSE_SUMMARY = 'List the requests of a .http file (REST Client / httpYac / JetBrains syntax)';

export const PARSE_USAGE = `Usage: fincode-http parse FILE [--json]

${PARSE_SUMMARY}.

Options:
  --json       Print one JSON array: {name, method, url, line, headers: [[name, value]], body}
               per request; url, header values and body raw (variables unresolved), line 0-based
  -h, --help   Show this help

Diagnostics (malformed lines) are printed to stderr as FILE:LINE:COLUMN: severity: message.
`;

function requestJson(request: ParsedRequest): object {
  return {
    name: request.name ?? null,
    method: request.method,
    url: request.url,
    line: request.range.requestLine,
    headers: request.headers.map((header) => [header.name, header.value]),
    body: request.body?.raw ?? null,
  };
}

function requestLine(request: ParsedRequest): string {
  const label = request.name ? `  @name ${request.name}` : '';
  return `${String(request.range.requestLine + 1).padStart(5)}  ${request.method} ${request.url}${label}`;
}

export function runParseCommand(args: readonly string[]): Promise<number> {
  return runCli('parse', async () => {
    let parsed;
    try {
      parsed = parseArgs({ args: [...args], options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
    } catch (error) {
      throw usageError(error);
    }
    if (parsed.values.help) {
      printAll(PARSE_USAGE);
      return 0;
    }
    const file = await loadHttpFile(parsed.positionals[0]);
    printDiagnostics(file);
    const { requests } = file.parsed;
    printAll(
      parsed.values.json ? `${JSON.stringify(requests.map(requestJson))}\n` : `${requests.map(requestLine).join('\n')}${requests.length ? '\n' : ''}${requests.length} request(s)\n`,
    );
    return 0;
  });
}
