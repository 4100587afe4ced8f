// JWT decoding for DISPLAY ONLY. Nothing here verifies a signature, and nothing may trust what
// it returns for a security decision: the claims are whatever the token's author wrote. It
// explains a token (claims, human times, grouped permissions, warnings) and never throws.
import { jwtDecode } from 'jwt-decode';

/** 'transactions:read' → { resource: 'transactions', actions: ['read'] }. */
export interface PermissionGroup {
  resource: string;
  actions: string[];
}

export type JwtWarning = {
  code: 'alg-none' | 'unknown-alg' | 'jku' | 'x5u' | 'jwk' | 'crit' | 'no-exp' | 'expired' | 'not-yet-valid' | 'encrypted';
  message: string;
};

export type DecodedJwt =
  | {
      ok: true;
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      /** The base64url signature segment as is: it is shown, never checked. */
      signature: string;
      segments: { header: string; payload: string; signature: string };
      algorithm?: string;
      issuedAt?: Date;
      expiresAt?: Date;
      notBefore?: Date;
      /** exp − now in whole seconds (rounded down); negative once expired. */
      secondsLeft?: number;
      expired: boolean;
      role?: string;
      subject?: string;
      email?: string;
      permissions: PermissionGroup[];
      warnings: JwtWarning[];
    }
  | { ok: false; reason: string };

type Failure = Extract<DecodedJwt, { ok: false }>;

/**
 * Real tokens are a few KB (servers cap a request's headers at 8–16 KB). The bound keeps pasted
 * junk cheap: jwt-decode needs about 0.4 s for a 1 MB token.
 */
export const MAX_TOKEN_LENGTH = 64 * 1024;

const KNOWN_ALGORITHMS: ReadonlySet<string> = new Set([
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512', 'ES256K',
  'EdDSA',
]);

// base64url, tolerating the padding some encoders wrongly add.
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function decodeJwt(token: string, nowMs: number = Date.now()): DecodedJwt {
  const normalized = normalize(token);
  if (typeof normalized !== 'string') return normalized;
  const parts = normalized.split('.');
  if (parts.length === 5) {
    return fail('Encrypted JWT (JWE, 5 segments): its claims are encrypted and cannot be decoded without the key');
  }
  if (parts.length !== 3) {
    return fail(`Not a JWT: expected 3 dot-separated segments, found ${parts.length}`);
  }
  const [headerSegment, payloadSegment, signature] = parts as [string, string, string];
  const malformed =
    checkSegment('header', headerSegment) ?? checkSegment('payload', payloadSegment) ?? checkSegment('signature', signature, true);
  if (malformed) return fail(malformed);

  const header = decodeObject(normalized, 'header');
  if (!header.ok) return header;
  const claims = decodeObject(normalized, 'payload');
  if (!claims.ok) {
    const encrypted = 'enc' in header.value;
    return encrypted ? fail(`${claims.reason} (the header declares encryption, "enc": the payload is ciphertext)`) : claims;
  }
  return describe(header.value, claims.value, { header: headerSegment, payload: payloadSegment, signature }, nowMs);
}

/** Groups 'resource:action' strings by resource, in first-seen order; accepts an array or a space-separated string. */
export function groupPermissions(permissions: unknown): PermissionGroup[] {
  const list = typeof permissions === 'string' ? permissions.split(/\s+/) : Array.isArray(permissions) ? permissions : [];
  const groups = new Map<string, string[]>();
  for (const entry of list) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const permission = entry.trim();
    const colon = permission.indexOf(':');
    const resource = colon === -1 ? permission : permission.slice(0, colon);
    const actions = groups.get(resource) ?? [];
    groups.set(resource, actions);
    const action = colon === -1 ? undefined : permission.slice(colon + 1);
    if (action !== undefined && !actions.includes(action)) actions.push(action);
  }
  return [...groups].map(([resource, actions]) => ({ resource, actions }));
}

function fail(reason: string): Failure {
  return { ok: false, reason };
}

/** Trims, strips a "Bearer " prefix, and rejects what cannot be a token before any decoding. */
function normalize(token: unknown): string | Failure {
  if (typeof token !== 'string') return fail(`Not a JWT: expected a string, got ${token === null ? 'null' : typeof token}`);
  if (token.length > MAX_TOKEN_LENGTH) {
    return fail(`Not a JWT: ${token.length} characters is over the ${MAX_TOKEN_LENGTH}-character limit for a token`);
  }
  const trimmed = token.trim().replace(/^bearer(?:\s+|$)/i, '');
  return trimmed === '' ? fail('Empty token') : trimmed;
}

function checkSegment(name: string, segment: string, mayBeEmpty = false): string | undefined {
  if (segment === '' && !mayBeEmpty) return `Not a JWT: the ${name} segment is empty`;
  // A length of 1 mod 4 cannot be base64 at all.
  if (!BASE64URL.test(segment) || segment.replace(/=+$/, '').length % 4 === 1) {
    return `Not a JWT: the ${name} segment is not valid base64url`;
  }
  return undefined;
}

function decodeObject(token: string, part: 'header' | 'payload'): { ok: true; value: Record<string, unknown> } | Failure {
  let value: unknown;
  try {
    value = part === 'header' ? jwtDecode<unknown>(token, { header: true }) : jwtDecode<unknown>(token);
  } catch {
    // jwt-decode's messages quote the input; the reason stays free of token content.
    return fail(`Not a JWT: the ${part} segment is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`Not a JWT: the ${part} is JSON but not an object (found ${jsonKind(value)})`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function describe(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  segments: { header: string; payload: string; signature: string },
  nowMs: number,
): DecodedJwt {
  const issuedAt = numericDate(claims.iat);
  const expiresAt = numericDate(claims.exp);
  const notBefore = numericDate(claims.nbf);
  const expired = expiresAt !== undefined && nowMs >= expiresAt.getTime();
  return {
    ok: true,
    header,
    claims,
    signature: segments.signature,
    segments,
    algorithm: stringClaim(header.alg),
    issuedAt,
    expiresAt,
    notBefore,
    secondsLeft: expiresAt === undefined ? undefined : Math.floor((expiresAt.getTime() - nowMs) / 1000),
    expired,
    role: stringClaim(claims.role),
    subject: stringClaim(claims.sub),
    email: stringClaim(claims.email),
    permissions: groupPermissions(claims.permissions),
    warnings: [...headerWarnings(header), ...timeWarnings(claims, expiresAt, notBefore, expired, nowMs)],
  };
}

function headerWarnings(header: Record<string, unknown>): JwtWarning[] {
  const warnings: JwtWarning[] = [];
  const alg = header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    warnings.push({
      code: 'alg-none',
      message: 'Signature is not checked by anyone: alg is "none", so anyone could have written these claims',
    });
  } else if (typeof alg !== 'string') {
    warnings.push({ code: 'unknown-alg', message: 'The header has no "alg" string: nothing says how the token is signed' });
  } else if (!KNOWN_ALGORITHMS.has(alg)) {
    warnings.push({ code: 'unknown-alg', message: `Unknown signing algorithm "${alg}"` });
  }
  if ('jku' in header) {
    warnings.push({
      code: 'jku',
      message: 'The header names a key set URL (jku): a verifier that fetches keys from the token itself can be fooled',
    });
  }
  if ('x5u' in header) {
    warnings.push({
      code: 'x5u',
      message: 'The header names a certificate URL (x5u): a verifier that fetches keys from the token itself can be fooled',
    });
  }
  if ('jwk' in header) {
    warnings.push({
      code: 'jwk',
      message: 'The header embeds its own public key (jwk): a verifier that trusts that key accepts a signature anyone could make',
    });
  }
  if ('crit' in header) {
    warnings.push({
      code: 'crit',
      message: 'The header has "crit": verifiers must reject the token unless they understand the listed extensions',
    });
  }
  if ('enc' in header) {
    warnings.push({
      code: 'encrypted',
      message: 'The header declares encryption (enc): this looks like an encrypted token (JWE), not a signed one',
    });
  }
  return warnings;
}

function timeWarnings(
  claims: Record<string, unknown>,
  expiresAt: Date | undefined,
  notBefore: Date | undefined,
  expired: boolean,
  nowMs: number,
): JwtWarning[] {
  const warnings: JwtWarning[] = [];
  if (expiresAt === undefined) {
    const message =
      'exp' in claims
        ? 'The exp claim is not a number of seconds: when the token expires is unknown'
        : 'No exp claim: the token never expires';
    warnings.push({ code: 'no-exp', message });
  }
  if (expired && expiresAt) warnings.push({ code: 'expired', message: `Expired at ${expiresAt.toISOString()}` });
  if (notBefore && nowMs < notBefore.getTime()) {
    warnings.push({ code: 'not-yet-valid', message: `Not valid before ${notBefore.toISOString()}` });
  }
  return warnings;
}

/** A NumericDate (seconds since the epoch) as a Date; anything else, or out of Date's range, is ignored. */
function numericDate(value: unknown): Date | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
