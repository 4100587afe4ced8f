// Compatibility with httpYac on real files: every file of test/corpus (public .http files of
// other projects, sources and licences in test/corpus/manifest.json) is parsed by our parser and
// by httpYac's own (the httpyac package, the version bench/ uses), the two request lists are
// aligned on method + URL, and: at least 98% of the requests have the same method and URL, at
// least 95% of those the same name, and every difference left is one test/corpus/differences.json
// lists with its reason (a new difference fails, and so does a listed one that went away).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { align, compare, CORPUS_DIR, corpusEntries, httpyacRequests, httpyacVersion, ourRequests, type CorpusRequest, type Difference } from '../support/corpusCompare';

const MIN_SAME_REQUESTS = 0.98;
const MIN_SAME_NAMES = 0.95;
const MIN_FILES = 50;

interface ListedDifference extends Difference {
  readonly reason: string;
}

function differenceKey(difference: Difference): string {
  return JSON.stringify([difference.file, difference.kind, difference.line, difference.ours, difference.httpyac]);
}

const request = (method: string, url: string, line: number, name?: string): CorpusRequest => ({ method, url, name, line });

describe('corpus comparison: alignment', () => {
  test('a request only one side has is one slot, and the requests after it stay paired', () => {
    const ours = [request('GET', '/a', 1), request('GET', '/b', 3), request('GET', '/c', 5)];
    const theirs = [request('GET', '/a', 1), request('GET', '/extra', 2), request('GET', '/b', 3), request('GET', '/c', 5)];
    const slots = align(ours, theirs);
    assert.deepEqual(
      slots.map((slot) => [slot.ours?.url ?? null, slot.theirs?.url ?? null]),
      [
        ['/a', '/a'],
        [null, '/extra'],
        ['/b', '/b'],
        ['/c', '/c'],
      ],
    );
    assert.deepEqual(compare('f', slots), { same: 3, sameNames: 3, differences: [{ file: 'f', kind: 'request', line: 2, ours: null, httpyac: 'GET /extra' }] });
  });

  test('two different requests at one place are one slot; a name differs only between equal requests; methods compare in any case', () => {
    const slots = align([request('get', '/a', 1, 'x'), request('POST', '/b', 2)], [request('GET', '/a', 1, 'y'), request('PUT', '/b', 2)]);
    assert.deepEqual(compare('f', slots).differences, [
      { file: 'f', kind: 'name', line: 1, ours: 'x', httpyac: 'y' },
      { file: 'f', kind: 'request', line: 2, ours: 'POST /b', httpyac: 'PUT /b' },
    ]);
  });
});

describe('corpus comparison: our parser and httpYac on real files', () => {
  const entries = corpusEntries();
  const listed = (JSON.parse(readFileSync(join(CORPUS_DIR, 'differences.json'), 'utf8')) as { differences: ListedDifference[] }).differences;

  test('the corpus: enough files, each with its source and licence recorded', () => {
    assert.ok(entries.length >= MIN_FILES, `${entries.length} files`);
    for (const entry of entries) {
      assert.ok(existsSync(join(CORPUS_DIR, entry.file)), entry.file);
      assert.match(entry.commit, /^[0-9a-f]{40}$/, `${entry.file}: commit`);
      assert.match(entry.repo, /^[\w.-]+\/[\w.-]+$/, `${entry.file}: repo`);
      assert.ok(['MIT', 'Apache-2.0'].includes(entry.license), `${entry.file}: licence ${entry.license}`);
      assert.ok(existsSync(join(CORPUS_DIR, entry.licenseText)), `${entry.file}: licence text`);
    }
    for (const difference of listed) assert.ok(difference.reason.length > 20, `a reason for ${differenceKey(difference)}`);
  });

  test(`≥ ${MIN_SAME_REQUESTS * 100}% of requests with the same method and URL, ≥ ${MIN_SAME_NAMES * 100}% of names the same, every difference listed`, async (t) => {
    let slots = 0;
    let same = 0;
    let sameNames = 0;
    let ours = 0;
    let theirs = 0;
    const found: Difference[] = [];
    for (const entry of entries) {
      const path = join(CORPUS_DIR, entry.file);
      const text = readFileSync(path, 'utf8');
      const ourList = ourRequests(text);
      const theirList = await httpyacRequests(path, text);
      const aligned = align(ourList, theirList);
      const result = compare(entry.file, aligned);
      slots += aligned.length;
      same += result.same;
      sameNames += result.sameNames;
      ours += ourList.length;
      theirs += theirList.length;
      found.push(...result.differences);
    }
    const requestShare = same / slots;
    const nameShare = sameNames / same;
    const figures = [
      `httpyac ${httpyacVersion()}: ${entries.length} files, ${ours} requests ours, ${theirs} httpYac's, ${slots} aligned`,
      `same method and URL: ${same}/${slots} = ${(requestShare * 100).toFixed(2)}%`,
      `same name: ${sameNames}/${same} = ${(nameShare * 100).toFixed(2)}%`,
      `differences: ${found.length} (listed: ${listed.length})`,
    ];
    for (const line of figures) t.diagnostic(line);
    console.log(`corpus: ${figures.join('; ')}`);
    const listedKeys = new Set(listed.map(differenceKey));
    const foundKeys = new Set(found.map(differenceKey));
    assert.deepEqual(
      found.filter((difference) => !listedKeys.has(differenceKey(difference))),
      [],
      'differences not in test/corpus/differences.json (fix the parser, or list them with a reason)',
    );
    assert.deepEqual(
      listed.filter((difference) => !foundKeys.has(differenceKey(difference))),
      [],
      'listed differences that are gone (remove them from test/corpus/differences.json)',
    );
    assert.ok(requestShare >= MIN_SAME_REQUESTS, `same method and URL: ${(requestShare * 100).toFixed(2)}%`);
    assert.ok(nameShare >= MIN_SAME_NAMES, `same name: ${(nameShare * 100).toFixed(2)}%`);
  });
});
