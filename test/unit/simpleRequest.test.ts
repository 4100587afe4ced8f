// SimpleRequest: a request the parser's fast path read, whose headers and body are read from
// the text when first asked for. What users of a parse rely on: it reads as the same request as
// the line-by-line parse (parserFastPath.test.ts checks that on thousands of files; here the
// details), each part is read once, and JSON and the incremental re-parse keep all of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttpFile } from '../../src/core/http/parser';
import { parseDocument, reparse } from '../../src/core/http/reparse';
import { plainRequest, SimpleRequest } from '../../src/core/http/simpleRequest';

const TEXT = [
  '### Create',
  '# @name create',
  'POST https://x.test/items HTTP/1.1',
  'Content-Type: application/json',
  'X-Empty:',
  '',
  '{',
  '  "a": 1',
  '}',
  '',
  '### List',
  'GET https://x.test/items',
  '  ?page=2',
  'Accept: */*',
  '',
].join('\n');

describe('SimpleRequest', () => {
  it('is what the fast path makes of simple blocks, and reads as the line-by-line parse does', () => {
    const fast = parseHttpFile(TEXT);
    const slow = parseHttpFile(TEXT, { lineByLine: true });
    assert.ok(fast.requests.every((request) => request instanceof SimpleRequest), 'both blocks are simple');
    assert.ok(slow.requests.every((request) => !(request instanceof SimpleRequest)));
    assert.deepEqual(fast.requests.map(plainRequest), slow.requests.map(plainRequest));
    const [create, list] = fast.requests;
    assert.deepEqual(create?.headers, [
      { name: 'Content-Type', value: 'application/json', line: 3 },
      { name: 'X-Empty', value: '', line: 4 },
    ]);
    assert.deepEqual(create?.body, { raw: '{\n  "a": 1\n}', segments: [{ kind: 'text', text: '{\n  "a": 1\n}' }] });
    assert.equal(create?.httpVersion, 'HTTP/1.1');
    assert.equal(list?.url, 'https://x.test/items?page=2');
    assert.equal(list?.body, undefined);
  });

  it('reads its headers and body once: the same arrays every time they are asked for', () => {
    const [create] = parseHttpFile(TEXT).requests;
    assert.equal(create?.headers, create?.headers);
    assert.equal(create?.body, create?.body);
  });

  it('gives CRLF bodies LF line ends, as the line-by-line parse does', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const [create] = parseHttpFile(crlf).requests;
    assert.ok(create instanceof SimpleRequest);
    assert.equal(create.body?.raw, '{\n  "a": 1\n}');
    assert.deepEqual(create.headers.map((header) => header.value), ['application/json', '']);
    assert.deepEqual(parseHttpFile(crlf).requests.map(plainRequest), parseHttpFile(crlf, { lineByLine: true }).requests.map(plainRequest));
  });

  it('keeps headers and body in JSON, which a spread would lose', () => {
    const [create] = parseHttpFile(TEXT).requests;
    const json = JSON.parse(JSON.stringify(create)) as { headers: unknown[]; body: { raw: string } };
    assert.equal(json.headers.length, 2);
    assert.equal(json.body.raw, '{\n  "a": 1\n}');
  });

  it('moves with the lines above it in the incremental re-parse, headers and metadata included', () => {
    const document = parseDocument(TEXT);
    const moved = reparse(document, [{ rangeOffset: 0, rangeLength: 0, text: '# added\n\n' }]);
    assert.ok(moved);
    const [create] = moved.file.requests;
    assert.ok(create instanceof SimpleRequest);
    assert.deepEqual(create.range, { start: 2, requestLine: 4, end: 10 });
    assert.deepEqual(create.headers.map((header) => header.line), [5, 6]);
    assert.deepEqual(create.metadata.map((entry) => entry.line), [3]);
    assert.deepEqual(moved.file.requests.map(plainRequest), parseHttpFile(`# added\n\n${TEXT}`).requests.map(plainRequest));
  });
});
