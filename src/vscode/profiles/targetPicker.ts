// Choosing what a command acts on: the tree node it was invoked on, an id passed by another
// command, the active profile, or a quick pick of environments, profiles and API tokens.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { apiTokenShape } from '../profileTreeItems';
import { ROLE_ICONS } from '../roleIcons';
import type { StoredProfile } from '../storedProfiles';
import type { ProfilesModel } from '../profilesModel';
import { isProfileNode } from '../profilesTree';
import { UserFacingError } from '../userErrors';

export type Kind = 'environment' | 'profile' | 'apiToken';

export interface Target {
  readonly kind: Kind;
  readonly id: string;
}

export interface TargetItem extends vscode.QuickPickItem {
  readonly target: Target;
}

/** The target a command argument names (a tree node or an id), when it is of one of these kinds. */
export function fromArgument(model: ProfilesModel, arg: unknown, kinds: readonly Kind[]): Target | undefined {
  if (isProfileNode(arg) && kinds.includes(arg.kind)) return arg;
  if (typeof arg === 'string') {
    const entry = model.entry(arg);
    if (entry && kinds.includes(entry.kind)) return { kind: entry.kind, id: arg };
  }
  return undefined;
}

/** Quick pick items for every environment, profile and API token of these kinds that passes the filter. */
export function targetItems(model: ProfilesModel, kinds: readonly Kind[], filter: (target: Target) => boolean = () => true): TargetItem[] {
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

export interface ChooseOptions {
  readonly filter?: (target: Target) => boolean;
  /** Take the active profile or API token without asking when it fits. */
  readonly preferActive?: boolean;
}

export async function chooseTarget(model: ProfilesModel, arg: unknown, kinds: readonly Kind[], placeHolder: string, options: ChooseOptions = {}): Promise<Target | undefined> {
  const { filter, preferActive = false } = options;
  const given = fromArgument(model, arg, kinds);
  if (given) return given;
  const active = model.activeId ? model.entry(model.activeId) : undefined;
  if (preferActive && active && kinds.includes(active.kind) && (!filter || filter({ kind: active.kind, id: active.item.id }))) {
    return { kind: active.kind, id: active.item.id };
  }
  const choices = targetItems(model, kinds, filter);
  if (choices.length === 0) {
    const none = model.snapshot.profiles.length + model.snapshot.apiTokens.length === 0;
    const add = 'Add Profile…';
    void vscode.window
      .showInformationMessage(none ? 'There is no FinCode profile yet.' : `No profile fits here (${placeHolder.replace(/\.$/, '').toLowerCase()}).`, add)
      .then((choice) => (choice === add ? vscode.commands.executeCommand(COMMANDS.addProfile) : undefined));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(choices, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.target;
}

/** A profile with a session (the filter of commands that need one). */
export function isSignedIn(model: ProfilesModel, target: Target): boolean {
  return target.kind === 'profile' && model.tokenState(target.id).kind === 'signed-in';
}

export function requireProfile(model: ProfilesModel, id: string): StoredProfile {
  const profile = model.profile(id);
  if (!profile) throw new UserFacingError('This profile no longer exists.');
  return profile;
}
