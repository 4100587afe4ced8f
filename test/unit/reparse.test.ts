// The incremental re-parse returns exactly what a full parse of the new text returns (deep-equal),
// on random edits of the corpus, of generated files and of random files, chained edit after
// edit; and on the edits that move block boundaries. The `{{variable}}` references kept beside
// it (for the undefined-variable warnings) are likewise those of a full scan. The PRNG is seeded: a failure prints its
// seed and case, and REPARSE_SEED=<seed> replays the run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHttpFile } from '../../bench/generate.mjs';
import { parseHttpFile } from '../../src/core/http/parser';
import { applyChanges, documentText, parseDocument, reparse, type ParsedDocument, type TextChange } from '../../src/core/http/reparse';
import { updatedReferences, variableReferences } from '../../src/core/http/undefinedVariables';
import { httpCorpusTexts } from '../support/httpCorpus';
import { mulberry32 } from '../support/random';
import { plainFile } from '../support/plainFile';

const SEED = Number(process.env.REPARSE_SEED ?? 20_261_207);
const CASES = 600;
const EDITS_PER_CASE = 6;
const corpus = httpCorpusTexts();

type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** What an edit writes: structure (separators, request lines, variables, scripts, blank lines, line ends) and plain text. */
const INSERTS = [
  '###', '### T', '\n###\n', '\n### @name n\n', '#', '##', '\n', '\n\n', '\r\n', '\r', ' ', 'x', 'GET /a', '\nPOST {{h}}/b\n',
  '@v = 1\n', '\n@w = {{v}}\n', '# @name r', '# @role CASHIER', '# @expect MANAGER=200', 'H: v\n', '\n{"a":1}\n', '< ./f.json\n',
  '< {%\n', '%}\n', '> {%', '?? status == 200\n', 'HTTP/1.1 200 OK\n', '{{', '}}', '    ?q=1\n', '\uFEFF', '\t',
  '/*', '*/', '\n/*\n', '\n*/\n', '/* c */\n', 'Content-Type: multipart/mixed; boundary=b\n', '--b--\n', 'query Q {\n',
];

function randomInsert(random: Random): string {
  let text = '';
  for (let parts = int(random, 3) + (random() < 0.3 ? 0 : 1); parts > 0; parts--) text += pick(random, INSERTS);
  return text;
}

/** One change of `text`: a random range (mostly short) replaced by random text. */
function randomChange(random: Random, text: string): TextChange {
  const at = int(random, text.length + 1);
  const length = random() < 0.5 ? 0 : Math.min(text.length - at, random() < 0.8 ? int(random, 6) : int(random, 400));
  return { rangeOffset: at, rangeLength: length, text: random() < 0.15 ? '' : randomInsert(random) };
}

function applied(text: string, change: TextChange): string {
  return applyChanges(text, [change]);
}

function randomBase(random: Random): string {
  switch (int(random, 3)) {
    case 0:
      return pick(random, corpus);
    case 1:
      return generateHttpFile(int(random, 40) + 1);
    default:
      return Array.from({ length: int(random, 40) }, () => randomInsert(random)).join(pick(random, ['\n', '\r\n', '']));
  }
}

function assertSameAsFullParse(document: ParsedDocument, text: string, label: string): void {
  assert.deepStrictEqual(plainFile(document.file), plainFile(parseHttpFile(text)), label);
  const full = parseDocument(text);
  assert.deepStrictEqual([document.blockLines, document.blockOffsets, document.blockTexts], [full.blockLines, full.blockOffsets, full.blockTexts], `${label}: blocks`);
}

/** An edit in VS Code's terms: the changes of one event, each in the text the ones before it left. */
function edit(document: ParsedDocument, text: string, changes: readonly TextChange[]): { document: ParsedDocument; text: string } {
  const next = applyChanges(text, changes);
  const reparsed = reparse(document, changes);
  assert.ok(reparsed, `the changes fit the text: ${JSON.stringify(changes)}`);
  assert.equal(documentText(reparsed), next, 'the blocks hold the new text');
  return { document: reparsed, text: next };
}

describe('incremental re-parse = full parse', () => {
  it(`on ${CASES} random files and corpus files, ${EDITS_PER_CASE} chained edits each (seed ${SEED})`, () => {
    const random = mulberry32(SEED);
    for (let index = 0; index < CASES; index++) {
      let text = randomBase(random);
      let document = parseDocument(text);
      let references = variableReferences(text);
      for (let step = 0; step < EDITS_PER_CASE; step++) {
        const changes: TextChange[] = [];
        let scratch = text;
        for (let count = random() < 0.8 ? 1 : int(random, 3) + 2; count > 0; count--) {
          const change = randomChange(random, scratch);
          changes.push(change);
          scratch = applied(scratch, change);
        }
        const before = text;
        ({ document, text } = edit(document, text, changes));
        const label = `seed ${SEED}, case ${index}, edit ${step}: ${JSON.stringify({ before, changes })}`;
        assertSameAsFullParse(document, text, label);
        references = document.reparsed ? updatedReferences(references, document.reparsed) : variableReferences(text);
        assert.deepStrictEqual(references, variableReferences(text), `${label}: references`);
      }
    }
  });
});

describe('incremental re-parse at block boundaries', () => {
  const base = generateHttpFile(12);
  const lineStart = (text: string, line: number): number => {
    let offset = 0;
    for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
    return offset;
  };
  const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length - 1;
  const check = (text: string, changes: readonly TextChange[]) => {
    const result = edit(parseDocument(text), text, changes);
    assertSameAsFullParse(result.document, result.text, JSON.stringify(changes));
    return result;
  };

  it('re-reads only the edited request after a one-line edit and keeps the others as they were', () => {
    const previous = parseDocument(base);
    const at = base.indexOf('Accept: application/json', base.indexOf('### List transactions 8'));
    const changes = [{ rangeOffset: at + 8, rangeLength: 0, text: 'x' }];
    const text = applied(base, changes[0] as TextChange);
    const next = edit(previous, base, changes).document;
    assert.deepStrictEqual(plainFile(next.file), plainFile(parseHttpFile(text)));
    const edited = next.file.requests[8];
    assert.equal(edited?.headers[0]?.value, 'xapplication/json');
    assert.deepEqual(next.reparsed && [next.reparsed.fromLine, next.reparsed.toLine], [edited?.range.start, next.file.requests[9]?.range.start]);
    next.file.requests.forEach((request, index) => {
      if (index !== 8) assert.equal(request, previous.file.requests[index], `request ${index} is the same object`);
    });
  });

  it('shifts the lines of the requests after a new line, and their indexes after a new request', () => {
    const at = lineStart(base, lineOf(base, '### Create transaction 5'));
    const { document } = check(base, [{ rangeOffset: at, rangeLength: 0, text: '\n\n' }]);
    const previous = parseDocument(base);
    assert.equal(document.file.requests[9]?.range.requestLine, (previous.file.requests[9]?.range.requestLine ?? 0) + 2);
    assert.equal(document.file.requests[4]?.range.requestLine, previous.file.requests[4]?.range.requestLine);
    const added = check(base, [{ rangeOffset: at, rangeLength: 0, text: '###\nGET /new\n\n' }]).document;
    assert.equal(added.file.requests.length, 13);
    assert.equal(added.file.requests[5]?.url, '/new');
    assert.equal(added.file.requests[12]?.index, 12);
    assert.equal(added.file.requests[12]?.range.requestLine, (previous.file.requests[11]?.range.requestLine ?? 0) + 3);
  });

  it('splits a request at a typed ### and joins two when a ### line is deleted or changed', () => {
    const header = base.indexOf('Accept: application/json', base.indexOf('### List transactions 4'));
    // The header line after it becomes a request line of its own (a URL without a method).
    assert.equal(check(base, [{ rangeOffset: header, rangeLength: 0, text: '###\n' }]).document.file.requests.length, 13);
    const separator = base.indexOf('### Create transaction 5');
    // Without its ###, the next request still starts at its request line (httpYac's rule): 12 requests, the comment above it its own.
    const joined = check(base, [{ rangeOffset: separator, rangeLength: 1, text: '' }]).document;
    assert.equal(joined.file.requests.length, 12);
    assert.equal(joined.file.requests[5]?.range.start, lineOf(base, '### Create transaction 5'));
    assert.equal(check(base, [{ rangeOffset: separator, rangeLength: 0, text: '@' }]).document.file.requests.length, 12);
    // A bare URL starts no request under another: there the two requests are joined.
    const bare = base.slice(0, separator) + base.slice(separator).replace('POST {{baseUrl}}', '{{baseUrl}}');
    assert.equal(check(bare, [{ rangeOffset: separator, rangeLength: 1, text: '' }]).document.file.requests.length, 11);
    // The separator typed one character at a time: "#", "##", then "###".
    let state = { document: parseDocument(base), text: base };
    for (const hash of ['#', '#', '#']) state = edit(state.document, state.text, [{ rangeOffset: header, rangeLength: 0, text: hash }]);
    assertSameAsFullParse(state.document, state.text, 'typed ###');
  });

  it('sees file variables, an opened script and a pasted response where the edit puts them', () => {
    const body = base.indexOf('{"amount": 1');
    const variable = check(base, [{ rangeOffset: base.indexOf('\n', body) + 1, rangeLength: 0, text: '@late = 1\n' }]).document;
    assert.ok(variable.file.variables.some((entry) => entry.name === 'late'));
    const script = check(base, [{ rangeOffset: body, rangeLength: 0, text: '> {%\n' }]).document;
    assert.ok(script.file.diagnostics.some((problem) => problem.message.startsWith('Unterminated script')));
    check(base, [{ rangeOffset: body, rangeLength: 0, text: 'HTTP/1.1 200 OK\n' }]);
    check(base, [{ rangeOffset: 0, rangeLength: base.indexOf('###'), text: '' }]);
    check(base, [{ rangeOffset: base.length, rangeLength: 0, text: '\n###\nGET /last' }]);
  });

  it('opens, closes and removes block comments that run over ### lines, one character at a time', () => {
    const top = base.indexOf('### List transactions 4');
    const bottom = base.indexOf('### Update 7');
    const commented = check(base, [{ rangeOffset: bottom, rangeLength: 0, text: '*/\n' }, { rangeOffset: top, rangeLength: 0, text: '/*\n' }]).document;
    assert.equal(commented.file.requests.length, 9);
    // The closer typed last: until then the opener is a one-line comment.
    let state = { document: parseDocument(base), text: base };
    state = edit(state.document, state.text, [{ rangeOffset: top, rangeLength: 0, text: '/*\n' }]);
    assertSameAsFullParse(state.document, state.text, 'opened');
    assert.equal(state.document.file.requests.length, 12);
    const closeAt = state.text.indexOf('### Update 7');
    for (const [at, char] of [[0, '*'], [1, '/'], [2, '\n']] as const) {
      state = edit(state.document, state.text, [{ rangeOffset: closeAt + at, rangeLength: 0, text: char }]);
      assertSameAsFullParse(state.document, state.text, `closer ${at}`);
    }
    assert.equal(state.document.file.requests.length, 9);
    // Removing the opener, then the closer, gives every request back.
    const opened = check(state.text, [{ rangeOffset: state.text.indexOf('/*'), rangeLength: 1, text: '' }]);
    assert.equal(opened.document.file.requests.length, 12);
    check(state.text, [{ rangeOffset: state.text.indexOf('*/'), rangeLength: 1, text: '' }]);
    // An edit after an unclosed /* that writes no */ re-reads only its own block.
    const unclosed = edit(parseDocument(`/*\n${base}`), `/*\n${base}`, [{ rangeOffset: base.indexOf('Accept', bottom) + 3, rangeLength: 0, text: 'x' }]).document;
    assert.ok(unclosed.reparsed && unclosed.reparsed.fromLine > 0, 'not from the top');
  });

  it('handles the first line, a BOM, CRLF joined and split, and changes that do not add up', () => {
    const crlf = base.replace(/\n/g, '\r\n');
    check(`\uFEFF${base}`, [{ rangeOffset: 0, rangeLength: 1, text: '' }]);
    check(base, [{ rangeOffset: 0, rangeLength: 0, text: '\uFEFF### top\nGET /first\n\n' }]);
    const cr = crlf.indexOf('\r\n', crlf.indexOf('### Update 3'));
    check(crlf, [{ rangeOffset: cr + 1, rangeLength: 1, text: '' }]);
    check(crlf, [{ rangeOffset: cr + 1, rangeLength: 0, text: '###' }]);
    check(base.replace(/\n/g, '\r'), [{ rangeOffset: base.indexOf('### Update 7') - 1, rangeLength: 0, text: '\n' }]);
    assert.equal(reparse(parseDocument(base), [{ rangeOffset: base.length + 1, rangeLength: 0, text: 'x' }]), undefined, 'a change past the end');
    assert.equal(reparse(parseDocument(base), [{ rangeOffset: base.length - 2, rangeLength: 5, text: '' }]), undefined, 'a range past the end');
    const unchanged = reparse(parseDocument(base), []);
    assert.ok(unchanged, 'no change is a re-parse too');
    assert.deepStrictEqual(plainFile(unchanged.file), plainFile(parseHttpFile(base)));
  });
});
