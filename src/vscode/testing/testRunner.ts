// Running .http checks from the Test Explorer: each test that sends (a role of a request with
// `# @expect`, or a request without one, as its own profile or the active one) goes out with the
// same profiles, sessions and send context as "Send as every role"; signed-out profiles are asked
// for once per run, as that command asks; Restricted Mode sends nothing. What a request checks is
// planned and checked by core/http/checkRun.ts, as for `fincode-http test`. Requests go in file
// order (a role's named responses chain to its later requests), a request's roles at most four
// at a time; cancelling stops between requests and aborts those under way.
import * as vscode from 'vscode';
import { runFileChecks, type FileCheckRun } from '../../core/http/checkRun';
import type { CheckStatus } from '../../core/http/checks';
import type { ParsedRequest } from '../../core/http/model';
import type { HttpResponse } from '../../core/http/response';
import { sendRequest, textResolver, type SendContext } from '../../core/http/sender';
import { readHttpSettings, readSettings } from '../settings';
import { UserFacingError, userMessage } from '../userErrors';
import { sendCandidates } from '../http/candidatePicker';
import { candidateLabel, chosenCandidate, type SendCandidate } from '../http/candidates';
import { everyRoleProfiles, MATRIX_CONCURRENCY } from '../http/everyRole';
import { everyRoleCredentials, type EveryRoleCredentials } from '../http/everyRoleSignIn';
import type { HttpServices } from '../http/httpServices';
import { confirmProduction } from '../http/sending';
import type { Target } from '../http/target';
import { isTrusted, UNTRUSTED_SEND } from '../http/workspaceTrust';
import { outputLine, reportChecks, runSummary } from './runResults';
import { requestTests } from './testPlan';
import type { Leaf } from './testSelection';

interface Planned {
  readonly item: vscode.TestItem;
  readonly target: Target;
  readonly candidate: SendCandidate;
}

/** One request of a run: the tests that send it, each as its profile. */
type Group = readonly Planned[];

export interface RunState {
  readonly run: vscode.TestRun;
  readonly token: vscode.CancellationToken;
  readonly signal: AbortSignal;
  readonly services: HttpServices;
  /** Per profile, its named responses so far in this run (`{{login.response…}}`). */
  readonly chains: Map<string, Map<string, HttpResponse>>;
  /** Each sending test's result, as reported. */
  readonly statuses: CheckStatus[];
}

/** The profile a role test sends as: the environment's profile of that name, else of that role. */
function roleProfile(profiles: readonly SendCandidate[], role: string): SendCandidate | undefined {
  return profiles.find((profile) => profile.name === role) ?? profiles.find((profile) => profile.role.toUpperCase() === role.toUpperCase());
}

function candidateFor(services: HttpServices, leaf: Leaf, request: ParsedRequest): SendCandidate {
  const { model } = services;
  if (leaf.data.kind === 'role') {
    const found = roleProfile(everyRoleProfiles(model, request), leaf.data.role);
    if (!found) throw new UserFacingError(`No ${leaf.data.role} profile in the environment: add one (or the documented sandbox users) to run this test.`);
    return found;
  }
  const choice = chosenCandidate(request, sendCandidates(model), model.activeId);
  if ('problem' in choice) throw new UserFacingError(choice.problem);
  return choice.candidate;
}

async function plan(state: RunState, leaves: readonly Leaf[]): Promise<Planned[]> {
  const planned: Planned[] = [];
  const documents = new Map<string, vscode.TextDocument>();
  for (const leaf of leaves) {
    try {
      const key = leaf.data.uri.toString();
      const document = documents.get(key) ?? (await vscode.workspace.openTextDocument(leaf.data.uri));
      documents.set(key, document);
      const file = state.services.store.parsed(document);
      const test = requestTests(file).find((entry) => entry.key === leaf.data.key);
      const request = test && file.requests[test.index];
      if (!request) throw new UserFacingError('This request is no longer in the file.');
      planned.push({ item: leaf.item, target: { uri: leaf.data.uri, document, file, request }, candidate: candidateFor(state.services, leaf, request) });
    } catch (error) {
      state.run.errored(leaf.item, new vscode.TestMessage(userMessage(error)));
      state.statuses.push('errored');
    }
  }
  return planned;
}

/** The planned tests by request, in file order. */
function groups(planned: readonly Planned[]): Group[] {
  const byRequest = new Map<string, Planned[]>();
  const sorted = [...planned].sort((a, b) => a.target.uri.toString().localeCompare(b.target.uri.toString()) || a.target.request.index - b.target.request.index);
  for (const entry of sorted) {
    const key = `${entry.target.uri.toString()}#${entry.target.request.index}`;
    byRequest.set(key, [...(byRequest.get(key) ?? []), entry]);
  }
  return [...byRequest.values()];
}

const titleOf = (entry: Planned, status?: number): string =>
  `${entry.target.request.method} ${entry.target.request.url} as ${candidateLabel(entry.candidate)}${status === undefined ? '' : `: ${status}`}`;

/** The request's checks as each of the group's profiles, planned and checked by the core, sent here. */
function checkGroup(state: RunState, group: Group, credentials: EveryRoleCredentials, notSent: ReadonlySet<string>): Promise<FileCheckRun> {
  const { run, token, signal, services } = state;
  const first = group[0] as Planned;
  const contexts = new Map<string, SendContext>();
  const settings = readSettings();
  const prompter = services.prompts();
  return runFileChecks([first.target.request], {
    profiles: [...new Map(group.map((entry) => [entry.candidate.id, entry.candidate])).values()],
    concurrency: MATRIX_CONCURRENCY,
    bail: false,
    send: async (request, candidate) => {
      const profile = candidate as SendCandidate;
      if (token.isCancellationRequested || notSent.has(profile.id)) throw new UserFacingError('Not sent.');
      for (const entry of group) if (entry.candidate.id === profile.id) run.started(entry.item);
      const credential = await credentials.credentialFor(profile);
      const context = await services.contexts.contextFor(first.target, profile, credential, signal);
      let chain = state.chains.get(profile.id);
      if (!chain) state.chains.set(profile.id, (chain = new Map()));
      const own = { ...context, chain, prompter };
      contexts.set(profile.id, own);
      return sendRequest(request, own);
    },
    resolver: (candidate) => {
      const context = candidate && contexts.get(candidate.id);
      return context ? textResolver(context) : (text) => text;
    },
    describeError: userMessage,
    profilesSource: 'the environment',
    maxResponseBytes: readHttpSettings().maxResponseBytes,
    bodyTimeoutMs: settings.timeouts.bodyMs,
  });
}

async function runGroup(state: RunState, group: Group, credentials: EveryRoleCredentials, notSent: ReadonlySet<string>): Promise<void> {
  const { run, token, services } = state;
  const first = group[0] as Planned;
  const request = first.target.request;
  if (!(await confirmProduction(services.model, request, first.candidate))) {
    for (const entry of group) run.skipped(entry.item);
    run.appendOutput(outputLine(`– ${request.method} ${request.url}: not sent (a production write you did not confirm).`));
    return;
  }
  const { runs } = await checkGroup(state, group, credentials, notSent);
  // The core reports one run per profile, in the order given, before the roles no profile has.
  const profileIds = [...new Set(group.map((entry) => entry.candidate.id))];
  for (const entry of group) {
    const result = runs[profileIds.indexOf(entry.candidate.id)];
    if (!result || (result.status === undefined && (token.isCancellationRequested || notSent.has(entry.candidate.id)))) {
      run.skipped(entry.item);
      run.appendOutput(outputLine(`– ${titleOf(entry)}: ${token.isCancellationRequested ? 'cancelled' : 'signed out, not sent'}`), undefined, entry.item);
      continue;
    }
    const duration = result.status === undefined ? undefined : result.elapsedMs;
    state.statuses.push(reportChecks(run, entry.item, titleOf(entry, result.status), result.checks, duration));
  }
}

/** Sends every planned test; the run's output says what was not sent and why. */
export async function runLeaves(state: RunState, leaves: readonly Leaf[]): Promise<void> {
  const { run, token, services } = state;
  for (const leaf of leaves) run.enqueued(leaf.item);
  if (!isTrusted()) {
    run.appendOutput(outputLine(UNTRUSTED_SEND));
    for (const leaf of leaves) run.skipped(leaf.item);
    return;
  }
  const planned = await plan(state, leaves);
  const profiles = [...new Map(planned.map((entry) => [entry.candidate.id, entry.candidate])).values()];
  const credentials = profiles.length === 0 ? undefined : await everyRoleCredentials(services.model, services.log, profiles);
  if (!credentials) {
    if (profiles.length > 0) run.appendOutput(outputLine('Nothing sent: the sign-in question was cancelled.'));
    for (const entry of planned) run.skipped(entry.item);
    return;
  }
  const notSent = new Set(profiles.filter((_profile, index) => credentials.notSent[index]).map((profile) => profile.id));
  const pending = groups(planned);
  for (const [index, group] of pending.entries()) {
    if (token.isCancellationRequested) {
      for (const entry of pending.slice(index).flat()) run.skipped(entry.item);
      run.appendOutput(outputLine('Cancelled: the remaining requests were not sent.'));
      return;
    }
    await runGroup(state, group, credentials, notSent);
  }
  const summary = runSummary(state.statuses);
  run.appendOutput(outputLine(`Checks: ${summary}.`));
  services.log.info(`Test Explorer run: ${summary}.`);
}
