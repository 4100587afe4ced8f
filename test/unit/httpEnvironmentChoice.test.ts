// The .http variable environment in use (src/vscode/http/httpEnvironmentChoice.ts): without a pick,
// fincode.httpEnvironment; a pick (the status bar item) wins for the workspace and is kept in
// workspaceState as a name; changing the setting drops the pick. Over the 'vscode' stand-in.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HTTP_ENVIRONMENT_STATE_KEY, SETTINGS } from '../../src/vscode/ids';
import type { createHttpEnvironmentChoice as CreateChoice } from '../../src/vscode/http/httpEnvironmentChoice';
import { extendFakeVscode, fakeMemento, installFakeVscode } from '../support/fakeVscode';

const settings: Record<string, unknown> = {};
const configurationListeners: ((event: { affectsConfiguration(key: string): boolean }) => unknown)[] = [];

/** The user edits settings.json: the value changes and VS Code tells the listeners. */
async function changeSetting(key: string, value: unknown): Promise<void> {
  settings[key] = value;
  await Promise.all(configurationListeners.map((listener) => listener({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) })));
}

describe('.http environment choice', () => {
  let createHttpEnvironmentChoice: typeof CreateChoice;

  before(async () => {
    installFakeVscode();
    extendFakeVscode({
      workspace: {
        getConfiguration: () => ({ get: (key: string) => settings[key] }),
        onDidChangeConfiguration: (listener: (typeof configurationListeners)[number]) => {
          configurationListeners.push(listener);
          return { dispose: () => configurationListeners.splice(configurationListeners.indexOf(listener), 1) };
        },
      },
    });
    ({ createHttpEnvironmentChoice } = await import('../../src/vscode/http/httpEnvironmentChoice'));
  });

  it('the setting until a pick; the pick (a name in workspaceState) wins; a setting change drops it', async () => {
    settings[SETTINGS.httpEnvironment] = 'dev';
    const state = fakeMemento();
    const choice = createHttpEnvironmentChoice(state);
    let changes = 0;
    choice.onDidChange(() => changes++);
    assert.equal(choice.current(), 'dev');
    assert.equal(choice.picked(), false);

    await choice.choose('staging');
    assert.equal(choice.current(), 'staging');
    assert.equal(choice.picked(), true);
    assert.equal(state.get(HTTP_ENVIRONMENT_STATE_KEY), 'staging');
    await choice.choose('');
    assert.equal(choice.current(), '', 'none picked: only $shared, whatever the setting says');

    await changeSetting(SETTINGS.timeoutTotalMs, 5000);
    assert.equal(choice.current(), '', 'another setting keeps the pick');
    await changeSetting(SETTINGS.httpEnvironment, 'prod');
    assert.equal(choice.current(), 'prod');
    assert.equal(choice.picked(), false);
    assert.equal(changes, 3);
    choice.dispose();
    assert.equal(configurationListeners.length, 0, 'disposed with its listener');
  });
});
