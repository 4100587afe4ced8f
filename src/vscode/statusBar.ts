// The active profile in the status bar: role, name and time left; warning colour under the
// refresh buffer, error colour when expired or signed out; click = Switch Active Profile.
import * as vscode from 'vscode';
import { COMMANDS, STATUS_BAR_ID } from './ids';
import { type ActiveCredential, statusBarView } from './statusBarText';
import type { ProfilesModel } from './profilesModel';

export function activeCredential(model: ProfilesModel, now = Date.now()): ActiveCredential {
  const id = model.activeId;
  const profile = id ? model.profile(id) : undefined;
  if (profile) {
    return { kind: 'profile', profile, view: model.status(profile.id, now), environmentLabel: model.environment(profile.environmentId)?.label ?? '' };
  }
  const token = id ? model.apiToken(id) : undefined;
  if (token) return { kind: 'apiToken', token, environmentLabel: model.environment(token.environmentId)?.label ?? '' };
  return { kind: 'none' };
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
    item.backgroundColor =
      view.background === 'warning'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : view.background === 'error'
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : undefined;
    item.show();
  };
  render();
  const subscription = model.onDidChange(render);
  return vscode.Disposable.from(item, subscription);
}
