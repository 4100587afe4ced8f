// The compatibility corpus (test/corpus): real public .http files parsed by our parser and by
// httpYac's own, request by request. The two request lists are aligned (Needleman–Wunsch on
// method + URL), so a request one side has and the other has not costs one slot and does not shift
// the rest. See test/corpus/README.md for what is compared and how.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseHttpFile } from '../../src/core/http/parser';

export const CORPUS_DIR = join(__dirname, '..', 'corpus');

/** One request as the comparison sees it. */
export interface CorpusRequest {
  readonly method: string;
  readonly url: string;
  readonly name: string | undefined;
  /** 1-based line of its request line. */
  readonly line: number;
}

/** One slot of the alignment: a request both sides read (the same or not), or one only one side read. */
export interface Slot {
  readonly ours?: CorpusRequest;
  readonly theirs?: CorpusRequest;
}

/** A difference between the two parses, as test/corpus/differences.json lists it (with a reason). */
export interface Difference {
  readonly file: string;
  /** 'request': method or URL differ, or one side has no request here; 'name': same request, other name. */
  readonly kind: 'request' | 'name';
  readonly line: number;
  readonly ours: string | null;
  readonly httpyac: string | null;
}

export interface CorpusEntry {
  /** Path under test/corpus. */
  readonly file: string;
  readonly repo: string;
  readonly path: string;
  readonly commit: string;
  /** SPDX id. */
  readonly license: string;
  /** The licence's text, as the repository had it at that commit, under test/corpus. */
  readonly licenseText: string;
  /** Where the repository keeps it. */
  readonly licenseFile: string;
}

export function corpusEntries(): CorpusEntry[] {
  return (JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as { files: CorpusEntry[] }).files;
}

/** Both sides' URLs as written: unresolved `{{variables}}`, no HTTP version, outer blanks trimmed. */
export function key(request: CorpusRequest): string {
  return `${request.method.toUpperCase()} ${request.url.trim()}`;
}

export function ourRequests(text: string): CorpusRequest[] {
  return parseHttpFile(text).requests.map((request) => ({ method: request.method, url: request.url, name: request.name, line: request.range.requestLine + 1 }));
}

interface HttpyacRegion {
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly metaData: Record<string, unknown>;
  readonly symbol: { readonly startLine: number; readonly children?: readonly { readonly kind: unknown; readonly startLine: number }[] };
}

interface Httpyac {
  readonly cli: { initFileProvider(): void };
  readonly store: {
    readonly HttpFileStore: new () => {
      initHttpFile(fileName: string, options: { workingDir: string; config: Record<string, unknown> }): Promise<{ httpRegions: HttpyacRegion[] }>;
    };
    parseHttpFile(httpFile: unknown, text: string, store: unknown): Promise<unknown>;
  };
  readonly HttpSymbolKind: Record<string, unknown>;
}

let httpyac: Httpyac | undefined;

/** httpyac (a devDependency, the version bench/ uses), loaded once, with its CLI file provider as bench/parse.mjs sets it up. */
function loadHttpyac(): Httpyac {
  if (!httpyac) {
    httpyac = createRequire(__filename)('httpyac') as Httpyac;
    httpyac.cli.initFileProvider();
  }
  return httpyac;
}

export function httpyacVersion(): string {
  return (createRequire(__filename)('httpyac/package.json') as { version: string }).version;
}

/**
 * httpYac's own parse of `text` (its store.parseHttpFile, as bench/parse.mjs calls it): every
 * region with a request. Its name is its `name` metadata (`# @name`, else the `###` title, else a
 * GraphQL operation name); `true` (a bare `# @name`) and '' (a `###` with blanks after it) are no name.
 */
export async function httpyacRequests(file: string, text: string): Promise<CorpusRequest[]> {
  const { store: yacStore, HttpSymbolKind } = loadHttpyac();
  const store = new yacStore.HttpFileStore();
  const httpFile = await store.initHttpFile(file, { workingDir: dirname(file), config: {} });
  await yacStore.parseHttpFile(httpFile, text, store);
  return httpFile.httpRegions.flatMap((region) => {
    if (!region.request) return [];
    const name = region.metaData.name;
    const requestLine = region.symbol.children?.find((symbol) => symbol.kind === HttpSymbolKind.requestLine)?.startLine ?? region.symbol.startLine;
    return [{ method: region.request.method ?? '', url: region.request.url ?? '', name: typeof name === 'string' && name.trim() ? name.trim() : undefined, line: requestLine + 1 }];
  });
}

const MATCH = 4;
/** Added to a match on the same line: of two equal requests, the one at the same place is paired. */
const SAME_LINE = 1;
const MISMATCH = -2;
const GAP = -2;

function pairScore(ours: CorpusRequest, theirs: CorpusRequest): number {
  if (key(ours) !== key(theirs)) return MISMATCH;
  return ours.line === theirs.line ? MATCH + SAME_LINE : MATCH;
}

/**
 * Needleman–Wunsch on method + URL: a request on one side only is a gap (one slot) and the rest
 * stay paired; two different requests at the same place are one slot (a mismatch).
 */
export function align(ours: readonly CorpusRequest[], theirs: readonly CorpusRequest[]): Slot[] {
  const rows = ours.length + 1;
  const columns = theirs.length + 1;
  const score = new Int32Array(rows * columns);
  for (let i = 1; i < rows; i++) score[i * columns] = i * GAP;
  for (let j = 1; j < columns; j++) score[j] = j * GAP;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const pair = pairScore(ours[i - 1] as CorpusRequest, theirs[j - 1] as CorpusRequest);
      score[i * columns + j] = Math.max((score[(i - 1) * columns + j - 1] as number) + pair, (score[(i - 1) * columns + j] as number) + GAP, (score[i * columns + j - 1] as number) + GAP);
    }
  }
  const slots: Slot[] = [];
  let i = ours.length;
  let j = theirs.length;
  while (i > 0 || j > 0) {
    const here = score[i * columns + j] as number;
    if (i > 0 && j > 0) {
      const pair = pairScore(ours[i - 1] as CorpusRequest, theirs[j - 1] as CorpusRequest);
      if (here === (score[(i - 1) * columns + j - 1] as number) + pair) {
        slots.push({ ours: ours[--i], theirs: theirs[--j] });
        continue;
      }
    }
    if (i > 0 && here === (score[(i - 1) * columns + j] as number) + GAP) slots.push({ ours: ours[--i] });
    else slots.push({ theirs: theirs[--j] });
  }
  return slots.reverse();
}

/** The differences of one file's alignment, and how many slots agree on method + URL and on the name. */
export function compare(file: string, slots: readonly Slot[]): { same: number; sameNames: number; differences: Difference[] } {
  let same = 0;
  let sameNames = 0;
  const differences: Difference[] = [];
  for (const { ours, theirs } of slots) {
    const line = (ours ?? theirs)?.line ?? 0;
    if (ours && theirs && key(ours) === key(theirs)) {
      same++;
      if (ours.name === theirs.name) sameNames++;
      else differences.push({ file, kind: 'name', line, ours: ours.name ?? null, httpyac: theirs.name ?? null });
    } else {
      differences.push({ file, kind: 'request', line, ours: ours ? key(ours) : null, httpyac: theirs ? key(theirs) : null });
    }
  }
  return { same, sameNames, differences };
}
