// The "Profiles and tokens" commands, as a table. Invoked from the tree they receive the node;
// from the palette or the status bar nothing, and ask with a quick pick. Failures are thrown:
// extension.ts logs them and shows userMessage (the core's formatError with the documented advice).
import * as vscode from 'vscode';
import { isRefusal } from '../core/auth/signInPolicy';
import { API_TOKEN_EXPIRIES, API_TOKEN_EXPIRY_LABELS, type ApiTokenExpiry } from '../core/fincode/apiTokens';
import { parseBaseUrl, tenantBaseUrl } from '../core/fincode/environments';
import { ROLE_CAPABILITIES, ROLES, type Role } from '../core/fincode/roles';
import { COMMANDS } from './ids';
import type { JwtInspector } from './jwtInspector';
import type { Log } from './log';
import type { PermissionWatch } from './permissionWatch';
import { askInput, askPick, BACK, runSteps, type StepResult } from './multiStepInput';
import {
  apiTokenProblem,
  apiTokenShape,
  baseUrlProblem,
  emailProblem,
  expiryMismatch,
  jwtExpiry,
  nameProblem,
  passwordProblem,
  ROLE_ICONS,
  tenantProblem,
  type StoredEnvironment,
  type StoredProfile,
} from './profiles.pure';
import { MissingApiTokenError, newId, type ProfilesModel } from './profilesModel';
import { isProfileNode } from './profilesTree';
import { UserFacingError, userMessage } from './userErrors.pure';

type Kind = 'environment' | 'profile' | 'apiToken';

interface Target {
  readonly kind: Kind;
  readonly id: string;
}

/** The token a profile (its current access token) or an API token stands for; undefined when there is none. */
export async function tokenOf(model: ProfilesModel, id: string): Promise<string | undefined> {
  const credential = await model.credentialFor(id);
  if (credential.kind === 'session') return credential.session.getAccessToken();
  return credential.kind === 'apiToken' ? credential.token : undefined;
}

/** tokenOf, asking the user to paste an API token again when its secret is missing from the keyring. */
async function tokenOrAsk(model: ProfilesModel, id: string): Promise<string | undefined> {
  try {
    return await tokenOf(model, id);
  } catch (error) {
    if (!(error instanceof MissingApiTokenError)) throw error;
    const value = await vscode.window.showInputBox({
      title: `API token "${error.token.label}"`,
      prompt: 'This API token is missing from the OS keyring (cleared keyring, or another machine). Paste it again to keep using it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const problem = apiTokenProblem(v, Date.now());
        return problem ? { message: problem.message, severity: problem.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (!value?.trim()) return undefined;
    await model.replaceApiTokenSecret(id, value.trim(), jwtExpiry(value, Date.now()));
    return value.trim();
  }
}

export function profileCommands(model: ProfilesModel, log: Log, inspector: JwtInspector, watch?: PermissionWatch) {
  // ------------------------------------------------------------------ choosing what to act on

  function fromArgument(arg: unknown, kinds: readonly Kind[]): Target | undefined {
    if (isProfileNode(arg) && kinds.includes(arg.kind)) return arg;
    if (typeof arg === 'string') {
      const entry = model.entry(arg);
      if (entry && kinds.includes(entry.kind)) return { kind: entry.kind, id: arg };
    }
    return undefined;
  }

  interface TargetItem extends vscode.QuickPickItem {
    readonly target: Target;
  }

  function items(kinds: readonly Kind[], filter: (target: Target) => boolean = () => true): TargetItem[] {
    const now = Date.now();
    const result: TargetItem[] = [];
    for (const env of model.snapshot.environments) {
      if (kinds.includes('environment') && filter({ kind: 'environment', id: env.id })) {
        result.push({ label: `$(server-environment) ${env.label}`, description: env.local ? 'local sandbox' : env.kind, detail: env.baseUrl, target: { kind: 'environment', id: env.id } });
      }
      const { profiles, apiTokens } = model.childrenOf(env.id);
      for (const profile of profiles) {
        if (!kinds.includes('profile') || !filter({ kind: 'profile', id: profile.id })) continue;
        const status = model.status(profile.id, now);
        result.push({
          label: `$(${ROLE_ICONS[profile.role]}) ${profile.name}`,
          description: `${profile.role} · ${profile.email}${model.activeId === profile.id ? ' · ● active' : ''}`,
          detail: `${env.label} · ${status.label}`,
          target: { kind: 'profile', id: profile.id },
        });
      }
      for (const token of apiTokens) {
        if (!kinds.includes('apiToken') || !filter({ kind: 'apiToken', id: token.id })) continue;
        const shape = apiTokenShape(token, now, model.activeId === token.id);
        result.push({ label: `$(key) ${token.label}`, description: shape.description, detail: env.label, target: { kind: 'apiToken', id: token.id } });
      }
    }
    return result;
  }

  async function choose(arg: unknown, kinds: readonly Kind[], placeHolder: string, filter?: (target: Target) => boolean, preferActive = false): Promise<Target | undefined> {
    const given = fromArgument(arg, kinds);
    if (given) return given;
    const active = model.activeId ? model.entry(model.activeId) : undefined;
    if (preferActive && active && kinds.includes(active.kind) && (!filter || filter({ kind: active.kind, id: active.item.id }))) {
      return { kind: active.kind, id: active.item.id };
    }
    const choices = items(kinds, filter);
    if (choices.length === 0) {
      const none = model.snapshot.profiles.length + model.snapshot.apiTokens.length === 0;
      void vscode.window.showInformationMessage(none ? 'There is no FinCode profile yet: add one (FinCode: Add Profile).' : `No profile fits here (${placeHolder.replace(/\.$/, '').toLowerCase()}).`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(choices, { placeHolder, matchOnDescription: true, matchOnDetail: true });
    return picked?.target;
  }

  const signedIn = (target: Target): boolean => target.kind === 'profile' && model.tokenState(target.id).kind === 'signed-in';

  function requireProfile(id: string): StoredProfile {
    const profile = model.profile(id);
    if (!profile) throw new UserFacingError('This profile no longer exists.');
    return profile;
  }

  // ------------------------------------------------------------------ sign in

  async function askPassword(profile: StoredProfile, reason?: string): Promise<{ password: string; remember: boolean } | undefined> {
    const password = await vscode.window.showInputBox({
      title: `Sign in: ${profile.name} (${profile.role})`,
      prompt: `${reason ? `${reason} ` : ''}Password for ${profile.email}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => passwordProblem(value),
    });
    if (password === undefined) return undefined;
    const remember = await vscode.window.showQuickPick(
      [
        { label: '$(lock) Remember in the OS keyring', description: 'renewals after the session ends sign in again by themselves', remember: true },
        { label: '$(circle-slash) Do not remember', description: 'asked at every sign-in', remember: false },
      ],
      { title: `Sign in: ${profile.name}`, placeHolder: 'Keep this password in the OS keyring (SecretStorage)?', ignoreFocusOut: true },
    );
    if (!remember) return undefined;
    return { password, remember: remember.remember };
  }

  async function signIn(profileId: string): Promise<boolean> {
    const profile = requireProfile(profileId);
    await model.ensureReachable(profile.environmentId);
    const progress = <T>(work: () => Promise<T>): Thenable<T> =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `FinCode: signing in as ${profile.name} (${profile.role})…` }, work);
    let signedIn: boolean;
    let reason: string | undefined;
    try {
      // The stored password first, as the core's sign-in policy rules (it forgets a refused one).
      signedIn = await progress(() => model.signInWithStoredPassword(profileId, { automatic: false }));
    } catch (error) {
      if (!isRefusal(error) || profile.documented) {
        model.setProblem(profileId, error);
        throw error;
      }
      signedIn = false;
      reason = 'The stored password was refused.';
    }
    if (!signedIn) {
      const credentials = await askPassword(profile, reason);
      if (!credentials) return false;
      try {
        await progress(() => model.session(profileId).signIn(credentials.password, { remember: credentials.remember }));
      } catch (error) {
        model.setProblem(profileId, error);
        throw error;
      }
    }
    model.setProblem(profileId, undefined);
    await watch?.remember(profileId);
    await model.setActive(profileId);
    log.info(`Signed in: ${profile.name} (${profile.role}).`);
    vscode.window.setStatusBarMessage(`$(pass) Signed in as ${profile.name} (${profile.role})`, 4000);
    return true;
  }

  /** model.setActive, then the permission difference between the previous active profile and this one. */
  async function setActive(id: string): Promise<void> {
    const previous = model.activeId;
    await model.setActive(id);
    await watch?.afterSwitch(previous, id);
  }

  // ------------------------------------------------------------------ adding

  async function chooseEnvironment(arg: unknown, title: string, filter?: (env: StoredEnvironment) => boolean): Promise<StoredEnvironment | undefined> {
    const given = fromArgument(arg, ['environment', 'profile', 'apiToken']);
    if (given) {
      const entry = model.entry(given.id);
      const env = entry?.kind === 'environment' ? entry.item : entry ? model.environment(entry.item.environmentId) : undefined;
      if (env && (!filter || filter(env))) return env;
    }
    const envs = model.snapshot.environments.filter((env) => !filter || filter(env));
    if (envs.length === 1) return envs[0];
    if (envs.length === 0) return undefined;
    const picked = await vscode.window.showQuickPick(
      envs.map((env) => ({ label: env.label, description: env.local ? 'local sandbox' : env.kind, detail: env.baseUrl, env })),
      { title, placeHolder: 'Choose the environment', ignoreFocusOut: true },
    );
    return picked?.env;
  }

  async function addProfile(arg: unknown): Promise<void> {
    const env = await chooseEnvironment(arg, 'Add Profile');
    if (!env) {
      if (model.snapshot.environments.length === 0) void vscode.window.showInformationMessage('Add an environment first (FinCode: Add Environment).');
      return;
    }
    const title = `Add Profile to ${env.label}`;
    let role: Role = 'CASHIER';
    let email = '';
    let name = '';
    let remember = true;
    let password = '';
    const total = 5;
    const done = await runSteps([
      async () => {
        const roleItems = ROLES.map((r) => ({ label: `$(${ROLE_ICONS[r]}) ${r}`, description: ROLE_CAPABILITIES[r].slice(0, 3).join(', '), role: r }));
        const picked = await askPick({ title, step: 1, totalSteps: total, placeholder: 'The FinCode role of this user', items: roleItems, active: roleItems.find((i) => i.role === role) });
        if (picked === undefined || picked === BACK) return picked;
        role = picked.role;
        return true;
      },
      async () => {
        const value = await askInput({ title, step: 2, totalSteps: total, prompt: 'E-mail address of the FinCode user', value: email, placeholder: 'name@example.com', validate: emailProblem });
        if (value === undefined || value === BACK) return value;
        email = value.trim();
        return true;
      },
      async () => {
        const value = await askInput({ title, step: 3, totalSteps: total, prompt: 'A name for this profile (shown in the tree and the status bar)', value: name || role.toLowerCase(), validate: nameProblem });
        if (value === undefined || value === BACK) return value;
        name = value.trim();
        return true;
      },
      async () => {
        const picked = await askPick({
          title,
          step: 4,
          totalSteps: total,
          placeholder: 'Keep the password in the OS keyring (SecretStorage)?',
          items: [
            { label: '$(lock) Remember the password', description: 'in the OS keyring; sign-in is one click', remember: true },
            { label: '$(circle-slash) Ask at every sign-in', description: 'nothing stored until you sign in', remember: false },
          ],
        });
        if (picked === undefined || picked === BACK) return picked;
        remember = picked.remember;
        return true;
      },
      async (): Promise<StepResult<true>> => {
        if (!remember) return true;
        const value = await askInput({ title, step: 5, totalSteps: total, prompt: `Password for ${email}`, password: true, validate: passwordProblem });
        if (value === undefined || value === BACK) return value;
        password = value;
        return true;
      },
    ]);
    if (!done) return;
    const profile: StoredProfile = { id: newId(), environmentId: env.id, name, role, email };
    await model.addProfile(profile, remember ? password : undefined);
    const signInNow = 'Sign In';
    void vscode.window.showInformationMessage(`Profile "${name}" (${role}) added to ${env.label}.`, signInNow).then((choice) => (choice === signInNow ? runSignIn(profile.id) : undefined));
  }

  async function runSignIn(profileId: string): Promise<void> {
    try {
      await signIn(profileId);
    } catch (error) {
      log.error(`Sign-in failed: ${userMessage(error)}`);
      void vscode.window.showErrorMessage(userMessage(error));
    }
  }

  async function addApiToken(arg: unknown): Promise<void> {
    const env = await chooseEnvironment(arg, 'Add API Token');
    if (!env) {
      if (model.snapshot.environments.length === 0) void vscode.window.showInformationMessage('Add an environment first (FinCode: Add Environment).');
      return;
    }
    const title = `Add API Token to ${env.label}`;
    let token = '';
    let label = '';
    let expiry: ApiTokenExpiry = '1m';
    const total = 3;
    const done = await runSteps([
      async () => {
        const value = await askInput({
          title,
          step: 1,
          totalSteps: total,
          prompt: 'Paste the API token made in the FinCode dashboard (Settings → API Tokens). It is kept in the OS keyring only.',
          password: true,
          validate: (v) => apiTokenProblem(v, Date.now()),
        });
        if (value === undefined || value === BACK) return value;
        token = value.trim();
        return true;
      },
      async () => {
        const value = await askInput({ title, step: 2, totalSteps: total, prompt: 'A label for this token', value: label || 'api-token', validate: nameProblem });
        if (value === undefined || value === BACK) return value;
        label = value.trim();
        return true;
      },
      async () => {
        const expiryItems = API_TOKEN_EXPIRIES.map((e) => ({ label: API_TOKEN_EXPIRY_LABELS[e], expiry: e }));
        const picked = await askPick({ title, step: 3, totalSteps: total, placeholder: 'The expiry chosen when the token was made', items: expiryItems, active: expiryItems.find((i) => i.expiry === expiry) });
        if (picked === undefined || picked === BACK) return picked;
        expiry = picked.expiry;
        return true;
      },
    ]);
    if (!done) return;
    const createdAt = Date.now();
    const exp = jwtExpiry(token, createdAt);
    await model.addApiToken({ id: newId(), environmentId: env.id, label, expiry, createdAt, ...(exp !== undefined ? { jwtExpiresAt: exp } : {}) }, token);
    const mismatch = expiryMismatch(exp, expiry, createdAt);
    if (mismatch) void vscode.window.showWarningMessage(`API token "${label}" added. ${mismatch}`);
    else void vscode.window.showInformationMessage(`API token "${label}" added to ${env.label}.`);
  }

  async function addEnvironment(): Promise<void> {
    type KindItem = vscode.QuickPickItem & { envKind: 'sandbox' | 'production' | 'custom' };
    let kind: KindItem['envKind'] = 'sandbox';
    let tenant = '';
    let baseUrl = '';
    let label = '';
    const title = 'Add Environment';
    const total = 3;
    const done = await runSteps([
      async () => {
        const kinds: KindItem[] = [
          { label: '$(beaker) Tenant sandbox', description: 'https://{tenant}.fincode.software/sandbox/api/v6/services', envKind: 'sandbox' },
          { label: '$(cloud) Tenant production', description: 'https://{tenant}.fincode.software/api/v6/services', envKind: 'production' },
          { label: '$(server-environment) Custom base URL', description: 'any http(s) FinCode API base URL', envKind: 'custom' },
        ];
        const picked = await askPick({ title, step: 1, totalSteps: total, placeholder: 'What kind of environment?', items: kinds, active: kinds.find((k) => k.envKind === kind) });
        if (picked === undefined || picked === BACK) return picked;
        kind = picked.envKind;
        return true;
      },
      async () => {
        if (kind === 'custom') {
          const value = await askInput({ title, step: 2, totalSteps: total, prompt: 'Base URL of the FinCode API', value: baseUrl, placeholder: 'https://tenant.fincode.software/api/v6/services', validate: baseUrlProblem });
          if (value === undefined || value === BACK) return value;
          const parsed = parseBaseUrl(value);
          if (!parsed.ok) return undefined;
          baseUrl = parsed.baseUrl;
          return true;
        }
        const value = await askInput({ title, step: 2, totalSteps: total, prompt: 'Tenant name (the first label of {tenant}.fincode.software)', value: tenant, placeholder: 'remitjunction', validate: (v) => tenantProblem(v.trim()) });
        if (value === undefined || value === BACK) return value;
        tenant = value.trim().toLowerCase();
        baseUrl = tenantBaseUrl(tenant, kind);
        return true;
      },
      async () => {
        const suggested = kind === 'custom' ? new URL(baseUrl).host : `${tenant} (${kind})`;
        const value = await askInput({ title, step: 3, totalSteps: total, prompt: `A label for ${baseUrl}`, value: label || suggested, validate: nameProblem });
        if (value === undefined || value === BACK) return value;
        label = value.trim();
        return true;
      },
    ]);
    if (!done) return;
    // Assigned inside the steps' closures: widen what TypeScript narrowed from the initialiser.
    const chosenKind = kind as KindItem['envKind'];
    const env: StoredEnvironment = { id: newId(), label, kind: chosenKind, tenant: chosenKind === 'custom' ? '' : tenant, baseUrl };
    await model.addEnvironment(env);
    if (chosenKind === 'sandbox') {
      const add = 'Add Documented Sandbox Test Users';
      void vscode.window
        .showInformationMessage(`Environment "${label}" added. Add the four sandbox test users from the FinCode documentation?`, add, 'Add Profile…')
        .then((choice) =>
          choice === add
            ? vscode.commands.executeCommand(COMMANDS.addDocumentedUsers, env.id)
            : choice
              ? vscode.commands.executeCommand(COMMANDS.addProfile, env.id)
              : undefined,
        );
    } else {
      void vscode.window.showInformationMessage(`Environment "${label}" added (${baseUrl}).`);
    }
  }

  // ------------------------------------------------------------------ the table

  return {
    [COMMANDS.signIn]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile'], 'Choose the profile to sign in with.', (t) => !signedIn(t));
      if (target) await signIn(target.id);
    },

    [COMMANDS.refreshToken]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile'], 'Choose the session to renew.', signedIn, true);
      if (!target) return;
      const profile = requireProfile(target.id);
      await model.ensureReachable(profile.environmentId);
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `FinCode: renewing ${profile.name}…` }, () => model.session(target.id).refreshNow());
      } catch (error) {
        model.setProblem(target.id, error);
        throw error;
      }
      model.setProblem(target.id, undefined);
      await watch?.afterRenewal(target.id);
      vscode.window.setStatusBarMessage(`$(pass) Renewed the session of ${profile.name} (${profile.role})`, 4000);
    },

    [COMMANDS.signOut]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile'], 'Choose the profile to sign out.', signedIn, true);
      if (!target) return;
      const profile = requireProfile(target.id);
      const localStopped = model.environment(profile.environmentId)?.local === true && model.sandboxUrl() === undefined;
      // A stopped local sandbox forgot its sessions: nobody to tell.
      // Local secrets go first; telling FinCode may take up to the total timeout: a spinner says so meanwhile.
      const result = localStopped
        ? { revoked: true as const }
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Signing out of ${profile.name}` }, () => model.session(target.id).signOut());
      if (localStopped) await model.session(target.id).forget();
      model.setProblem(target.id, undefined);
      log.info(`Signed out: ${profile.name} (${profile.role}); revoked on the server: ${result.revoked}.`);
      if (!result.revoked) {
        void vscode.window.showWarningMessage(
          `Signed out of ${profile.name} here, but FinCode could not be told (${userMessage(result.error)}). The session ends there when its tokens expire.`,
        );
      } else {
        vscode.window.setStatusBarMessage(`$(sign-out) Signed out of ${profile.name} (${profile.role})`, 4000);
      }
    },

    [COMMANDS.switchProfile]: async () => {
      const choices = items(['profile', 'apiToken']);
      if (choices.length === 0) {
        const add = 'Add Profile';
        const choice = await vscode.window.showInformationMessage('There is no FinCode profile yet.', add);
        if (choice === add) await vscode.commands.executeCommand(COMMANDS.addProfile);
        return;
      }
      const picked = await vscode.window.showQuickPick(choices, {
        title: 'Switch Active Profile',
        placeHolder: 'The active profile signs .http requests and shows in the status bar',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return;
      await setActive(picked.target.id);
      if (picked.target.kind === 'profile' && model.status(picked.target.id).status !== 'signedIn') {
        const signInNow = 'Sign In';
        void vscode.window
          .showInformationMessage(`${requireProfile(picked.target.id).name} is the active profile and is not signed in.`, signInNow)
          .then((choice) => (choice === signInNow ? runSignIn(picked.target.id) : undefined));
      }
    },

    [COMMANDS.setActive]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile', 'apiToken'], 'Choose the active profile or API token.');
      if (target) await setActive(target.id);
    },

    [COMMANDS.addProfile]: (arg?: unknown) => addProfile(arg),
    [COMMANDS.addApiToken]: (arg?: unknown) => addApiToken(arg),
    [COMMANDS.addEnvironment]: () => addEnvironment(),

    [COMMANDS.addDocumentedUsers]: async (arg?: unknown) => {
      const env = await chooseEnvironment(arg, 'Add Documented Sandbox Test Users', (e) => e.kind === 'sandbox' || e.local === true);
      if (!env) {
        const add = 'Add Environment';
        const choice = await vscode.window.showInformationMessage('The documented test users only exist in a tenant sandbox: add a sandbox environment first.', add);
        if (choice === add) await vscode.commands.executeCommand(COMMANDS.addEnvironment);
        return;
      }
      const added = await model.addDocumentedUsers(env.id);
      void vscode.window.showInformationMessage(
        added === 0 ? `${env.label} already has the four documented test users.` : `Added ${added} documented sandbox test user${added === 1 ? '' : 's'} to ${env.label} (passwords in the OS keyring).`,
      );
    },

    [COMMANDS.edit]: async (arg?: unknown) => {
      const target = await choose(arg, ['environment', 'profile', 'apiToken'], 'Choose what to edit.');
      if (!target) return;
      if (target.kind === 'profile') {
        const profile = requireProfile(target.id);
        const name = await vscode.window.showInputBox({ title: `Edit ${profile.name} (1/3)`, prompt: 'Name', value: profile.name, validateInput: nameProblem, ignoreFocusOut: true });
        if (name === undefined) return;
        const email = await vscode.window.showInputBox({ title: `Edit ${profile.name} (2/3)`, prompt: 'E-mail (changing it signs the profile out and forgets its password)', value: profile.email, validateInput: emailProblem, ignoreFocusOut: true });
        if (email === undefined) return;
        const role = await vscode.window.showQuickPick(
          ROLES.map((r) => ({ label: `$(${ROLE_ICONS[r]}) ${r}`, role: r, picked: r === profile.role })),
          { title: `Edit ${profile.name} (3/3)`, placeHolder: `Role (now ${profile.role})`, ignoreFocusOut: true },
        );
        if (!role) return;
        await model.updateProfile(target.id, { name: name.trim(), email: email.trim(), role: role.role });
        return;
      }
      const entry = model.entry(target.id);
      if (!entry) return;
      const current = entry.kind === 'apiToken' ? entry.item.label : entry.kind === 'environment' ? entry.item.label : '';
      const label = await vscode.window.showInputBox({ title: `Rename "${current}"`, prompt: 'New label', value: current, validateInput: nameProblem, ignoreFocusOut: true });
      if (label === undefined) return;
      if (entry.kind === 'apiToken') await model.renameApiToken(target.id, label.trim());
      else await model.renameEnvironment(target.id, label.trim());
    },

    [COMMANDS.remove]: async (arg?: unknown) => {
      const target = await choose(arg, ['environment', 'profile', 'apiToken'], 'Choose what to remove.');
      if (!target) return;
      const entry = model.entry(target.id);
      if (!entry) return;
      const what =
        entry.kind === 'environment'
          ? `the environment "${entry.item.label}" with its ${model.childrenOf(entry.item.id).profiles.length} profile(s) and ${model.childrenOf(entry.item.id).apiTokens.length} API token(s)`
          : entry.kind === 'profile'
            ? `the profile "${entry.item.name}" (${entry.item.role}, ${entry.item.email})`
            : `the API token "${entry.item.label}"`;
      const remove = 'Remove';
      const choice = await vscode.window.showWarningMessage(`Remove ${what}?`, { modal: true, detail: 'Its stored password and tokens are deleted from the OS keyring. Signed-in sessions are not revoked on the server.' }, remove);
      if (choice !== remove) return;
      await model.remove(target.id);
    },

    [COMMANDS.copyAccessToken]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile', 'apiToken'], 'Choose whose token to copy.', (t) => t.kind === 'apiToken' || signedIn(t), true);
      if (!target) return;
      const entry = model.entry(target.id);
      if (!entry || entry.kind === 'environment') return;
      const who = entry.kind === 'profile' ? `${entry.item.name} (${entry.item.role})` : `API token "${entry.item.label}"`;
      const copy = 'Copy';
      const choice = await vscode.window.showWarningMessage(
        `Copy the access token of ${who} to the clipboard?`,
        { modal: true, detail: 'Anyone who can read the clipboard can act as this user until the token expires. Clipboard managers may keep it.' },
        copy,
      );
      if (choice !== copy) return;
      const token = await tokenOrAsk(model, target.id);
      if (!token) return;
      await vscode.env.clipboard.writeText(token);
      vscode.window.setStatusBarMessage(`$(clippy) Token of ${who} copied`, 4000);
    },

    [COMMANDS.inspectToken]: async (arg?: unknown) => {
      const target = await choose(arg, ['profile', 'apiToken'], 'Choose whose token to inspect.', (t) => t.kind === 'apiToken' || signedIn(t), true);
      if (!target) return;
      const entry = model.entry(target.id);
      const token = await tokenOrAsk(model, target.id);
      if (!token || !entry || entry.kind === 'environment') return;
      const title = entry.kind === 'profile' ? `JWT: ${entry.item.name} (${entry.item.role})` : `JWT: API token ${entry.item.label}`;
      // The page keeps only the id (a non-secret reference); the token is re-read from SecretStorage after a reload.
      inspector.show(token, { title, ref: target.id, kind: entry.kind === 'profile' ? 'access' : 'api' });
    },

    [COMMANDS.refreshProfiles]: () => model.reload(),
  };
}
