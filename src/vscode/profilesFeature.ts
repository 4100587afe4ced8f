// "Profiles and tokens" wired together: model, tree view, status bar, background renewal and a
// 30 s tick for the time-left labels. Returns its commands and the service other features use.
import * as vscode from 'vscode';
import type { Connections } from '../core/net/connections';
import { SETTINGS, VIEWS } from './ids';
import type { JwtInspector } from './jwtInspector';
import type { Log } from './log';
import { AutoRefresher } from './autoRefresh';
import { PermissionWatch } from './permissionWatch';
import { profileCommands } from './profiles/commandTable';
import { ProfilesModel } from './profilesModel';
import { ProfilesTreeProvider } from './profilesTree';
import type { SandboxController } from './sandboxCommands';
import { extensionSecrets, hostStorageOf } from './secretVault';
import type { SecretStore } from '../core/auth/secretStore';
import { onDidChangeSettings, readEnvironmentsSetting, readSettings } from './settings';
import { createStatusBar } from './statusBar';

const TICK_MS = 30_000;

export interface ProfilesFeature {
  readonly model: ProfilesModel;
  readonly commands: ReturnType<typeof profileCommands>;
  /** The secret store the model uses (for the integration tests' round trip). */
  readonly secrets: SecretStore;
}

export async function createProfilesFeature(
  context: vscode.ExtensionContext,
  sandbox: SandboxController,
  log: Log,
  inspector: JwtInspector,
  connections: Connections,
): Promise<ProfilesFeature> {
  const secrets = extensionSecrets(context.secrets, hostStorageOf(context), (message) => log.trace(message));
  context.subscriptions.push(secrets);
  const model = await ProfilesModel.create({
    state: context.globalState,
    secrets,
    sandbox,
    log,
    settings: readSettings,
    environmentsSetting: readEnvironmentsSetting,
    connections,
  });
  const tree = new ProfilesTreeProvider(model);
  const view = vscode.window.createTreeView(VIEWS.profiles, { treeDataProvider: tree, showCollapseAll: false });
  const watch = new PermissionWatch(model, log);
  const refresher = new AutoRefresher(model, readSettings, log, () => sandbox.running() !== undefined, watch);
  const tick = setInterval(() => model.tick(), TICK_MS);
  const applyEnvironments = (): void => {
    const problems = model.applyEnvironmentsSetting();
    if (problems.length === 0) return;
    for (const problem of problems) log.warn(problem);
    const open = 'Open Settings';
    void vscode.window.showWarningMessage(`Some FinCode environments in your settings were left out: ${problems.join(' ')}`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
    });
  };
  applyEnvironments();
  context.subscriptions.push(
    model,
    tree,
    view,
    createStatusBar(model),
    refresher,
    watch,
    { dispose: () => clearInterval(tick) },
    onDidChangeSettings(() => {
      refresher.sync();
      model.tick();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS.environments)) applyEnvironments();
    }),
  );
  return { model, commands: profileCommands({ model, log, inspector, watch }), secrets: secrets.store };
}
