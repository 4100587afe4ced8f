// .http files: CodeLens (from the pure parser), diagnostics (parse problems and undefined
// variables, debounced), and the commands Send Request, Send Request As…, Send As Every Role,
// Copy as cURL and Import cURL. Responses go to the response view.
//
// Workspace trust: in an untrusted workspace no credential is ever injected (credential `none`),
// `{{$processEnv}}` and `{{$dotenv}}` read nothing, and the CodeLens offers to trust the workspace
// instead of sending as a profile.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Environment } from '../../core/fincode/environments';
import { SignInRequiredError } from '../../core/fincode/errors';
import { toCurl, fromCurl } from '../../core/http/curl';
import { environmentVariables, loadEnvironmentFiles, mergeEnvironmentFiles } from '../../core/http/envFiles';
import { runMatrix } from '../../core/http/matrix';
import type { ParsedFile, ParsedRequest } from '../../core/http/model';
import { parseHttpFile, requestAtLine } from '../../core/http/parser';
import { permissionHint } from '../../core/http/permissionHint';
import type { HttpResponse } from '../../core/http/response';
import { prepareRequest, sendRequest, type CredentialSource, type SendContext, type SendSettings } from '../../core/http/sender';
import { DEMO_ENDPOINTS, demoAccess } from '../../sandbox/server';
import { COMMANDS } from '../ids';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import { onDidChangeSettings, readEnvironmentVariables, readHttpSettings, readSettings } from '../settings';
import { UserFacingError, userMessage } from '../userErrors.pure';
import { candidateLabel, chosenCandidate, isSendable, matrixCandidates, needsProductionConfirmation, planLenses, unresolvedVariables, type LensAction, type SendCandidate } from './lenses.pure';
import { createResponseView, type ResponseView } from './responseView';

export const HTTP_LANGUAGE_ID = 'http';

const UNTRUSTED_SEND = 'Restricted Mode: FinCode sends no request from an untrusted workspace, whose files could point it at any server. Trust the workspace to send (Workspaces: Manage Workspace Trust).';
const DIAGNOSTIC_DELAY_MS = 300;
const MATRIX_CONCURRENCY = 4;

type Handler = (...args: unknown[]) => Promise<void>;

export interface HttpFeature {
  readonly commands: Record<
    typeof COMMANDS.sendRequest | typeof COMMANDS.sendRequestAs | typeof COMMANDS.sendAsEveryRole | typeof COMMANDS.copyAsCurl | typeof COMMANDS.importCurl,
    Handler
  >;
}

/** Where a command was invoked: a CodeLens passes [uri, line]; the palette uses the active editor's cursor. */
interface Target {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly file: ParsedFile;
  readonly request: ParsedRequest;
}

/** The hint for a documented endpoint (the sandbox's demo endpoints today). */
export function hintFor(request: ParsedRequest, role: string): string | undefined {
  return permissionHint(DEMO_ENDPOINTS, demoAccess, request.method, request.url, role)?.text;
}

export function createHttpFeature(context: vscode.ExtensionContext, model: ProfilesModel, log: Log): HttpFeature {
  const view: ResponseView = createResponseView(context, (error) => {
    log.error(`response view: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(userMessage(error));
  });
  const diagnostics = vscode.languages.createDiagnosticCollection('fincode-http');
  const lensesChanged = new vscode.EventEmitter<void>();
  /** Named requests' last responses, per .http file, for `{{name.response…}}`. */
  const chains = new Map<string, Map<string, HttpResponse>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Environment variable names per folder, for the undefined-variable diagnostics. */
  const envNames = new Map<string, Set<string>>();

  // ------------------------------------------------------------------ profiles

  const candidates = (): SendCandidate[] => {
    const data = model.snapshot;
    return [
      ...data.profiles.map((profile) => ({ id: profile.id, name: profile.name, role: profile.role as string, environmentId: profile.environmentId })),
      ...data.apiTokens.map((token) => ({ id: token.id, name: token.label, role: '', environmentId: token.environmentId })),
    ];
  };

  const environmentLabel = (candidate: SendCandidate): string => model.environment(candidate.environmentId)?.label ?? '';

  const pickCandidate = async (title: string): Promise<SendCandidate | undefined> => {
    const all = candidates();
    if (all.length === 0) throw new UserFacingError('No FinCode profile yet: add one in the FinCode view first.');
    const picked = await vscode.window.showQuickPick(
      all.map((candidate) => ({
        label: candidateLabel(candidate),
        description: `${environmentLabel(candidate)}${candidate.id === model.activeId ? ' · active' : ''}`,
        candidate,
      })),
      { title, placeHolder: 'Send the request with the credential of…' },
    );
    return picked?.candidate;
  };

  const chosen = async (request: ParsedRequest): Promise<SendCandidate | undefined> => {
    const choice = chosenCandidate(request, candidates(), model.activeId);
    if ('candidate' in choice) return choice.candidate;
    void vscode.window.showWarningMessage(choice.problem);
    return pickCandidate('Send Request As…');
  };

  // ------------------------------------------------------------------ sending

  const sendSettings = (): Partial<SendSettings> => {
    const settings = readSettings();
    const http = readHttpSettings();
    return {
      requiredHeaders: settings.requiredHeaders,
      authStyle: settings.authHeaderStyle,
      timeouts: settings.timeouts,
      maxResponseBytes: http.maxResponseBytes,
      followRedirects: http.followRedirects,
    };
  };

  const folders = (uri: vscode.Uri): { dir?: string; root?: string } => {
    if (uri.scheme !== 'file') return { root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
    return { dir: dirname(uri.fsPath), root: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath };
  };

  const loadEnvironment = async (uri: vscode.Uri) => {
    const { dir, root } = folders(uri);
    const layers = await Promise.all([root, dir === root ? undefined : dir].filter((path): path is string => path !== undefined).map((path) => loadEnvironmentFiles(path)));
    return mergeEnvironmentFiles(readEnvironmentVariables(uri), ...layers);
  };

  const credentialFor = async (candidate: SendCandidate, signInIfStored: boolean): Promise<CredentialSource> => {
    if (!vscode.workspace.isTrusted) return { kind: 'none' };
    const credential = await model.credentialFor(candidate.id);
    if (!signInIfStored || credential.kind !== 'session') return credential;
    // Every role at once: a signed-out profile whose password is in the keyring signs in first.
    try {
      await credential.session.getAccessToken();
    } catch (error) {
      if (!(error instanceof SignInRequiredError)) throw error;
      // As the core's sign-in policy rules: a refused stored password is not tried again, a lockout not retried.
      if (!(await model.signInWithStoredPassword(candidate.id, { automatic: true }))) throw error;
      model.setProblem(candidate.id, undefined);
      log.info(`Signed in ${candidate.name} (${candidate.role}) for "Send As Every Role".`);
    }
    return model.credentialFor(candidate.id);
  };

  /** `known`: an environment already resolved (Copy as cURL does not start the local sandbox). */
  const contextFor = async (target: Target, candidate: SendCandidate, credential: CredentialSource, signal?: AbortSignal, known?: Environment): Promise<SendContext> => {
    const environment = known ?? (await model.ensureReachable(candidate.environmentId));
    const envFile = await loadEnvironment(target.uri);
    const { root } = folders(target.uri);
    const trusted = vscode.workspace.isTrusted;
    let chain = chains.get(target.uri.toString());
    if (!chain) chains.set(target.uri.toString(), (chain = new Map()));
    return {
      environment,
      credential,
      fileVariables: target.file.variables,
      fileRequests: target.file.requests,
      environmentVariables: environmentVariables(envFile, readHttpSettings().environment),
      ...(target.uri.scheme === 'file' ? { httpFilePath: target.uri.fsPath } : {}),
      ...(root === undefined ? {} : { workspaceRoot: root }),
      settings: sendSettings(),
      ...(signal ? { signal } : {}),
      chain,
      ...(trusted ? {} : { processEnv: {}, dotenv: () => undefined }),
    };
  };

  /** A write to production asks first (fincode.confirmProductionWrites). */
  const confirmProduction = async (request: ParsedRequest, candidate: SendCandidate): Promise<boolean> => {
    const method = request.method.toUpperCase();
    const environment = model.environmentFor(candidate.id);
    if (!environment || !needsProductionConfirmation(method, environment.kind, readHttpSettings().confirmProductionWrites)) return true;
    const answer = await vscode.window.showWarningMessage(
      `Send ${method} ${request.url} to PRODUCTION (${environment.label}) as ${candidateLabel(candidate)}?`,
      { modal: true, detail: 'This request may change real data. Turn off fincode.confirmProductionWrites to stop asking.' },
      'Send',
    );
    return answer === 'Send';
  };

  const isSignedOut = (profile: SendCandidate): boolean => model.profile(profile.id) !== undefined && model.tokenState(profile.id).kind === 'signed-out';

  /**
   * "Send as every role" signs signed-out profiles in with their stored passwords. Outside the
   * local sandbox it asks first: each sign-in is a real login, and a stale stored password counts
   * towards the account's lockout. Undefined: the user cancelled.
   */
  const confirmSignIns = async (profiles: readonly SendCandidate[]): Promise<boolean | undefined> => {
    const signedOut = profiles.filter(isSignedOut);
    if (signedOut.length === 0 || signedOut.every((profile) => model.environment(profile.environmentId)?.local)) return true;
    const signIn = 'Sign In and Send';
    const without = 'Send Without Them';
    const answer = await vscode.window.showWarningMessage(
      `${signedOut.length} profile${signedOut.length === 1 ? ' is' : 's are'} signed out: ${signedOut.map(candidateLabel).join(', ')}. Sign ${signedOut.length === 1 ? 'it' : 'them'} in with the stored password${signedOut.length === 1 ? '' : 's'}?`,
      { modal: true, detail: 'Each sign-in is a real login: a wrong stored password counts towards locking the account. "Send Without Them" shows those roles as signed out.' },
      signIn,
      without,
    );
    return answer === undefined ? undefined : answer === signIn;
  };

  const withCancel = <T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal).finally(() => subscription.dispose());
    });

  const sendAs = async (target: Target, candidate: SendCandidate): Promise<void> => {
    // An untrusted workspace's files (env files, settings) may point {{baseUrl}} anywhere: nothing is sent.
    if (!vscode.workspace.isTrusted) throw new UserFacingError(UNTRUSTED_SEND);
    if (!(await confirmProduction(target.request, candidate))) return;
    const who = candidateLabel(candidate);
    const response = await withCancel(`FinCode: ${target.request.method} as ${who}…`, async (signal) => {
      const credential = await credentialFor(candidate, false);
      return sendRequest(target.request, await contextFor(target, candidate, credential, signal));
    });
    log.info(`${response.method} ${response.requestUrl} as ${who}: ${response.status} in ${Math.round(response.timings.totalMs)} ms`);
    view.showResponse({
      response,
      sentAs: who,
      resend: async () => sendAs(await refreshed(target), candidate),
    });
  };

  const sendAll = async (target: Target): Promise<void> => {
    const all = candidates();
    const choice = chosenCandidate(target.request, all, model.activeId);
    const environmentId = 'candidate' in choice ? choice.candidate.environmentId : all.find((candidate) => candidate.id === model.activeId)?.environmentId;
    const profiles = matrixCandidates(all, environmentId);
    if (profiles.length === 0) throw new UserFacingError('No role profiles in the active environment: add profiles (or the documented sandbox users) first.');
    if (!vscode.workspace.isTrusted) throw new UserFacingError(UNTRUSTED_SEND);
    const first = profiles[0] as SendCandidate;
    if (!(await confirmProduction(target.request, first))) return;
    const signIn = await confirmSignIns(profiles);
    if (signIn === undefined) return;
    // "Send Without Them": the matrix says those roles stayed signed out (nothing is sent as them).
    const notSent = profiles.map((profile) => !signIn && isSignedOut(profile));
    const responses: (HttpResponse | undefined)[] = new Array(profiles.length);
    const cells = await withCancel(`FinCode: ${target.request.method} as ${profiles.length} profiles…`, (signal) =>
      runMatrix(
        profiles,
        async (profile) => {
          const credential = await credentialFor(profile, signIn);
          const context = await contextFor(target, profile, credential, signal);
          // Each profile its own chain: chained requests run with that profile's credential.
          const response = await sendRequest(target.request, { ...context, chain: new Map() });
          responses[profiles.indexOf(profile)] = response;
          return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
        },
        { ...(target.request.annotations.expect ? { expect: target.request.annotations.expect } : {}), concurrency: MATRIX_CONCURRENCY },
      ),
    );
    log.info(`Every role: ${target.request.method} ${target.request.url}: ${cells.map((cell) => `${cell.role || cell.profile}=${cell.status ?? 'error'}`).join(' ')}`);
    view.showMatrix({
      request: { method: target.request.method, url: target.request.url },
      cells,
      responses,
      hints: profiles.map((profile) => hintFor(target.request, profile.role)),
      notSent,
      resend: async () => sendAll(await refreshed(target)),
    });
  };

  // ------------------------------------------------------------------ targets

  const targetAt = async (uri: vscode.Uri, line: number): Promise<Target> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const file = parseHttpFile(document.getText());
    const request = requestAtLine(file, line) ?? nearestBefore(file, line);
    if (!request) throw new UserFacingError('No request here: put the cursor inside a request (METHOD URL) of the .http file.');
    if (!isSendable(request.method)) throw new UserFacingError(`${request.method} requests cannot be sent from FinCode (GraphQL: POST with X-REQUEST-TYPE: GraphQL).`);
    return { uri, document, file, request };
  };

  /** After an edit the request line may have moved: find it again by its index. */
  const refreshed = async (target: Target): Promise<Target> => {
    const document = await vscode.workspace.openTextDocument(target.uri);
    const file = parseHttpFile(document.getText());
    const request = file.requests[target.request.index];
    return request && isSendable(request.method) ? { uri: target.uri, document, file, request } : target;
  };

  const resolveTarget = async (args: unknown[]): Promise<Target> => {
    const [uri, line] = args;
    if (uri instanceof vscode.Uri && typeof line === 'number') return targetAt(uri, line);
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserFacingError('Open a .http file and put the cursor inside a request.');
    return targetAt(editor.document.uri, editor.selection.active.line);
  };

  // ------------------------------------------------------------------ cURL

  const copyAsCurl = async (target: Target): Promise<void> => {
    const candidate = candidates().length ? await chosen(target.request) : undefined;
    const trusted = vscode.workspace.isTrusted;
    const environment = candidate ? model.environmentFor(candidate.id) : undefined;
    if (!candidate || !environment) throw new UserFacingError('Choose a FinCode profile first: {{baseUrl}} and the FinCode headers come from its environment.');
    const prepare = async (credential: CredentialSource) => prepareRequest(target.request, await contextFor(target, candidate, credential, undefined, environment));
    // A placeholder credential: the command shows where the token goes without reading it.
    const placeholder: CredentialSource = trusted ? { kind: 'apiToken', token: 'placeholder' } : { kind: 'none' };
    const command = toCurl(await prepare(placeholder));
    await vscode.env.clipboard.writeText(command);
    if (!trusted) {
      void vscode.window.showInformationMessage('cURL command copied (untrusted workspace: without credentials).');
      return;
    }
    const include = await vscode.window.showInformationMessage('cURL command copied; the token is the shell variable $FINCODE_TOKEN.', 'Include Credentials…');
    if (include !== 'Include Credentials…') return;
    const confirm = await vscode.window.showWarningMessage(
      `Copy the command WITH the access token of ${candidateLabel(candidate)}?`,
      { modal: true, detail: 'Anyone who sees the clipboard, a terminal history or a chat you paste it into can act as this user until the token expires.' },
      'Include Credentials',
    );
    if (confirm !== 'Include Credentials') return;
    await vscode.env.clipboard.writeText(toCurl(await prepare(await credentialFor(candidate, false)), { includeCredentials: true }));
    void vscode.window.setStatusBarMessage('FinCode: cURL command with credentials copied', 4000);
  };

  const importCurl = async (): Promise<void> => {
    const clipboard = (await vscode.env.clipboard.readText()).trim();
    const input = /^curl\s/.test(clipboard)
      ? clipboard
      : await vscode.window.showInputBox({ title: 'Import cURL', prompt: 'Paste a curl command', placeHolder: "curl 'https://…' -H 'platform: fincode'", ignoreFocusOut: true });
    if (!input) return;
    const imported = fromCurl(input);
    if (!imported.httpText) throw new UserFacingError(`Nothing to import: ${imported.warnings.join('; ') || 'no curl command found.'}`);
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.languageId === HTTP_LANGUAGE_ID) {
      // Its own block: a separator before it (unless at the top) and after it (unless one follows).
      const position = editor.selection.active;
      const document = editor.document;
      const before = document.getText(new vscode.Range(new vscode.Position(0, 0), position)).trim();
      const after = document.getText(new vscode.Range(position, document.lineAt(document.lineCount - 1).range.end)).trim();
      const text = `${before ? '\n###\n' : ''}${imported.httpText.replace(/\n*$/, '\n')}${after && !after.startsWith('###') ? '\n###\n' : ''}`;
      await editor.edit((edit) => edit.insert(position, text));
    } else {
      const document = await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE_ID, content: imported.httpText });
      await vscode.window.showTextDocument(document);
    }
    if (imported.warnings.length) void vscode.window.showWarningMessage(`Imported with warnings: ${imported.warnings.join('; ')}`);
  };

  // ------------------------------------------------------------------ CodeLens

  const LENS_COMMANDS: Record<Exclude<LensAction, 'trust' | 'hint'>, string> = {
    send: COMMANDS.sendRequest,
    sendAs: COMMANDS.sendRequestAs,
    sendAll: COMMANDS.sendAsEveryRole,
    copyCurl: COMMANDS.copyAsCurl,
  };

  const lensProvider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses(document) {
      const file = parseHttpFile(document.getText());
      const plans = planLenses(file, { trusted: vscode.workspace.isTrusted, candidates: candidates(), ...(model.activeId ? { activeId: model.activeId } : {}), hint: hintFor });
      return plans.map((plan) => {
        const range = new vscode.Range(plan.line, 0, plan.line, 0);
        const tooltip = plan.tooltip === undefined ? {} : { tooltip: plan.tooltip };
        if (plan.action === 'trust') return new vscode.CodeLens(range, { title: plan.title, command: 'workbench.trust.manage', ...tooltip });
        if (plan.action === 'hint') return new vscode.CodeLens(range, { title: plan.title, command: '', ...tooltip });
        return new vscode.CodeLens(range, { title: plan.title, command: LENS_COMMANDS[plan.action], arguments: [document.uri, plan.line], ...tooltip });
      });
    },
  };

  // ------------------------------------------------------------------ diagnostics

  const environmentNamesFor = async (uri: vscode.Uri): Promise<Set<string>> => {
    const key = folders(uri).dir ?? folders(uri).root ?? '';
    const cached = envNames.get(key);
    if (cached) return cached;
    const file = await loadEnvironment(uri);
    const names = new Set([...Object.keys(file.shared), ...Object.values(file.environments).flatMap((variables) => Object.keys(variables))]);
    envNames.set(key, names);
    return names;
  };

  const updateDiagnostics = async (document: vscode.TextDocument): Promise<void> => {
    if (document.languageId !== HTTP_LANGUAGE_ID) return;
    const text = document.getText();
    const file = parseHttpFile(text);
    const names = await environmentNamesFor(document.uri).catch(() => new Set<string>());
    const found = [...file.diagnostics, ...unresolvedVariables(text, file, names)].map((problem) => {
      const range = new vscode.Range(problem.line, problem.column, problem.line, problem.endColumn ?? problem.column + 1);
      const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
      const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
      diagnostic.source = 'FinCode';
      return diagnostic;
    });
    if (!document.isClosed) diagnostics.set(document.uri, found);
  };

  const schedule = (document: vscode.TextDocument) => {
    if (document.languageId !== HTTP_LANGUAGE_ID) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        updateDiagnostics(document).catch((error) => log.warn(`diagnostics: ${String(error)}`));
      }, DIAGNOSTIC_DELAY_MS),
    );
  };

  const refreshAll = () => {
    lensesChanged.fire();
    envNames.clear();
    for (const document of vscode.workspace.textDocuments) schedule(document);
  };

  const envWatcher = vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,.env,.env.*,*.env}');
  context.subscriptions.push(
    view,
    diagnostics,
    lensesChanged,
    envWatcher,
    envWatcher.onDidChange(refreshAll),
    envWatcher.onDidCreate(refreshAll),
    envWatcher.onDidDelete(refreshAll),
    vscode.languages.registerCodeLensProvider(['file', 'untitled'].map((scheme) => ({ language: HTTP_LANGUAGE_ID, scheme })), lensProvider),
    model.onDidChange(() => lensesChanged.fire()),
    onDidChangeSettings(() => refreshAll()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lensesChanged.fire()),
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.delete(document.uri);
      chains.delete(document.uri.toString());
      clearTimeout(timers.get(document.uri.toString()));
      timers.delete(document.uri.toString());
    }),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  );
  for (const document of vscode.workspace.textDocuments) schedule(document);

  return {
    commands: {
      [COMMANDS.sendRequest]: async (...args) => {
        const target = await resolveTarget(args);
        const candidate = await chosen(target.request);
        if (candidate) await sendAs(target, candidate);
      },
      [COMMANDS.sendRequestAs]: async (...args) => {
        const target = await resolveTarget(args);
        const candidate = await pickCandidate('Send Request As…');
        if (candidate) await sendAs(target, candidate);
      },
      [COMMANDS.sendAsEveryRole]: async (...args) => sendAll(await resolveTarget(args)),
      [COMMANDS.copyAsCurl]: async (...args) => copyAsCurl(await resolveTarget(args)),
      [COMMANDS.importCurl]: async () => importCurl(),
    },
  };
}

/** On a blank line between requests, the request above. */
function nearestBefore(file: ParsedFile, line: number): ParsedRequest | undefined {
  let found: ParsedRequest | undefined;
  for (const request of file.requests) if (request.range.start <= line) found = request;
  return found;
}
