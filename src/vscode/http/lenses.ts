// The CodeLens above each request (send as the chosen profile, send as…, every role, cURL, the
// permission hint, or "trust this workspace"), planned by lensPlan.ts from the stored parse.
// They change when the profiles, the settings, the environment files or the workspace trust do.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { ProfilesModel } from '../profilesModel';
import { sendCandidates } from './candidatePicker';
import type { HttpDocumentStore } from './documentStore';
import { planLenses, type LensAction } from './lensPlan';
import { hintFor } from './roleHint';
import { isTrusted } from './workspaceTrust';

const LENS_COMMANDS: Record<Exclude<LensAction, 'trust' | 'hint'>, string> = {
  send: COMMANDS.sendRequest,
  sendAs: COMMANDS.sendRequestAs,
  sendAll: COMMANDS.sendAsEveryRole,
  copyCurl: COMMANDS.copyAsCurl,
};

export interface HttpLenses extends vscode.Disposable {
  readonly provider: vscode.CodeLensProvider;
  /** Asks VS Code for the lenses again. */
  refresh(): void;
}

export function createLenses(model: ProfilesModel, store: HttpDocumentStore): HttpLenses {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const plans = planLenses(store.parsed(document), { trusted: isTrusted(), candidates: sendCandidates(model), ...(model.activeId ? { activeId: model.activeId } : {}), hint: hintFor });
      return plans.map((plan) => {
        const range = new vscode.Range(plan.line, 0, plan.line, 0);
        const tooltip = plan.tooltip === undefined ? {} : { tooltip: plan.tooltip };
        if (plan.action === 'trust') return new vscode.CodeLens(range, { title: plan.title, command: 'workbench.trust.manage', ...tooltip });
        if (plan.action === 'hint') return new vscode.CodeLens(range, { title: plan.title, command: '', ...tooltip });
        return new vscode.CodeLens(range, { title: plan.title, command: LENS_COMMANDS[plan.action], arguments: [document.uri, plan.line], ...tooltip });
      });
    },
  };
  const subscriptions = [changed, model.onDidChange(() => changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire())];
  return {
    provider,
    refresh: () => changed.fire(),
    dispose: () => subscriptions.forEach((subscription) => subscription.dispose()),
  };
}
