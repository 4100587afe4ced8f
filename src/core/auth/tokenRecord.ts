// The one reader and writer of a profile's stored token record (secretKeys.tokens): the session
// renews and signs in through it, the extension's tree and status bar ask it for the state.
// Nobody else parses or writes the record.
import type { TokenSet } from '../fincode/authClient';
import { secretKeys, type SecretStore } from './secretStore';

export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Local clock, ms: receipt time + expires_in. Never derived from the token's `exp`. */
  readonly expiresAt: number;
  /** Local clock, ms, when the tokens arrived (absent in tokens stored by older versions). */
  readonly receivedAt?: number;
}

/** The record of a login's or refresh's answer; a refresh that rotates nothing keeps the refresh token. */
export function fromTokenSet(set: TokenSet, previousRefreshToken?: string): StoredTokens {
  const refreshToken = set.refreshToken ?? previousRefreshToken;
  return {
    accessToken: set.accessToken,
    expiresAt: set.receivedAt + set.expiresIn * 1000,
    receivedAt: set.receivedAt,
    ...(refreshToken ? { refreshToken } : {}),
  };
}

export type TokenRecord = { readonly kind: 'none' } | { readonly kind: 'unreadable' } | { readonly kind: 'tokens'; readonly tokens: StoredTokens };

export function parseTokenRecord(raw: string | undefined): TokenRecord {
  if (!raw) return { kind: 'none' };
  try {
    const parsed = JSON.parse(raw) as Partial<StoredTokens>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return { kind: 'unreadable' };
    return {
      kind: 'tokens',
      tokens: {
        accessToken: parsed.accessToken,
        expiresAt: parsed.expiresAt,
        ...(typeof parsed.refreshToken === 'string' ? { refreshToken: parsed.refreshToken } : {}),
        ...(typeof parsed.receivedAt === 'number' ? { receivedAt: parsed.receivedAt } : {}),
      },
    };
  } catch {
    return { kind: 'unreadable' };
  }
}

export async function readTokenRecord(store: SecretStore, profileId: string): Promise<TokenRecord> {
  return parseTokenRecord(await store.get(secretKeys.tokens(profileId)));
}

export function writeTokenRecord(store: SecretStore, profileId: string, tokens: StoredTokens): Promise<void> {
  return store.store(secretKeys.tokens(profileId), JSON.stringify(tokens));
}

export function clearTokenRecord(store: SecretStore, profileId: string): Promise<void> {
  return store.delete(secretKeys.tokens(profileId));
}

/** A profile removed or turned into another user: its tokens, password and sign-in hold go, nobody is told. */
export async function forgetProfileSecrets(store: SecretStore, profileId: string): Promise<void> {
  await store.delete(secretKeys.tokens(profileId));
  await store.delete(secretKeys.password(profileId));
  await store.delete(secretKeys.signInHold(profileId));
  await store.delete(secretKeys.legacyRefreshLease(profileId));
}
