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

/** `text` with each known secret masked (those of 4 characters or more: shorter ones would mask ordinary words). */
export function redactKnown(text: string, knownSecrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export function redact(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let out = redactKnown(text, knownSecrets);
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
  }
  return out;
}

// Names that usually hold a credential: a variable so named is never copied where a secret must
// not go (another extension's settings, a workspace file), whatever its value looks like.
const SECRET_NAME = /pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|credential|auth|cookie|session|private[-_]?key|signature|otp/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A long unbroken run of token characters with letters and digits: an API key or token of an
// unknown format (a URL has ":", an id has a UUID's shape, words have blanks).
const TOKEN_LIKE = /^(?=[^]*[A-Za-z])(?=[^]*\d)[A-Za-z0-9_\-+/=.~]{32,}$/;

/** A value shaped like a credential: one redact() masks, or a long token-like string. */
export function looksLikeSecret(value: string): boolean {
  const trimmed = value.trim();
  return redact(value) !== value || (TOKEN_LIKE.test(trimmed) && !UUID.test(trimmed));
}
