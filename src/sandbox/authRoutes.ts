// The documented security-management endpoints: login, refresh and logout, with the documented
// bodies and errors, account lockout, refresh-token rotation and reuse detection.
import { MIN_PASSWORD_LENGTH } from '../core/fincode/credentials';
import { PROBLEM_MESSAGES, presentedToken, unauthorized, type Principal } from './authenticate';
import { verifyJwt } from './jwt';
import { clearFailures, lockedFor, recordFailure } from './lockout';
import { takeSlot } from './rateLimit';
import { json, ReplyError, retryLater, validation, type Reply } from './reply';
import { protectedRoute, publicRoute, type RequestContext, type Route } from './router';
import { issueRefreshToken, lookupRefreshToken, openSession, retireRefreshToken, revokeSession, type Session } from './sessions';
import { findUser, nowSeconds, type SandboxState } from './state';
import { issueAccessToken } from './tokens';
import { usersWithEmail, userView, type SandboxUser } from './users';
import { bodyObject, requiredString } from './validate';

/** The user this (e-mail, password) pair identifies, or the documented error. */
function checkCredentials(ctx: RequestContext): SandboxUser | Reply {
  const { state } = ctx;
  const { options } = state;
  const nowMs = options.now();
  const retryAfter = options.loginRateLimit && takeSlot(state.loginWindow, options.loginRateLimit, nowMs);
  if (retryAfter) return retryLater(429, 'rate_limited', 'Too many login attempts; try again later', retryAfter);
  const body = bodyObject(ctx.body);
  const email = requiredString(body, 'email');
  const password = requiredString(body, 'currentPassword');
  if (password.length < MIN_PASSWORD_LENGTH) return validation(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const candidates = usersWithEmail(state.users, email);
  if (candidates.length === 0) return json(404, { error: 'user_not_found', message: 'Email address not registered in the system' });
  const locked = lockedFor(state.lockouts, email, nowMs);
  if (locked) return retryLater(423, 'account_locked', 'Account locked after multiple failed login attempts', locked);
  const user = candidates.find((candidate) => candidate.password === password);
  if (user) {
    clearFailures(state.lockouts, email);
    return user;
  }
  recordFailure(state.lockouts, email, nowMs, { attempts: options.lockoutAttempts, lockSeconds: options.lockoutSeconds });
  return json(401, { error: 'invalid_credentials', message: 'Email or password is incorrect' });
}

function login(ctx: RequestContext): Reply {
  const user = checkCredentials(ctx);
  if ('status' in user) return user;
  const { state } = ctx;
  const session = openSession(state.sessions, user.id);
  return json(200, {
    access_token: issueAccessToken(state, user, session),
    expires_in: state.options.expiresInSeconds,
    refresh_token: issueRefreshToken(state.sessions, session),
    user: userView(user),
  });
}

/** The refresh call may carry the (possibly expired) access token: its signature must hold. */
function oldAccessTokenProblem(ctx: RequestContext, session: Session): Reply | undefined {
  const presented = presentedToken(ctx.headers);
  if ('problem' in presented) return undefined;
  const verified = verifyJwt(presented.token, ctx.state.secret, { nowSeconds: nowSeconds(ctx.state), ignoreExpiry: true });
  if (!verified.ok) return unauthorized(PROBLEM_MESSAGES[verified.problem]);
  return verified.claims.sub === session.userId ? undefined : unauthorized('Access token does not belong to this session');
}

/** The session a refresh token continues, or the 401 saying why it cannot. */
function checkRefreshToken(ctx: RequestContext): { session: Session; user: SandboxUser; token: string } | Reply {
  const { state } = ctx;
  const token = requiredString(bodyObject(ctx.body), 'refresh_token');
  const lookup = lookupRefreshToken(state.sessions, token);
  switch (lookup.kind) {
    case 'unknown':
      return unauthorized('Invalid refresh token');
    case 'reused':
      revokeSession(lookup.session);
      return unauthorized('Refresh token reuse detected; the session has been revoked');
    case 'revoked':
      return unauthorized('Refresh token revoked');
    case 'current': {
      const user = findUser(state, lookup.session.userId);
      if (!user) return unauthorized('Invalid refresh token');
      return oldAccessTokenProblem(ctx, lookup.session) ?? { session: lookup.session, user, token };
    }
  }
}

function refresh(ctx: RequestContext): Reply {
  const checked = checkRefreshToken(ctx);
  if ('status' in checked) return checked;
  const { state } = ctx;
  retireRefreshToken(state.sessions, checked.token);
  return json(200, {
    access_token: issueAccessToken(state, checked.user, checked.session),
    expires_in: state.options.expiresInSeconds,
    refresh_token: issueRefreshToken(state.sessions, checked.session),
  });
}

function logout(ctx: RequestContext, principal: Principal): Reply {
  const session = principal.sessionId === undefined ? undefined : ctx.state.sessions.sessions.get(principal.sessionId);
  if (!session) return validation('Logout needs a session access token; revoke API tokens with DELETE _emulator/api-tokens/{id}');
  revokeSession(session);
  return json(200, { message: 'Logged out' });
}

type CounterName = keyof SandboxState['counters'];

/** Counts every answer of a handler: 200 as `success`, anything else (thrown or not) as `failure`. */
function counted<A extends unknown[]>(
  handler: (ctx: RequestContext, ...rest: A) => Reply,
  success: CounterName,
  failure?: CounterName,
): (ctx: RequestContext, ...rest: A) => Reply {
  return (ctx: RequestContext, ...rest: A): Reply => {
    let status = 500;
    try {
      const reply = handler(ctx, ...rest);
      status = reply.status;
      return reply;
    } catch (error) {
      if (error instanceof ReplyError) status = error.reply.status;
      throw error;
    } finally {
      const counter = status === 200 ? success : failure;
      if (counter) ctx.state.counters[counter] += 1;
    }
  };
}

export const AUTH_ROUTES: readonly Route[] = [
  publicRoute('PUT', 'securitymanagement/login', counted(login, 'logins', 'failedLogins')),
  publicRoute('POST', 'securitymanagement/refresh', counted(refresh, 'refreshes', 'failedRefreshes')),
  protectedRoute('POST', 'securitymanagement/logout', counted(logout, 'logouts')),
];
