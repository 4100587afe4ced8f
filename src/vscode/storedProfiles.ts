// What the extension keeps about environments, role profiles and API tokens (globalState, and
// the environments declared in the `fincode.environments` setting): its shape, a tolerant reader,
// and the first-run data with the documented sandbox users. No 'vscode' import: plain Node tests.
import { isApiTokenExpiry, type ApiTokenExpiry } from '../core/fincode/apiTokens';
import { InvalidEnvironmentError, makeEnvironment, type EnvironmentKind } from '../core/fincode/environments';
import { isRole, type Role } from '../core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../core/fincode/testUsers';

// Never a password or a token: those live in SecretStorage only.

export interface StoredEnvironment {
  readonly id: string;
  readonly label: string;
  readonly kind: EnvironmentKind;
  readonly tenant: string;
  /** For the local sandbox: the last known URL (it follows the sandbox's actual port). */
  readonly baseUrl: string;
  /** The in-process local sandbox (kind custom on 127.0.0.1). */
  readonly local?: boolean;
  /** Declared in the user's `fincode.environments` setting: edited there, never stored in globalState. */
  readonly fromSettings?: true;
}

export interface StoredProfile {
  readonly id: string;
  readonly environmentId: string;
  readonly name: string;
  readonly role: Role;
  readonly email: string;
  /** One of the documented sandbox test users: its password is public and can be restored. */
  readonly documented?: boolean;
}

export interface StoredApiToken {
  readonly id: string;
  readonly environmentId: string;
  readonly label: string;
  readonly expiry: ApiTokenExpiry;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** The JWT's `exp` (ms) when it decoded; display only, never trusted for security. */
  readonly jwtExpiresAt?: number;
}

export interface ProfilesData {
  readonly environments: readonly StoredEnvironment[];
  readonly profiles: readonly StoredProfile[];
  readonly apiTokens: readonly StoredApiToken[];
  /** A profile id or an API token id. */
  readonly activeId?: string;
}

export const LOCAL_ENVIRONMENT_ID = 'local-sandbox';
/** Shown until the sandbox has run once; the real port replaces it when it starts. */
export const LOCAL_PLACEHOLDER_BASE_URL = 'http://127.0.0.1/api/v6/services';

const ENV_KINDS: readonly string[] = ['sandbox', 'production', 'custom'];

const isString = (value: unknown): value is string => typeof value === 'string';
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Reads what globalState holds; drops malformed entries instead of failing (another version wrote
 * it). `otherEnvIds`: environments declared elsewhere (the settings) whose profiles are kept too.
 */
export function parseData(raw: unknown, otherEnvIds: ReadonlySet<string> = new Set()): ProfilesData | undefined {
  const data = record(raw);
  if (!data) return undefined;
  const list = (value: unknown): Record<string, unknown>[] =>
    (Array.isArray(value) ? value : []).map(record).filter((entry): entry is Record<string, unknown> => entry !== undefined);
  const environments: StoredEnvironment[] = list(data.environments)
    .filter((e) => isString(e.id) && isString(e.label) && isString(e.kind) && ENV_KINDS.includes(e.kind) && isString(e.baseUrl))
    .map((e) => ({
      id: e.id as string,
      label: e.label as string,
      kind: e.kind as EnvironmentKind,
      tenant: isString(e.tenant) ? e.tenant : '',
      baseUrl: e.baseUrl as string,
      ...(e.local === true ? { local: true } : {}),
    }));
  const envIds = new Set([...environments.map((e) => e.id), ...otherEnvIds]);
  const profiles: StoredProfile[] = list(data.profiles)
    .filter((p) => isString(p.id) && isString(p.environmentId) && envIds.has(p.environmentId) && isString(p.name) && isRole(p.role) && isString(p.email))
    .map((p) => ({
      id: p.id as string,
      environmentId: p.environmentId as string,
      name: p.name as string,
      role: p.role as Role,
      email: p.email as string,
      ...(p.documented === true ? { documented: true } : {}),
    }));
  const apiTokens: StoredApiToken[] = list(data.apiTokens)
    .filter((t) => isString(t.id) && isString(t.environmentId) && envIds.has(t.environmentId) && isString(t.label) && isApiTokenExpiry(t.expiry) && typeof t.createdAt === 'number')
    .map((t) => ({
      id: t.id as string,
      environmentId: t.environmentId as string,
      label: t.label as string,
      expiry: t.expiry as ApiTokenExpiry,
      createdAt: t.createdAt as number,
      ...(typeof t.jwtExpiresAt === 'number' ? { jwtExpiresAt: t.jwtExpiresAt } : {}),
    }));
  const ids = new Set([...profiles.map((p) => p.id), ...apiTokens.map((t) => t.id)]);
  const activeId = isString(data.activeId) && ids.has(data.activeId) ? data.activeId : undefined;
  return { environments, profiles, apiTokens, ...(activeId ? { activeId } : {}) };
}

/** Ids of setting-declared environments carry this prefix: they never collide with stored ones. */
export const SETTINGS_ENVIRONMENT_PREFIX = 'setting:';

/**
 * The user's `fincode.environments` setting: `[{ "id", "label"?, "kind", "tenant"? | "baseUrl"? }]`,
 * validated as Add Environment validates. A bad entry is left out with a problem to show.
 */
export function environmentsFromSetting(raw: unknown): { environments: StoredEnvironment[]; problems: string[] } {
  const environments: StoredEnvironment[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { environments, problems };
  if (!Array.isArray(raw)) return { environments, problems: ['fincode.environments must be a list of environments.'] };
  for (const [index, value] of raw.entries()) {
    const problem = addSettingEnvironment(record(value), `fincode.environments[${index}]`, environments);
    if (problem) problems.push(problem);
  }
  return { environments, problems };
}

function addSettingEnvironment(entry: Record<string, unknown> | undefined, where: string, into: StoredEnvironment[]): string | undefined {
  if (!entry || !isString(entry.id) || entry.id.trim() === '') return `${where} needs an "id".`;
  if (!isString(entry.kind) || !ENV_KINDS.includes(entry.kind)) return `${where} ("${entry.id}"): "kind" must be sandbox, production or custom.`;
  const id = `${SETTINGS_ENVIRONMENT_PREFIX}${entry.id.trim()}`;
  if (into.some((env) => env.id === id)) return `${where}: the id "${entry.id}" is used twice.`;
  try {
    const env = makeEnvironment({
      id,
      kind: entry.kind as EnvironmentKind,
      ...(isString(entry.label) && entry.label.trim() !== '' ? { label: entry.label.trim() } : {}),
      ...(isString(entry.tenant) ? { tenant: entry.tenant.trim() } : {}),
      ...(isString(entry.baseUrl) ? { baseUrl: entry.baseUrl } : {}),
    });
    into.push({ ...env, fromSettings: true });
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    return `${where} ("${entry.id}"): ${error.message}`;
  }
}

export function localEnvironment(baseUrl = LOCAL_PLACEHOLDER_BASE_URL): StoredEnvironment {
  return { id: LOCAL_ENVIRONMENT_ID, label: 'Local sandbox', kind: 'custom', tenant: 'local', baseUrl, local: true };
}

/** The four documented sandbox users as profiles of one environment (ids from `newId`). */
export function documentedProfiles(environmentId: string, newId: () => string, existing: readonly StoredProfile[] = []): StoredProfile[] {
  return DOCUMENTED_SANDBOX_USERS.filter(
    (user) => !existing.some((p) => p.environmentId === environmentId && p.role === user.role && p.email === user.email),
  ).map((user) => ({ id: newId(), environmentId, name: user.role.toLowerCase(), role: user.role, email: user.email, documented: true }));
}

/** The documented password of a documented profile (matched by role and e-mail: cashier and customer share one e-mail). */
export function documentedPassword(profile: Pick<StoredProfile, 'role' | 'email' | 'documented'>): string | undefined {
  if (!profile.documented) return undefined;
  return DOCUMENTED_SANDBOX_USERS.find((user) => user.role === profile.role && user.email === profile.email)?.password;
}

/** The first-run data: the local sandbox and its four documented profiles, cashier active. */
export function defaultData(newId: () => string): ProfilesData {
  const env = localEnvironment();
  return { environments: [env], profiles: documentedProfiles(env.id, newId), apiTokens: [] };
}
