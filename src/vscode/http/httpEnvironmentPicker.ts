// Select .http Environment… (the status bar item, the palette): the environments the active .http
// file sees (http-client.env.json and its private twin, REST Client's settings, .env.NAME files,
// fincode.environmentVariables), or none. Shows how many variables each has, never their values
// (the private file holds secrets).
import * as vscode from 'vscode';
import { listEnvironments } from '../../core/http/envFiles';
import { loadEnvironment } from './httpEnvironment';
import type { HttpEnvironmentChoice } from './httpEnvironmentChoice';

interface Item extends vscode.QuickPickItem {
  readonly name: string;
}

const count = (n: number): string => `${n} variable${n === 1 ? '' : 's'}`;

/** The .http document the pick is for: the active editor's, else the workspace's first folder. */
function scope(): vscode.Uri | undefined {
  return vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

export async function selectHttpEnvironment(choice: HttpEnvironmentChoice): Promise<void> {
  const uri = scope();
  const file = uri ? await loadEnvironment(uri) : undefined;
  const names = file ? listEnvironments(file) : [];
  const current = choice.current();
  const mark = (name: string): string => (name === current ? '$(check) ' : '');
  const items: Item[] = [
    { name: '', label: `${mark('')}No Environment`, description: `only $shared · ${count(Object.keys(file?.shared ?? {}).length)}` },
    ...names.map((name) => ({ name, label: `${mark(name)}${name}`, description: count(Object.keys(file?.environments[name] ?? {}).length) })),
    ...(current !== '' && !names.includes(current) ? [{ name: current, label: `${mark(current)}${current}`, description: 'not defined for this file: only $shared' }] : []),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Select .http Environment',
    placeHolder: names.length === 0 ? 'No environment defined (http-client.env.json, REST Client settings, fincode.environmentVariables)' : 'The variables .http requests in this workspace use',
    matchOnDescription: true,
  });
  if (picked) await choice.choose(picked.name);
}
