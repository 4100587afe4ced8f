// The CodeLens above each request (send as the chosen profile, send as…, every role, cURL, or
// "trust this workspace"), planned by lensPlan.ts from the stored parse. The permission hint is
// not one of them: it follows the request line (hintDecorations.ts).
// They change when the profiles, the settings, the environment files or the workspace trust do.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { ProfilesModel } from '../profilesModel';
import { sendCandidates } from './candidatePicker';
import type { HttpDocumentStore } from './documentStore';
import { remadeLenses, requestLenses, type LensAction, type LensPlan, type MadeLenses } from './lensPlan';
import { isTrusted } from './workspaceTrust';

const LENS_COMMANDS: Record<Exclude<LensAction, 'trust'>, string> = {
  send: COMMANDS.sendRequest,
  sendAs: COMMANDS.sendRequestAs,
  sendAll: COMMANDS.sendAsEveryRole,
  copyCurl: COMMANDS.copyAsCurl,
};

/** A lens and what it was made from, to move it when lines come or go above it. */
type PlannedLens = vscode.CodeLens & { readonly plan: LensPlan };

export interface HttpLenses extends vscode.Disposable {
  readonly provider: vscode.CodeLensProvider;
  /** Asks VS Code for the lenses again. */
  refresh(): void;
}

export function createLenses(model: ProfilesModel, store: HttpDocumentStore): HttpLenses {
  const changed = new vscode.EventEmitter<void>();
  // Per document, the lenses last made: a keystroke makes those of the request it changed.
  // Valid while the profiles, the active one and the trust are what `key` says.
  const made = new Map<string, { readonly key: string; readonly lenses: MadeLenses<PlannedLens> }>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const context = { trusted: isTrusted(), candidates: sendCandidates(model), ...(model.activeId ? { activeId: model.activeId } : {})};
      const key = JSON.stringify([context.trusted, context.candidates, context.activeId]);
      const uri = document.uri;
      const previous = made.get(uri.toString());
      const lensOf = (plan: LensPlan): PlannedLens => Object.assign(codeLens(plan, uri), { plan });
      const lenses = remadeLenses(
        previous?.key === key ? previous.lenses : undefined,
        store.parsed(document).requests,
        (request) => requestLenses(request, context).map(lensOf),
        (lens, lines) => lensOf({ ...lens.plan, line: lens.plan.line + lines }),
      );
      made.set(uri.toString(), { key, lenses });
      return lenses.items;
    },
  };
  const subscriptions = [
    changed,
    model.onDidChange(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidCloseTextDocument((document) => made.delete(document.uri.toString())),
  ];
  return {
    provider,
    refresh: () => changed.fire(),
    dispose: () => subscriptions.forEach((subscription) => subscription.dispose()),
  };
}

function codeLens(plan: LensPlan, uri: vscode.Uri): vscode.CodeLens {
  const range = new vscode.Range(plan.line, 0, plan.line, 0);
  const tooltip = plan.tooltip === undefined ? {} : { tooltip: plan.tooltip };
  if (plan.action === 'trust') return new vscode.CodeLens(range, { title: plan.title, command: 'workbench.trust.manage', ...tooltip });
  return new vscode.CodeLens(range, { title: plan.title, command: LENS_COMMANDS[plan.action], arguments: [uri, plan.line], ...tooltip });
}
