// The local sandbox's demo endpoints, as data: one role-guarded endpoint per row of the
// documented permission matrix, under `_emulator/demo/` (emulator only, not FinCode endpoints).
// The sandbox serves them (src/sandbox/demo.ts), the catalogue lists them (endpoints.ts); who may
// call one comes from PERMISSION_MATRIX through demoAccess, never from a per-role rule.
import { accessFor, ROLE_PERMISSIONS, type Access, type CapabilityId, type Role } from './roles';

export type DemoMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface DemoEndpoint {
  readonly method: DemoMethod;
  /** Relative to a services prefix, e.g. `_emulator/demo/transactions/{id}`. */
  readonly path: string;
  readonly capability: CapabilityId;
  /**
   * A permission that grants `own` access where the matrix row says `no`: the guide lists
   * "View own transactions" and `transactions:read:own` for CUSTOMER, whose "View All
   * Transactions" cell is ❌.
   */
  readonly ownPermission?: string;
}

const DEMO_PREFIX = '_emulator/demo/';

function demo(method: DemoMethod, path: string, capability: CapabilityId, ownPermission?: string): DemoEndpoint {
  const endpoint = { method, path: DEMO_PREFIX + path, capability };
  return ownPermission === undefined ? endpoint : { ...endpoint, ownPermission };
}

export const DEMO_ENDPOINTS: readonly DemoEndpoint[] = [
  demo('POST', 'transactions', 'createTransactions'),
  demo('GET', 'transactions', 'viewAllTransactions', 'transactions:read:own'),
  demo('PATCH', 'transactions/{id}', 'updateTransactions'),
  demo('GET', 'users', 'manageUsers'),
  demo('POST', 'users', 'manageUsers'),
  demo('PUT', 'kyc-aml/configuration', 'kycAmlConfiguration'),
  demo('POST', 'kyc-aml/verifications', 'kycAmlVerification'),
  demo('PUT', 'tenant/configuration', 'tenantConfiguration'),
  demo('POST', 'transactions/{id}/refund', 'processRefunds'),
  demo('GET', 'analytics', 'analyticsReports'),
  demo('GET', 'beneficiaries', 'manageBeneficiaries'),
  demo('POST', 'beneficiaries', 'manageBeneficiaries'),
  demo('GET', 'plugins', 'pluginManagement'),
  demo('PUT', 'plugins', 'pluginManagement'),
  demo('PUT', 'agents/configuration', 'agentConfiguration'),
  demo('PUT', 'markups', 'rateFeeMarkups'),
  demo('POST', 'quotes', 'requestQuotes'),
];

/** What `role` gets on `endpoint`: its matrix cell, or `own` through the endpoint's own-permission. */
export function demoAccess(endpoint: DemoEndpoint, role: Role): Access {
  const access = accessFor(endpoint.capability, role);
  const ownPermission = endpoint.ownPermission;
  return access === 'no' && ownPermission !== undefined && ROLE_PERMISSIONS[role].includes(ownPermission) ? 'own' : access;
}
