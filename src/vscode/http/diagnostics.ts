// Problems in .http documents: the parser's diagnostics and `{{name}}` references nothing
// defines (file variables, environment files, settings), 300 ms after the last change.
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/http/model';
import { unresolvedReferences } from '../../core/http/undefinedVariables';
import type { Log } from '../log';
import type { HttpDocumentStore } from './documentStore';
import { isHttpDocument } from './documentSelector';
import { folders, loadEnvironment } from './httpEnvironment';
import { keyedDebounce } from '../keyedDebounce';

const DIAGNOSTIC_DELAY_MS = 300;

export interface HttpDiagnostics extends vscode.Disposable {
  /** The documents' diagnostics now (no delay): what the timer runs. */
  update(document: vscode.TextDocument): Promise<void>;
  /** Environment files or settings changed: names are read again and every open document rechecked. */
  refreshAll(): void;
}

export function createDiagnostics(store: HttpDocumentStore, log: Log): HttpDiagnostics {
  const collection = vscode.languages.createDiagnosticCollection('fincode-http');
  const pending = keyedDebounce(DIAGNOSTIC_DELAY_MS);
  /** Environment variable names per folder. */
  const envNames = new Map<string, Set<string>>();

  const environmentNamesFor = async (uri: vscode.Uri): Promise<Set<string>> => {
    const key = folders(uri).dir ?? folders(uri).root ?? '';
    const cached = envNames.get(key);
    if (cached) return cached;
    const file = await loadEnvironment(uri);
    const names = new Set([...Object.keys(file.shared), ...Object.values(file.environments).flatMap((variables) => Object.keys(variables))]);
    envNames.set(key, names);
    return names;
  };

  const update = async (document: vscode.TextDocument): Promise<void> => {
    if (!isHttpDocument(document)) return;
    const file = store.parsed(document);
    const references = store.references(document);
    const names = await environmentNamesFor(document.uri).catch(() => new Set<string>());
    const found = [...file.diagnostics, ...unresolvedReferences(references, file, names)].map(toVscode);
    if (!document.isClosed) collection.set(document.uri, found);
  };

  const schedule = (document: vscode.TextDocument): void => {
    if (!isHttpDocument(document)) return;
    pending.run(document.uri.toString(), () => update(document).catch((error) => log.warn(`diagnostics: ${String(error)}`)));
  };

  const forget = (document: vscode.TextDocument): void => {
    collection.delete(document.uri);
    pending.cancel(document.uri.toString());
  };

  const subscriptions = [
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument(forget),
  ];
  for (const document of vscode.workspace.textDocuments) schedule(document);
  return {
    update,
    refreshAll() {
      envNames.clear();
      for (const document of vscode.workspace.textDocuments) schedule(document);
    },
    dispose() {
      pending.dispose();
      subscriptions.forEach((subscription) => subscription.dispose());
    },
  };
}

function toVscode(problem: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(problem.line, problem.column, problem.line, problem.endColumn ?? problem.column + 1);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'FinCode';
  return diagnostic;
}
