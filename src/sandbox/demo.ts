// Emulator only, not FinCode endpoints: one role-guarded demo endpoint per row of the
// documented permission matrix, under `_emulator/demo/`. Access comes from PERMISSION_MATRIX
// (never a per-role rule here): `no` → the documented 403, otherwise the handler serves the
// granted scope. The table is exported so the extension can list the endpoints.
import { accessFor, forbiddenBody, ROLE_PERMISSIONS, type Access, type CapabilityId, type Role } from '../core/fincode/roles';
import type { Principal } from './authenticate';
import type { DemoCall } from './demoAccess';
import { createBeneficiary, createUser, listBeneficiaries, listUsers } from './demoDirectory';
import { requestQuote, submitVerification } from './demoRequests';
import { listPlugins, settingsUpdater, updatePlugin } from './demoSettings';
import { analyticsReport, createTransaction, listTransactions, refundTransaction, updateTransaction } from './demoTransactions';
import { json, type Reply } from './reply';
import { protectedRoute, type Method, type RequestContext, type Route } from './router';

const DEMO_PREFIX = '_emulator/demo/';

export interface DemoEndpoint {
  readonly method: Method;
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

interface DemoRoute {
  readonly endpoint: DemoEndpoint;
  readonly handle: (call: DemoCall) => Reply;
}

function demo(method: Method, path: string, capability: CapabilityId, handle: (call: DemoCall) => Reply, ownPermission?: string): DemoRoute {
  const endpoint = { method, path: DEMO_PREFIX + path, capability };
  return { endpoint: ownPermission === undefined ? endpoint : { ...endpoint, ownPermission }, handle };
}

const DEMO_ROUTES: readonly DemoRoute[] = [
  demo('POST', 'transactions', 'createTransactions', createTransaction),
  demo('GET', 'transactions', 'viewAllTransactions', listTransactions, 'transactions:read:own'),
  demo('PATCH', 'transactions/{id}', 'updateTransactions', updateTransaction),
  demo('GET', 'users', 'manageUsers', listUsers),
  demo('POST', 'users', 'manageUsers', createUser),
  demo('PUT', 'kyc-aml/configuration', 'kycAmlConfiguration', settingsUpdater('kyc-aml')),
  demo('POST', 'kyc-aml/verifications', 'kycAmlVerification', submitVerification),
  demo('PUT', 'tenant/configuration', 'tenantConfiguration', settingsUpdater('tenant')),
  demo('POST', 'transactions/{id}/refund', 'processRefunds', refundTransaction),
  demo('GET', 'analytics', 'analyticsReports', analyticsReport),
  demo('GET', 'beneficiaries', 'manageBeneficiaries', listBeneficiaries),
  demo('POST', 'beneficiaries', 'manageBeneficiaries', createBeneficiary),
  demo('GET', 'plugins', 'pluginManagement', listPlugins),
  demo('PUT', 'plugins', 'pluginManagement', updatePlugin),
  demo('PUT', 'agents/configuration', 'agentConfiguration', settingsUpdater('agents')),
  demo('PUT', 'markups', 'rateFeeMarkups', settingsUpdater('markups')),
  demo('POST', 'quotes', 'requestQuotes', requestQuote),
];

export const DEMO_ENDPOINTS: readonly DemoEndpoint[] = DEMO_ROUTES.map((route) => route.endpoint);

/** What `role` gets on `endpoint`: its matrix cell, or `own` through the endpoint's own-permission. */
export function demoAccess(endpoint: DemoEndpoint, role: Role): Access {
  const access = accessFor(endpoint.capability, role);
  const ownPermission = endpoint.ownPermission;
  return access === 'no' && ownPermission !== undefined && ROLE_PERMISSIONS[role].includes(ownPermission) ? 'own' : access;
}

function guarded({ endpoint, handle }: DemoRoute, ctx: RequestContext, principal: Principal): Reply {
  const grant = demoAccess(endpoint, principal.user.role);
  if (grant === 'no') return json(403, forbiddenBody(principal.user.role));
  return handle({ ctx, principal, grant, capability: endpoint.capability });
}

export const DEMO_ROUTE_TABLE: readonly Route[] = DEMO_ROUTES.map((route) =>
  protectedRoute(route.endpoint.method, route.endpoint.path, (ctx, principal) => guarded(route, ctx, principal)),
);
