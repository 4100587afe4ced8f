import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsoncShapeError, JsoncSyntaxError, parseJsonc, setProperty, withoutComments } from '../../src/core/http/jsonc';

describe('JSONC', () => {
  it('reads comments and trailing commas, also a comma followed by a comment', () => {
    const text = '{\n  // a comment, with a comma\n  "a": 1, /* b */\n  "b": [1, 2,],\n  "c": "x // not a comment", // trailing\n}';
    assert.deepEqual(parseJsonc(text), { a: 1, b: [1, 2], c: 'x // not a comment' });
    assert.equal(withoutComments(text).length, text.length);
  });

  it('says where a text does not parse', () => {
    assert.throws(
      () => parseJsonc('{\n  "a": 1\n  "b": 2\n}'),
      (error: unknown) => error instanceof JsoncSyntaxError && error.line === 2 && /line 3/.test(error.message),
    );
  });

  it('adds a property after the last one, keeping comments, indentation and line endings', () => {
    const text = '{\r\n\t// mine\r\n\t"editor.tabSize": 2, // keep me here\r\n}\r\n';
    const out = setProperty(text, ['rest-client.environmentVariables', '$shared', 'baseUrl'], 'https://x');
    assert.equal(
      out,
      '{\r\n\t// mine\r\n\t"editor.tabSize": 2, // keep me here\r\n\t"rest-client.environmentVariables": {\r\n\t\t"$shared": {\r\n\t\t\t"baseUrl": "https://x"\r\n\t\t}\r\n\t}\r\n}\r\n',
    );
    assert.deepEqual(parseJsonc(out), { 'editor.tabSize': 2, 'rest-client.environmentVariables': { $shared: { baseUrl: 'https://x' } } });
  });

  it('adds after a trailing comma without doubling it, and after an end-of-line comment', () => {
    assert.equal(setProperty('{\n  "a": 1,\n}', ['b'], 2), '{\n  "a": 1,\n  "b": 2\n}');
    assert.equal(setProperty('{\n  "a": 1 // one\n}', ['b'], 2), '{\n  "a": 1, // one\n  "b": 2\n}');
  });

  it('replaces an existing value in place and adds into nested and empty objects', () => {
    const text = '{\n    "x": {\n        "$shared": { "keep": "k", "baseUrl": "old" },\n        "dev": {}\n    }\n}';
    const replaced = setProperty(text, ['x', '$shared', 'baseUrl'], 'new');
    assert.equal(replaced, text.replace('"old"', '"new"'));
    const added = setProperty(text, ['x', 'dev', 'tenant'], 'acme');
    assert.deepEqual(parseJsonc(added), { x: { $shared: { keep: 'k', baseUrl: 'old' }, dev: { tenant: 'acme' } } });
    assert.match(added, /"dev": \{\n {12}"tenant": "acme"\n {8}\}/);
  });

  it('makes an empty or blank file an object', () => {
    assert.equal(setProperty('', ['a'], { b: 'c' }), '{\n    "a": {\n        "b": "c"\n    }\n}\n');
    assert.deepEqual(parseJsonc(setProperty('  \n', ['a'], 1)), { a: 1 });
  });

  it('never writes into a value that is not an object, nor into a text that does not parse', () => {
    assert.throws(() => setProperty('{"a": "text"}', ['a', 'b'], 1), JsoncShapeError);
    assert.throws(() => setProperty('[1]', ['a'], 1), JsoncShapeError);
    assert.throws(() => setProperty('{"a": ', ['a'], 1), JsoncSyntaxError);
  });

  it('follows JSON.parse for duplicate keys: the last one is changed', () => {
    const out = setProperty('{"a": 1, "a": 2}', ['a'], 3);
    assert.equal(out, '{"a": 1, "a": 3}');
  });
});
