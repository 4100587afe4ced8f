// The manifest's menus and welcome content against the commands registered and the contextValues
// the Profiles view produces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS, HISTORY_ITEM_CONTEXT, VIEWS } from '../../src/vscode/ids';
import { profileStatus } from '../../src/vscode/profileStatus';
import { apiTokenShape, environmentShape, profileShape } from '../../src/vscode/profileTreeItems';
import { environmentsFromSetting, LOCAL_ENVIRONMENT_ID, localEnvironment, type StoredProfile } from '../../src/vscode/storedProfiles';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('manifest menus', () => {
  interface MenuEntry {
    command: string;
    when?: string;
    group?: string;
  }
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { menus: Record<string, MenuEntry[]>; viewsWelcome: { view: string; contents: string }[]; views: Record<string, { id: string }[]> };
  };
  const menus = manifest.contributes.menus;
  const known = new Set<string>(Object.values(COMMANDS));

  it('every menu entry names a registered command', () => {
    for (const entries of Object.values(menus)) for (const entry of entries) assert.ok(known.has(entry.command), entry.command);
  });

  it('tree-only commands are hidden from the palette', () => {
    assert.ok(menus.commandPalette!.some((e) => e.command === COMMANDS.refreshProfiles && e.when === 'false'));
  });

  /** Whether a menu entry's `viewItem =~ /…/` terms (all of them, `!(…)` negating one) accept a contextValue. */
  function viewItemMatches(when: string, contextValue: string): boolean {
    const terms = [...when.matchAll(/(!\()?viewItem =~ \/(.+?)\/(?=[\s)]|$)/g)];
    assert.ok(terms.length > 0, when);
    return terms.every(([, negated, source]) => new RegExp(source!).test(contextValue) !== (negated !== undefined));
  }
  const shows = (command: string, contextValue: string, inline: boolean): boolean =>
    menus['view/item/context']!.some((e) => e.command === command && (e.group ?? '').startsWith('inline') === inline && viewItemMatches(e.when ?? '', contextValue));

  it('inline actions match the contextValues the tree produces', () => {
    const signedOut = profileShape(cashier, profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), false).contextValue;
    const signedIn = profileShape(cashier, profileStatus({ kind: 'signed-in', expiresAt: NOW + 3600_000 }, undefined, NOW, 300), true).contextValue;
    const locked = profileShape(cashier, profileStatus({ kind: 'signed-out' }, { kind: 'locked', message: 'x', at: NOW }, NOW, 300), false).contextValue;
    assert.ok(shows(COMMANDS.signIn, signedOut, true));
    assert.ok(shows(COMMANDS.signIn, locked, true));
    assert.ok(!shows(COMMANDS.signIn, signedIn, true));
    assert.ok(shows(COMMANDS.signOut, signedIn, true));
    assert.ok(shows(COMMANDS.refreshToken, signedIn, true));
    assert.ok(!shows(COMMANDS.signOut, signedOut, true));
    assert.ok(shows(COMMANDS.setActive, signedOut, true));
    assert.ok(!shows(COMMANDS.setActive, signedIn, true), 'already active');
    assert.ok(shows(COMMANDS.copyAccessToken, signedIn, false));
    assert.ok(!shows(COMMANDS.copyAccessToken, signedOut, false));
    const token = apiTokenShape({ id: 't', environmentId: 'e', label: 'ci', expiry: '1m', createdAt: NOW }, NOW, false).contextValue;
    assert.ok(shows(COMMANDS.copyAccessToken, token, false));
    assert.ok(shows(COMMANDS.remove, token, false));
    assert.ok(shows(COMMANDS.addDocumentedUsers, 'fincode:environment:sandbox', false));
    assert.ok(!shows(COMMANDS.addDocumentedUsers, 'fincode:environment:production', false));
  });

  it('an environment from the settings offers adding profiles but not Edit or Remove (edited in settings.json)', () => {
    const [fromSettings] = environmentsFromSetting([{ id: 'acme', kind: 'sandbox', tenant: 'acme' }]).environments;
    const contextValue = environmentShape(fromSettings!, undefined).contextValue;
    assert.ok(shows(COMMANDS.addProfile, contextValue, false));
    assert.ok(shows(COMMANDS.addDocumentedUsers, contextValue, false));
    assert.ok(!shows(COMMANDS.edit, contextValue, false));
    assert.ok(!shows(COMMANDS.remove, contextValue, false));
    assert.ok(shows(COMMANDS.remove, environmentShape(localEnvironment(), undefined).contextValue, false));
  });

  it('the Profiles view has welcome content linking to Add Environment and Start Local Sandbox', () => {
    assert.ok(manifest.contributes.views.fincode!.some((v) => v.id === 'fincode.profiles'));
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'fincode.profiles');
    assert.ok(welcome);
    assert.match(welcome.contents, /\(command:fincode\.addEnvironment\)/);
    assert.match(welcome.contents, /\(command:fincode\.startSandbox\)/);
  });

  it('the History view sits beside Profiles and Endpoints, with a welcome and its row actions', () => {
    assert.deepEqual(
      manifest.contributes.views.fincode!.map((v) => v.id),
      [VIEWS.profiles, VIEWS.endpoints, VIEWS.history],
    );
    assert.ok(manifest.contributes.viewsWelcome.some((w) => w.view === VIEWS.history && /No request sent yet/.test(w.contents)));
    assert.ok(shows(COMMANDS.resendFromHistory, HISTORY_ITEM_CONTEXT, true));
    assert.ok(shows(COMMANDS.removeHistoryEntry, HISTORY_ITEM_CONTEXT, true));
    for (const command of [COMMANDS.openHistoryResponse, COMMANDS.compareHistoryResponses, COMMANDS.selectHistoryForCompare, COMMANDS.compareHistoryWithSelected]) {
      assert.ok(shows(command, HISTORY_ITEM_CONTEXT, false), command);
    }
    const compare = menus['view/item/context']!.find((e) => e.command === COMMANDS.compareHistoryResponses);
    assert.match(compare?.when ?? '', /listDoubleSelection/, 'Compare Responses shows when two rows are selected');
    assert.ok(menus['view/title']!.some((e) => e.command === COMMANDS.clearHistory && e.when === `view == ${VIEWS.history}`));
    for (const command of [COMMANDS.openHistoryResponse, COMMANDS.resendFromHistory, COMMANDS.compareHistoryResponses, COMMANDS.removeHistoryEntry]) {
      assert.ok(menus.commandPalette!.some((e) => e.command === command && e.when === 'false'), `${command} needs a row: hidden from the palette`);
    }
  });
});
