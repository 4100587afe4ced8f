// Re-sending from the history finds the request again in its .http file, though the file may
// have been edited since: by its name, else at its line, else the first with the same method
// and raw URL (compared as kept: credential values masked). Nothing found means the request is gone (the stored text is sent instead).
import { keptUrl, type HistoryEntry } from './history';
import type { ParsedFile, ParsedRequest } from './model';

export function findRequestAgain(file: ParsedFile, entry: HistoryEntry): ParsedRequest | undefined {
  const source = entry.source;
  if (!source) return undefined;
  const same = (request: ParsedRequest) => request.method === entry.method && keptUrl(request.url) === source.rawUrl;
  if (source.name !== undefined) {
    const named = file.requests.find((request) => request.name === source.name);
    if (named && named.method === entry.method) return named;
  }
  return file.requests.find((request) => request.range.requestLine === source.line && same(request)) ?? file.requests.find(same);
}
