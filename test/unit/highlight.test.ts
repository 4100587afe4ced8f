// The fallback highlighting of .http files (core/http/highlight.ts): what is coloured how, from
// the parse and the lines asked for; only those lines are read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightLines, type HighlightToken } from '../../src/core/http/highlight';
import { parseHttpFile } from '../../src/core/http/parser';

const FILE = [
  '# A comment with {{baseUrl}} inside',
  '@tenant = acme',
  '',
  '### Echo',
  '# @name echo',
  '// @role CASHIER',
  '# @expect MANAGER=200 CASHIER=403, CUSTOMER=20',
  '# @no-auth',
  'POST {{baseUrl}}/echo HTTP/1.1',
  '?page=1',
  'content-type: application/json',
  'x-tenant: {{tenant}}',
  '',
  '{"# @role": "MANAGER", "id": "{{$guid}}"}',
  '',
  '### Bare URL',
  'https://example.test/{{tenant}}',
].join('\n');

const LINES = FILE.split('\n');

/** Each token as `line:text=kind` (declaration marked with a `!`). */
function shown(tokens: readonly HighlightToken[]): string[] {
  return tokens.map((token) => `${token.line}:${(LINES[token.line] as string).slice(token.column, token.column + token.length)}=${token.kind}${token.declaration ? '!' : ''}`);
}

function highlight(from = 0, to = LINES.length, read?: number[]): HighlightToken[] {
  return highlightLines(parseHttpFile(FILE), (line) => {
    read?.push(line);
    return LINES[line] as string;
  }, from, to);
}

describe('fallback highlighting of .http files', () => {
  it('colours comments, metadata, our annotations, the request line, headers and variables', () => {
    assert.deepEqual(shown(highlight()), [
      '0:# A comment with =comment',
      '0:{{baseUrl}}=variable',
      '0: inside=comment',
      '1:@tenant=variable!',
      '1:acme=string',
      '3:### Echo=comment',
      '4:#=comment',
      '4:@name=decorator',
      '4:echo=string',
      '5://=comment',
      '5:@role=keyword',
      '5:CASHIER=enumMember',
      '6:#=comment',
      '6:@expect=keyword',
      '6:MANAGER=parameter',
      '6:==operator',
      '6:200=number',
      '6:CASHIER=parameter',
      '6:==operator',
      '6:403=number',
      '7:#=comment',
      '7:@no-auth=keyword',
      '8:POST=keyword',
      '8:{{baseUrl}}=variable',
      '8:/echo=string',
      '8:HTTP/1.1=keyword',
      '9:?page=1=string',
      '10:content-type=property',
      '10:application/json=string',
      '11:x-tenant=property',
      '11:{{tenant}}=variable',
      '13:{{$guid}}=variable',
      '15:### Bare URL=comment',
      '16:https://example.test/=string',
      '16:{{tenant}}=variable',
    ]);
  });

  it('leaves the body alone but for its variables: an annotation-like text in JSON is no annotation', () => {
    assert.deepEqual(shown(highlight(13, 14)), ['13:{{$guid}}=variable']);
  });

  it('reads only the lines asked for and gives the same tokens for them as for the whole file', () => {
    const read: number[] = [];
    const part = highlight(5, 9, read);
    assert.deepEqual(read, [5, 6, 7, 8]);
    assert.deepEqual(part, highlight().filter((token) => token.line >= 5 && token.line < 9));
  });

  it('stops at the end of the parsed file even when asked for more lines', () => {
    const read: number[] = [];
    highlight(15, 40, read);
    assert.deepEqual(read, [15, 16]);
  });

  it('gives tokens in order and never overlapping, as VS Code requires', () => {
    const tokens = highlight();
    for (let i = 1; i < tokens.length; i++) {
      const [before, after] = [tokens[i - 1] as HighlightToken, tokens[i] as HighlightToken];
      assert.ok(after.line > before.line || after.column >= before.column + before.length, `${JSON.stringify(before)} then ${JSON.stringify(after)}`);
      assert.ok(after.length > 0);
    }
  });
});
