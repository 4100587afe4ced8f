// The composition root: build the pieces once, register them, report activation failures.
import * as vscode from 'vscode';
import { createConnections } from './core/net/connections';
import { COMMANDS, type CommandId } from './vscode/ids';
import { createLog } from './vscode/log';
import { createSandboxController, sandboxCommands } from './vscode/sandboxCommands';
import { jwtCommands } from './vscode/jwtCommands';
import { createJwtInspector } from './vscode/jwtInspector';
import { tokenOf } from './vscode/profiles/tokenLookup';
import { createProfilesFeature } from './vscode/profilesFeature';
import { createHttpFeature } from './vscode/http/httpFeature';
import { registerPeerOffer } from './vscode/http/peerOffer';
import { shareEnvironmentCommand } from './vscode/http/peerShare';
import { createDocumentStore } from './vscode/http/documentStore';
import { createEndpointsFeature } from './vscode/endpoints/endpointsFeature';
import { samplesCommands } from './vscode/samplesCommands';
import { watchProxySettings } from './vscode/proxySettings';
import type { IntegrationApi } from './vscode/integrationApi';
import { showUserError } from './vscode/userErrors';

type Handler = (...args: unknown[]) => Promise<void>;

export async function activate(context: vscode.ExtensionContext): Promise<IntegrationApi | undefined> {
  try {
    const log = createLog();
    const sandbox = createSandboxController(log);
    // Every request's connection pools and proxy: closed on deactivate.
    const connections = createConnections();
    context.subscriptions.push(log.channel, sandbox, { dispose: () => void connections.close() }, watchProxySettings(connections, log));
    // The inspector re-reads a profile's or API token's token by id after a reload (never kept in the page).
    let tokenFor: (ref: string) => Promise<string | undefined> = async () => undefined;
    const inspector = createJwtInspector(context, { tokenFor: (ref) => tokenFor(ref) });
    const profiles = await createProfilesFeature(context, sandbox, log, inspector, connections);
    tokenFor = (ref) => tokenOf(profiles.model, ref).catch(() => undefined);
    const documents = createDocumentStore();
    context.subscriptions.push(documents);
    const endpoints = createEndpointsFeature(context, documents);
    const http = createHttpFeature(context, profiles.model, log, documents, connections);
    registerPeerOffer(context, profiles.model, documents, log, () => http.environment.current());

    const handlers: Record<CommandId, Handler> = {
      ...sandboxCommands(sandbox),
      ...jwtCommands(inspector),
      ...profiles.commands,
      ...endpoints.commands,
      ...http.commands,
      ...samplesCommands(context.extensionUri),
      [COMMANDS.shareEnvironmentWithPeers]: shareEnvironmentCommand(profiles.model, log, () => http.environment.current()),
      [COMMANDS.showLog]: async () => log.channel.show(),
    };

    for (const [id, handler] of Object.entries(handlers)) {
      context.subscriptions.push(
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            await handler(...args);
          } catch (error) {
            log.error(`${id} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            void showUserError(vscode, error);
          }
        }),
      );
    }
    // Only for test/integration (run with --extensionTestsPath): the model and globalState to inspect.
    return context.extensionMode === vscode.ExtensionMode.Test ? { profiles: profiles.model, secrets: profiles.secrets, globalState: context.globalState, tests: http.tests } : undefined;
  } catch (error) {
    void vscode.window.showErrorMessage(`FinCode API Explorer failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the sandbox, the timers and close the log.
}
