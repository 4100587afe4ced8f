// The parser's block fast path (readSimpleBlocks in src/core/http/parser.ts) reads simple blocks
// in bulk; every other line is read line by line. Both ways must give the same ParsedFile,
// deep-equal: on random files made mostly of simple blocks with a line of anything else here and
// there, on the property tests' random files, on the corpus, on the bench's generated files and on
// the corpus mutated; with LF, CRLF, lone CR and mixed line ends. The PRNG is seeded: a failure
// prints its seed and case, and PARSER_FAST_PATH_SEED=<seed> replays the run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateHttpFile } from '../../bench/generate.mjs';
import { parseHttpFile } from '../../src/core/http/parser';
import { httpCorpusTexts } from '../support/httpCorpus';
import { FRAGMENTS, randomText } from '../support/httpFragments';
import { mulberry32 } from '../support/random';
import { plainFile } from '../support/plainFile';

const SEED = Number(process.env.PARSER_FAST_PATH_SEED ?? 20_261_207);
const CASES = 3_000;
const originalCorpus = httpCorpusTexts();
const corpus = originalCorpus.map((text) => text.replace(/\r\n?/g, '\n'));

type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** The lines of simple blocks, each kind with near misses (what the fast path must leave to the line-by-line reading). */
const SEPARATORS = ['###', '### Title', '###   Spaced title  ', '### @name sep', '####', '###@name=x', '  ###', '### @expect MANAGER=200'];
const PRE = [
  '# comment', '// comment', '# @name a', '// @name b', '#@name c', '# @name', '# @role CASHIER', '# @role nobody', '# @no-auth',
  '# @profile p', '# @expect MANAGER=200 CUSTOMER=403', '# @expect status 201', '# @expect', '##', '#', '', '  ', '\t', '# @name = eq',
  '  # indented', '@v = 1', '/* c */', '< {% pre(); %}',
];
const REQUESTS = [
  'GET https://a.example/x', 'POST {{host}}/y HTTP/1.1', 'PATCH {{baseUrl}}/t/1 HTTP/2', 'DELETE /d', 'HEAD /h', 'OPTIONS *',
  'PUT /p   ', 'GET  /two-spaces', 'GET /x HTTP/1.1  ', 'get /lower', 'GRAPHQL /gql', 'GET', 'GET \u00a0/nbsp', 'TRACE /t', 'CONNECT h:1',
];
const CONTINUATIONS = ['  ?corridor=US-PH', '  &amount=100', '?q=1', '&r=2', '\t?tab=1', '  ??', '    /continued', '  ', '  ? ', '\v?x'];
const HEADERS = [
  'Accept: application/json', 'X-Auth-Token: {{token}}', 'Content-Type: application/json', 'uuid: 200', 'Host: h', 'A:b',
  'A : spaced ', 'Content-Type: multipart/mixed; boundary=mb', 'content-type: MULTIPART/MIXED', 'X{{v}}: braces', 'Bad header',
  ': x', '...spread', 'HTTP/1.1 200 OK', 'H: v\u00a0', 'CONTENT-TYPE: text/plain', 'GET: x', '  Indented: h',
];
const BODY = [
  '{"amount": 1}', '{', '}', '  "status": "PAID",', '[1, 2]', '42', 'a=1&b=2', 'query { a }', 'mutation M { a }', 'gql Q < ./q.gql',
  '# in body', '// in body', '@v = 1', '< ./f.json', '<tag/>', '> {% h(); %}', '> {%', '%}', '?? status == 200', '{{', '{{host}}/x',
  'HTTP/1.1 200 OK', 'GET /next', 'Hello', '--mb--', '/* c */', '/*', '*/', '  ', '', '\u2028', 'end */', 'x\u00a0',
];

/** One block: mostly simple, with a random line of another kind at times. */
function block(random: Random): string[] {
  const odd = (items: readonly string[]): string => (random() < 0.06 ? pick(random, FRAGMENTS) : pick(random, items));
  const lines = [odd(SEPARATORS)];
  for (let n = int(random, 3); n > 0; n--) lines.push(odd(PRE));
  lines.push(odd(REQUESTS));
  if (random() < 0.2) for (let n = int(random, 3); n > 0; n--) lines.push(odd(CONTINUATIONS));
  for (let n = int(random, 4); n > 0; n--) lines.push(odd(HEADERS));
  if (random() < 0.6) {
    lines.push('');
    for (let n = int(random, 5) + 1; n > 0; n--) lines.push(odd(BODY));
  }
  for (let n = int(random, 3); n > 0; n--) lines.push(random() < 0.8 ? '' : pick(random, ['  ', '\t', '\v']));
  return lines;
}

/** `lines` joined by LF (most often), CRLF, or line ends picked line by line (lone CR too). */
function joined(random: Random, lines: readonly string[]): string {
  const roll = random();
  if (roll < 0.5) return lines.join('\n');
  if (roll < 0.8) return lines.join('\r\n');
  return lines.reduce((text, line, index) => (index === 0 ? line : text + pick(random, ['\n', '\r\n', '\n', '\r\n', '\r']) + line), '');
}

function blocksFile(random: Random): string {
  const lines = Array.from({ length: int(random, 8) + 1 }, () => block(random)).flat();
  if (random() < 0.3) lines.unshift('@host = https://a.example', '');
  if (random() < 0.1) lines.splice(int(random, lines.length), 0, randomText(random, int(random, 20)).replace(/\r/g, ''));
  if (random() < 0.5) lines.push('');
  return joined(random, lines);
}

function fragmentsFile(random: Random): string {
  return joined(random, Array.from({ length: int(random, 60) }, () => pick(random, FRAGMENTS)));
}

function mutatedCorpusFile(random: Random): string {
  const lines = pick(random, corpus).split('\n');
  for (let mutation = int(random, 6) + 1; mutation > 0; mutation--) {
    const at = int(random, lines.length);
    if (random() < 0.5) lines.splice(at, 1);
    else lines.splice(at, 0, pick(random, [...FRAGMENTS, ...PRE, ...HEADERS, ...BODY]).replace(/\r/g, ''));
  }
  return joined(random, lines);
}

function assertSameBothWays(text: string, label: string): void {
  try {
    assert.deepEqual(plainFile(parseHttpFile(text)), plainFile(parseHttpFile(text, { lineByLine: true })));
  } catch (error) {
    const shown = JSON.stringify(text.length > 3_000 ? `${text.slice(0, 3_000)}…` : text);
    throw new Error(`${label} (PARSER_FAST_PATH_SEED=${SEED}): ${(error as Error).message}\ntext: ${shown}`, { cause: error });
  }
}

function run(kind: string, make: (random: Random) => string): void {
  const random = mulberry32(SEED ^ kind.length);
  for (let index = 0; index < CASES; index++) assertSameBothWays(make(random), `${kind} case ${index}`);
}

describe('parser fast path: the same result as line by line', () => {
  test(`${CASES} files of simple blocks and near misses`, () => run('blocks', blocksFile));
  test(`${CASES} files of the property tests' line shapes`, () => run('fragments', fragmentsFile));
  test(`${CASES} mutated corpus files`, () => run('mutated corpus', mutatedCorpusFile));
  test('the corpus and the generated files', () => {
    corpus.forEach((text, index) => assertSameBothWays(text, `corpus file ${index}`));
    originalCorpus.forEach((text, index) => assertSameBothWays(text, `corpus file ${index} as written`));
    for (const count of [1, 2, 3, 4, 5, 50, 1_000]) {
      assertSameBothWays(generateHttpFile(count), `generated ${count}`);
      assertSameBothWays(generateHttpFile(count).replace(/\n/g, '\r\n'), `generated ${count} with CRLF`);
    }
  });
});
