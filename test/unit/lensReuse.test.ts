// Lenses are made again only for the requests an edit re-parsed: the rest are the very lens
// objects made before, and the whole list is what making every lens anew gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHttpFile } from '../../bench/generate.mjs';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseDocument, reparse, type ParsedDocument } from '../../src/core/http/reparse';
import { planLenses, remadeLenses, requestLenses, type LensContext } from '../../src/vscode/http/lensPlan';

const CONTEXT: LensContext = { trusted: true, candidates: [{ id: 'm', name: 'manager', role: 'MANAGER', environmentId: 'e' }], activeId: 'm' };

describe('lenses after an edit', () => {
  const text = generateHttpFile(40);
  const counted = () => {
    const made: ParsedRequest[] = [];
    return { made, make: (request: ParsedRequest) => (made.push(request), requestLenses(request, CONTEXT)) };
  };
  const edited = (before: ParsedDocument, at: number, insert: string) => {
    const next = text.slice(0, at) + insert + text.slice(at);
    const document = reparse(before, [{ rangeOffset: at, rangeLength: 0, text: insert }]);
    assert.ok(document);
    return { next, document };
  };

  it('makes the lenses of the edited request only, and keeps the other lens objects', () => {
    const before = parseDocument(text);
    const first = remadeLenses(undefined, before.file.requests, counted().make);
    const at = text.indexOf('Accept:', text.indexOf('### List transactions 20'));
    const { document } = edited(before, at, 'X-');
    const { made, make } = counted();
    const second = remadeLenses(first, document.file.requests, make);
    assert.deepEqual(made.map((request) => request.index), [20]);
    assert.deepStrictEqual(second.items, planLenses(document.file, CONTEXT));
    const firstOf21 = first.ends[20] as number;
    assert.equal(second.items[second.ends[20] as number], first.items[firstOf21], 'the lenses after it are the same objects');
    assert.equal(second.items[0], first.items[0]);
  });

  it('makes every lens after a line was added above them, and the same list as planning anew', () => {
    const before = parseDocument(text);
    const first = remadeLenses(undefined, before.file.requests, counted().make);
    for (const [at, insert] of [[text.indexOf('### Update 11'), '\n'], [text.indexOf('### Update 11'), '###\nGET /x\n'], [0, '# top\n'], [text.length, '\n###\nGET /end']] as const) {
      const { document } = edited(before, at, insert);
      const { made, make } = counted();
      const second = remadeLenses(first, document.file.requests, make);
      assert.deepStrictEqual(second.items, planLenses(document.file, CONTEXT), JSON.stringify(insert));
      assert.ok(made.length < document.file.requests.length || at === 0, 'only what changed is made again');
    }
    assert.equal(remadeLenses(first, before.file.requests, counted().make), first);
  });
});
