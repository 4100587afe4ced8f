// The profiles and API tokens of the accounts model as send candidates, and the quick pick that
// asks which one to send with.
import * as vscode from 'vscode';
import type { ParsedRequest } from '../../core/http/model';
import type { ProfilesModel } from '../profilesModel';
import { UserFacingError } from '../userErrors';
import { candidateLabel, chosenCandidate, type SendCandidate } from './candidates';

export function sendCandidates(model: ProfilesModel): SendCandidate[] {
  const data = model.snapshot;
  return [
    ...data.profiles.map((profile) => ({ id: profile.id, name: profile.name, role: profile.role as string, environmentId: profile.environmentId })),
    ...data.apiTokens.map((token) => ({ id: token.id, name: token.label, role: '', environmentId: token.environmentId })),
  ];
}

export async function pickCandidate(model: ProfilesModel, title: string): Promise<SendCandidate | undefined> {
  const all = sendCandidates(model);
  if (all.length === 0) throw new UserFacingError('No FinCode profile yet: add one in the FinCode view first.');
  const picked = await vscode.window.showQuickPick(
    all.map((candidate) => ({
      label: candidateLabel(candidate),
      description: `${model.environment(candidate.environmentId)?.label ?? ''}${candidate.id === model.activeId ? ' · active' : ''}`,
      candidate,
    })),
    { title, placeHolder: 'Send the request with the credential of…' },
  );
  return picked?.candidate;
}

/** The request's own choice (# @profile, # @role, the active one); when there is none, the user picks. */
export async function chosenOrPicked(model: ProfilesModel, request: ParsedRequest): Promise<SendCandidate | undefined> {
  const choice = chosenCandidate(request, sendCandidates(model), model.activeId);
  if ('candidate' in choice) return choice.candidate;
  void vscode.window.showWarningMessage(choice.problem);
  return pickCandidate(model, 'Send Request As…');
}
