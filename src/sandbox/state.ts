// Everything one sandbox instance remembers. Each startSandbox() call creates its own, with its
// own signing secret, so instances (and test files) never share tokens or lockouts.
import type { ApiTokenExpiry } from '../core/fincode/apiTokens';
import { seedDemoStore, type DemoStore } from './demoData';
import { newSecret } from './ids';
import type { LockoutBook } from './lockout';
import type { ResolvedOptions } from './options';
import { newWindow, type FixedWindow } from './rateLimit';
import { createSessionStore, type SessionStore } from './sessions';
import { seedUsers, type SandboxUser } from './users';

export interface Counters {
  logins: number;
  failedLogins: number;
  refreshes: number;
  failedRefreshes: number;
  logouts: number;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly label: string;
  readonly expiry: ApiTokenExpiry;
  readonly jti: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  revoked: boolean;
}

export interface SandboxState {
  readonly options: ResolvedOptions;
  readonly secret: Uint8Array;
  readonly users: readonly SandboxUser[];
  readonly sessions: SessionStore;
  readonly apiTokens: Map<string, ApiTokenRecord>;
  readonly lockouts: LockoutBook;
  readonly loginWindow: FixedWindow;
  readonly counters: Counters;
  readonly demo: DemoStore;
}

export function createState(options: ResolvedOptions, secret: Uint8Array = newSecret()): SandboxState {
  const users = seedUsers(options.tenantId);
  return {
    options,
    secret,
    users,
    sessions: createSessionStore(),
    apiTokens: new Map(),
    lockouts: new Map(),
    loginWindow: newWindow(),
    counters: { logins: 0, failedLogins: 0, refreshes: 0, failedRefreshes: 0, logouts: 0 },
    demo: seedDemoStore(users),
  };
}

export function nowSeconds(state: SandboxState): number {
  return Math.floor(state.options.now() / 1000);
}

export function findUser(state: SandboxState, id: string): SandboxUser | undefined {
  return state.users.find((user) => user.id === id);
}
