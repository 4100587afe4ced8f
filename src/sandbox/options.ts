// The sandbox's options: defaults and validation in one place, so the programmatic API and the
// CLI reject the same bad values with the same messages.

export interface SandboxOptions {
  /** Default 0 = any free port; the host is always 127.0.0.1. */
  port?: number;
  /** Access token lifetime, default 3600 (tests use short ones). */
  expiresInSeconds?: number;
  /** Consecutive failed logins before an e-mail is locked, default 5. */
  lockoutAttempts?: number;
  /** How long a lock lasts, default 900 (15 minutes). */
  lockoutSeconds?: number;
  /** Off by default: more logins than `max` per window → 429 with Retry-After. */
  loginRateLimit?: { max: number; windowSeconds: number };
  /** Default 'tenant_456', as in the documents' example responses. */
  tenantId?: string;
  /** Millisecond clock, default Date.now (tests move time). */
  now?: () => number;
  /** One line per request: method, path, status, ms. Never bodies, headers, passwords or tokens. */
  log?: (line: string) => void;
  /** HS256 signing key; default 32 random bytes per instance. Tests pass one to verify signatures. */
  secret?: Uint8Array;
  /** Delay before every answer, default 0: a remote server's latency, for progress, cancel and benchmarks. */
  latencyMs?: number;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly expiresInSeconds: number;
  readonly lockoutAttempts: number;
  readonly lockoutSeconds: number;
  readonly loginRateLimit: { readonly max: number; readonly windowSeconds: number } | undefined;
  readonly tenantId: string;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly latencyMs: number;
}

export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
export const DEFAULT_LOCKOUT_ATTEMPTS = 5;
export const DEFAULT_LOCKOUT_SECONDS = 900;
const DEFAULT_TENANT_ID = 'tenant_456';
export const MAX_PORT = 65535;

/** "NAME must be an integer …" when `value` is not an integer in [min, max], else undefined. */
export function integerProblem(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  return `${name} must be ${range}`;
}

function checked(name: string, value: number, min: number, max?: number): number {
  const problem = integerProblem(name, value, min, max);
  if (problem) throw new RangeError(`${problem} (got ${String(value)})`);
  return value;
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const rateLimit = options.loginRateLimit;
  return {
    port: checked('port', options.port ?? 0, 0, MAX_PORT),
    expiresInSeconds: checked('expiresInSeconds', options.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS, 1),
    lockoutAttempts: checked('lockoutAttempts', options.lockoutAttempts ?? DEFAULT_LOCKOUT_ATTEMPTS, 1),
    lockoutSeconds: checked('lockoutSeconds', options.lockoutSeconds ?? DEFAULT_LOCKOUT_SECONDS, 1),
    loginRateLimit: rateLimit && {
      max: checked('loginRateLimit.max', rateLimit.max, 1),
      windowSeconds: checked('loginRateLimit.windowSeconds', rateLimit.windowSeconds, 1),
    },
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    now: options.now ?? Date.now,
    log: options.log ?? (() => undefined),
    latencyMs: checked('latencyMs', options.latencyMs ?? 0, 0, 600_000),
  };
}
