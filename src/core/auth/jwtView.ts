// The JWT inspector's view model and its message protocol, shared by the extension
// (src/vscode/jwtInspector.ts) and the page (media/jwtInspector.js, which documents the same
// shapes in JSDoc). Pure: no 'vscode'. Everything here is plain data (strings, numbers, booleans):
// the page renders it with textContent / createElement only, so a claim holding HTML stays text.
//
// Like decodeJwt, this is for DISPLAY ONLY: the signature is never verified, and the role column
// highlighted in the matrix is whatever the token's author wrote in its `role` claim.
import { decodeJwt, type DecodedJwt, type JwtWarning } from './jwt';
import { isRole, PERMISSION_MATRIX, ROLE_CAPABILITIES, ROLES, type Access, type CapabilityId, type Role } from '../fincode/roles';

export const JWT_BANNER = 'Signature not verified — decoded locally';
export const REOPEN_MESSAGE = 'Reopen the inspector from the profile or paste the token again';

export type TokenKind = 'access' | 'api';

export interface TimeView {
  /** ISO 8601, UTC. */
  iso: string;
  /** "in 41 min", "3 h ago", "now". */
  relative: string;
  /** Milliseconds since the epoch. */
  ms: number;
}

export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface ClaimRow {
  name: string;
  /** The value as display text: strings as they are, anything else as JSON. */
  value: string;
  type: ValueType;
  /** What the claim means, for the well-known names. */
  description?: string;
  /** For NumericDate claims (exp, iat, nbf, auth_time). */
  time?: TimeView;
}

export interface SegmentView {
  part: 'header' | 'payload' | 'signature';
  label: string;
  /** The base64url segment as it appears in the token. */
  text: string;
}

export interface PermissionGroupView {
  resource: string;
  actions: string[];
}

/** One cell of the documented role × capability matrix, as the JWT inspector shows it. */
export interface PermissionMatrixCell {
  role: Role;
  access: Access;
  /** ✅ / ❌ / own / limited */
  text: string;
  highlighted: boolean;
}

export interface MatrixView {
  caption: string;
  columns: { role: Role; highlighted: boolean }[];
  rows: { id: CapabilityId; label: string; cells: PermissionMatrixCell[] }[];
  /** The token's role when it is a documented one (its column is highlighted). */
  highlightedRole?: Role;
}

export interface WarningView {
  code: JwtWarning['code'] | 'unknown-role' | 'no-role';
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface CountdownView {
  /** exp in ms since the epoch. */
  expiresAtMs: number;
  /**
   * exp − now when the view was built, in ms. The page counts down from this with its own
   * monotonic clock, so that a browser clock that differs from the extension host's does not matter.
   */
  msLeftAtBuild: number;
}

export interface JwtView {
  banner: string;
  kind: TokenKind;
  kindLabel: string;
  /** Why the kind is what it is ("token_use: \"api\" claim", "given by the caller", "default"). */
  kindReason: string;
  algorithm?: string;
  role?: string;
  subject?: string;
  email?: string;
  segments: SegmentView[];
  header: ClaimRow[];
  claims: ClaimRow[];
  issuedAt?: TimeView;
  expiresAt?: TimeView;
  notBefore?: TimeView;
  expired: boolean;
  countdown?: CountdownView;
  permissions: PermissionGroupView[];
  /** The documented capabilities of the token's role ("User Roles & Permissions"). */
  capabilities: string[];
  matrix: MatrixView;
  warnings: WarningView[];
  builtAtMs: number;
}

export interface JwtViewOptions {
  nowMs?: number;
  /** The kind the caller knows the token to be; a `token_use: "api"` claim wins over 'access'. */
  kind?: TokenKind;
}

// ---- The message protocol -------------------------------------------------------------------

/** Extension → page. */
export type InspectorToPage =
  | { type: 'show'; view: JwtView; title: string; ref?: string }
  | { type: 'empty'; message: string };

/** Page → extension. The page posts `ready` when its script has loaded; the extension answers. */
export type PageToInspector = { type: 'ready' };

/** What the page keeps with `vscode.setState`: never the token, at most a non-secret reference. */
export interface InspectorState {
  v: 1;
  ref?: string;
}

export function isPageMessage(message: unknown): message is PageToInspector {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

/** Reads a restored webview state defensively: anything but `{ v: 1, ref?: string }` is no reference. */
export function parseInspectorState(state: unknown): InspectorState {
  if (typeof state !== 'object' || state === null) return { v: 1 };
  const ref = (state as { ref?: unknown }).ref;
  return typeof ref === 'string' && ref.length > 0 && ref.length <= 200 ? { v: 1, ref } : { v: 1 };
}

// ---- Building the view ----------------------------------------------------------------------

const CLAIM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  iss: 'Issuer',
  sub: 'Subject (user id)',
  aud: 'Audience',
  exp: 'Expires at',
  nbf: 'Not valid before',
  iat: 'Issued at',
  auth_time: 'Authenticated at',
  jti: 'Token id',
  email: 'E-mail address',
  name: 'Name',
  role: 'FinCode role',
  tenant_id: 'Tenant',
  customer_id: 'Customer id',
  permissions: 'Granted permissions',
  scope: 'Scopes',
  token_use: 'Token use ("api" = API token)',
  label: 'API token label',
};

const HEADER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  alg: 'Signing algorithm',
  typ: 'Type',
  kid: 'Key id',
  cty: 'Content type',
  jku: 'Key set URL',
  x5u: 'Certificate URL',
  jwk: 'Embedded public key',
  crit: 'Critical extensions',
  enc: 'Encryption',
};

const TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'nbf', 'iat', 'auth_time']);

const ACCESS_TEXT: Readonly<Record<Access, string>> = { yes: '✅', no: '❌', own: 'own', limited: 'limited' };

const WARNING_SEVERITY: Readonly<Record<JwtWarning['code'], WarningView['severity']>> = {
  'alg-none': 'error',
  'unknown-alg': 'warning',
  jku: 'error',
  x5u: 'error',
  jwk: 'error',
  crit: 'warning',
  'no-exp': 'warning',
  expired: 'error',
  'not-yet-valid': 'warning',
  encrypted: 'warning',
};

/** "in 41 min", "3 h ago", "in 20 s", "2 d ago", "now" (whole units, rounded down). */
export function relativeTime(targetMs: number, nowMs: number): string {
  const diff = targetMs - nowMs;
  const seconds = Math.floor(Math.abs(diff) / 1000);
  if (seconds < 1) return 'now';
  let text: string;
  if (seconds < 60) text = `${seconds} s`;
  else if (seconds < 3600) text = `${Math.floor(seconds / 60)} min`;
  else if (seconds < 48 * 3600) text = `${Math.floor(seconds / 3600)} h`;
  else text = `${Math.floor(seconds / 86_400)} d`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

export function timeView(date: Date, nowMs: number): TimeView {
  return { iso: date.toISOString(), relative: relativeTime(date.getTime(), nowMs), ms: date.getTime() };
}

function valueType(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Only nesting too deep for the stack gets here (a token's JSON has no cycles), and String()
    // of such an array would overflow the stack too.
    return '(nested too deeply to show)';
  }
}

function rows(record: Record<string, unknown>, descriptions: Readonly<Record<string, string>>, nowMs: number, times: boolean): ClaimRow[] {
  return Object.entries(record).map(([name, value]) => {
    const row: ClaimRow = { name, value: displayValue(value), type: valueType(value) };
    const description = Object.prototype.hasOwnProperty.call(descriptions, name) ? descriptions[name] : undefined;
    if (description !== undefined) row.description = description;
    if (times && TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      const date = new Date(value * 1000);
      if (!Number.isNaN(date.getTime())) row.time = timeView(date, nowMs);
    }
    return row;
  });
}

function tokenKind(claims: Record<string, unknown>, given: TokenKind | undefined): { kind: TokenKind; reason: string } {
  if (claims.token_use === 'api') return { kind: 'api', reason: 'token_use: "api" claim' };
  if (given !== undefined) return { kind: given, reason: 'given by the caller' };
  return { kind: 'access', reason: 'no token_use: "api" claim' };
}

export function buildMatrix(role: string | undefined): MatrixView {
  const highlightedRole = isRole(role) ? role : undefined;
  const matrix: MatrixView = {
    caption:
      'Role × capability matrix as documented in the FinCode authentication guide. ' +
      (highlightedRole
        ? `The highlighted column is the token's role claim (${highlightedRole}), which nobody has verified.`
        : 'No column is highlighted: the token has no documented role claim.'),
    columns: ROLES.map((entry) => ({ role: entry, highlighted: entry === highlightedRole })),
    rows: PERMISSION_MATRIX.map((row) => ({
      id: row.id,
      label: row.label,
      cells: ROLES.map((entry) => ({
        role: entry,
        access: row.access[entry],
        text: ACCESS_TEXT[row.access[entry]],
        highlighted: entry === highlightedRole,
      })),
    })),
  };
  if (highlightedRole) matrix.highlightedRole = highlightedRole;
  return matrix;
}

function warningsFor(decoded: Extract<DecodedJwt, { ok: true }>): WarningView[] {
  const warnings: WarningView[] = decoded.warnings.map((warning) => ({
    code: warning.code,
    severity: WARNING_SEVERITY[warning.code],
    message: warning.message,
  }));
  if (decoded.role === undefined) {
    warnings.push({ code: 'no-role', severity: 'info', message: 'No "role" claim: the matrix cannot say what this token allows' });
  } else if (!isRole(decoded.role)) {
    warnings.push({
      code: 'unknown-role',
      severity: 'warning',
      message: `Role "${decoded.role}" is not one of the documented roles (${ROLES.join(', ')})`,
    });
  }
  return warnings;
}

/** The view model of a decoded token. */
export function buildJwtView(decoded: Extract<DecodedJwt, { ok: true }>, options: JwtViewOptions = {}): JwtView {
  const nowMs = options.nowMs ?? Date.now();
  const { kind, reason } = tokenKind(decoded.claims, options.kind);
  const view: JwtView = {
    banner: JWT_BANNER,
    kind,
    kindLabel: kind === 'api' ? 'API token' : 'Access token',
    kindReason: reason,
    segments: [
      { part: 'header', label: 'Header', text: decoded.segments.header },
      { part: 'payload', label: 'Payload', text: decoded.segments.payload },
      { part: 'signature', label: 'Signature', text: decoded.segments.signature },
    ],
    header: rows(decoded.header, HEADER_DESCRIPTIONS, nowMs, false),
    claims: rows(decoded.claims, CLAIM_DESCRIPTIONS, nowMs, true),
    expired: decoded.expired,
    permissions: decoded.permissions.map((group) => ({ resource: group.resource, actions: [...group.actions] })),
    capabilities: isRole(decoded.role) ? [...ROLE_CAPABILITIES[decoded.role]] : [],
    matrix: buildMatrix(decoded.role),
    warnings: warningsFor(decoded),
    builtAtMs: nowMs,
  };
  if (decoded.algorithm !== undefined) view.algorithm = decoded.algorithm;
  if (decoded.role !== undefined) view.role = decoded.role;
  if (decoded.subject !== undefined) view.subject = decoded.subject;
  if (decoded.email !== undefined) view.email = decoded.email;
  if (decoded.issuedAt) view.issuedAt = timeView(decoded.issuedAt, nowMs);
  if (decoded.notBefore) view.notBefore = timeView(decoded.notBefore, nowMs);
  if (decoded.expiresAt) {
    view.expiresAt = timeView(decoded.expiresAt, nowMs);
    view.countdown = { expiresAtMs: decoded.expiresAt.getTime(), msLeftAtBuild: decoded.expiresAt.getTime() - nowMs };
  }
  return view;
}

/** Decodes and builds in one step; the failure reason never quotes the token. */
export function jwtViewFromToken(token: string, options: JwtViewOptions = {}): { ok: true; view: JwtView } | { ok: false; reason: string } {
  const decoded = decodeJwt(token, options.nowMs);
  return decoded.ok ? { ok: true, view: buildJwtView(decoded, options) } : decoded;
}

/** A short panel title: "JWT · CASHIER access token". Claims are the author's text: capped. */
export function inspectorTitle(view: JwtView): string {
  const role = view.role === undefined ? '' : `${view.role.slice(0, 24)} `;
  return `JWT · ${role}${view.kind === 'api' ? 'API token' : 'access token'}`;
}
