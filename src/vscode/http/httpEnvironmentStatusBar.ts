// The .http variable environment in the status bar, beside the active profile, while a .http file
// is in the active editor (as REST Client and httpYac show theirs); click = Select .http Environment….
import * as vscode from 'vscode';
import { COMMANDS, HTTP_ENVIRONMENT_STATUS_BAR_ID } from '../ids';
import { httpEnvironmentView } from '../statusBarText';
import { isHttpDocument } from './documentSelector';
import type { HttpEnvironmentChoice } from './httpEnvironmentChoice';

export function createHttpEnvironmentStatusBar(choice: HttpEnvironmentChoice): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(HTTP_ENVIRONMENT_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 49);
  item.name = 'FinCode .http Environment';
  item.command = COMMANDS.selectHttpEnvironment;
  const render = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isHttpDocument(document)) {
      item.hide();
      return;
    }
    const view = httpEnvironmentView(choice.current(), choice.picked());
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.accessibilityInformation = { label: `.http environment: ${choice.current() || 'none'}` };
    item.show();
  };
  render();
  return vscode.Disposable.from(item, choice.onDidChange(render), vscode.window.onDidChangeActiveTextEditor(render), vscode.workspace.onDidOpenTextDocument(render));
}
