// Which CodeLenses a parsed .http file gets, as plain data (no 'vscode' import: tested in plain
// Node). Lines come from the pure parser.
import { isSendable, type ParsedFile, type ParsedRequest } from '../../core/http/model';
import { candidateLabel, chosenCandidate, type SendCandidate } from './candidates';

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
