// A parse result with every request as a plain object (plainRequest): what deep comparisons take,
// since a request the parser's fast path read keeps its headers and body behind getters
// (SimpleRequest), which deepEqual does not read and deepStrictEqual tells apart by prototype.
import type { ParsedFile } from '../../src/core/http/model';
import { plainRequest } from '../../src/core/http/simpleRequest';

export function plainFile(file: ParsedFile): ParsedFile {
  return { ...file, requests: file.requests.map(plainRequest) };
}
