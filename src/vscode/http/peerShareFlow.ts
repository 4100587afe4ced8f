// The Share Environment Variables with REST Client and httpYac command, without `vscode`: take our
// shareable variables, plan the settings.json edit, write it when it changes something, say what
// was written where (names only), and undo it while the file still holds exactly what we wrote.
// peerShare.ts gives it the file access and the VS Code side; tests give it a file in memory.
import { PEERS, planPeerSettings, SHARED_WITH_PEERS_SETTING, type PeerId, type ShareEntry } from '../../core/http/peerEnvironments';
import { shareableVariables, type OurVariables, type WithheldVariable } from '../../core/http/shareableVariables';
import { UserFacingError } from '../userErrors';

export interface SettingsFile {
  /** '' when the file does not exist. */
  readonly text: string;
  readonly exists: boolean;
  /** Open in an editor with unsaved changes. */
  readonly dirty: boolean;
}

export interface SettingsAccess {
  /** How the file is called in messages, e.g. `.vscode/settings.json`. */
  readonly label: string;
  read(): Promise<SettingsFile>;
  write(text: string): Promise<void>;
  remove(): Promise<void>;
}

export interface ShareRequest {
  readonly peers: readonly PeerId[];
  readonly ours: OurVariables;
  /** Each peer's `$shared` in the user's other settings scopes (never overridden). */
  readonly elsewhere?: Partial<Record<PeerId, Readonly<Record<string, unknown>>>>;
}

export interface ShareResult {
  readonly written: boolean;
  /** One line for the notification. */
  readonly summary: string;
  readonly entries: readonly ShareEntry[];
  readonly withheld: readonly WithheldVariable[];
  /** What undo restores: the file before (undefined: it did not exist) and what we wrote. */
  readonly before?: string;
  readonly after: string;
}

export async function shareWithPeers(request: ShareRequest, file: SettingsAccess): Promise<ShareResult> {
  if (request.peers.length === 0) throw new UserFacingError('Choose REST Client, httpYac or both to share FinCode’s variables with.');
  const { variables, withheld } = shareableVariables(request.ours);
  if (Object.keys(variables).length === 0) {
    throw new UserFacingError(
      `FinCode has no variable to share${withheld.length > 0 ? ` (${withheldText(withheld)})` : ''}: choose a profile for {{baseUrl}}, or define variables in fincode.environmentVariables.`,
    );
  }
  const current = await file.read();
  if (current.dirty) throw new UserFacingError(`${file.label} has unsaved changes: save or revert them, then share again. FinCode wrote nothing.`);
  const plan = planPeerSettings({ text: current.text, file: file.label, variables, peers: request.peers, ...(request.elsewhere ? { elsewhere: request.elsewhere } : {}) });
  if (plan.changed) await file.write(plan.text);
  return {
    written: plan.changed,
    summary: summaryOf(plan.entries, withheld, request.peers, file.label, plan.changed),
    entries: plan.entries,
    withheld,
    ...(current.exists ? { before: current.text } : {}),
    after: plan.text,
  };
}

/** Puts the file back as it was before `result`, unless it changed since. */
export async function undoShare(result: ShareResult, file: SettingsAccess): Promise<void> {
  const current = await file.read();
  if (current.dirty || current.text !== result.after) {
    throw new UserFacingError(`${file.label} changed since FinCode wrote to it, so it was not undone: remove the entries listed under "${SHARED_WITH_PEERS_SETTING}" there by hand.`);
  }
  if (result.before === undefined) await file.remove();
  else await file.write(result.before);
}

function namesWith(entries: readonly ShareEntry[], outcomes: readonly ShareEntry['outcome'][]): string[] {
  return [...new Set(entries.filter((entry) => outcomes.includes(entry.outcome)).map((entry) => entry.name))];
}

function peerNames(peers: readonly PeerId[]): string {
  return peers.map((peer) => PEERS[peer].name).join(' and ');
}

function withheldText(withheld: readonly WithheldVariable[]): string {
  return `not shared: ${withheld.map((entry) => `${entry.name} (${entry.reason})`).join(', ')}`;
}

function summaryOf(entries: readonly ShareEntry[], withheld: readonly WithheldVariable[], peers: readonly PeerId[], label: string, written: boolean): string {
  const settings = peers.map((peer) => `${PEERS[peer].setting} → $shared`).join(' and ');
  const changed = namesWith(entries, ['added', 'updated']);
  const seen = namesWith(entries, ['added', 'updated', 'unchanged']);
  const kept = entries.filter((entry) => entry.outcome === 'kept-yours').map((entry) => `${entry.name} (${PEERS[entry.peer].name})`);
  const parts = [
    written
      ? `FinCode wrote ${changed.join(', ')} to ${settings} in ${label}, for ${peerNames(peers)}.`
      : `${peerNames(peers)} already ${seen.length > 0 ? `${peers.length === 1 ? 'sees' : 'see'} ${seen.join(', ')}` : `${peers.length === 1 ? 'has' : 'have'} your own values`}: nothing written to ${label}.`,
    kept.length > 0 ? `Kept your own value of ${kept.join(', ')}.` : '',
    withheld.length > 0 ? `${capitalized(withheldText(withheld))}.` : '',
  ];
  return parts.filter((part) => part !== '').join(' ');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
