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

// ---------------------------------------------------------------- credentials in kept text
// isSecretName is deliberately broad (it decides what is never shared: "author", "session"…).
// Text that is kept and shown again (the request history) masks the VALUES of keys that name a
// credential, word by word, so an ordinary field such as "author" stays readable.

/** Words of a key that mark its value as a credential ("access_token", "currentPassword", "X-API-Key"). */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'secret', 'token', 'credential', 'credentials', 'otp', 'cookie', 'jwt', 'bearer', 'authorization', 'signature']);
/** Joined pairs of words: "api_key", "privateKey", "client-secret", "session_id", "sid". */
const CREDENTIAL_JOINED = /apikey|accesskey|privatekey|secretkey|sessionid|^sid$/;

export function isCredentialKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words.some((word) => CREDENTIAL_WORDS.has(word)) || CREDENTIAL_JOINED.test(words.join(''));
}

const MASKED_STRING = JSON.stringify(REDACTED);
/** `"key": value` in JSON text, also in a body cut before its end (so it is not parsed). */
const JSON_MEMBER = /"((?:[^"\\\r\n]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|-?[\w.+-]+)/g;
/** The same inside a JSON string (`"body": "{\\"password\\": \\"x\\"}"`, an echo or a log line). */
const ESCAPED_MEMBER = /\\"((?:[^"\\\r\n]|\\(?!"))*)\\"(\s*:\s*)(\\"(?:[^\\]|\\(?!"))*(?:\\"|$)|-?[\w.+-]+)/g;
/**
 * `key=value` (a form body, a query string) and `key: value` (YAML, header-like lines). Only the
 * key and separator are consumed when the key is not a credential, so "https://h/?token=x" still
 * finds "token" inside the value of "https". A key starts where a run of key characters starts
 * and is at most 100 long: otherwise a long run with no "=" (a body of base64) costs n² steps.
 */
const TEXT_PAIR = /(?<![A-Za-z0-9_.[\]-])([A-Za-z0-9_.[\]-]{1,100})([ \t]*[=:][ \t]*)(?=((?:(?:Bearer|Basic|Digest|Token)[ \t]+)?[^\s&;,"'<>\\]+))/gi;

function maskPairs(text: string): string {
  let out = '';
  let from = 0;
  TEXT_PAIR.lastIndex = 0;
  for (let match = TEXT_PAIR.exec(text); match; match = TEXT_PAIR.exec(text)) {
    const [head, key = '', , value = ''] = match;
    if (!isCredentialKey(key) || value.startsWith(REDACTED)) continue;
    const valueStart = match.index + head.length;
    out += `${text.slice(from, valueStart)}${REDACTED}`;
    from = valueStart + value.length;
    TEXT_PAIR.lastIndex = from;
  }
  return out + text.slice(from);
}

function unescapedKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * Text with every credential masked: the values of credential-named keys (JSON members, form and
 * query pairs, `key: value` lines), known secrets, and whatever redact() masks by shape.
 */
export function redactCredentials(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  const members = text
    .replace(JSON_MEMBER, (match, key: string, separator: string) => (isCredentialKey(unescapedKey(key)) ? `"${key}"${separator}${MASKED_STRING}` : match))
    .replace(ESCAPED_MEMBER, (match, key: string, separator: string) => (isCredentialKey(key) ? `\\"${key}\\"${separator}\\"${REDACTED}\\"` : match));
  return redact(maskPairs(members), knownSecrets);
}

/** A Set-Cookie or Cookie value with every cookie's value masked; names and attributes stay. */
export function redactCookies(value: string): string {
  return value.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, (match, start: string, name: string) => (/^(path|domain|expires|max-age|samesite|priority)$/i.test(name) ? match : `${start}${name}=${REDACTED}`));
}
