// Redaction for anything that may be written to a log or shown in a message.
// Known secrets are masked exactly; anything shaped like a JWT, a Bearer credential or a
// FinCode refresh token is masked by pattern, so an unknown token cannot slip through either.

export const REDACTED = '‹redacted›';

const PATTERNS: readonly RegExp[] = [
  // JWT / JWS: three base64url segments, the first starting with the encoding of '{"'.
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
  // Authorization header values.
  /(\bBearer\s+)[^\s"',;]+/gi,
  // FinCode refresh tokens look like the documented "def50200…".
  /\bdef50200[A-Za-z0-9]+/g,
];

export function redact(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short strings would mask ordinary words; a password is at least 8 characters.
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
  }
  return out;
}
