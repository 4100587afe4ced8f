// Send As Every Role: one request as every role profile of the environment, at most four at a
// time, shown as a role × status matrix (with `# @expect` results and permission hints).
import { checksOfRun, hasChecks, type CheckResult } from '../../core/http/checks';
import { runMatrix, type RoleRunResult } from '../../core/http/matrix';
import type { ParsedRequest } from '../../core/http/model';
import type { HttpResponse } from '../../core/http/response';
import { PromptCancelledError } from '../../core/http/prompts';
import { sendRequest, textResolver } from '../../core/http/sender';
import { UserFacingError } from '../userErrors';
import { sendCandidates } from './candidatePicker';
import { chosenCandidate, matrixCandidates, type SendCandidate } from './candidates';
import { everyRoleCredentials } from './everyRoleSignIn';
import type { HttpServices } from './httpServices';
import type { ProfilesModel } from '../profilesModel';
import { hintFor } from './roleHint';
import { confirmProduction } from './sending';
import { refreshedTarget, type Target } from './target';
import { requireTrust } from './workspaceTrust';

export const MATRIX_CONCURRENCY = 4;

/** The role profiles a request goes out as: every one of the environment its own profile is in. */
export function everyRoleProfiles(model: ProfilesModel, request: ParsedRequest): SendCandidate[] {
  const all = sendCandidates(model);
  const choice = chosenCandidate(request, all, model.activeId);
  const environmentId = 'candidate' in choice ? choice.candidate.environmentId : all.find((candidate) => candidate.id === model.activeId)?.environmentId;
  const profiles = matrixCandidates(all, environmentId);
  if (profiles.length === 0) throw new UserFacingError('No role profiles in the active environment: add profiles (or the documented sandbox users) first.');
  return profiles;
}

/** Each profile's checks: against its response, errored when none came, none when it was not sent or nothing is checked. */
export function matrixChecks(
  request: ParsedRequest,
  profiles: readonly SendCandidate[],
  cells: readonly RoleRunResult[],
  responses: readonly (HttpResponse | undefined)[],
  resolvers: readonly (((text: string) => string) | undefined)[],
): (CheckResult[] | undefined)[] | undefined {
  if (!hasChecks(request)) return undefined;
  return profiles.map((profile, index) => {
    const response = responses[index];
    const error = cells[index]?.error;
    if (response) return checksOfRun(request, profile, { response }, resolvers[index]);
    return error === undefined ? undefined : checksOfRun(request, profile, { error });
  });
}

export async function sendAsEveryRole(services: HttpServices, target: Target): Promise<void> {
  const { model, log, view, store, contexts, progress } = services;
  const profiles = everyRoleProfiles(model, target.request);
  requireTrust();
  const first = profiles[0] as SendCandidate;
  if (!(await confirmProduction(model, target.request, first))) return;
  const credentials = await everyRoleCredentials(model, log, profiles);
  if (!credentials) return;
  const responses: (HttpResponse | undefined)[] = new Array(profiles.length);
  const resolvers: ((text: string) => string)[] = new Array(profiles.length);
  // One action: each prompt is asked once for every role; dismissing one ends the run quietly.
  const prompter = services.prompts();
  let dismissed = false;
  const cells = await progress.run(`${target.request.method} as ${profiles.length} profiles…`, (signal) =>
    runMatrix(
      profiles,
      async (profile) => {
        const credential = await credentials.credentialFor(profile);
        const context = await contexts.contextFor(target, profile, credential, signal);
        // Each profile its own chain: chained requests run with that profile's credential.
        const own = { ...context, chain: new Map<string, HttpResponse>(), prompter };
        const response = await sendRequest(target.request, own).catch((error: unknown) => {
          dismissed ||= error instanceof PromptCancelledError;
          throw error;
        });
        responses[profiles.indexOf(profile)] = response;
        services.history.record({ target, candidate: profile, response, credential, everyRole: true });
        resolvers[profiles.indexOf(profile)] = textResolver(own);
        return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
      },
      { ...(target.request.annotations.expect ? { expect: target.request.annotations.expect } : {}), concurrency: MATRIX_CONCURRENCY },
    ),
  );
  if (dismissed) return;
  log.info(`Every role: ${target.request.method} ${target.request.url}: ${cells.map((cell) => `${cell.role || cell.profile}=${cell.status ?? 'error'}`).join(' ')}`);
  const checks = matrixChecks(target.request, profiles, cells, responses, resolvers);
  view.showMatrix({
    request: { method: target.request.method, url: target.request.url },
    cells,
    responses,
    ...(checks ? { checks } : {}),
    hints: profiles.map((profile) => hintFor(target.request, profile.role)),
    notSent: credentials.notSent,
    resend: async () => sendAsEveryRole(services, await refreshedTarget(store, target)),
  });
}
