// Minting the two kinds of JWT the sandbox hands out: session access tokens (login, refresh)
// and long-lived API tokens (the dashboard's, emulated under _emulator/api-tokens).
import { API_TOKEN_EXPIRY_SECONDS, type ApiTokenExpiry } from '../core/fincode/apiTokens';
import { randomHex, randomId } from './ids';
import { signJwt, type JwtClaims } from './jwt';
import { recordAccessToken, type Session } from './sessions';
import { nowSeconds, type ApiTokenRecord, type SandboxState } from './state';
import type { SandboxUser } from './users';

function userClaims(user: SandboxUser): JwtClaims {
  return {
    sub: user.id,
    email: user.email,
    role: user.role,
    tenant_id: user.tenantId,
    permissions: [...user.permissions],
    ...(user.customerId === undefined ? {} : { customer_id: user.customerId }),
  };
}

export function issueAccessToken(state: SandboxState, user: SandboxUser, session: Session): string {
  const iat = nowSeconds(state);
  const jti = randomHex(16);
  recordAccessToken(state.sessions, session, jti);
  return signJwt({ ...userClaims(user), iat, exp: iat + state.options.expiresInSeconds, jti }, state.secret);
}

export function issueApiToken(
  state: SandboxState,
  user: SandboxUser,
  label: string,
  expiry: ApiTokenExpiry,
): { record: ApiTokenRecord; token: string } {
  const iat = nowSeconds(state);
  const exp = iat + API_TOKEN_EXPIRY_SECONDS[expiry];
  const record: ApiTokenRecord = {
    id: randomId('apitok'),
    userId: user.id,
    label,
    expiry,
    jti: randomHex(16),
    createdAt: iat * 1000,
    expiresAt: exp * 1000,
    revoked: false,
  };
  state.apiTokens.set(record.id, record);
  const token = signJwt({ ...userClaims(user), iat, exp, jti: record.jti, token_use: 'api', label }, state.secret);
  return { record, token };
}
