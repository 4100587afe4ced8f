// When a stored API token expires: from the JWT's own exp when it decodes, else from the expiry
// chosen when it was added; and the warning when the two disagree. No 'vscode' import.
import { decodeJwt } from '../core/auth/jwt';
import { API_TOKEN_EXPIRY_LABELS, API_TOKEN_EXPIRY_SECONDS, type ApiTokenExpiry } from '../core/fincode/apiTokens';
import type { StoredApiToken } from './storedProfiles';
import { formatTimeLeft } from './timeLeft';

export interface ApiTokenTiming {
  readonly expiresAt: number;
  readonly source: 'jwt' | 'created';
  readonly secondsLeft: number;
}

export function apiTokenTiming(token: Pick<StoredApiToken, 'expiry' | 'createdAt' | 'jwtExpiresAt'>, now: number): ApiTokenTiming {
  const expiresAt = token.jwtExpiresAt ?? token.createdAt + API_TOKEN_EXPIRY_SECONDS[token.expiry] * 1000;
  return { expiresAt, source: token.jwtExpiresAt === undefined ? 'created' : 'jwt', secondsLeft: Math.floor((expiresAt - now) / 1000) };
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
