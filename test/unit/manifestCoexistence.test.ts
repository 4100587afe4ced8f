// The manifest lives beside REST Client and httpYac: no base grammar for `http` (VS Code keeps one
// per language; ours would replace theirs whenever our folder name sorts after theirs), our
// annotations through an injection grammar into their `source.http`, no language configuration
// file (VS Code merges them field by field over theirs), and no default key any common .http
// extension binds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

interface Manifest {
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions?: string[]; configuration?: string }[];
    grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
    keybindings?: { key: string; mac?: string; command: string }[];
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

// REST Client 0.26.0 and httpYac 6.16.7 (their package.json), Thunder Client's and JetBrains'
// usual Send are the same chord.
const PEER_KEYS = ['ctrl+alt+r', 'ctrl+alt+l', 'ctrl+alt+k', 'ctrl+alt+h', 'ctrl+alt+e', 'ctrl+alt+c', 'ctrl+alt+g', 'ctrl+alt+n'];
const PEER_MAC_KEYS = PEER_KEYS.map((key) => key.replace('ctrl+', 'cmd+'));

describe('package.json beside REST Client and httpYac', () => {
  it('contributes no base grammar: only injections into source.http, whose files exist', () => {
    assert.ok(manifest.contributes.grammars.length > 0);
    for (const grammar of manifest.contributes.grammars) {
      assert.equal(grammar.language, undefined, `${grammar.scopeName} is a base grammar for ${grammar.language}`);
      assert.deepEqual(grammar.injectTo, ['source.http']);
      assert.ok(existsSync(grammar.path), grammar.path);
    }
  });

  it('declares the http language (for .http and .rest) without a configuration file, and activates on it', () => {
    const http = manifest.contributes.languages.find((language) => language.id === 'http');
    assert.deepEqual(http?.extensions, ['.http', '.rest']);
    assert.equal(http?.configuration, undefined);
    // VS Code derives onLanguage:ID from a language only when it has a configuration file.
    assert.ok(manifest.activationEvents.includes('onLanguage:http'));
  });

  it('binds no key that REST Client or httpYac binds', () => {
    for (const binding of manifest.contributes.keybindings ?? []) {
      assert.ok(!PEER_KEYS.includes(binding.key.toLowerCase()), `${binding.command}: ${binding.key}`);
      assert.ok(!PEER_MAC_KEYS.includes((binding.mac ?? '').toLowerCase()), `${binding.command}: ${binding.mac}`);
    }
  });
});

describe('the annotation injection grammar', () => {
  const grammar = JSON.parse(readFileSync('syntaxes/fincode-annotations.injection.json', 'utf8')) as {
    scopeName: string;
    injectionSelector: string;
    repository: { annotation: { match: string; captures: Record<string, { name: string }> } };
  };
  // Oniguruma and JavaScript read this pattern alike (no look-behind, no possessive quantifiers).
  const annotation = new RegExp(grammar.repository.annotation.match);

  it('is injected with left priority into source.http, so it wins over the host grammar\'s comment rule', () => {
    assert.equal(grammar.scopeName, manifest.contributes.grammars[0]?.scopeName);
    assert.match(grammar.injectionSelector, /^L:source\.http\b/);
  });

  it('matches our four annotations after # or //, and nothing else', () => {
    for (const line of ['# @role CASHIER', '// @profile sandbox-manager', '## @no-auth', '  # @expect MANAGER=200 CUSTOMER=403', '#@role AGENT']) {
      assert.match(line, annotation, line);
    }
    for (const line of ['# @name login', '# @roles x', '# @expect-status 200', 'GET {{baseUrl}}/x', '@role = x', '# role CASHIER']) {
      assert.doesNotMatch(line, annotation, line);
    }
    assert.equal(annotation.exec('// @expect MANAGER=200')?.[2], '@expect');
    assert.match(grammar.repository.annotation.captures['2']?.name ?? '', /^keyword\.control\.annotation\.fincode/);
  });
});
