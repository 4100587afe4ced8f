// Property test: thousands of random files, and of corpus files mutated (lines deleted,
// duplicated, swapped, random characters inserted, line ends flipped), never make the parser
// throw, and what it returns is always well formed: requests in order, ranges ordered and inside
// the file, every line it reports inside the file. The PRNG is seeded: a failure prints its
// seed and case, and PARSER_PROPERTY_SEED=<seed> replays the run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParsedFile } from '../../src/core/http/model';
import { parseHttpFile, requestAtLine } from '../../src/core/http/parser';
import { httpCorpusTexts } from '../support/httpCorpus';
import { FRAGMENTS, randomText } from '../support/httpFragments';
import { mulberry32 } from '../support/random';

const SEED = Number(process.env.PARSER_PROPERTY_SEED ?? 20_240_601);
const CASES = 2_500;
const corpus = httpCorpusTexts();


type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, below: number): number => Math.floor(random() * below);

function randomFile(random: Random): string {
  const lines = Array.from({ length: int(random, 60) }, () => (random() < 0.9 ? pick(random, FRAGMENTS) : randomText(random, int(random, 40))));
  return lines.join(pick(random, ['\n', '\r\n', '\r']));
}

function mutatedCorpusFile(random: Random): string {
  const lines = pick(random, corpus).split(/\r\n|\r|\n/);
  for (let mutation = int(random, 8) + 1; mutation > 0; mutation--) {
    const at = int(random, lines.length);
    switch (int(random, 5)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 2: {
        // Nothing to swap once every line is deleted (a swap would make an undefined line).
        if (lines.length === 0) break;
        const other = int(random, lines.length);
        [lines[at], lines[other]] = [lines[other], lines[at]];
        break;
      }
      case 3: {
        const line = lines[at] ?? '';
        const where = int(random, line.length + 1);
        lines[at] = line.slice(0, where) + randomText(random, int(random, 8) + 1) + line.slice(where);
        break;
      }
      default:
        lines.splice(at, 0, pick(random, FRAGMENTS));
    }
  }
  // Line ends flipped at random, line by line.
  return lines.reduce((text, line, index) => (index === 0 ? line : text + pick(random, ['\n', '\r\n', '\r']) + line), '');
}

/** Every invariant of a ParsedFile for `text`; throws an AssertionError naming the first one broken. */
function checkWellFormed(text: string, file: ParsedFile): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  assert.equal(file.lineCount, lines.length, 'lineCount');
  const inside = (line: number, what: string): void => assert.ok(Number.isInteger(line) && line >= 0 && line < lines.length, `${what} ${line} outside the file`);
  let previousEnd = -1;
  file.requests.forEach((request, index) => {
    const { start, requestLine, end } = request.range;
    assert.equal(request.index, index, 'index');
    assert.ok(previousEnd < start && start <= requestLine && requestLine <= end, `ranges out of order: ${previousEnd} then ${JSON.stringify(request.range)}`);
    inside(end, 'range end');
    previousEnd = end;
    for (const header of request.headers) assert.ok(header.line > requestLine && header.line <= end, `header line ${header.line}`);
    for (const entry of request.metadata) assert.ok(entry.line >= start && entry.line <= end, `metadata line ${entry.line}`);
    for (const segment of request.body?.segments ?? []) {
      if (segment.kind === 'file') assert.ok(segment.line > requestLine && segment.line <= end, `include line ${segment.line}`);
    }
    assert.ok(request.method.length > 0 && request.method === request.method.toUpperCase(), `method ${request.method}`);
    assert.equal(requestAtLine(file, requestLine), request, 'requestAtLine');
  });
  let previousVariable = -1;
  for (const variable of file.variables) {
    inside(variable.line, 'variable');
    assert.ok(variable.line > previousVariable, 'variables in file order');
    previousVariable = variable.line;
  }
  for (const diagnostic of file.diagnostics) {
    inside(diagnostic.line, 'diagnostic');
    const length = lines[diagnostic.line].length;
    assert.ok(diagnostic.column >= 0 && diagnostic.column <= length, `diagnostic column ${diagnostic.column} on a line of ${length}`);
    assert.ok(diagnostic.endColumn !== undefined && diagnostic.endColumn > diagnostic.column && diagnostic.endColumn <= Math.max(length, diagnostic.column + 1), 'diagnostic endColumn');
  }
}

function run(kind: string, make: (random: Random) => string): void {
  const random = mulberry32(SEED ^ kind.length);
  for (let index = 0; index < CASES; index++) {
    const text = make(random);
    try {
      checkWellFormed(text, parseHttpFile(text));
    } catch (error) {
      const shown = JSON.stringify(text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text);
      throw new Error(`${kind} case ${index} (PARSER_PROPERTY_SEED=${SEED}): ${(error as Error).message}\ntext: ${shown}`, { cause: error });
    }
  }
}

describe('parser properties', () => {
  test(`${CASES} random files: never throws, always well formed`, (t) => {
    t.diagnostic(`PARSER_PROPERTY_SEED=${SEED}`);
    run('random', randomFile);
  });
  test(`${CASES} mutated corpus files: never throws, always well formed`, (t) => {
    t.diagnostic(`PARSER_PROPERTY_SEED=${SEED}`);
    run('mutated corpus', mutatedCorpusFile);
  });
  test('the corpus itself is well formed', () => {
    for (const text of corpus) checkWellFormed(text, parseHttpFile(text));
  });
});

// 1 MB files of the shapes that could make a line-by-line parser slow: one endless line, only line
// breaks, thousands of requests, headers, query continuations or scripts, an unclosed script
// block. Each must parse, well formed, in bounded time (generous; the targets are in bench/).
describe('parser: 1 MB files in bounded time', () => {
  const MB = 1024 * 1024;
  const repeat = (line: string) => line.repeat(Math.ceil(MB / line.length));
  const shapes: Readonly<Record<string, string>> = {
    'one 1 MB request line': `GET https://a.example/${'a'.repeat(MB)}`,
    'one 1 MB line of blanks before the version': `GET https://a.example/${' '.repeat(MB)}x HTTP/1.1`,
    'only LF': '\n'.repeat(MB),
    'only CR': '\r'.repeat(MB),
    'only ###': repeat('###\n'),
    '37 K requests': repeat('GET https://a.example/a\nA: b\n\n{}\n###\n'),
    '200 K headers': `GET https://a.example\n${repeat('H: v\n')}`,
    '150 K query continuations': `GET https://a.example\n${repeat('  &a=1\n')}`,
    '95 K file variables referring to themselves': repeat('@v = {{v}}\n'),
    '200 K script openers': repeat('> {%\n'),
    'an unclosed script block over 1 MB': `GET https://a.example\n\n> {%\n${repeat('x\n')}`,
    '170 K body includes': `POST https://a.example\n\n${repeat('< ./f\n')}`,
    'a 1 MB @expect line': `# @expect ${repeat('MANAGER=200 ')}\nGET https://a.example`,
    '1 MB of "{"': '{'.repeat(MB),
    '1 MB of random characters': Array.from({ length: MB }, (_, i) => String.fromCharCode((i * 7919) % 0x2ff)).join(''),
  };
  for (const [name, text] of Object.entries(shapes)) {
    test(name, () => {
      const started = performance.now();
      const file = parseHttpFile(text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `${Math.round(elapsed)} ms`);
      checkWellFormed(text, file);
    });
  }
});
