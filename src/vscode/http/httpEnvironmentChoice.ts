// Which .http variable environment requests use: the one picked for this workspace (the status bar
// item, Select .http Environment…), kept in workspaceState as a name (never a value); without a
// pick, the fincode.httpEnvironment setting. Changing that setting drops the pick: the newest
// choice wins.
import * as vscode from 'vscode';
import { HTTP_ENVIRONMENT_STATE_KEY, SETTINGS } from '../ids';
import { readHttpSettings } from '../settings';

export interface HttpEnvironmentChoice extends vscode.Disposable {
  /** The environment's name; '' = none (only the `$shared` variables). */
  current(): string;
  /** The name comes from this workspace's pick, not from the setting. */
  picked(): boolean;
  choose(name: string): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
}

export function createHttpEnvironmentChoice(state: vscode.Memento): HttpEnvironmentChoice {
  const changed = new vscode.EventEmitter<void>();
  const stored = (): string | undefined => {
    const value = state.get<unknown>(HTTP_ENVIRONMENT_STATE_KEY);
    return typeof value === 'string' ? value : undefined;
  };
  const settingChanged = vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (!event.affectsConfiguration(SETTINGS.httpEnvironment)) return;
    await state.update(HTTP_ENVIRONMENT_STATE_KEY, undefined);
    changed.fire();
  });
  return {
    current: () => stored() ?? readHttpSettings().environment,
    picked: () => stored() !== undefined,
    async choose(name) {
      await state.update(HTTP_ENVIRONMENT_STATE_KEY, name);
      changed.fire();
    },
    onDidChange: changed.event,
    dispose() {
      settingChanged.dispose();
      changed.dispose();
    },
  };
}
