// The permission hint for a request sent as a role, when a row of the permission matrix stands
// behind its endpoint (core/http/permissionHint.ts): for the every-role view's rows, and for the
// request line (hintDecorations.ts), as the profile the request would be sent as. Plain data, no
// 'vscode' import.
import { isSendable, type ParsedRequest } from '../../core/http/model';
import { permissionHint, type PermissionHint } from '../../core/http/permissionHint';
import { chosenCandidate, type SendCandidate } from './candidates';

export function hintFor(request: ParsedRequest, role: string): string | undefined {
  return permissionHint(request.method, request.url, role)?.text;
}

export interface HintContext {
  readonly trusted: boolean;
  readonly candidates: readonly SendCandidate[];
  readonly activeId?: string;
}

/** The hint for the role a request would be sent as: none untrusted (nothing is sent), for `# @no-auth`, or without a role. */
export function requestHint(request: ParsedRequest, context: HintContext): PermissionHint | undefined {
  if (!context.trusted || !isSendable(request.method) || request.annotations.noAuth) return undefined;
  const chosen = chosenCandidate(request, context.candidates, context.activeId);
  if (!('candidate' in chosen) || !chosen.candidate.role) return undefined;
  return permissionHint(request.method, request.url, chosen.candidate.role);
}

/** A few words after the request line, and the whole sentence on hover. */
export function hintLabel(hint: PermissionHint): { readonly text: string; readonly hover: string } {
  const text =
    hint.access === 'no' ? `⚠ ${hint.likelyStatus ?? 403} for ${hint.role}`
    : hint.access === 'yes' ? `✓ ${hint.role} allowed`
    : `✓ ${hint.role}: ${hint.access === 'own' ? 'own records' : 'limited view'}`;
  return { text, hover: `${hint.text}. From the documented role permission matrix: a hint, the server decides.` };
}
