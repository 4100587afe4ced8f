// What the Profiles view shows for an environment, a profile or an API token: label, description,
// tooltip, icon and the namespaced contextValue the manifest's menus match. No 'vscode' import.
import { API_TOKEN_EXPIRY_LABELS } from '../core/fincode/apiTokens';
import { apiTokenTiming } from './apiTokenExpiry';
import type { ProfileStatusView } from './profileStatus';
import { ROLE_ICONS } from './roleIcons';
import type { StoredApiToken, StoredEnvironment, StoredProfile } from './storedProfiles';
import { formatTimeLeft } from './timeLeft';

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
