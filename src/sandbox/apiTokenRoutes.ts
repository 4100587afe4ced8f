// Emulator only, not a FinCode endpoint: FinCode makes API tokens in its dashboard, which the
// sandbox stands in for with `_emulator/api-tokens` (create with a session access token, list,
// revoke). Responses carry `"emulator": true`.
import { API_TOKEN_EXPIRIES, isApiTokenExpiry } from '../core/fincode/apiTokens';
import type { Principal } from './authenticate';
import { json, notFound, validation, type Reply } from './reply';
import { protectedRoute, type RequestContext, type Route } from './router';
import type { ApiTokenRecord } from './state';
import { issueApiToken } from './tokens';
import { bodyObject, requiredString } from './validate';

const MAX_LABEL_LENGTH = 100;

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** A listed token: everything but its value. */
function tokenView(record: ApiTokenRecord): Record<string, unknown> {
  const { id, label, expiry, revoked } = record;
  return { id, label, expiry, created_at: isoDate(record.createdAt), expires_at: isoDate(record.expiresAt), revoked };
}

function createApiToken(ctx: RequestContext, principal: Principal): Reply {
  if (principal.tokenUse !== 'access') {
    return json(403, { emulator: true, error: 'forbidden', message: 'Create API tokens with a session access token, not an API token' });
  }
  const body = bodyObject(ctx.body);
  const label = requiredString(body, 'label').trim();
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) return validation(`Invalid field label: 1 to ${MAX_LABEL_LENGTH} characters`);
  const expiry = body.expiry;
  if (!isApiTokenExpiry(expiry)) return validation(`Invalid field expiry: expected one of ${API_TOKEN_EXPIRIES.join(', ')}`);
  const { record, token } = issueApiToken(ctx.state, principal.user, label, expiry);
  return json(201, { emulator: true, id: record.id, label, expiry, api_token: token, expires_at: isoDate(record.expiresAt) });
}

function listApiTokens(ctx: RequestContext, principal: Principal): Reply {
  const mine = [...ctx.state.apiTokens.values()].filter((record) => record.userId === principal.user.id);
  return json(200, { emulator: true, api_tokens: mine.map(tokenView) });
}

function revokeApiToken(ctx: RequestContext, principal: Principal): Reply {
  const record = ctx.state.apiTokens.get(ctx.params.id ?? '');
  // Another user's token is reported as absent: its existence is not the caller's business.
  if (!record || record.userId !== principal.user.id) return notFound('No such API token');
  record.revoked = true;
  return { status: 204 };
}

export const API_TOKEN_ROUTES: readonly Route[] = [
  protectedRoute('POST', '_emulator/api-tokens', createApiToken),
  protectedRoute('GET', '_emulator/api-tokens', listApiTokens),
  protectedRoute('DELETE', '_emulator/api-tokens/{id}', revokeApiToken),
];
