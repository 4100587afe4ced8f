// What the Share command and the offer both need from VS Code: which peers are installed, our
// variables for a workspace folder (the active profile's environment and fincode.environmentVariables),
// and what a peer sees in its own settings.
import * as vscode from 'vscode';
import { environmentVariables } from '../../core/http/envFiles';
import { PEER_IDS, PEERS, recordedCopies, SHARED_WITH_PEERS_SETTING, type PeerId, type PeerView } from '../../core/http/peerEnvironments';
import type { OurVariables } from '../../core/http/shareableVariables';
import type { ProfilesModel } from '../profilesModel';
import { readEnvironmentVariables } from '../settings';

/** The peers installed in this workbench (their file formats are what matters, not their order). */
export function installedPeers(): PeerId[] {
  return PEER_IDS.filter((peer) => vscode.extensions.getExtension(PEERS[peer].extensionId) !== undefined);
}

export interface OurVariablesNow {
  readonly ours: OurVariables;
  /** `baseUrl` is the URL requests go to now (false: the local sandbox is stopped, its port not known yet). */
  readonly baseUrlLive: boolean;
}

/**
 * Our variables as we would send from `folder`. `start`: the local sandbox is started when it is
 * the active environment and stopped (its URL follows its port); without it, its last URL is used.
 * `environmentName`: the .http variable environment in use.
 */
export async function ourVariables(model: ProfilesModel, folder: vscode.Uri | undefined, start: boolean, environmentName: string): Promise<OurVariablesNow> {
  const active = model.activeId;
  const owner = active === undefined ? undefined : (model.profile(active) ?? model.apiToken(active));
  const variables = environmentVariables(readEnvironmentVariables(folder), environmentName);
  if (owner === undefined) return { ours: { variables }, baseUrlLive: true };
  const environment = start ? await model.ensureReachable(owner.environmentId) : model.coreEnvironment(owner.environmentId);
  const live = start || !model.environment(owner.environmentId)?.local || model.sandboxUrl() !== undefined;
  return { ours: { baseUrl: environment.baseUrl, variables }, baseUrlLive: live };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `peer` sees in its setting for `folder`, and what FinCode recorded as copied there. */
export function peerView(peer: PeerId, folder: vscode.Uri | undefined): PeerView {
  const configuration = vscode.workspace.getConfiguration(undefined, folder);
  const environments = configuration.get<unknown>(PEERS[peer].setting);
  const defined = new Set<string>();
  if (isObject(environments)) for (const variables of Object.values(environments)) if (isObject(variables)) for (const name of Object.keys(variables)) defined.add(name);
  const shared = isObject(environments) && isObject(environments.$shared) ? environments.$shared : {};
  return { defined, shared, copies: recordedCopies({ [SHARED_WITH_PEERS_SETTING]: configuration.get<unknown>(SHARED_WITH_PEERS_SETTING) }, PEERS[peer].setting) };
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
