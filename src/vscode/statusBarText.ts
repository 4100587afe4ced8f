// What the status bar item says about the active profile or API token: text, tooltip and
// background colour. No 'vscode' import: plain Node tests.
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
