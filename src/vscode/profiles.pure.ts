// The pure half of "Profiles and tokens": the stored metadata's shape and validation, state
// labels ("signed in · expires in 41 min"), tree item and status bar shaping from a snapshot,
// input validators and refresh scheduling math. No 'vscode' import: plain Node tests cover it.
import { decodeJwt } from '../core/auth/jwt';
import { bufferMsFor } from '../core/auth/renewalSchedule';
import { API_TOKEN_EXPIRY_LABELS, API_TOKEN_EXPIRY_SECONDS, isApiTokenExpiry, type ApiTokenExpiry } from '../core/fincode/apiTokens';
import { MIN_PASSWORD_LENGTH } from '../core/fincode/credentials';
import { InvalidEnvironmentError, makeEnvironment, parseBaseUrl, tenantProblem, type EnvironmentKind } from '../core/fincode/environments';
import { isRole, type Role } from '../core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../core/fincode/testUsers';

// ---------------------------------------------------------------------------------------------
// Stored metadata (globalState). Never a password or a token: those live in SecretStorage only.

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

export const EMPTY_DATA: ProfilesData = { environments: [], profiles: [], apiTokens: [] };

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

// ---------------------------------------------------------------------------------------------
// States and labels.

/** What the secret store says about a profile's tokens. */
export type TokenState =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly expiresAt: number; readonly receivedAt?: number }
  | { readonly kind: 'unreadable'; readonly message: string };

/** The last sign-in or refresh failure of a profile, kept in memory. */
export type Problem =
  | { readonly kind: 'locked'; readonly message: string; readonly retryAfterSeconds?: number; readonly at: number }
  | { readonly kind: 'error'; readonly message: string; readonly at: number };

export type ProfileStatus = 'signedIn' | 'signedOut' | 'expired' | 'locked' | 'error';

export interface ProfileStatusView {
  readonly status: ProfileStatus;
  /** e.g. "signed in · expires in 41 min" */
  readonly label: string;
  readonly secondsLeft?: number;
  /** Less than the refresh buffer left. */
  readonly refreshDue: boolean;
  readonly detail?: string;
}

/** "41 min", "1 h 5 min", "3 days", "less than a minute". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/** "41m", "1h05m", "29d", "<1m": for the status bar. */
export function formatTimeLeftShort(seconds: number): string {
  if (seconds < 60) return '<1m';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d`;
}

export function profileStatus(token: TokenState, problem: Problem | undefined, now: number, bufferSeconds: number): ProfileStatusView {
  if (token.kind === 'signed-in') {
    const secondsLeft = Math.floor((token.expiresAt - now) / 1000);
    if (secondsLeft <= 0) return { status: 'expired', label: 'expired', refreshDue: true, secondsLeft: 0, ...(problem ? { detail: problem.message } : {}) };
    return {
      status: 'signedIn',
      label: `signed in · expires in ${formatTimeLeft(secondsLeft)}`,
      secondsLeft,
      // The buffer renewal uses: a short-lived token is not "due" (warning colour) from the start.
      refreshDue: secondsLeft * 1000 <= bufferMsFor(token, bufferSeconds),
      ...(problem ? { detail: `Last refresh failed: ${problem.message}` } : {}),
    };
  }
  if (token.kind === 'unreadable') return { status: 'error', label: 'error', refreshDue: false, detail: token.message };
  if (problem?.kind === 'locked') return { status: 'locked', label: 'locked', refreshDue: false, detail: problem.message };
  if (problem) return { status: 'error', label: 'error', refreshDue: false, detail: problem.message };
  return { status: 'signedOut', label: 'signed out', refreshDue: false };
}

// ---------------------------------------------------------------------------------------------
// API tokens.

export interface ApiTokenTiming {
  readonly expiresAt: number;
  readonly source: 'jwt' | 'created';
  readonly secondsLeft: number;
}

export function apiTokenTiming(token: Pick<StoredApiToken, 'expiry' | 'createdAt' | 'jwtExpiresAt'>, now: number): ApiTokenTiming {
  const expiresAt = token.jwtExpiresAt ?? token.createdAt + API_TOKEN_EXPIRY_SECONDS[token.expiry] * 1000;
  return { expiresAt, source: token.jwtExpiresAt === undefined ? 'created' : 'jwt', secondsLeft: Math.floor((expiresAt - now) / 1000) };
}

export type Validation = { readonly severity: 'error' | 'warning'; readonly message: string } | undefined;

/** A pasted API token: must be non-empty and one line; a token that is not a JWT is accepted with a warning. */
export function apiTokenProblem(input: string, now: number): Validation {
  const token = input.trim();
  if (token === '') return { severity: 'error', message: 'Paste the API token made in the FinCode dashboard.' };
  if (/\s/.test(token)) return { severity: 'error', message: 'An API token is one line without spaces.' };
  const decoded = decodeJwt(token, now);
  if (!decoded.ok) return { severity: 'warning', message: `${decoded.reason}. It is stored as is; its time left is counted from today.` };
  if (decoded.expired) return { severity: 'warning', message: 'This token has already expired (its exp is in the past).' };
  return undefined;
}

/** The JWT's exp (ms) when the token decodes and has one. */
export function jwtExpiry(token: string, now: number): number | undefined {
  const decoded = decodeJwt(token.trim(), now);
  return decoded.ok ? decoded.expiresAt?.getTime() : undefined;
}

/** A warning when the token's exp and the chosen expiry disagree by more than a day. */
export function expiryMismatch(jwtExpiresAt: number | undefined, expiry: ApiTokenExpiry, createdAt: number): string | undefined {
  if (jwtExpiresAt === undefined) return undefined;
  const chosen = createdAt + API_TOKEN_EXPIRY_SECONDS[expiry] * 1000;
  const dayMs = 24 * 60 * 60 * 1000;
  if (Math.abs(jwtExpiresAt - chosen) <= dayMs) return undefined;
  const left = Math.floor((jwtExpiresAt - createdAt) / 1000);
  return `The token's own expiry (exp: ${new Date(jwtExpiresAt).toISOString()}, ${left > 0 ? `in ${formatTimeLeft(left)}` : 'already past'}) disagrees with the chosen ${API_TOKEN_EXPIRY_LABELS[expiry]}. The time left shown follows the token's exp.`;
}

// ---------------------------------------------------------------------------------------------
// Input validators (return a problem, or undefined when fine).

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function emailProblem(input: string): string | undefined {
  if (!EMAIL.test(input.trim())) return 'Enter the e-mail address registered in FinCode (name@example.com).';
  return undefined;
}

export function passwordProblem(input: string): string | undefined {
  if (input.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export function nameProblem(input: string): string | undefined {
  const name = input.trim();
  if (name === '') return 'Enter a name, e.g. "till-1".';
  if (name.length > 60) return 'Keep the name under 60 characters.';
  return undefined;
}

export { tenantProblem };

export function baseUrlProblem(input: string): string | undefined {
  const parsed = parseBaseUrl(input);
  return parsed.ok ? undefined : parsed.problem;
}

// ---------------------------------------------------------------------------------------------
// Tree shaping.

export const ROLE_ICONS: Readonly<Record<Role, string>> = {
  MANAGER: 'organization',
  AGENT: 'briefcase',
  CASHIER: 'credit-card',
  CUSTOMER: 'person',
};

export interface ItemShape {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** A codicon id. */
  readonly icon: string;
  /** A theme colour id for the icon, if any. */
  readonly iconColor?: string;
  readonly contextValue: string;
  readonly ariaLabel: string;
}

export function environmentShape(env: StoredEnvironment, sandboxUrl: string | undefined): ItemShape {
  const kind = env.local ? 'local' : env.kind;
  const where = env.local ? (sandboxUrl ? `running at ${new URL(sandboxUrl).host}` : 'not running') : env.baseUrl;
  const description = env.local ? `local sandbox · ${where}` : `${env.kind} · ${where}${env.fromSettings ? ' · settings' : ''}`;
  return {
    id: `environment:${env.id}`,
    label: env.label,
    description,
    tooltip: env.local
      ? `The FinCode sandbox run inside VS Code on 127.0.0.1 (${where}). Signing in to one of its profiles starts it.`
      : `${env.label}\n${env.kind} environment\n${env.baseUrl}${env.fromSettings ? '\nDeclared in your user settings (fincode.environments): edit or remove it there.' : ''}`,
    icon: env.local ? 'vm' : env.kind === 'production' ? 'cloud' : env.kind === 'sandbox' ? 'beaker' : 'server-environment',
    contextValue: `fincode:environment:${kind}${env.fromSettings ? ':settings' : ''}`,
    ariaLabel: `${env.label}, ${description}`,
  };
}

export function profileShape(profile: StoredProfile, view: ProfileStatusView, active: boolean): ItemShape {
  // The state first: a narrow sidebar cuts the end of the description. The role is also the icon.
  const description = `${active ? '● ' : ''}${view.label} · ${profile.role} · ${profile.email}`;
  const tooltip = [
    `${profile.name} (${profile.role})`,
    profile.email,
    `State: ${view.label}`,
    ...(view.detail ? [view.detail] : []),
    ...(active ? ['Active profile: .http requests and the status bar use it.'] : []),
  ].join('\n');
  return {
    id: `profile:${profile.id}`,
    label: profile.name,
    description,
    tooltip,
    icon: ROLE_ICONS[profile.role],
    ...(view.status === 'signedIn'
      ? { iconColor: view.refreshDue ? 'charts.yellow' : 'charts.green' }
      : view.status === 'signedOut'
        ? {}
        : { iconColor: 'charts.red' }),
    contextValue: `fincode:profile:${view.status}:${active ? 'active' : 'inactive'}`,
    ariaLabel: `${profile.name}, ${profile.role}, ${profile.email}, ${view.label}${active ? ', active' : ''}`,
  };
}

export function apiTokenShape(token: StoredApiToken, now: number, active: boolean): ItemShape {
  const timing = apiTokenTiming(token, now);
  const left = timing.secondsLeft > 0 ? `${formatTimeLeft(timing.secondsLeft)} left` : 'expired';
  const description = `${active ? '● ' : ''}${left} · API token · ${API_TOKEN_EXPIRY_LABELS[token.expiry]}`;
  return {
    id: `apiToken:${token.id}`,
    label: token.label,
    description,
    tooltip: [
      `API token "${token.label}"`,
      `Chosen expiry: ${API_TOKEN_EXPIRY_LABELS[token.expiry]} (added ${new Date(token.createdAt).toISOString()})`,
      `Expires ${new Date(timing.expiresAt).toISOString()} (${timing.source === 'jwt' ? "from the token's exp" : 'added + chosen expiry'})`,
    ].join('\n'),
    icon: 'key',
    ...(timing.secondsLeft <= 0 ? { iconColor: 'charts.red' } : {}),
    contextValue: `fincode:apiToken:${timing.secondsLeft > 0 ? 'valid' : 'expired'}:${active ? 'active' : 'inactive'}`,
    ariaLabel: `${token.label}, API token, ${left}${active ? ', active' : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Status bar.

export interface StatusBarView {
  readonly text: string;
  readonly tooltip: string;
  readonly background?: 'warning' | 'error';
}

export type ActiveCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'profile'; readonly profile: StoredProfile; readonly view: ProfileStatusView; readonly environmentLabel: string }
  | { readonly kind: 'apiToken'; readonly token: StoredApiToken; readonly environmentLabel: string };

export function statusBarView(active: ActiveCredential, now: number): StatusBarView {
  if (active.kind === 'none') {
    return { text: '$(account) FinCode: no active profile', tooltip: 'No active FinCode profile. Click to choose one.' };
  }
  if (active.kind === 'apiToken') {
    const timing = apiTokenTiming(active.token, now);
    const expired = timing.secondsLeft <= 0;
    return {
      text: `$(key) API token · ${active.token.label} · ${expired ? 'expired' : formatTimeLeftShort(timing.secondsLeft)}`,
      tooltip: `Active credential: API token "${active.token.label}" (${active.environmentLabel}), ${expired ? 'expired' : `${formatTimeLeft(timing.secondsLeft)} left`}. Click to switch.`,
      ...(expired ? { background: 'error' as const } : {}),
    };
  }
  const { profile, view } = active;
  const head = `$(${ROLE_ICONS[profile.role]}) ${profile.role} · ${profile.name}`;
  const tooltip = `Active profile: ${profile.name} (${profile.role}, ${profile.email}) on ${active.environmentLabel}: ${view.label}${view.detail ? `\n${view.detail}` : ''}\nClick to switch the active profile.`;
  if (view.status === 'signedIn') {
    return {
      text: `${head} · ${formatTimeLeftShort(view.secondsLeft ?? 0)}`,
      tooltip,
      ...(view.refreshDue ? { background: 'warning' as const } : {}),
    };
  }
  return { text: `${head} · ${view.label}`, tooltip, background: 'error' };
}

// ---------------------------------------------------------------------------------------------
// Refresh scheduling: decided in the core, where plain-Node tests move the clocks.
export { MAX_TIMER_CHUNK_MS, nextWakeDelay, refreshDueAt } from '../core/auth/renewalSchedule';
