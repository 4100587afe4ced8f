// What the status bar items say: the active profile or API token with its environment (text,
// tooltip, background colour) and the .http variable environment. Colours keep one meaning each:
// the warning background marks a production environment and nothing else; the error background a
// session that cannot be used (expired, locked, failing). Signed out is a normal state: no colour.
// No 'vscode' import: plain Node tests.
import { apiTokenTiming } from './apiTokenExpiry';
import type { ProfileStatusView } from './profileStatus';
import { ROLE_ICONS } from './roleIcons';
import type { StoredApiToken, StoredProfile } from './storedProfiles';
import { formatTimeLeft, formatTimeLeftShort } from './timeLeft';

export interface StatusBarView {
  readonly text: string;
  readonly tooltip: string;
  readonly background?: 'warning' | 'error';
}

/** The environment of the active credential, as the status bar names it. */
export interface ActiveEnvironment {
  readonly environmentLabel: string;
  /** A FinCode production environment (kind production): real data. */
  readonly production: boolean;
}

export type ActiveCredential =
  | { readonly kind: 'none' }
  | ({ readonly kind: 'profile'; readonly profile: StoredProfile; readonly view: ProfileStatusView } & ActiveEnvironment)
  | ({ readonly kind: 'apiToken'; readonly token: StoredApiToken } & ActiveEnvironment);

const PRODUCTION_NOTE = 'PRODUCTION environment: requests change real data.';

function withEnvironment(head: string, active: ActiveEnvironment, unusable: boolean, tooltip: string): StatusBarView {
  const where = active.production ? `$(warning) ${active.environmentLabel}` : active.environmentLabel;
  return {
    text: `${head} · ${where}`,
    tooltip: active.production ? `${PRODUCTION_NOTE}\n${tooltip}` : tooltip,
    ...(unusable ? { background: 'error' as const } : active.production ? { background: 'warning' as const } : {}),
  };
}

export function statusBarView(active: ActiveCredential, now: number): StatusBarView {
  if (active.kind === 'none') {
    return { text: '$(account) FinCode: no active profile', tooltip: 'No active FinCode profile. Click to choose one.' };
  }
  if (active.kind === 'apiToken') {
    const timing = apiTokenTiming(active.token, now);
    const expired = timing.secondsLeft <= 0;
    return withEnvironment(
      `$(key) API token · ${active.token.label} · ${expired ? 'expired' : formatTimeLeftShort(timing.secondsLeft)}`,
      active,
      expired,
      `Active credential: API token "${active.token.label}" (${active.environmentLabel}), ${expired ? 'expired' : `${formatTimeLeft(timing.secondsLeft)} left`}. Click to switch.`,
    );
  }
  const { profile, view } = active;
  const head = `$(${ROLE_ICONS[profile.role]}) ${profile.role} · ${profile.name}`;
  const tooltip = `Active profile: ${profile.name} (${profile.role}, ${profile.email}) on ${active.environmentLabel}: ${view.label}${view.detail ? `\n${view.detail}` : ''}\nClick to switch the active profile.`;
  const state = view.status === 'signedIn' ? formatTimeLeftShort(view.secondsLeft ?? 0) : view.label;
  return withEnvironment(`${head} · ${state}`, active, view.status !== 'signedIn' && view.status !== 'signedOut', tooltip);
}

/** The .http variable environment item: the name requests use now, or none (only `$shared`). */
export function httpEnvironmentView(name: string, picked: boolean): StatusBarView {
  const source = picked ? 'chosen for this workspace' : 'from the fincode.httpEnvironment setting';
  return name === ''
    ? { text: '$(symbol-variable) No Environment', tooltip: '.http variables: no environment, only the $shared variables. Click to choose one.' }
    : { text: `$(symbol-variable) ${name}`, tooltip: `.http variables: environment "${name}" (${source}). Click to choose another.` };
}
