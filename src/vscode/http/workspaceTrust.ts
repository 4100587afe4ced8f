// Workspace trust for .http files: in an untrusted workspace nothing is sent (its files could
// point {{baseUrl}} at any server), no credential is ever injected, `{{$processEnv}}` and
// `{{$dotenv}}` read nothing, and the CodeLens offers to trust the workspace instead.
import * as vscode from 'vscode';
import type { CredentialSource, SendContext } from '../../core/http/sender';
import type { ProfilesModel } from '../profilesModel';
import { UserFacingError } from '../userErrors';

export const UNTRUSTED_SEND = 'Restricted Mode: FinCode sends no request from an untrusted workspace, whose files could point it at any server. Trust the workspace to send (Workspaces: Manage Workspace Trust).';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Throws the Restricted Mode message in an untrusted workspace. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) throw new UserFacingError(UNTRUSTED_SEND);
}

/** The profile's credential; none at all in an untrusted workspace. */
export async function trustedCredential(model: ProfilesModel, id: string): Promise<CredentialSource> {
  if (!vscode.workspace.isTrusted) return { kind: 'none' };
  return model.credentialFor(id);
}

/** What an untrusted workspace's send context replaces: no process environment, no .env file. */
export function untrustedOverrides(): Pick<SendContext, 'processEnv' | 'dotenv'> {
  return vscode.workspace.isTrusted ? {} : { processEnv: {}, dotenv: () => undefined };
}
