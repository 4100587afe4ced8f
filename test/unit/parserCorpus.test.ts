// The corpus: every .http file in test/fixtures/http is parsed and compared, request by request
// and field by field, with the result written down next to it (NAME.expected.json). The corpus
// covers each syntax feature the parser knows (see the titles inside the files). After a
// deliberate change, rewrite the expectations with UPDATE_HTTP_FIXTURES=1 and review the diff.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseHttpFile } from '../../src/core/http/parser';

const CORPUS = join(__dirname, '..', 'fixtures', 'http');
const UPDATE = process.env.UPDATE_HTTP_FIXTURES === '1';

/** The result as JSON has it: absent optional fields and `undefined` ones alike are left out. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const files = readdirSync(CORPUS).filter((name) => name.endsWith('.http')).sort();

describe('parser corpus', () => {
  test('the corpus is there', () => {
    assert.ok(files.length >= 10, `only ${files.length} corpus files`);
  });

  for (const name of files) {
    test(name, () => {
      const actual = asJson(parseHttpFile(readFileSync(join(CORPUS, name), 'utf8'))) as Record<string, unknown[]>;
      const expectedPath = join(CORPUS, name.replace(/\.http$/, '.expected.json'));
      if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Record<string, unknown[]>;
      assert.equal(actual.requests.length, expected.requests.length, 'number of requests');
      expected.requests.forEach((request, index) => assert.deepEqual(actual.requests[index], request, `request ${index}`));
      assert.deepEqual(actual.variables, expected.variables, 'variables');
      assert.deepEqual(actual.diagnostics, expected.diagnostics, 'diagnostics');
      assert.equal(actual.lineCount, expected.lineCount, 'lineCount');
    });
  }
});
