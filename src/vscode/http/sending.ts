// Send Request and Send Request As…: one request as one profile, after the production question,
// with its progress in the status bar (cancellable there); the response goes to the response view
// (and to the files its `>>` lines name). A dismissed prompt ends the send quietly.
import * as vscode from 'vscode';
import { checksOfRun, hasChecks } from '../../core/http/checks';
import type { ParsedRequest } from '../../core/http/model';
import { needsProductionConfirmation } from '../../core/http/productionWrites';
import { sendRequest, textResolver } from '../../core/http/sender';
import type { ProfilesModel } from '../profilesModel';
import { readHttpSettings } from '../settings';
import { candidateLabel, type SendCandidate } from './candidates';
import { unlessDismissed } from './prompts';
import { saveWhereTheFileSays } from './responseSaving';
import type { HttpServices } from './httpServices';
import { refreshedTarget, type Target } from './target';
import { requireTrust, trustedCredential } from './workspaceTrust';

export async function sendAs(services: HttpServices, target: Target, candidate: SendCandidate): Promise<void> {
  const { model, log, view, store, contexts, progress } = services;
  requireTrust();
  if (!(await confirmProduction(model, target.request, candidate))) return;
  const who = candidateLabel(candidate);
  const prompter = services.prompts();
  const sent = await unlessDismissed(
    progress.run(`${target.request.method} as ${who}…`, async (signal) => {
      const credential = await trustedCredential(model, candidate.id);
      const context = { ...(await contexts.contextFor(target, candidate, credential, signal)), prompter };
      return { response: await sendRequest(target.request, context), resolve: textResolver(context), credential };
    }),
  );
  if (!sent) return;
  const { response, resolve, credential } = sent;
  log.info(`${response.method} ${response.requestUrl} as ${who}: ${response.status} in ${Math.round(response.timings.totalMs)} ms`);
  view.showResponse({
    response,
    sentAs: who,
    ...(hasChecks(target.request) ? { checks: checksOfRun(target.request, candidate, { response }, resolve) } : {}),
    resend: async () => sendAs(services, await refreshedTarget(store, target), candidate),
  });
  services.history.record({ target, candidate, response, credential });
  await saveWhereTheFileSays(target, response, resolve);
}

/** A write to production asks first (fincode.confirmProductionWrites). */
export async function confirmProduction(model: ProfilesModel, request: ParsedRequest, candidate: SendCandidate): Promise<boolean> {
  const method = request.method.toUpperCase();
  const environment = model.environmentFor(candidate.id);
  if (!environment || !needsProductionConfirmation(method, environment.kind, readHttpSettings().confirmProductionWrites)) return true;
  const answer = await vscode.window.showWarningMessage(
    `Send ${method} ${request.url} to PRODUCTION (${environment.label}) as ${candidateLabel(candidate)}?`,
    { modal: true, detail: 'This request may change real data. Turn off fincode.confirmProductionWrites to stop asking.' },
    'Send',
  );
  return answer === 'Send';
}

