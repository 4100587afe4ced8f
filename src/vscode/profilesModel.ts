// The profiles model: environments, role profiles and API tokens (metadata in globalState,
// secrets in SecretStorage or the host vault, secretVault.ts), one core Session per profile, and
// the last known state of each. It holds state and fires onDidChange; the tree, the status bar
// and the refresher render it. Token records are read and written only by core/auth. The keyring
// is left alone until something needs a secret (a sign-in, a send): until then the states come
// from the non-secret session facts (sessionFacts.ts), so opening a .http file asks no keyring.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { createSession, type Session } from '../core/auth/session';
import { secretKeys, type SecretStore } from '../core/auth/secretStore';
import { forgetProfileSecrets, readTokenRecord } from '../core/auth/tokenRecord';
import { VaultKeyMissingError } from '../core/auth/vaultStore';
import { makeEnvironment, type Environment } from '../core/fincode/environments';
import { AccountLockedError, describeError } from '../core/fincode/errors';
import type { Connections } from '../core/net/connections';
import type { CredentialSource } from '../core/http/sender';
import { CONTEXT_KEYS, PROFILES_STATE_KEY, SESSION_FACTS_STATE_KEY } from './ids';
import type { Log } from './log';
import { apiTokenTiming } from './apiTokenExpiry';
import { type Problem, profileStatus, type ProfileStatusView, type TokenState } from './profileStatus';
import { factsOf, parseSessionFacts, sameFacts, tokenStateOf, type SessionFacts } from './sessionFacts';
import { defaultData, documentedPassword, documentedProfiles, environmentsFromSetting, LOCAL_ENVIRONMENT_ID, localEnvironment, parseData, type ProfilesData, type StoredApiToken, type StoredEnvironment, type StoredProfile } from './storedProfiles';
import type { SandboxController } from './sandboxCommands';
import { isFinCodeSecretKey } from './secretStorage';
import type { ExtensionSecrets } from './secretVault';
import type { FinCodeSettings } from './settings';
import { UserFacingError, userMessage } from './userErrors';

export interface ProfilesModelDeps {
  readonly state: vscode.Memento;
  /** Where secrets live and the lock windows renew under (secretVault.ts). */
  readonly secrets: ExtensionSecrets;
  readonly sandbox: SandboxController;
  readonly log: Log;
  readonly settings: () => FinCodeSettings;
  /** The user's raw `fincode.environments` value. */
  readonly environmentsSetting: () => unknown;
  /** The extension's pools and proxy, for sign-in, renewal and sign-out. */
  readonly connections?: Connections;
}

export type Entry =
  | { readonly kind: 'environment'; readonly item: StoredEnvironment }
  | { readonly kind: 'profile'; readonly item: StoredProfile }
  | { readonly kind: 'apiToken'; readonly item: StoredApiToken };

export const newId = (): string => randomUUID();

/** The API token's secret is not in the keyring (another machine's metadata, a cleared keyring). */
export class MissingApiTokenError extends UserFacingError {
  override readonly name = 'MissingApiTokenError';
  constructor(readonly token: StoredApiToken) {
    super(`The API token "${token.label}" is missing from the OS keyring. Paste it again (Copy Access Token or Inspect Token asks for it), or remove it.`);
  }
}

/** The store, telling `onUse` before each access: the first one means the keyring is in use. */
function noticingUse(store: SecretStore, onUse: () => void): SecretStore {
  return {
    get: (key) => (onUse(), store.get(key)),
    store: (key, value) => (onUse(), store.store(key, value)),
    delete: (key) => (onUse(), store.delete(key)),
    ...(store.onDidChange ? { onDidChange: store.onDidChange.bind(store) } : {}),
  };
}

export class ProfilesModel implements vscode.Disposable {
  private readonly store: SecretStore;
  private data: ProfilesData;
  /** What globalState says of each profile's session; undefined: never written (an older version's data). */
  private facts: SessionFacts | undefined;
  /** Set by the first secret read or write in this window (or another window's write): reload() reads the tokens from then on. */
  private keyringInUse: boolean;
  /** From `fincode.environments`: shown with the stored ones, never written to globalState. */
  private settingsEnvironments: readonly StoredEnvironment[] = [];
  private readonly tokenStates = new Map<string, TokenState>();
  private readonly problems = new Map<string, Problem>();
  private readonly sessions = new Map<string, { key: string; session: Session }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  private constructor(
    private readonly deps: ProfilesModelDeps,
    data: ProfilesData,
    facts: SessionFacts | undefined,
  ) {
    this.data = data;
    this.facts = facts;
    // Without facts (data of a version before them) the states are read once, as that version did.
    this.keyringInUse = facts === undefined;
    this.store = noticingUse(deps.secrets.store, () => (this.keyringInUse = true));
    this.disposables.push(
      this.changed,
      // Another window signed in or out, or renewed: the keyring is in use; re-read the states.
      this.store.onDidChange?.((key) => {
        if (!isFinCodeSecretKey(key)) return;
        this.keyringInUse = true;
        void this.reload();
      }) ?? { dispose: () => undefined },
      deps.sandbox.onDidChange((running) => void this.onSandboxChanged(running?.baseUrl)),
    );
  }

  /**
   * Loads the metadata; on the very first run creates the local sandbox with its four documented
   * profiles. Their public passwords are not written to the keyring: the sign-in uses them when
   * no password is stored, and keeps them once they work (signInPolicy.ts).
   */
  static async create(deps: ProfilesModelDeps): Promise<ProfilesModel> {
    const raw = deps.state.get<unknown>(PROFILES_STATE_KEY);
    const declared = environmentsFromSetting(deps.environmentsSetting()).environments;
    let data = parseData(raw, new Set(declared.map((env) => env.id)));
    let facts = parseSessionFacts(deps.state.get<unknown>(SESSION_FACTS_STATE_KEY));
    if (!data) {
      data = defaultData(newId);
      facts = {};
      await deps.state.update(PROFILES_STATE_KEY, data);
    }
    const model = new ProfilesModel(deps, data, facts);
    model.settingsEnvironments = declared;
    await model.reload();
    return model;
  }

  // ------------------------------------------------------------------ reading

  get snapshot(): ProfilesData {
    if (this.settingsEnvironments.length === 0) return this.data;
    return { ...this.data, environments: [...this.data.environments, ...this.settingsEnvironments] };
  }

  /** Re-reads `fincode.environments` (after the user edited it); returns the problems of the entries left out. */
  applyEnvironmentsSetting(): readonly string[] {
    const { environments, problems } = environmentsFromSetting(this.deps.environmentsSetting());
    this.settingsEnvironments = environments;
    this.changed.fire();
    return problems;
  }

  sandboxUrl(): string | undefined {
    return this.deps.sandbox.running()?.baseUrl;
  }

  environment(id: string): StoredEnvironment | undefined {
    return this.data.environments.find((env) => env.id === id) ?? this.settingsEnvironments.find((env) => env.id === id);
  }

  private assertStoredEnvironment(id: string): void {
    const env = this.environment(id);
    if (env?.fromSettings) throw new UserFacingError(`"${env.label}" is declared in your user settings (fincode.environments): change or remove it there.`);
  }

  profile(id: string): StoredProfile | undefined {
    return this.data.profiles.find((profile) => profile.id === id);
  }

  apiToken(id: string): StoredApiToken | undefined {
    return this.data.apiTokens.find((token) => token.id === id);
  }

  entry(id: string): Entry | undefined {
    const env = this.environment(id);
    if (env) return { kind: 'environment', item: env };
    const profile = this.profile(id);
    if (profile) return { kind: 'profile', item: profile };
    const token = this.apiToken(id);
    return token ? { kind: 'apiToken', item: token } : undefined;
  }

  childrenOf(environmentId: string): { profiles: StoredProfile[]; apiTokens: StoredApiToken[] } {
    return {
      profiles: this.data.profiles.filter((p) => p.environmentId === environmentId),
      apiTokens: this.data.apiTokens.filter((t) => t.environmentId === environmentId),
    };
  }

  tokenState(profileId: string): TokenState {
    return this.tokenStates.get(profileId) ?? { kind: 'signed-out' };
  }

  problem(profileId: string): Problem | undefined {
    return this.problems.get(profileId);
  }

  status(profileId: string, now = Date.now()): ProfileStatusView {
    return profileStatus(this.tokenState(profileId), this.problem(profileId), now, this.deps.settings().refreshBufferSeconds);
  }

  /** The core environment a profile or token talks to; the local sandbox's follows its actual port. */
  coreEnvironment(environmentId: string): Environment {
    const env = this.environment(environmentId);
    if (!env) throw new UserFacingError('This environment no longer exists. Choose another profile.');
    const baseUrl = env.local ? (this.sandboxUrl() ?? env.baseUrl) : env.baseUrl;
    return makeEnvironment({ id: env.id, label: env.label, tenant: env.tenant, kind: env.kind === 'custom' ? 'custom' : env.kind, baseUrl });
  }

  /** The local sandbox is started when one of its profiles needs it. */
  async ensureReachable(environmentId: string): Promise<Environment> {
    const env = this.environment(environmentId);
    if (env?.local && !this.deps.sandbox.running()) await this.deps.sandbox.start();
    return this.coreEnvironment(environmentId);
  }

  /** One Session per profile, remade when its environment's URL or the settings change. */
  session(profileId: string): Session {
    const profile = this.profile(profileId);
    if (!profile) throw new UserFacingError('This profile no longer exists.');
    const env = this.coreEnvironment(profile.environmentId);
    const settings = this.deps.settings();
    const key = JSON.stringify([env.baseUrl, profile.email, settings.refreshBufferSeconds, settings.authHeaderStyle, settings.requiredHeaders, settings.timeouts]);
    const cached = this.sessions.get(profileId);
    if (cached?.key === key) return cached.session;
    const session = createSession({
      profileId,
      env,
      email: profile.email,
      store: this.store,
      ...(this.deps.secrets.locks ? { lock: this.deps.secrets.locks } : {}),
      bufferSeconds: settings.refreshBufferSeconds,
      auth: { requiredHeaders: settings.requiredHeaders, authStyle: settings.authHeaderStyle, timeouts: settings.timeouts, connections: this.deps.connections },
      onDidChange: () => void this.reload(),
    });
    this.sessions.set(profileId, { key, session });
    return session;
  }

  /**
   * Signs a profile in with its stored password (a documented sandbox user's when none is
   * stored), as the core's sign-in policy rules; false when there is no password to use.
   */
  signInWithStoredPassword(profileId: string, options: { automatic: boolean }): Promise<boolean> {
    const profile = this.profile(profileId);
    const fallback = profile ? documentedPassword(profile) : undefined;
    return this.session(profileId).signInWithStoredPassword({ ...options, ...(fallback === undefined ? {} : { fallback }) });
  }

  /**
   * The credential .http requests of a profile or API token are sent with: a profile's session
   * (renewed as needed), an API token from SecretStorage, or none for an unknown id.
   */
  async credentialFor(id: string): Promise<CredentialSource> {
    if (this.profile(id)) return { kind: 'session', session: this.session(id) };
    const token = this.apiToken(id);
    if (!token) return { kind: 'none' };
    const value = await this.store.get(secretKeys.apiToken(id));
    if (!value) throw new MissingApiTokenError(token);
    return { kind: 'apiToken', token: value };
  }

  /** The environment of a profile or token id. */
  environmentFor(id: string): Environment | undefined {
    const owner = this.profile(id) ?? this.apiToken(id);
    return owner ? this.coreEnvironment(owner.environmentId) : undefined;
  }

  get activeId(): string | undefined {
    return this.data.activeId;
  }

  // ------------------------------------------------------------------ state

  /**
   * Re-reads every profile's tokens (coalesced) once the keyring is in use, else takes the session
   * facts; keeps the facts in step with what it found, then fires a change.
   */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        // A reload asked for while the facts are saved (a second sign-in landing then) reads again too.
        do {
          this.reloadAgain = false;
          const { profiles } = this.data;
          if (this.keyringInUse) await Promise.all(profiles.map(async (profile) => this.tokenStates.set(profile.id, await this.readTokenState(profile.id))));
          else for (const profile of profiles) this.tokenStates.set(profile.id, tokenStateOf(this.facts?.[profile.id]));
          await this.saveFacts();
        } while (this.reloadAgain);
      } finally {
        // Cleared in the same turn as the last check: no request can land in between and be dropped.
        this.reloading = undefined;
        void this.updateContextKeys();
        this.changed.fire();
      }
    })();
    return this.reloading;
  }

  /**
   * The user acts on a session (Sign In, Refresh Token, Sign Out): from now on the states come from
   * the keyring, so a session lost there since the facts were written (a cleared keyring) shows.
   */
  async openKeyring(): Promise<void> {
    if (this.keyringInUse) return;
    this.keyringInUse = true;
    await this.reload();
  }

  private async saveFacts(): Promise<void> {
    const facts = factsOf(this.tokenStates, this.data.profiles.map((profile) => profile.id));
    if (sameFacts(this.facts, facts)) return;
    this.facts = facts;
    await this.deps.state.update(SESSION_FACTS_STATE_KEY, facts);
  }

  private async readTokenState(profileId: string): Promise<TokenState> {
    try {
      const record = await readTokenRecord(this.store, profileId);
      if (record.kind === 'none') return { kind: 'signed-out' };
      if (record.kind === 'unreadable') return { kind: 'unreadable', message: 'The stored session is unreadable: sign in again.' };
      const { expiresAt, receivedAt } = record.tokens;
      return { kind: 'signed-in', expiresAt, ...(receivedAt === undefined ? {} : { receivedAt }) };
    } catch (error) {
      // A keyring that cannot be read says what to do (KeyringError): not "Unexpected error".
      return { kind: 'unreadable', message: error instanceof UserFacingError || error instanceof VaultKeyMissingError ? userMessage(error) : describeError(error).message };
    }
  }

  setProblem(profileId: string, error: unknown): void {
    if (error === undefined) this.problems.delete(profileId);
    else {
      const { message } = describeError(error);
      const text = error instanceof UserFacingError ? error.message : message;
      this.problems.set(
        profileId,
        error instanceof AccountLockedError
          ? { kind: 'locked', message: text, at: Date.now(), ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}) }
          : { kind: 'error', message: text, at: Date.now() },
      );
    }
    this.changed.fire();
  }

  private async updateContextKeys(): Promise<void> {
    const active = this.data.activeId;
    let signedIn = false;
    if (active && this.profile(active)) signedIn = this.status(active).status === 'signedIn';
    else if (active) {
      const token = this.apiToken(active);
      signedIn = token !== undefined && apiTokenTiming(token, Date.now()).secondsLeft > 0;
    }
    const anySignedIn = this.data.profiles.some((p) => this.tokenState(p.id).kind === 'signed-in');
    await Promise.all([
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.signedIn, signedIn),
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.anySignedIn, anySignedIn),
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasProfiles, this.data.profiles.length + this.data.apiTokens.length > 0),
    ]);
  }

  // ------------------------------------------------------------------ writing

  private async save(next: ProfilesData): Promise<void> {
    this.data = next;
    await this.deps.state.update(PROFILES_STATE_KEY, next);
    await this.reload();
  }

  async addEnvironment(env: StoredEnvironment): Promise<void> {
    await this.save({ ...this.data, environments: [...this.data.environments, env] });
  }

  async addProfile(profile: StoredProfile, password?: string): Promise<void> {
    // The secret first: a failing keyring must not leave a profile that claims a stored password.
    if (password !== undefined) await this.store.store(secretKeys.password(profile.id), password);
    await this.save({ ...this.data, profiles: [...this.data.profiles, profile] });
  }

  /** Adds the four documented sandbox users to an environment (those not there yet); returns how many. Their passwords are used at sign-in. */
  async addDocumentedUsers(environmentId: string): Promise<number> {
    const added = documentedProfiles(environmentId, newId, this.data.profiles);
    await this.save({ ...this.data, profiles: [...this.data.profiles, ...added] });
    return added.length;
  }

  async addApiToken(token: StoredApiToken, value: string): Promise<void> {
    await this.store.store(secretKeys.apiToken(token.id), value);
    await this.save({ ...this.data, apiTokens: [...this.data.apiTokens, token] });
  }

  async updateProfile(id: string, change: Partial<Pick<StoredProfile, 'name' | 'email' | 'role'>>): Promise<void> {
    const before = this.profile(id);
    if (!before) return;
    // A different user: the old tokens, password and problem (a lock, a refused password) are not theirs.
    if ((change.email !== undefined && change.email !== before.email) || (change.role !== undefined && change.role !== before.role)) {
      await forgetProfileSecrets(this.store, id);
      this.sessions.delete(id);
      this.problems.delete(id);
    }
    const documented = before.documented && (change.email ?? before.email) === before.email && (change.role ?? before.role) === before.role;
    const after: StoredProfile = { ...before, ...change, documented: documented || undefined };
    if (!after.documented) delete (after as { documented?: boolean }).documented;
    await this.save({ ...this.data, profiles: this.data.profiles.map((p) => (p.id === id ? after : p)) });
  }

  /** Stores a pasted API token again (its secret was missing); updates its decoded exp. */
  async replaceApiTokenSecret(id: string, value: string, jwtExpiresAt: number | undefined): Promise<void> {
    await this.store.store(secretKeys.apiToken(id), value);
    await this.save({
      ...this.data,
      apiTokens: this.data.apiTokens.map((t) => {
        if (t.id !== id) return t;
        const next: { -readonly [K in keyof StoredApiToken]: StoredApiToken[K] } = { ...t };
        if (jwtExpiresAt === undefined) delete next.jwtExpiresAt;
        else next.jwtExpiresAt = jwtExpiresAt;
        return next;
      }),
    });
  }

  async renameApiToken(id: string, label: string): Promise<void> {
    await this.save({ ...this.data, apiTokens: this.data.apiTokens.map((t) => (t.id === id ? { ...t, label } : t)) });
  }

  async renameEnvironment(id: string, label: string): Promise<void> {
    this.assertStoredEnvironment(id);
    await this.save({ ...this.data, environments: this.data.environments.map((e) => (e.id === id ? { ...e, label } : e)) });
  }

  async setActive(id: string | undefined): Promise<void> {
    const next = { ...this.data };
    if (id === undefined) delete (next as { activeId?: string }).activeId;
    else next.activeId = id;
    await this.save(next as ProfilesData);
  }

  /** Removes an environment (with its profiles and tokens), a profile or a token, and their secrets. */
  async remove(id: string): Promise<void> {
    const entry = this.entry(id);
    if (!entry) return;
    if (entry.kind === 'environment') this.assertStoredEnvironment(id);
    const profiles = entry.kind === 'environment' ? this.childrenOf(id).profiles : entry.kind === 'profile' ? [entry.item] : [];
    const tokens = entry.kind === 'environment' ? this.childrenOf(id).apiTokens : entry.kind === 'apiToken' ? [entry.item] : [];
    for (const profile of profiles) {
      await forgetProfileSecrets(this.store, profile.id);
      this.sessions.delete(profile.id);
      this.problems.delete(profile.id);
      this.tokenStates.delete(profile.id);
    }
    for (const token of tokens) await this.store.delete(secretKeys.apiToken(token.id));
    const gone = new Set([id, ...profiles.map((p) => p.id), ...tokens.map((t) => t.id)]);
    const next: ProfilesData = {
      environments: this.data.environments.filter((e) => !gone.has(e.id)),
      profiles: this.data.profiles.filter((p) => !gone.has(p.id)),
      apiTokens: this.data.apiTokens.filter((t) => !gone.has(t.id)),
      ...(this.data.activeId && !gone.has(this.data.activeId) ? { activeId: this.data.activeId } : {}),
    };
    await this.save(next);
  }

  private async onSandboxChanged(baseUrl: string | undefined): Promise<void> {
    if (baseUrl) {
      const local = this.environment(LOCAL_ENVIRONMENT_ID);
      if (!local) {
        // Started from the welcome view after the local environment was removed: bring it back.
        const env = localEnvironment(baseUrl);
        const profiles = documentedProfiles(env.id, newId);
        await this.save({ ...this.data, environments: [env, ...this.data.environments], profiles: [...this.data.profiles, ...profiles] });
        return;
      }
      if (local.baseUrl !== baseUrl) {
        await this.save({ ...this.data, environments: this.data.environments.map((e) => (e.id === local.id ? { ...e, baseUrl } : e)) });
        return;
      }
    }
    this.changed.fire();
  }

  /** Something to redraw (time left labels): no re-read. */
  tick(): void {
    void this.updateContextKeys();
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
