// FinCode: Share Environment Variables with REST Client and httpYac. Writes our non-secret
// variables into `$shared` of the peers' settings in the workspace folder's .vscode/settings.json
// (peerShareFlow.ts decides what, the core how), for the peers installed (asks when none or both),
// and says what it wrote where, with Undo. Trusted workspaces only: it writes a workspace file.
import * as vscode from 'vscode';
import { STATUS_MESSAGE_MS } from '../ids';
import { PEER_IDS, PEERS, type PeerId } from '../../core/http/peerEnvironments';
import type { Log } from '../log';
import type { ProfilesModel } from '../profilesModel';
import { showUserError, UserFacingError } from '../userErrors';
import { shareWithPeers, undoShare, type SettingsAccess, type ShareResult } from './peerShareFlow';
import { installedPeers, ourVariables, sharedElsewhere } from './peerVariables';

const SETTINGS_PATH = ['.vscode', 'settings.json'] as const;

/** The command's optional argument, e.g. from a test or a keybinding: `{ "peers": ["httpyac"] }`. */
function peersArgument(args: readonly unknown[]): PeerId[] | undefined {
  const first = args[0];
  if (typeof first !== 'object' || first === null || !Array.isArray((first as { peers?: unknown }).peers)) return undefined;
  return PEER_IDS.filter((peer) => ((first as { peers: unknown[] }).peers).includes(peer));
}

/** `environment`: the .http variable environment in use now. */
export function shareEnvironmentCommand(model: ProfilesModel, log: Log, environment: () => string): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    if (!vscode.workspace.isTrusted) throw new UserFacingError('Restricted Mode: FinCode writes no file of an untrusted workspace. Trust the workspace to share its variables with REST Client and httpYac.');
    const folder = await targetFolder();
    if (!folder) return;
    const peers = peersArgument(args) ?? (await choosePeers());
    if (!peers) return;
    const file = settingsAccess(folder);
    const result = await shareWithPeers({ peers, ours: (await ourVariables(model, folder.uri, true, environment())).ours, elsewhere: sharedElsewhere(peers, folder.uri) }, file);
    log.info(`share with peers: ${result.entries.map((entry) => `${entry.peer}:${entry.name}:${entry.outcome}`).join(' ')}${result.withheld.length > 0 ? `; withheld ${result.withheld.map((entry) => entry.name).join(', ')}` : ''}`);
    void report(result, file, folder, log);
  };
}

async function report(result: ShareResult, file: SettingsAccess, folder: vscode.WorkspaceFolder, log: Log): Promise<void> {
  const open = 'Open settings.json';
  const choice = await vscode.window.showInformationMessage(result.summary, ...(result.written ? [open, 'Undo'] : [open]));
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...SETTINGS_PATH));
  if (choice !== 'Undo') return;
  try {
    await undoShare(result, file);
    vscode.window.setStatusBarMessage(`$(discard) FinCode put ${file.label} back as it was`, STATUS_MESSAGE_MS);
  } catch (error) {
    log.warn(`undo share with peers: ${error instanceof Error ? error.message : String(error)}`);
    void showUserError(vscode, error);
  }
}

/** The folder of the active editor's file, the only folder, or the one the user picks. */
async function targetFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const own = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (own) return own;
  if (folders.length === 0) throw new UserFacingError('Open a folder first: FinCode shares its variables through the folder’s .vscode/settings.json.');
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose .vscode/settings.json gets FinCode’s variables' });
}

/** The installed peer when there is one; otherwise the user picks (both preselected when both are installed). */
async function choosePeers(): Promise<PeerId[] | undefined> {
  const installed = installedPeers();
  if (installed.length === 1) return installed;
  const items = PEER_IDS.map((peer) => ({
    label: PEERS[peer].name,
    description: `${PEERS[peer].setting}${installed.includes(peer) ? '' : ' (not installed)'}`,
    picked: installed.includes(peer),
    peer,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Share FinCode’s variables with', placeHolder: 'Their settings in .vscode/settings.json get your non-secret variables under $shared' });
  return picked && picked.length > 0 ? picked.map((item) => item.peer) : undefined;
}

/** The folder's .vscode/settings.json, as it is on disk (or in its editor when it has unsaved changes). */
export function settingsAccess(folder: vscode.WorkspaceFolder): SettingsAccess {
  const uri = vscode.Uri.joinPath(folder.uri, ...SETTINGS_PATH);
  const label = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${SETTINGS_PATH.join('/')}` : SETTINGS_PATH.join('/');
  return {
    label,
    read: async () => {
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      if (open?.isDirty) return { text: open.getText(), exists: true, dirty: true };
      try {
        return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), exists: true, dirty: false };
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { text: '', exists: false, dirty: false };
        throw error;
      }
    },
    write: async (text) => {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, SETTINGS_PATH[0]));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    },
    remove: async () => vscode.workspace.fs.delete(uri),
  };
}
