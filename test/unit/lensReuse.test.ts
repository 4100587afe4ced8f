// Lenses are made again only for the requests whose method, URL or annotations an edit changed:
// the others' are the very lens objects made before, or those moved by the lines added or removed
// above them; the whole list is always what planning every lens anew gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateHttpFile } from '../../bench/generate.mjs';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseDocument, reparse, type ParsedDocument } from '../../src/core/http/reparse';
import { planLenses, remadeLenses, requestLenses, type LensContext, type LensPlan } from '../../src/vscode/http/lensPlan';

const CONTEXT: LensContext = { trusted: true, candidates: [{ id: 'm', name: 'manager', role: 'MANAGER', environmentId: 'e' }], activeId: 'm' };

const moved = (plan: LensPlan, lines: number): LensPlan => ({ ...plan, line: plan.line + lines });

describe('lenses after an edit', () => {
  const text = generateHttpFile(40);
  const counted = () => {
    const made: ParsedRequest[] = [];
    return { made, make: (request: ParsedRequest) => (made.push(request), requestLenses(request, CONTEXT)) };
  };
  const edited = (before: ParsedDocument, at: number, insert: string) => {
    const document = reparse(before, [{ rangeOffset: at, rangeLength: 0, text: insert }]);
    assert.ok(document);
    return document;
  };
  const firstLenses = (document: ParsedDocument) => remadeLenses(undefined, document.file.requests, counted().make, moved);

  it('makes the lenses of the request whose URL changed only, and keeps the other lens objects', () => {
    const before = parseDocument(text);
    const first = firstLenses(before);
    const document = edited(before, text.indexOf('/transactions', text.indexOf('### List transactions 20')), '/v2');
    const { made, make } = counted();
    const second = remadeLenses(first, document.file.requests, make, moved);
    assert.deepEqual(made.map((request) => request.index), [20]);
    assert.deepStrictEqual(second.items, planLenses(document.file, CONTEXT));
    assert.equal(second.items[second.ends[20] as number], first.items[first.ends[20] as number], 'the lenses after it are the same objects');
    assert.equal(second.items[0], first.items[0]);
  });

  it('keeps the lens positions right over several URL edits one after another', () => {
    let current = text;
    let document = parseDocument(current);
    let lenses = firstLenses(document);
    for (const [title, insert] of [['### List transactions 20', '/v2'], ['### Update 11', 'x'], ['### List transactions 20', 'y'], ['### Create transaction 1', 'z']] as const) {
      // The end of the block's request line.
      const at = current.indexOf('\n', current.indexOf('{{baseUrl}}', current.indexOf(title)));
      document = edited(document, at, insert);
      current = current.slice(0, at) + insert + current.slice(at);
      lenses = remadeLenses(lenses, document.file.requests, counted().make, moved);
      const fresh = firstLenses(document);
      assert.deepStrictEqual(lenses.items, fresh.items, `${title} + ${insert}`);
      assert.deepStrictEqual(lenses.ends, fresh.ends, `${title} + ${insert}`);
    }
  });

  it('makes no lens when the edit leaves method, URL and annotations as they were (a header typed)', () => {
    const before = parseDocument(text);
    const first = firstLenses(before);
    const document = edited(before, text.indexOf('Accept:', text.indexOf('### List transactions 20')), 'X-');
    const { made, make } = counted();
    const second = remadeLenses(first, document.file.requests, make, moved);
    assert.deepEqual(made, []);
    assert.deepStrictEqual(second.items, planLenses(document.file, CONTEXT));
  });

  it('moves the lenses below an added or removed line instead of making them, the same list as planning anew', () => {
    const before = parseDocument(text);
    const first = firstLenses(before);
    const update = text.indexOf('### Update 11');
    for (const [at, insert] of [[update, '\n'], [update, '###\nGET /x\n'], [0, '# top\n'], [text.length, '\n###\nGET /end'], [text.indexOf('\n', update) + 1, '# @role CASHIER\n']] as const) {
      const document = edited(before, at, insert);
      const { made, make } = counted();
      const second = remadeLenses(first, document.file.requests, make, moved);
      assert.deepStrictEqual(second.items, planLenses(document.file, CONTEXT), JSON.stringify(insert));
      assert.ok(made.length <= 2, `${JSON.stringify(insert)}: made ${made.length}`);
    }
    assert.equal(remadeLenses(first, before.file.requests, counted().make, moved), first);
  });
});
