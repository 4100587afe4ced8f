// The active profile in the status bar: role, name, time left and its environment; the warning
// colour for a production environment, the error colour for a session that cannot be used
// (statusBarText.ts); click = Switch Active Profile.
import * as vscode from 'vscode';
import { COMMANDS, STATUS_BAR_ID } from './ids';
import { type ActiveCredential, type ActiveEnvironment, statusBarView, type StatusBarView } from './statusBarText';
import type { ProfilesModel } from './profilesModel';

export function activeCredential(model: ProfilesModel, now = Date.now()): ActiveCredential {
  const id = model.activeId;
  const profile = id ? model.profile(id) : undefined;
  if (profile) {
    return { kind: 'profile', profile, view: model.status(profile.id, now), ...activeEnvironment(model, profile.environmentId) };
  }
  const token = id ? model.apiToken(id) : undefined;
  if (token) return { kind: 'apiToken', token, ...activeEnvironment(model, token.environmentId) };
  return { kind: 'none' };
}

function activeEnvironment(model: ProfilesModel, environmentId: string): ActiveEnvironment {
  const env = model.environment(environmentId);
  return { environmentLabel: env?.label ?? '', production: env?.kind === 'production' };
}

/** The status bar's colour ids (statusBarText.ts decides which). */
export function statusBarBackground(background: StatusBarView['background']): vscode.ThemeColor | undefined {
  return background === undefined ? undefined : new vscode.ThemeColor(background === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
}

export function createStatusBar(model: ProfilesModel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 50);
  item.name = 'FinCode Active Profile';
  item.command = COMMANDS.switchProfile;
  const render = (): void => {
    const view = statusBarView(activeCredential(model), Date.now());
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.accessibilityInformation = { label: view.text.replace(/\$\([\w-]+\)\s*/g, '') };
    item.backgroundColor = statusBarBackground(view.background);
    item.show();
  };
  render();
  const subscription = model.onDidChange(render);
  return vscode.Disposable.from(item, subscription);
}
