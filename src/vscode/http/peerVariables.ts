// What the Share command and the offer both need from VS Code: which peers are installed, our
// variables for a workspace folder (the active profile's environment and fincode.environmentVariables),
// and which names a peer already sees in its own settings.
import * as vscode from 'vscode';
import { environmentVariables } from '../../core/http/envFiles';
import { PEER_IDS, PEERS, type PeerId } from '../../core/http/peerEnvironments';
import type { OurVariables } from '../../core/http/shareableVariables';
import type { ProfilesModel } from '../profilesModel';
import { readEnvironmentVariables, readHttpSettings } from '../settings';

/** The peers installed in this workbench (their file formats are what matters, not their order). */
export function installedPeers(): PeerId[] {
  return PEER_IDS.filter((peer) => vscode.extensions.getExtension(PEERS[peer].extensionId) !== undefined);
}

/**
 * Our variables as we would send from `folder`. `start`: the local sandbox is started when it is
 * the active environment and stopped (its URL follows its port); without it, its last URL is used.
 */
export async function ourVariables(model: ProfilesModel, folder: vscode.Uri | undefined, start: boolean): Promise<OurVariables> {
  const active = model.activeId;
  const owner = active === undefined ? undefined : (model.profile(active) ?? model.apiToken(active));
  const environment = owner === undefined ? undefined : start ? await model.ensureReachable(owner.environmentId) : model.coreEnvironment(owner.environmentId);
  const variables = environmentVariables(readEnvironmentVariables(folder), readHttpSettings().environment);
  return environment === undefined ? { variables } : { baseUrl: environment.baseUrl, variables };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The names a peer's setting defines for `folder`, in `$shared` or in any of its environments. */
export function namesPeerSees(peer: PeerId, folder: vscode.Uri | undefined): Set<string> {
  const environments = vscode.workspace.getConfiguration(undefined, folder).get<unknown>(PEERS[peer].setting);
  const names = new Set<string>();
  if (isObject(environments)) for (const variables of Object.values(environments)) if (isObject(variables)) for (const name of Object.keys(variables)) names.add(name);
  return names;
}

/**
 * Each peer's `$shared` in the user's settings (and, in a multi-root workspace, the workspace
 * file's): scopes the folder's settings.json would override, so their entries are never overridden.
 */
export function sharedElsewhere(peers: readonly PeerId[], folder: vscode.Uri): Partial<Record<PeerId, JsonObject>> {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const result: Partial<Record<PeerId, JsonObject>> = {};
  for (const peer of peers) {
    const inspected = vscode.workspace.getConfiguration(undefined, folder).inspect<unknown>(PEERS[peer].setting);
    const layers = [inspected?.globalValue, multiRoot ? inspected?.workspaceValue : undefined];
    result[peer] = Object.assign({}, ...layers.map((layer) => (isObject(layer) && isObject(layer.$shared) ? layer.$shared : {}))) as JsonObject;
  }
  return result;
}
