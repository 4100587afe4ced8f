// The endpoints the extension knows, as data: the FinCode endpoints the authentication guide and
// the login document describe, and the local sandbox's emulator-only endpoints (role-guarded demo
// endpoints, one per row of the permission matrix, plus echo and counters). Pure: the Endpoints
// view, completion and hover in .http files, and the tests all read this.
import { DEMO_ENDPOINTS, demoAccess, type DemoEndpoint } from './demoEndpoints';
import { LOGIN_PATH, LOGOUT_PATH, REFRESH_PATH } from './authClient';
import { PERMISSION_MATRIX, ROLES, type Access, type MatrixRow, type Role } from './roles';

export type EndpointGroup = 'documented' | 'sandbox';

/** `none`: no token is sent (`# @no-auth`); `token`: the access or API token is sent. */
export type EndpointAuth = 'none' | 'token';

export interface FinCodeEndpoint {
  /** Stable and unique, e.g. `fincode:login`, `sandbox:POST:_emulator/demo/transactions`. */
  readonly id: string;
  readonly group: EndpointGroup;
  /** Upper case; `ANY` for the echo endpoint, which answers every method. */
  readonly method: string;
  /** Relative to the base URL (…/api/v6/services), no leading slash; `{id}` one segment, `*` the rest. */
  readonly path: string;
  readonly title: string;
  /** `# @name` of the ready request. */
  readonly name: string;
  readonly description: string;
  readonly auth: EndpointAuth;
  /** How authentication works for it, in the documents' words. */
  readonly authNote: string;
  /** The documented body fields (names only), in order. */
  readonly bodyFields: readonly string[];
  /** Example JSON body; undefined = no body. */
  readonly exampleBody?: Readonly<Record<string, unknown>>;
  /** Values for `{id}` segments (and `*`) in the ready request. */
  readonly examplePath?: string;
  /** Who may call it, per role. */
  readonly access: Readonly<Record<Role, Access>>;
  /** The permission-matrix row a demo endpoint stands for. */
  readonly matrixRow?: MatrixRow;
  /** Status of a permitted call (demo endpoints): `# @expect` uses it, 403 for the others. */
  readonly successStatus?: number;
  /** Emulator only: served by the local sandbox, not by FinCode. */
  readonly localOnly: boolean;
}

const EVERY_ROLE: Readonly<Record<Role, Access>> = Object.freeze({ MANAGER: 'yes', AGENT: 'yes', CASHIER: 'yes', CUSTOMER: 'yes' });

/** The guide's and the login document's endpoints, in the order of the authentication flow. */
export const DOCUMENTED_ENDPOINTS: readonly FinCodeEndpoint[] = [
  {
    id: 'fincode:login',
    group: 'documented',
    method: 'PUT',
    path: LOGIN_PATH,
    title: 'Login',
    name: 'login',
    description:
      'Authenticate users with email and password to obtain JWT access and refresh tokens. This endpoint supports all user roles: MANAGER, AGENT, CASHIER, and CUSTOMER.',
    auth: 'none',
    authNote: 'No token: email and currentPassword in the body (headers platform and uuid only).',
    bodyFields: ['email', 'currentPassword'],
    exampleBody: { email: 'manager@yourcompany.com', currentPassword: 'Password@1' },
    access: EVERY_ROLE,
    localOnly: false,
  },
  {
    id: 'fincode:refresh',
    group: 'documented',
    method: 'POST',
    path: REFRESH_PATH,
    title: 'Refresh Token',
    name: 'refresh',
    description: 'Use the refresh token to obtain a new access token without re-authentication. Access tokens expire after 1 hour.',
    auth: 'token',
    authNote: 'The refresh_token in the body; the guide also sends the access token as X-Auth-Token.',
    bodyFields: ['refresh_token'],
    exampleBody: { refresh_token: '{{login.response.body.$.refresh_token}}' },
    access: EVERY_ROLE,
    localOnly: false,
  },
  {
    id: 'fincode:logout',
    group: 'documented',
    method: 'POST',
    path: LOGOUT_PATH,
    title: 'Logout',
    name: 'logout',
    description: 'Revoke tokens when logging out or if compromised.',
    auth: 'token',
    authNote: 'The access token as X-Auth-Token; empty JSON body.',
    bodyFields: [],
    exampleBody: {},
    access: EVERY_ROLE,
    localOnly: false,
  },
  {
    id: 'fincode:organisation-preference',
    group: 'documented',
    method: 'GET',
    path: 'admin/organisation-preference-management/fetch-organisaction-preference',
    title: 'Fetch Organisation Preference',
    name: 'fetchOrganisationPreference',
    description:
      'The guide\'s "Making Authenticated Requests" example: once authenticated, include the access token in all subsequent API requests.',
    auth: 'token',
    authNote: 'Any authenticated role: the access token (or an API token) as X-Auth-Token.',
    bodyFields: [],
    access: EVERY_ROLE,
    localOnly: false,
  },
];

/** Example body, example path and success status of each demo endpoint (as in the permissions.http sample). */
const DEMO_EXAMPLES: Readonly<Record<string, { body?: Record<string, unknown>; path?: string; status: number }>> = {
  'POST _emulator/demo/transactions': { body: { amount: 100, currency: 'GBP', customer_id: 'cust_202' }, status: 201 },
  'GET _emulator/demo/transactions': { status: 200 },
  'PATCH _emulator/demo/transactions/{id}': { body: { status: 'processing' }, path: '_emulator/demo/transactions/txn_1002', status: 200 },
  'GET _emulator/demo/users': { status: 200 },
  'POST _emulator/demo/users': { body: { email: 'new.user@example.com', role: 'CASHIER' }, status: 201 },
  'PUT _emulator/demo/kyc-aml/configuration': { body: { risk_threshold: 80 }, status: 200 },
  'POST _emulator/demo/kyc-aml/verifications': { body: { document_type: 'passport', customer_id: 'cust_202' }, status: 201 },
  'PUT _emulator/demo/tenant/configuration': { body: { timezone: 'Africa/Lagos' }, status: 200 },
  'POST _emulator/demo/transactions/{id}/refund': { body: { reason: 'duplicate payment' }, path: '_emulator/demo/transactions/txn_1001/refund', status: 201 },
  'GET _emulator/demo/analytics': { status: 200 },
  'GET _emulator/demo/beneficiaries': { status: 200 },
  'POST _emulator/demo/beneficiaries': { body: { name: 'Chidi Okafor', country: 'NG', account_number: '1234567', customer_id: 'cust_202' }, status: 201 },
  'GET _emulator/demo/plugins': { status: 200 },
  'PUT _emulator/demo/plugins': { body: { id: 'webhooks', enabled: true }, status: 200 },
  'PUT _emulator/demo/agents/configuration': { body: { daily_limit: 1000 }, status: 200 },
  'PUT _emulator/demo/markups': { body: { markup_percent: 1.25 }, status: 200 },
  'POST _emulator/demo/quotes': { body: { amount: 100, from_currency: 'GBP', to_currency: 'NGN' }, status: 201 },
};

const METHOD_VERBS: Readonly<Record<string, string>> = { GET: 'List', POST: 'Create', PUT: 'Update', PATCH: 'Update', DELETE: 'Delete' };

function demoEndpoint(demo: DemoEndpoint): FinCodeEndpoint {
  const key = `${demo.method} ${demo.path}`;
  const example = DEMO_EXAMPLES[key];
  const row = PERMISSION_MATRIX.find((entry) => entry.id === demo.capability);
  if (!example || !row) throw new Error(`No example for the demo endpoint ${key}`);
  const access = Object.fromEntries(ROLES.map((role) => [role, demoAccess(demo, role)])) as Record<Role, Access>;
  const own = demo.ownPermission ? ` A role without the row's permission but with \`${demo.ownPermission}\` gets its own records.` : '';
  return {
    id: `sandbox:${key.replace(' ', ':')}`,
    group: 'sandbox',
    method: demo.method,
    path: demo.path,
    title: `${row.label} (${METHOD_VERBS[demo.method] ?? demo.method})`,
    name: `${demo.capability}${demo.method === 'GET' ? '' : demo.method.charAt(0) + demo.method.slice(1).toLowerCase()}`,
    description: `Local sandbox only: an emulator endpoint, not part of FinCode. It stands for the permission matrix row "${row.label}": roles marked ❌ get the documented 403.${own}`,
    auth: 'token',
    authNote: 'A session access token or an API token of the local sandbox.',
    bodyFields: Object.keys(example.body ?? {}),
    ...(example.body ? { exampleBody: example.body } : {}),
    ...(example.path ? { examplePath: example.path } : {}),
    access,
    matrixRow: row,
    successStatus: example.status,
    localOnly: true,
  };
}

/** The sandbox's other emulator endpoints: echo and counters (no token, no FinCode headers needed). */
const EMULATOR_TOOL_ENDPOINTS: readonly FinCodeEndpoint[] = [
  {
    id: 'sandbox:ANY:_emulator/echo/*',
    group: 'sandbox',
    method: 'ANY',
    path: '_emulator/echo/*',
    title: 'Echo',
    name: 'echo',
    description: 'Local sandbox only: answers any method with the request exactly as received (method, path, query, headers, body), to see what the client injected.',
    auth: 'none',
    authNote: 'No token needed; whatever headers are sent are shown back.',
    bodyFields: [],
    exampleBody: { hello: 'sandbox' },
    examplePath: '_emulator/echo/anything',
    access: EVERY_ROLE,
    localOnly: true,
  },
  {
    id: 'sandbox:GET:_emulator/counters',
    group: 'sandbox',
    method: 'GET',
    path: '_emulator/counters',
    title: 'Counters',
    name: 'counters',
    description: 'Local sandbox only: how many logins, refreshes and logouts the sandbox served (and how many failed).',
    auth: 'none',
    authNote: 'No token needed.',
    bodyFields: [],
    access: EVERY_ROLE,
    localOnly: true,
  },
];

export const SANDBOX_ENDPOINTS: readonly FinCodeEndpoint[] = [...DEMO_ENDPOINTS.map(demoEndpoint), ...EMULATOR_TOOL_ENDPOINTS];

export const ENDPOINTS: readonly FinCodeEndpoint[] = [...DOCUMENTED_ENDPOINTS, ...SANDBOX_ENDPOINTS];

export const ENDPOINT_GROUPS: readonly { readonly group: EndpointGroup; readonly label: string }[] = [
  { group: 'documented', label: 'FinCode API (documented)' },
  { group: 'sandbox', label: 'Local sandbox demo (emulator only)' },
];

export function endpointById(id: string): FinCodeEndpoint | undefined {
  return ENDPOINTS.find((endpoint) => endpoint.id === id);
}

const BASE_URL_PREFIX = /^\{\{\s*baseUrl\s*\}\}/;
const SERVICES_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(?:\/sandbox)?\/api\/v6\/services(?=\/|$)/i;

/**
 * The path relative to the base URL: `{{baseUrl}}/x`, `/x`, `x` and a full
 * `https://host/…/api/v6/services/x` URL all give `x`; query and fragment are dropped.
 * Undefined for any other absolute URL or variable prefix.
 */
export function relativePath(url: string): string | undefined {
  let path = url.trim();
  if (BASE_URL_PREFIX.test(path)) path = path.replace(BASE_URL_PREFIX, '');
  else if (SERVICES_PREFIX.test(path)) path = path.replace(SERVICES_PREFIX, '');
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('{{')) return undefined;
  path = path.replace(/[?#].*$/s, '').replace(/^\/+/, '').replace(/\/+$/, '');
  return path;
}

function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const have = path.split('/');
  for (let i = 0; i < want.length; i++) {
    const segment = want[i];
    if (segment === '*') return have.length > i && have.slice(i).every((part) => part.length > 0);
    const actual = have[i];
    if (actual === undefined || actual.length === 0) return false;
    if (segment === '{id}') continue;
    if (segment !== actual) return false;
  }
  return want.length === have.length;
}

/** The endpoint a request `METHOD url` calls, or undefined. `{id}` matches one segment. */
export function endpointForPath(method: string, url: string): FinCodeEndpoint | undefined {
  const path = relativePath(url);
  if (path === undefined || path.length === 0) return undefined;
  const upper = method.toUpperCase();
  return ENDPOINTS.find((endpoint) => (endpoint.method === upper || endpoint.method === 'ANY') && pathMatches(endpoint.path, path));
}

/**
 * The endpoint a request calls, for the permission hint after a request line: endpointForPath, and for a URL it
 * cannot place (another variable prefix such as `{{host}}/…`, another origin) the endpoint whose
 * path ends the URL's path, as the hint has always matched. Wildcard paths match only exactly.
 */
export function endpointForUrl(method: string, url: string): FinCodeEndpoint | undefined {
  if (relativePath(url) !== undefined) return endpointForPath(method, url);
  const path = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^{}]*\}\}/, '').replace(/[?#].*$/s, '');
  const have = path.split('/').filter(Boolean);
  const upper = method.toUpperCase();
  return ENDPOINTS.find((endpoint) => {
    const length = endpoint.path.split('/').length;
    return endpoint.method === upper && !endpoint.path.includes('*') && have.length >= length && pathMatches(endpoint.path, have.slice(-length).join('/'));
  });
}

/** Endpoints at this path whatever the method (for hovering a path whose method is not known). */
export function endpointsAtPath(url: string): FinCodeEndpoint[] {
  const path = relativePath(url);
  if (path === undefined || path.length === 0) return [];
  return ENDPOINTS.filter((endpoint) => pathMatches(endpoint.path, path));
}

/** Per role: yes, no, own or limited. */
export function whoMayCall(endpoint: FinCodeEndpoint): Readonly<Record<Role, Access>> {
  return endpoint.access;
}

/** `# @expect ROLE=STATUS …` for endpoints with a success status (the demo endpoints), else undefined. */
export function expectLine(endpoint: FinCodeEndpoint): string | undefined {
  const success = endpoint.successStatus;
  if (success === undefined) return undefined;
  return ROLES.map((role) => `${role}=${endpoint.access[role] === 'no' ? 403 : success}`).join(' ');
}

/** The method a ready request uses (echo answers any: POST shows the body coming back). */
export function requestMethod(endpoint: FinCodeEndpoint): string {
  return endpoint.method === 'ANY' ? 'POST' : endpoint.method;
}

/** A ready `.http` request for the endpoint, ending with a newline. */
export function requestText(endpoint: FinCodeEndpoint): string {
  const lines = [`### ${endpoint.title}`, `# @name ${endpoint.name}`];
  if (endpoint.localOnly) lines.push('# Local sandbox only: an emulator endpoint, not part of FinCode.');
  if (endpoint.matrixRow) {
    lines.push(`# matrix "${endpoint.matrixRow.label}": ${ROLES.map((role) => `${role}=${endpoint.access[role]}`).join(' ')}`);
  }
  if (endpoint.auth === 'none') lines.push('# @no-auth');
  const expect = expectLine(endpoint);
  if (expect) lines.push(`# @expect ${expect}`);
  lines.push(`${requestMethod(endpoint)} {{baseUrl}}/${endpoint.examplePath ?? endpoint.path}`);
  if (endpoint.exampleBody !== undefined) {
    lines.push('Content-Type: application/json', '', JSON.stringify(endpoint.exampleBody, null, 2));
  }
  return lines.join('\n') + '\n';
}

/** Emoji and a word: readable also where no emoji font is installed. */
export const ACCESS_SYMBOLS: Readonly<Record<Access, string>> = { yes: '✅ yes', no: '❌ no', own: '✅ own', limited: '✅ limited' };

/** A tree item's description: allowed roles, then the denied ones, e.g. "MANAGER AGENT · CASHIER ✗". */
export function rolesSummary(endpoint: FinCodeEndpoint): string {
  if (endpoint.auth === 'none' && endpoint.id !== 'fincode:login') return 'no sign-in needed';
  const allowed = ROLES.filter((role) => endpoint.access[role] !== 'no');
  const denied = ROLES.filter((role) => endpoint.access[role] === 'no');
  if (denied.length === 0 && allowed.every((role) => endpoint.access[role] === 'yes')) {
    return endpoint.auth === 'none' ? 'all roles · no token' : 'all roles';
  }
  const shownAllowed = allowed.map((role) => (endpoint.access[role] === 'yes' ? role : `${role} (${endpoint.access[role]})`)).join(' ');
  const shownDenied = denied.map((role) => `${role} ✗`).join(' ');
  return [shownAllowed, shownDenied].filter((part) => part.length > 0).join(' · ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** Markdown for hovers and tooltips: the endpoint, its description and a role table. */
export function endpointMarkdown(endpoint: FinCodeEndpoint): string {
  const source = endpoint.localOnly ? '_Local sandbox only (emulator)_' : '_FinCode API (documented)_';
  const lines = [
    `**${escapeMarkdown(endpoint.method)} ${escapeMarkdown(endpoint.path)}** — ${escapeMarkdown(endpoint.title)}  `,
    source,
    '',
    endpoint.description,
    '',
    `Auth: ${endpoint.authNote}`,
  ];
  if (endpoint.bodyFields.length > 0) lines.push('', `Body: ${endpoint.bodyFields.map((field) => `\`${field}\``).join(', ')}`);
  lines.push('', endpoint.matrixRow ? `Who may call it (matrix row "${escapeMarkdown(endpoint.matrixRow.label)}"):` : 'Who may call it:', '');
  // One column per role: short enough to be seen whole in a hover.
  lines.push(`| ${ROLES.join(' | ')} |`, `|${ROLES.map(() => ' :---: |').join('')}`, `| ${ROLES.map((role) => ACCESS_SYMBOLS[endpoint.access[role]]).join(' | ')} |`);
  return lines.join('\n');
}
