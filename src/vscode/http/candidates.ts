// The profiles and API tokens a request can be sent with, and which of them a request picks
// (# @profile, # @role, else the active one). Plain data: tested in plain Node.
import type { ParsedRequest } from '../../core/http/model';
import { chooseProfile } from '../../core/http/profileChoice';

/** A profile or API token requests can be sent with. API tokens have no role (''). */
export interface SendCandidate {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly environmentId: string;
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
