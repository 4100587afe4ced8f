// The sandbox's accounts: the four documented test users, with the ids the guide's example
// login responses show. The cashier and the customer share one e-mail, so a login is matched
// on the (e-mail, password) pair.
import { ROLE_PERMISSIONS, type Role } from '../core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../core/fincode/testUsers';

export interface SandboxUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly tenantId: string;
  readonly customerId?: string;
  /** Changed only by the emulator's `_emulator/users/{id}/permissions`. */
  permissions: readonly string[];
}

/** Ids from the guide's "Expected Response" examples. */
const DOCUMENTED_IDS: Readonly<Record<Role, { id: string; customerId?: string }>> = {
  MANAGER: { id: 'user_mgr_123' },
  AGENT: { id: 'user_agt_456' },
  CASHIER: { id: 'user_csh_789' },
  CUSTOMER: { id: 'user_cust_101', customerId: 'cust_202' },
};

export function seedUsers(tenantId: string): readonly SandboxUser[] {
  return DOCUMENTED_SANDBOX_USERS.map((documented) => ({
    ...DOCUMENTED_IDS[documented.role],
    email: documented.email,
    password: documented.password,
    role: documented.role,
    tenantId,
    permissions: ROLE_PERMISSIONS[documented.role],
  }));
}

/** E-mail addresses compare case-insensitively, as mailbox domains do. */
export function usersWithEmail(users: readonly SandboxUser[], email: string): readonly SandboxUser[] {
  const wanted = email.trim().toLowerCase();
  return users.filter((user) => user.email.toLowerCase() === wanted);
}

/** The `user` object of the login response, field order as documented. */
export function userView(user: SandboxUser): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    tenant_id: user.tenantId,
    ...(user.customerId === undefined ? {} : { customer_id: user.customerId }),
    permissions: [...user.permissions],
  };
}
