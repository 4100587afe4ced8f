// The one place tests build and take apart JWTs: base64url segments of JSON, a dummy signature
// (decoding never checks it) or a real HS256 one, and the decoded header or claims of a token.
// Built here rather than with a library so that the bytes under test are the ones written.
import { createHmac } from 'node:crypto';

export const HS256_HEADER = { alg: 'HS256', typ: 'JWT' } as const;

/** base64url("signature"): a signature segment no decoder verifies. */
export const DUMMY_SIGNATURE = 'c2lnbmF0dXJl';

/** base64url of JSON (or of the string as is). */
export function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** `header.claims.signature`, each of header and claims encoded by `segment`. */
export function token(header: unknown, claims: unknown, signature = DUMMY_SIGNATURE): string {
  return `${segment(header)}.${segment(claims)}.${signature}`;
}

/** An HS256 JWT holding `claims`, with a signature nobody checks. */
export function jwt(claims: unknown, signature = DUMMY_SIGNATURE): string {
  return token(HS256_HEADER, claims, signature);
}

/** base64url HMAC-SHA256 of `input`: the signature of `header.payload` under `secret`. */
export function hs256(input: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/** A JWT with `header` and `claims` signed with HMAC-SHA256 under `secret`, whatever the header says. */
export function signedToken(header: unknown, claims: unknown, secret: Uint8Array): string {
  const unsigned = `${segment(header)}.${segment(claims)}`;
  return `${unsigned}.${hs256(unsigned, secret)}`;
}

/** The JSON of a token's header (0) or claims (1). */
export function decodeJwtPart(jwtText: string, index: 0 | 1): Record<string, unknown> {
  const part = jwtText.split('.')[index];
  if (part === undefined) throw new Error('Not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** `jwtText` with its claims replaced by `claims`, its header and signature kept: a forgery. */
export function withClaims(jwtText: string, claims: unknown): string {
  const [header = '', , signature = ''] = jwtText.split('.');
  return `${header}.${segment(claims)}.${signature}`;
}
