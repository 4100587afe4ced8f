// Choosing the environment a new profile or API token goes into: the one the command was invoked
// on (or the environment of the profile/token it was invoked on), the only one, or a quick pick.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { StoredEnvironment } from '../storedProfiles';
import type { ProfilesModel } from '../profilesModel';
import { fromArgument } from './targetPicker';

export async function chooseEnvironment(model: ProfilesModel, arg: unknown, title: string, filter?: (env: StoredEnvironment) => boolean): Promise<StoredEnvironment | undefined> {
  const given = fromArgument(model, arg, ['environment', 'profile', 'apiToken']);
  if (given) {
    const entry = model.entry(given.id);
    const env = entry?.kind === 'environment' ? entry.item : entry ? model.environment(entry.item.environmentId) : undefined;
    if (env && (!filter || filter(env))) return env;
  }
  const envs = model.snapshot.environments.filter((env) => !filter || filter(env));
  if (envs.length === 1) return envs[0];
  if (envs.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    envs.map((env) => ({ label: env.label, description: env.local ? 'local sandbox' : env.kind, detail: env.baseUrl, env })),
    { title, placeHolder: 'Choose the environment', ignoreFocusOut: true },
  );
  return picked?.env;
}

/** An environment for a new profile or API token; says to add one first when there is none. */
export async function chooseEnvironmentToAddTo(model: ProfilesModel, arg: unknown, title: string): Promise<StoredEnvironment | undefined> {
  const env = await chooseEnvironment(model, arg, title);
  if (env || model.snapshot.environments.length > 0) return env;
  const add = 'Add Environment…';
  void vscode.window
    .showInformationMessage('There is no FinCode environment yet: add one first.', add)
    .then((choice) => (choice === add ? vscode.commands.executeCommand(COMMANDS.addEnvironment) : undefined));
  return undefined;
}
