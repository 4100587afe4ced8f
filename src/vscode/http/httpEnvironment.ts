// The environment files (http-client.env.json, .env…) a .http document sees: those of its
// workspace folder, then of its own folder, over the fincode.environmentVariables setting.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { loadEnvironmentFiles, mergeEnvironmentFiles, type EnvironmentFile } from '../../core/http/envFiles';
import { readEnvironmentVariables } from '../settings';

export const ENVIRONMENT_FILES_GLOB = '**/{http-client.env.json,http-client.private.env.json,.env,.env.*,*.env}';

export function folders(uri: vscode.Uri): { dir?: string; root?: string } {
  if (uri.scheme !== 'file') return { root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
  return { dir: dirname(uri.fsPath), root: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath };
}

export async function loadEnvironment(uri: vscode.Uri): Promise<EnvironmentFile> {
  return mergeEnvironmentFiles(readEnvironmentVariables(uri), await loadEnvironmentFileLayers(uri));
}

/** Only the environment files (no fincode.environmentVariables): what other tools may read too. */
export async function loadEnvironmentFileLayers(uri: vscode.Uri): Promise<EnvironmentFile> {
  const { dir, root } = folders(uri);
  const layers = await Promise.all([root, dir === root ? undefined : dir].filter((path): path is string => path !== undefined).map((path) => loadEnvironmentFiles(path)));
  return mergeEnvironmentFiles(...layers);
}
