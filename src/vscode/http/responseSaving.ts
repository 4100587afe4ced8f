// `>> file` / `>>! file` after Send Request: the body is saved inside the workspace folders only,
// never in Restricted Mode, and the status bar says where (no notification for a success).
import * as vscode from 'vscode';
import type { HttpResponse } from '../../core/http/response';
import { outputTargets, saveResponse } from '../../core/http/responseOutput';
import { UserFacingError } from '../userErrors';
import type { Target } from './target';
import { requireTrust } from './workspaceTrust';

const SAVED_MESSAGE_MS = 5000;

export async function saveWhereTheFileSays(target: Target, response: HttpResponse, resolve: (text: string) => string): Promise<void> {
  if (outputTargets(target.request).length === 0) return;
  requireTrust();
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  if (roots.length === 0) throw new UserFacingError('The response was not saved: ">>" writes only inside a workspace folder. Open the folder of the .http file.');
  const written = await saveResponse(target.request, response, {
    httpFilePath: target.uri.scheme === 'file' ? target.uri.fsPath : undefined,
    roots,
    resolve,
  });
  const where = written.map((path) => vscode.workspace.asRelativePath(path)).join(', ');
  vscode.window.setStatusBarMessage(`$(save) FinCode: response saved to ${where}`, SAVED_MESSAGE_MS);
}
