// Who is calling: the token from `X-Auth-Token` (the guide's examples) or `Authorization: Bearer`
// (its header list), verified and checked against revocation. Failures are the guide's 401,
// with `message` naming the specific cause.
import type { IncomingHttpHeaders } from 'node:http';
import { verifyJwt, type JwtProblem } from './jwt';
import { json, type Reply } from './reply';
import { accessTokenSession } from './sessions';
import { findUser, nowSeconds, type SandboxState } from './state';
import type { SandboxUser } from './users';

export interface Principal {
  readonly user: SandboxUser;
  readonly tokenUse: 'access' | 'api';
  /** The login session (token family) of an access token; API tokens have none. */
  readonly sessionId?: string;
}

/** The causes the guide lists for a 401. */
const UNAUTHORIZED_CAUSES = ['Invalid or expired access token', 'Missing Authorization header', 'Malformed JWT token'] as const;

export function unauthorized(message: string): Reply {
  return json(401, { error: 'unauthorized', message, causes: [...UNAUTHORIZED_CAUSES] });
}

export const PROBLEM_MESSAGES: Readonly<Record<JwtProblem, string>> = {
  malformed: 'Malformed JWT token',
  signature: 'Invalid token signature',
  expired: 'Access token expired',
};

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The presented token, or the 401 message when there is none usable. */
export function presentedToken(headers: IncomingHttpHeaders): { token: string } | { problem: string } {
  const xAuth = single(headers['x-auth-token'])?.trim();
  if (xAuth) return { token: xAuth };
  const authorization = single(headers.authorization)?.trim();
  if (!authorization) return { problem: 'Missing Authorization header' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1] ? { token: match[1] } : { problem: 'Malformed Authorization header: expected "Bearer <token>"' };
}

function isRevoked(state: SandboxState, tokenUse: Principal['tokenUse'], jti: string): boolean {
  if (tokenUse === 'api') {
    const record = [...state.apiTokens.values()].find((candidate) => candidate.jti === jti);
    return !record || record.revoked;
  }
  const session = accessTokenSession(state.sessions, jti);
  return !session || session.revoked;
}

function principalFromToken(state: SandboxState, token: string): Principal | Reply {
  const verified = verifyJwt(token, state.secret, { nowSeconds: nowSeconds(state) });
  if (!verified.ok) return unauthorized(PROBLEM_MESSAGES[verified.problem]);
  const { sub, jti, token_use: tokenUseClaim } = verified.claims;
  const user = typeof sub === 'string' ? findUser(state, sub) : undefined;
  if (!user || typeof jti !== 'string') return unauthorized('Invalid or expired access token');
  const tokenUse = tokenUseClaim === 'api' ? 'api' : 'access';
  if (isRevoked(state, tokenUse, jti)) return unauthorized('Access token revoked');
  const sessionId = tokenUse === 'access' ? accessTokenSession(state.sessions, jti)?.id : undefined;
  return sessionId === undefined ? { user, tokenUse } : { user, tokenUse, sessionId };
}

export function authenticate(state: SandboxState, headers: IncomingHttpHeaders): Principal | Reply {
  const presented = presentedToken(headers);
  return 'problem' in presented ? unauthorized(presented.problem) : principalFromToken(state, presented.token);
}

export function isReply(value: Principal | Reply): value is Reply {
  return 'status' in value;
}
