// Our variables where REST Client and httpYac look for environments: each peer's setting
// (`rest-client.environmentVariables`, `httpyac.environmentVariables`) in a settings.json, under
// `$shared`, which both apply whatever environment the user selected in them (REST Client:
// `$shared` below the selected environment; httpYac: `$shared` of its setting always, below the
// selected environment's http-client.env.json / .env values). So a user's own entry always wins.
//
// What we wrote is recorded beside it, in `fincode.sharedWithPeers`, so that writing again only
// updates our own entries (a value the user changed is theirs and stays), and so that FinCode
// itself keeps using its own values for them (envFiles.ts drops the recorded copies when it reads
// REST Client's setting): the copy of `baseUrl` must never pin our requests to an old environment.
import { FinCodeError } from '../fincode/errors';
import { JsoncShapeError, JsoncSyntaxError, parseJsonc, setProperty } from './jsonc';

export type PeerId = 'rest-client' | 'httpyac';

export interface Peer {
  readonly id: PeerId;
  readonly name: string;
  readonly extensionId: string;
  /** The setting holding its environments, `$shared` and named ones. */
  readonly setting: string;
}

export const PEERS: Readonly<Record<PeerId, Peer>> = {
  'rest-client': { id: 'rest-client', name: 'REST Client', extensionId: 'humao.rest-client', setting: 'rest-client.environmentVariables' },
  httpyac: { id: 'httpyac', name: 'httpYac', extensionId: 'anweber.vscode-httpyac', setting: 'httpyac.environmentVariables' },
};

export const PEER_IDS: readonly PeerId[] = ['rest-client', 'httpyac'];

/** Setting → the `$shared` entries FinCode wrote there, as written. */
export const SHARED_WITH_PEERS_SETTING = 'fincode.sharedWithPeers';

const SHARED = '$shared';

export type ShareOutcome = 'added' | 'updated' | 'unchanged' | 'kept-yours';

export interface ShareEntry {
  readonly peer: PeerId;
  readonly name: string;
  readonly outcome: ShareOutcome;
}

export interface SettingsPlan {
  /** The new text; the same string when nothing changes. */
  readonly text: string;
  readonly changed: boolean;
  readonly entries: readonly ShareEntry[];
}

/** The settings file cannot take our variables; nothing is written to it. */
export class PeerSettingsError extends FinCodeError {
  override readonly name = 'PeerSettingsError';
  readonly code = 'validation';
  readonly advice = ['Fix the file, then share again: FinCode wrote nothing to it'];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `$shared` entries FinCode recorded as written to `setting` in a parsed settings.json. */
export function recordedCopies(settings: JsonObject, setting: string): Readonly<Record<string, string>> {
  const record = settings[SHARED_WITH_PEERS_SETTING];
  const copies = isObject(record) ? record[setting] : undefined;
  return isObject(copies) ? Object.fromEntries(Object.entries(copies).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
}

/** `shared` without the entries that still hold what FinCode wrote there. */
export function withoutCopies(shared: Readonly<Record<string, string>>, copies: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(shared).filter(([name, value]) => !(Object.hasOwn(copies, name) && copies[name] === value)));
}

export interface PlanInput {
  /** The settings.json text; '' when the file does not exist. */
  readonly text: string;
  /** Its name in messages, e.g. `.vscode/settings.json`. */
  readonly file: string;
  /** What to share: names and values already free of secrets (shareableVariables). */
  readonly variables: Readonly<Record<string, string>>;
  readonly peers: readonly PeerId[];
  /** Each peer's `$shared` as the user's other settings scopes define it (user settings): never overridden. */
  readonly elsewhere?: Partial<Record<PeerId, Readonly<Record<string, unknown>>>>;
}

/**
 * The settings.json text with `variables` in each peer's `$shared`: added where missing, our own
 * earlier copies updated, the user's own entries kept. Writing the same again changes nothing.
 * Throws PeerSettingsError when the text is not a JSON object or a peer's setting has another shape.
 */
export function planPeerSettings(input: PlanInput): SettingsPlan {
  const settings = parsedSettings(input.text, input.file);
  const record = isObject(settings[SHARED_WITH_PEERS_SETTING]) ? (settings[SHARED_WITH_PEERS_SETTING] as JsonObject) : {};
  const nextRecord: JsonObject = { ...record };
  const entries: ShareEntry[] = [];
  let text = input.text;
  for (const peer of input.peers) {
    const { setting } = PEERS[peer];
    const shared = sharedOf(settings, setting, input.file);
    const copies = recordedCopies(settings, setting);
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.variables)) {
      const outcome = outcomeFor(shared?.[name], copies[name], input.elsewhere?.[peer]?.[name], value);
      entries.push({ peer, name, outcome });
      if (outcome === 'added' || outcome === 'updated') text = write(text, [setting, SHARED, name], value, input.file);
      if (outcome === 'added' || outcome === 'updated' || (outcome === 'unchanged' && copies[name] === value)) kept[name] = value;
    }
    // Copies of variables no longer shared stay recorded while they hold what we wrote.
    for (const [name, value] of Object.entries(copies)) if (!Object.hasOwn(input.variables, name) && shared?.[name] === value) kept[name] = value;
    if (Object.keys(kept).length > 0) nextRecord[setting] = kept;
    else delete nextRecord[setting];
  }
  if (JSON.stringify(nextRecord) !== JSON.stringify(record)) text = write(text, [SHARED_WITH_PEERS_SETTING], nextRecord, input.file);
  return { text, changed: text !== input.text, entries };
}

function outcomeFor(existing: unknown, copied: string | undefined, elsewhere: unknown, value: string): ShareOutcome {
  if (existing === undefined) {
    if (elsewhere === undefined) return 'added';
    return elsewhere === value ? 'unchanged' : 'kept-yours';
  }
  if (existing === value) return 'unchanged';
  return copied !== undefined && existing === copied ? 'updated' : 'kept-yours';
}

function parsedSettings(text: string, file: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseJsonc(text);
  } catch (error) {
    if (error instanceof JsoncSyntaxError) throw new PeerSettingsError(`${file} is not valid JSON: ${error.message}.`);
    throw error;
  }
  if (!isObject(value)) throw new PeerSettingsError(`${file} does not hold a JSON object of settings.`);
  return value;
}

/** The peer setting's `$shared` in the file, undefined when absent; PeerSettingsError for another shape. */
function sharedOf(settings: JsonObject, setting: string, file: string): JsonObject | undefined {
  const environments = settings[setting];
  if (environments === undefined) return undefined;
  if (!isObject(environments)) throw new PeerSettingsError(`"${setting}" in ${file} is not an object of environments.`);
  const shared = environments[SHARED];
  if (shared !== undefined && !isObject(shared)) throw new PeerSettingsError(`"${setting}" → "${SHARED}" in ${file} is not an object of variables.`);
  return shared as JsonObject | undefined;
}

function write(text: string, path: readonly string[], value: unknown, file: string): string {
  try {
    return setProperty(text, path, value);
  } catch (error) {
    if (error instanceof JsoncShapeError || error instanceof JsoncSyntaxError) throw new PeerSettingsError(`${file}: ${error.message}`);
    throw error;
  }
}

/** What a peer sees of the variables in its setting, for one folder. */
export interface PeerView {
  /** Names its setting defines, in `$shared` or in any environment. */
  readonly defined: ReadonlySet<string>;
  /** Its `$shared` values. */
  readonly shared: Readonly<Record<string, unknown>>;
  /** What FinCode recorded as copied there (recordedCopies). */
  readonly copies: Readonly<Record<string, string>>;
}

export interface NamesToShare {
  /** Referenced, only ours, and the peer has no value for them. */
  readonly unseen: readonly string[];
  /** The peer still has our earlier copy, and ours changed since (another environment, the sandbox's new port). */
  readonly stale: readonly string[];
}

/**
 * Of the names a .http file references, those a peer cannot resolve or resolves to our outdated
 * copy. Only our shareable variables count, and none that the file or an environment file already
 * defines (`definedElsewhere`); `unsettled` names have no reliable current value to compare.
 */
export function namesToShare(
  referenced: Iterable<string>,
  ours: Readonly<Record<string, string>>,
  definedElsewhere: ReadonlySet<string>,
  peer: PeerView,
  unsettled: ReadonlySet<string> = new Set(),
): NamesToShare {
  const unseen: string[] = [];
  const stale: string[] = [];
  for (const name of new Set(referenced)) {
    if (!Object.hasOwn(ours, name) || definedElsewhere.has(name)) continue;
    const copy = peer.copies[name];
    if (!peer.defined.has(name)) unseen.push(name);
    else if (!unsettled.has(name) && copy !== undefined && peer.shared[name] === copy && copy !== ours[name]) stale.push(name);
  }
  return { unseen, stale };
}
