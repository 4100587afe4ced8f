// A FinCode environment: tenant + kind (sandbox | production | custom) → one base URL.
// Sandbox:    https://{tenant}.fincode.software/sandbox/api/v6/services
// Production: https://{tenant}.fincode.software/api/v6/services
// Custom:     any http(s) base URL (the local sandbox is one).

export type EnvironmentKind = 'sandbox' | 'production' | 'custom';

export interface Environment {
  readonly id: string;
  readonly label: string;
  readonly tenant: string;
  readonly kind: EnvironmentKind;
  /** Normalised: no trailing slash, no query or fragment. */
  readonly baseUrl: string;
}

export const FINCODE_DOMAIN = 'fincode.software';
export const SERVICES_PATH = '/api/v6/services';
export const SANDBOX_SERVICES_PATH = '/sandbox/api/v6/services';

export class InvalidEnvironmentError extends Error {
  override readonly name = 'InvalidEnvironmentError';
}

// A DNS label: 1–63 letters, digits or hyphens, not starting or ending with a hyphen.
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Returns a problem description, or undefined when `tenant` is a valid tenant name. */
export function tenantProblem(tenant: string): string | undefined {
  if (tenant.length === 0) return 'Enter the tenant name, e.g. "remitjunction" for remitjunction.fincode.software.';
  if (tenant.length > 63) return 'A tenant name has at most 63 characters.';
  if (!DNS_LABEL.test(tenant)) {
    return `"${tenant}" is not a valid tenant name: use letters, digits and hyphens only (not at the start or end), e.g. "remitjunction".`;
  }
  return undefined;
}

export function tenantBaseUrl(tenant: string, kind: 'sandbox' | 'production'): string {
  const problem = tenantProblem(tenant);
  if (problem) throw new InvalidEnvironmentError(problem);
  const path = kind === 'sandbox' ? SANDBOX_SERVICES_PATH : SERVICES_PATH;
  return `https://${tenant.toLowerCase()}.${FINCODE_DOMAIN}${path}`;
}

/** Parses and normalises a custom base URL; returns a problem description instead of throwing. */
export function parseBaseUrl(input: string): { ok: true; baseUrl: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, problem: `"${input}" is not a URL. Enter a base URL such as https://tenant.fincode.software/api/v6/services.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: `The base URL must start with https:// (or http:// for a local server), not ${url.protocol}//.` };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'The base URL must not contain a user name or password.' };
  }
  if (url.search || url.hash) {
    return { ok: false, problem: 'The base URL must not contain a query (?…) or fragment (#…).' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, baseUrl: `${url.protocol}//${url.host}${path}` };
}

export interface EnvironmentInput {
  id: string;
  label?: string;
  tenant?: string;
  kind: EnvironmentKind;
  baseUrl?: string;
}

export function makeEnvironment(input: EnvironmentInput): Environment {
  if (input.kind === 'custom') {
    const parsed = parseBaseUrl(input.baseUrl ?? '');
    if (!parsed.ok) throw new InvalidEnvironmentError(parsed.problem);
    const tenant = input.tenant ?? '';
    return { id: input.id, label: input.label ?? parsed.baseUrl, tenant, kind: 'custom', baseUrl: parsed.baseUrl };
  }
  const tenant = input.tenant ?? '';
  const baseUrl = tenantBaseUrl(tenant, input.kind);
  return { id: input.id, label: input.label ?? `${tenant} (${input.kind})`, tenant, kind: input.kind, baseUrl };
}

/** The origin (scheme://host[:port]) credentials may be sent to: the parsed, normalised origin. */
export function environmentOrigin(env: Pick<Environment, 'baseUrl'>): string {
  return new URL(env.baseUrl).origin;
}

/** Joins the base URL and an endpoint path such as `securitymanagement/login`. */
export function endpointUrl(env: Pick<Environment, 'baseUrl'>, path: string): string {
  return `${env.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
