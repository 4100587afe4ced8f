// The Share Environment Variables with REST Client and httpYac command's flow, against a
// settings.json kept in memory: what it writes, what it says, undo, and that no secret gets out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonc } from '../../src/core/http/jsonc';
import { userMessage } from '../../src/vscode/userErrors';
import { shareWithPeers, undoShare, type SettingsAccess } from '../../src/vscode/http/peerShareFlow';

interface MemoryFile extends SettingsAccess {
  text?: string;
  dirty: boolean;
  writes: number;
}

function memoryFile(text?: string): MemoryFile {
  const file: MemoryFile = {
    label: '.vscode/settings.json',
    dirty: false,
    writes: 0,
    ...(text === undefined ? {} : { text }),
    read: async () => ({ text: file.text ?? '', exists: file.text !== undefined, dirty: file.dirty }),
    write: async (next) => {
      file.writes++;
      file.text = next;
    },
    remove: async () => {
      delete file.text;
    },
  };
  return file;
}

const BASE_URL = 'http://127.0.0.1:48123/sandbox/api/v6/services';

describe('Share Environment Variables with REST Client and httpYac', () => {
  it('writes both peers, names what it wrote where, and a second run writes nothing', async () => {
    const file = memoryFile('{\n  "editor.tabSize": 2\n}\n');
    const first = await shareWithPeers({ peers: ['rest-client', 'httpyac'], ours: { baseUrl: BASE_URL, variables: { version: 'v6' } } }, file);
    assert.equal(first.written, true);
    assert.equal(
      first.summary,
      'FinCode wrote baseUrl, version to rest-client.environmentVariables → $shared and httpyac.environmentVariables → $shared in .vscode/settings.json, for REST Client and httpYac.',
    );
    const settings = parseJsonc(file.text ?? '') as Record<string, Record<string, Record<string, string>>>;
    assert.equal(settings['rest-client.environmentVariables']?.$shared?.baseUrl, BASE_URL);
    assert.equal(settings['httpyac.environmentVariables']?.$shared?.version, 'v6');
    const again = await shareWithPeers({ peers: ['rest-client', 'httpyac'], ours: { baseUrl: BASE_URL, variables: { version: 'v6' } } }, file);
    assert.equal(again.written, false);
    assert.equal(file.writes, 1);
    assert.equal(again.summary, 'REST Client and httpYac already see baseUrl, version: nothing written to .vscode/settings.json.');
  });

  it('says which values it kept as the user had them, and which variables it did not share', async () => {
    const file = memoryFile('{ "httpyac.environmentVariables": { "$shared": { "baseUrl": "http://localhost:3000" } } }');
    const result = await shareWithPeers({ peers: ['httpyac'], ours: { baseUrl: BASE_URL, variables: { version: 'v6', password: 'Canary-Pass-9' } } }, file);
    assert.match(result.summary, /^FinCode wrote version to httpyac\.environmentVariables → \$shared in \.vscode\/settings\.json, for httpYac\./);
    assert.match(result.summary, /Kept your own value of baseUrl \(httpYac\)\./);
    assert.match(result.summary, /Not shared: password \(its name is one a credential would have\)\./);
    assert.ok(!(file.text ?? '').includes('Canary-Pass-9'));
    assert.ok(!result.summary.includes('Canary-Pass-9'));
  });

  it('undo puts the file back, or removes the file it created, unless it changed since', async () => {
    const existing = memoryFile('{ "a": 1 }');
    const result = await shareWithPeers({ peers: ['rest-client'], ours: { baseUrl: BASE_URL, variables: {} } }, existing);
    await undoShare(result, existing);
    assert.equal(existing.text, '{ "a": 1 }');

    const missing = memoryFile();
    const created = await shareWithPeers({ peers: ['rest-client'], ours: { baseUrl: BASE_URL, variables: {} } }, missing);
    assert.ok(missing.text?.includes(BASE_URL));
    await undoShare(created, missing);
    assert.equal(missing.text, undefined);

    const edited = memoryFile('{}');
    const shared = await shareWithPeers({ peers: ['rest-client'], ours: { baseUrl: BASE_URL, variables: {} } }, edited);
    edited.text = `${edited.text ?? ''}\n`;
    await assert.rejects(undoShare(shared, edited), /changed since FinCode wrote to it, so it was not undone/);
  });

  it('never writes over unsaved changes, a malformed file, or when there is nothing to share', async () => {
    const dirty = memoryFile('{}');
    dirty.dirty = true;
    await assert.rejects(shareWithPeers({ peers: ['httpyac'], ours: { baseUrl: BASE_URL, variables: {} } }, dirty), /unsaved changes/);
    const malformed = memoryFile('{ "a": 1 "b": 2 }');
    const error = await shareWithPeers({ peers: ['httpyac'], ours: { baseUrl: BASE_URL, variables: {} } }, malformed).catch((caught: unknown) => caught);
    assert.match(userMessage(error), /\.vscode\/settings\.json is not valid JSON.*line 1/);
    assert.match(userMessage(error), /FinCode wrote nothing/);
    assert.equal(malformed.text, '{ "a": 1 "b": 2 }');
    const empty = memoryFile();
    await assert.rejects(shareWithPeers({ peers: ['httpyac'], ours: { variables: { token: 'x' } } }, empty), /no variable to share \(not shared: token/);
    assert.equal(dirty.writes + malformed.writes + empty.writes, 0);
  });
});
