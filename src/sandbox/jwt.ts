// HS256 JSON Web Tokens with node:crypto only: the sandbox signs what it issues and verifies
// what it receives. Verification reports *why* a token failed so the 401 can name the cause.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export type JwtProblem = 'malformed' | 'signature' | 'expired';

export type JwtVerification = { ok: true; claims: JwtClaims } | { ok: false; problem: JwtProblem };

export interface VerifyOptions {
  /** Seconds since the epoch; tokens with `exp <= nowSeconds` are expired. */
  nowSeconds: number;
  /** Accept an expired token whose signature is valid (refresh sends the old access token). */
  ignoreExpiry?: boolean;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function signature(signingInput: string, secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signJwt(claims: JwtClaims, secret: Uint8Array): string {
  const signingInput = `${encodeJson(HEADER)}.${encodeJson(claims)}`;
  return `${signingInput}.${signature(signingInput, secret).toString('base64url')}`;
}

/** Decodes one base64url JSON segment into an object, or undefined when it is not one. */
function decodeObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyJwt(token: string, secret: Uint8Array, options: VerifyOptions): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return { ok: false, problem: 'malformed' };
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  const header = decodeObject(encodedHeader);
  const claims = decodeObject(encodedClaims);
  if (!header || !claims || typeof claims.exp !== 'number') return { ok: false, problem: 'malformed' };
  // Only HS256 is accepted: `alg: none` or any other algorithm is not a token this server signed.
  if (header.alg !== HEADER.alg) return { ok: false, problem: 'signature' };
  const expected = signature(`${encodedHeader}.${encodedClaims}`, secret);
  const given = Buffer.from(encodedSignature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'signature' };
  if (!options.ignoreExpiry && claims.exp <= options.nowSeconds) return { ok: false, problem: 'expired' };
  return { ok: true, claims };
}
