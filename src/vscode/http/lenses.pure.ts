// What the CodeLens provider and the diagnostics show for a parsed .http file, as plain data
// (no 'vscode' import: tested in plain Node). Ranges come from the pure parser.
import type { Diagnostic, ParsedFile, ParsedRequest } from '../../core/http/model';
import { SENDABLE_METHODS } from '../../core/http/model';
import { chooseProfile } from '../../core/http/profileChoice';

/** A profile or API token requests can be sent with. API tokens have no role (''). */
export interface SendCandidate {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly environmentId: string;
}

export type LensAction = 'send' | 'sendAs' | 'sendAll' | 'copyCurl' | 'trust' | 'hint';

export interface LensPlan {
  readonly line: number;
  readonly title: string;
  readonly action: LensAction;
  readonly tooltip?: string;
}

export interface LensContext {
  readonly trusted: boolean;
  readonly candidates: readonly SendCandidate[];
  readonly activeId?: string;
  /** The permission hint for a request sent as a role, if the endpoint is documented. */
  readonly hint?: (request: ParsedRequest, role: string) => string | undefined;
}

const SENDABLE: ReadonlySet<string> = new Set(SENDABLE_METHODS);

export function isSendable(method: string): boolean {
  return SENDABLE.has(method.toUpperCase());
}

/** "CASHIER (cashier)", or the API token's label. */
export function candidateLabel(candidate: Pick<SendCandidate, 'name' | 'role'>): string {
  return candidate.role ? `${candidate.role} (${candidate.name})` : candidate.name;
}

/** The profile a request goes out with (# @profile, # @role, else the active one). */
export function chosenCandidate(request: ParsedRequest, candidates: readonly SendCandidate[], activeId: string | undefined): { candidate: SendCandidate } | { problem: string } {
  const active = candidates.find((candidate) => candidate.id === activeId);
  const choice = chooseProfile(candidates, request.annotations, active);
  return 'profile' in choice ? { candidate: choice.profile } : { problem: choice.problem };
}

/** The profiles "Send as every role" uses: every role profile of the environment of the request's profile. */
export function matrixCandidates(candidates: readonly SendCandidate[], environmentId: string | undefined): SendCandidate[] {
  return candidates.filter((candidate) => candidate.role !== '' && candidate.environmentId === environmentId);
}

export function planLenses(file: ParsedFile, context: LensContext): LensPlan[] {
  const plans: LensPlan[] = [];
  for (const request of file.requests) {
    const line = request.range.requestLine;
    if (!isSendable(request.method)) continue;
    if (!context.trusted) {
      plans.push({ line, title: '$(shield) Trust this workspace to send requests', action: 'trust', tooltip: 'Restricted Mode: nothing is sent from an untrusted workspace, whose files could point requests at any server' });
      plans.push({ line, title: 'Copy as cURL', action: 'copyCurl' });
      continue;
    }
    const chosen = chosenCandidate(request, context.candidates, context.activeId);
    if ('candidate' in chosen) {
      const who = candidateLabel(chosen.candidate);
      plans.push({ line, title: request.annotations.noAuth ? `▶ Send without credentials (${chosen.candidate.name}'s environment)` : `▶ Send as ${who}`, action: 'send' });
    } else {
      plans.push({ line, title: '▶ Send…', action: 'sendAs', tooltip: chosen.problem });
    }
    // The hint right after the send lens: a narrow editor cuts the end of the lens line.
    if ('candidate' in chosen && chosen.candidate.role && !request.annotations.noAuth) {
      const hint = context.hint?.(request, chosen.candidate.role);
      if (hint) plans.push({ line, title: `$(info) ${hint}`, action: 'hint', tooltip: 'From the documented role permission matrix: a hint, the server decides' });
    }
    plans.push({ line, title: 'Send as…', action: 'sendAs' });
    if (!request.annotations.noAuth) plans.push({ line, title: 'Send as every role', action: 'sendAll' });
    plans.push({ line, title: 'Copy as cURL', action: 'copyCurl' });
  }
  return plans;
}

/** A write (not GET/HEAD) to a production environment asks first, unless the setting is off. */
export function needsProductionConfirmation(method: string, environmentKind: string | undefined, confirmSetting: boolean): boolean {
  const upper = method.toUpperCase();
  return confirmSetting && environmentKind === 'production' && upper !== 'GET' && upper !== 'HEAD';
}

// No `\s*` around the name (it is trimmed below): with them a `{{` before a long blank run backtracks quadratically.
const REFERENCE = /\{\{([^{}]*?)\}\}/g;

/**
 * `{{name}}` references that nothing defines: not a file variable, not an environment variable,
 * not `baseUrl`, not a `{{$builtin}}`, not a chained `{{req.response…}}` / `{{req.request…}}`.
 */
export function unresolvedVariables(text: string, file: ParsedFile, environmentNames: Iterable<string>): Diagnostic[] {
  const known = new Set<string>(['baseUrl', ...environmentNames, ...file.variables.map((variable) => variable.name)]);
  const requestNames = new Set(file.requests.flatMap((request) => (request.name ? [request.name] : [])));
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    // httpYac script blocks start with a bare `{{`: not references.
    if (/^\s*\{\{\s*$/.test(lineText)) return;
    for (const match of lineText.matchAll(REFERENCE)) {
      let name = (match[1] ?? '').trim();
      if (name.startsWith('%')) name = name.slice(1).trim();
      if (name === '' || name.startsWith('$')) continue;
      const dot = name.indexOf('.');
      if (dot !== -1 && /^(response|request)\b/.test(name.slice(dot + 1))) {
        const requestName = name.slice(0, dot);
        if (requestNames.has(requestName)) continue;
        diagnostics.push(at(line, match, `No request is named "${requestName}" (# @name ${requestName})`));
        continue;
      }
      if (!known.has(name)) diagnostics.push(at(line, match, `Variable "${name}" is not defined: define it with @${name} = value or in the selected environment`));
    }
  });
  return diagnostics;
}

function at(line: number, match: RegExpMatchArray, message: string): Diagnostic {
  const column = match.index ?? 0;
  return { line, column, endColumn: column + match[0].length, severity: 'warning', message };
}
