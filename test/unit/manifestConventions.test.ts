// The manifest's wording conventions (VS Code's UX guidelines): command titles are "Verb Noun",
// with "…" exactly when the command asks for input before it acts; one icon, one meaning; a
// description that uses markdown is a markdownDescription (enumDescriptions likewise), or VS Code
// shows its backticks and asterisks as typed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/vscode/ids';

interface Command {
  readonly command: string;
  readonly title: string;
  readonly icon?: string;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: Command[]; configuration: { properties: Record<string, unknown> } } };
const commands = manifest.contributes.commands;

const VERBS = new Set(['Add', 'Cancel', 'Clear', 'Compare', 'Copy', 'Decode', 'Edit', 'Import', 'Inspect', 'Open', 'Refresh', 'Remove', 'Select', 'Send', 'Set', 'Share', 'Show', 'Sign', 'Start', 'Stop', 'Switch']);

/** Commands whose first step is a quick pick or an input box of their own (a confirmation is no input: no …). */
const ASK_FIRST: readonly string[] = [
  COMMANDS.switchProfile,
  COMMANDS.addProfile,
  COMMANDS.addApiToken,
  COMMANDS.addEnvironment,
  COMMANDS.edit,
  COMMANDS.decodeJwt,
  COMMANDS.openSamples,
  COMMANDS.importCurl,
  COMMANDS.sendRequestAs,
  COMMANDS.selectHttpEnvironment,
];

/** Icons commands share because they do the same thing (open the JWT inspector, remove an item, compare two responses). */
const SAME_MEANING: Readonly<Record<string, readonly string[]>> = {
  '$(search)': [COMMANDS.decodeJwt, COMMANDS.inspectToken],
  '$(trash)': [COMMANDS.remove, COMMANDS.removeHistoryEntry],
  '$(diff)': [COMMANDS.compareHistoryResponses, COMMANDS.compareHistoryWithSelected],
};

const MARKDOWN = /`|\*\*|\]\(|#[\w.]+#/;

/** Every description-like key in the configuration schema, at any depth, with its path. */
function descriptions(value: unknown, path: string, found: { path: string; key: string; text: string }[] = []): typeof found {
  if (Array.isArray(value)) value.forEach((item, index) => descriptions(item, `${path}[${index}]`, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'description' || key === 'markdownDescription') && typeof child === 'string') found.push({ path, key, text: child });
      else if ((key === 'enumDescriptions' || key === 'markdownEnumDescriptions') && Array.isArray(child)) for (const text of child) found.push({ path, key, text: String(text) });
      else descriptions(child, `${path}.${key}`, found);
    }
  }
  return found;
}

describe('manifest wording', () => {
  it('command titles are "Verb Noun" in title case, with "…" exactly when the command asks first', () => {
    for (const { command, title } of commands) {
      const [verb] = title.split(' ');
      assert.ok(VERBS.has(verb ?? ''), `${command}: "${title}" starts with a verb`);
      assert.ok(title.split(' ').length >= 2, `${command}: "${title}" names what it acts on`);
      assert.equal(title.endsWith('…'), ASK_FIRST.includes(command), `${command}: "${title}" ${ASK_FIRST.includes(command) ? 'asks first: ends with …' : 'acts at once: no …'}`);
      assert.ok(!title.endsWith('...'), `${command}: the ellipsis character, not three dots`);
    }
  });

  it('one icon, one meaning', () => {
    const byIcon = new Map<string, string[]>();
    for (const { command, icon } of commands) byIcon.set(icon ?? '', [...(byIcon.get(icon ?? '') ?? []), command]);
    for (const [icon, ids] of byIcon) {
      if (ids.length > 1) assert.deepEqual(ids.sort(), [...(SAME_MEANING[icon] ?? [])].sort(), `${icon} is used by ${ids.join(', ')}`);
    }
  });

  it('descriptions that use markdown are markdownDescription / markdownEnumDescriptions', () => {
    const found = descriptions(manifest.contributes.configuration.properties, 'configuration');
    assert.ok(found.some((entry) => entry.key === 'markdownEnumDescriptions'), 'the scan reaches enum descriptions');
    const plain = found.filter((entry) => (entry.key === 'description' || entry.key === 'enumDescriptions') && MARKDOWN.test(entry.text));
    assert.deepEqual(plain.map((entry) => `${entry.path}: ${entry.text}`), []);
  });
});
