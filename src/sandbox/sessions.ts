// Login sessions as token families: one login opens a family; every refresh rotates its refresh
// token and adds an access token. Presenting a rotated refresh token again means it leaked,
// so the whole family is revoked (refresh-token reuse detection). Logout revokes it too.
import { newRefreshToken, randomId } from './ids';

export interface Session {
  readonly id: string;
  readonly userId: string;
  revoked: boolean;
}

interface RefreshRecord {
  readonly sessionId: string;
  rotated: boolean;
}

export interface SessionStore {
  readonly sessions: Map<string, Session>;
  readonly refreshTokens: Map<string, RefreshRecord>;
  /** Access-token `jti` → session id: how revoking a family reaches its access tokens. */
  readonly accessTokens: Map<string, string>;
}

export type RefreshLookup =
  | { kind: 'unknown' }
  | { kind: 'revoked'; session: Session }
  | { kind: 'reused'; session: Session }
  | { kind: 'current'; session: Session };

export function createSessionStore(): SessionStore {
  return { sessions: new Map(), refreshTokens: new Map(), accessTokens: new Map() };
}

export function openSession(store: SessionStore, userId: string): Session {
  const session: Session = { id: randomId('ses'), userId, revoked: false };
  store.sessions.set(session.id, session);
  return session;
}

export function issueRefreshToken(store: SessionStore, session: Session): string {
  const token = newRefreshToken();
  store.refreshTokens.set(token, { sessionId: session.id, rotated: false });
  return token;
}

export function recordAccessToken(store: SessionStore, session: Session, jti: string): void {
  store.accessTokens.set(jti, session.id);
}

export function lookupRefreshToken(store: SessionStore, token: string): RefreshLookup {
  const record = store.refreshTokens.get(token);
  const session = record && store.sessions.get(record.sessionId);
  if (!record || !session) return { kind: 'unknown' };
  if (record.rotated) return { kind: 'reused', session };
  if (session.revoked) return { kind: 'revoked', session };
  return { kind: 'current', session };
}

/** Marks `token` used; the caller issues its successor with issueRefreshToken. */
export function retireRefreshToken(store: SessionStore, token: string): void {
  const record = store.refreshTokens.get(token);
  if (record) record.rotated = true;
}

export function revokeSession(session: Session): void {
  session.revoked = true;
}

/** The session an access token belongs to, if it is one this store issued. */
export function accessTokenSession(store: SessionStore, jti: string): Session | undefined {
  const sessionId = store.accessTokens.get(jti);
  return sessionId === undefined ? undefined : store.sessions.get(sessionId);
}
