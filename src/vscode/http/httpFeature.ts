// .http files: builds the CodeLens, the diagnostics, the fallback highlighting and the commands (Send
// Request, Send Request As…, Send As Every Role, Copy as cURL, Import cURL) and the Test Explorer's
// controller of the files' checks, registers them, and re-checks documents when profiles,
// settings, environment files or the workspace trust change. Responses go to the response view.
import * as vscode from 'vscode';
import type { Connections } from '../../core/net/connections';
import { createHistory, createHistoryFeature } from '../history/historyFeature';
import type { HistoryCommandId } from '../history/historyCommands';
import { COMMANDS } from '../ids';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import { onDidChangeSettings } from '../settings';
import { showUserError } from '../userErrors';
import { chosenOrPicked, pickCandidate } from './candidatePicker';
import { copyAsCurl, importCurl } from './curlCommands';
import { createDiagnostics } from './diagnostics';
import { HTTP_SELECTOR } from './documentSelector';
import type { HttpDocumentStore } from './documentStore';
import { sendAsEveryRole } from './everyRole';
import { createFallbackLanguageSupport } from './fallbackLanguageSupport';
import { ENVIRONMENT_FILES_GLOB } from './httpEnvironment';
import { createHttpEnvironmentChoice, type HttpEnvironmentChoice } from './httpEnvironmentChoice';
import { selectHttpEnvironment } from './httpEnvironmentPicker';
import { createHttpEnvironmentStatusBar } from './httpEnvironmentStatusBar';
import type { HttpServices } from './httpServices';
import { createHintDecorations } from './hintDecorations';
import { createLenses } from './lenses';
import { createEditorPrompts } from './prompts';
import { createRequestProgress } from './requestProgress';
import { createResponseView } from './responseView';
import { createSendContexts } from './sendContext';
import { sendAs } from './sending';
import { createHttpTestController } from '../testing/testController';
import { resolveTarget } from './target';

type Handler = (...args: unknown[]) => Promise<void>;

export interface HttpFeature {
  readonly commands: Record<
    | typeof COMMANDS.sendRequest
    | typeof COMMANDS.sendRequestAs
    | typeof COMMANDS.sendAsEveryRole
    | typeof COMMANDS.copyAsCurl
    | typeof COMMANDS.importCurl
    | typeof COMMANDS.selectHttpEnvironment
    | typeof COMMANDS.cancelRequests
    | HistoryCommandId,
    Handler
  >;
  /** The .http variable environment in use (the peers' sharing reads it too). */
  readonly environment: HttpEnvironmentChoice;
  /** The Test Explorer's controller of .http checks (the integration tests inspect it). */
  readonly tests: vscode.TestController;
}

export function createHttpFeature(
  context: vscode.ExtensionContext,
  model: ProfilesModel,
  log: Log,
  store: HttpDocumentStore,
  connections: Connections,
): HttpFeature {
  const view = createResponseView(context, (error) => {
    log.error(`response view: ${error instanceof Error ? error.message : String(error)}`);
    void showUserError(vscode, error);
  });
  const history = createHistory(context, log);
  const environment = createHttpEnvironmentChoice(context.workspaceState);
  const progress = createRequestProgress();
  const services: HttpServices = { model, log, view, store, contexts: createSendContexts(model, connections, () => environment.current()), prompts: createEditorPrompts(), history: history.recorder, progress };
  const historyHandlers = createHistoryFeature(context, services, history);
  const lenses = createLenses(model, store);
  const hints = createHintDecorations(model, store);
  const diagnostics = createDiagnostics(store, log);
  const refreshAll = (): void => {
    lenses.refresh();
    hints.refresh();
    diagnostics.refreshAll();
  };
  const envWatcher = vscode.workspace.createFileSystemWatcher(ENVIRONMENT_FILES_GLOB);
  const tests = createHttpTestController(services);
  context.subscriptions.push(
    view,
    lenses,
    hints,
    diagnostics,
    envWatcher,
    envWatcher.onDidChange(refreshAll),
    envWatcher.onDidCreate(refreshAll),
    envWatcher.onDidDelete(refreshAll),
    vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, lenses.provider),
    createFallbackLanguageSupport(store, context.extension.id),
    onDidChangeSettings(refreshAll),
    environment,
    progress,
    environment.onDidChange(refreshAll),
    createHttpEnvironmentStatusBar(environment),
    vscode.workspace.onDidCloseTextDocument((document) => services.contexts.forget(document.uri)),
    tests,
  );

  return {
    tests: tests.controller,
    environment,
    commands: {
      [COMMANDS.sendRequest]: async (...args) => {
        const target = await resolveTarget(store, args);
        const candidate = await chosenOrPicked(model, target.request);
        if (candidate) await sendAs(services, target, candidate);
      },
      [COMMANDS.sendRequestAs]: async (...args) => {
        const target = await resolveTarget(store, args);
        const candidate = await pickCandidate(model, 'Send Request As…');
        if (candidate) await sendAs(services, target, candidate);
      },
      [COMMANDS.sendAsEveryRole]: async (...args) => sendAsEveryRole(services, await resolveTarget(store, args)),
      [COMMANDS.copyAsCurl]: async (...args) => copyAsCurl(services, await resolveTarget(store, args)),
      [COMMANDS.importCurl]: async () => importCurl(),
      [COMMANDS.selectHttpEnvironment]: async () => selectHttpEnvironment(environment),
      [COMMANDS.cancelRequests]: async () => progress.cancelAll(),
      ...historyHandlers,
    },
  };
}
