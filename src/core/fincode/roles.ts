// FinCode roles and permissions, as data, exactly as the FinCode authentication guide states them
// ("User Roles & Permissions", the login responses' `permissions`, and the "Role Permission Matrix").
// test/unit/roles.test.ts checks every entry against a copy of the document.

export const ROLES = ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What each role does, in the guide's words ("User Roles & Permissions"). */
export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly string[]>> = {
  MANAGER: [
    'Plugins management',
    'Agent configuration',
    'KYC/AML configuration',
    'Analytics and reporting',
    'Process transaction refunds.',
    'Organisation user management',
    'Crossboarder setup & operations',
  ],
  AGENT: [
    'Call-over reports',
    'Corridor management',
    'View customer profiles',
    'Transaction status updates',
    'Exchange rate and fee markups',
    'Tenant-specific analytics and reporting',
  ],
  CASHIER: [
    'Print receipts',
    'Process payments',
    'Create transactions',
    'Handle cash collections',
    'View transaction history',
    'Verify transaction details',
  ],
  CUSTOMER: [
    'Request quotes',
    'Initiate transfers',
    'Create beneficiaries',
    'View own transactions',
    'View transaction history',
    'Update profile information',
  ],
};

/** The `user.permissions` each role's documented login response carries. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly string[]>> = {
  MANAGER: [
    'users:read',
    'users:write',
    'transactions:read',
    'transactions:write',
    'reports:read',
    'settings:write',
    'webhooks:manage',
  ],
  AGENT: [
    'transactions:read',
    'transactions:create',
    'transactions:update',
    'customers:read',
    'customers:verify',
    'kyc:perform',
    'reports:read',
  ],
  CASHIER: ['transactions:create', 'transactions:read', 'payments:process', 'cash:handle', 'receipts:print'],
  CUSTOMER: [
    'profile:read',
    'profile:update',
    'transactions:create',
    'transactions:read:own',
    'beneficiaries:manage',
    'quotes:request',
  ],
};

/** ✅ = yes, ❌ = no, "✅ (own)" = own, "✅ (limited)" = limited. */
export type Access = 'yes' | 'no' | 'own' | 'limited';

export type CapabilityId =
  | 'createTransactions'
  | 'viewAllTransactions'
  | 'updateTransactions'
  | 'manageUsers'
  | 'kycAmlConfiguration'
  | 'kycAmlVerification'
  | 'tenantConfiguration'
  | 'processRefunds'
  | 'analyticsReports'
  | 'manageBeneficiaries'
  | 'pluginManagement'
  | 'agentConfiguration'
  | 'rateFeeMarkups'
  | 'requestQuotes';

export interface MatrixRow {
  readonly id: CapabilityId;
  /** The row's label as the document writes it. */
  readonly label: string;
  readonly access: Readonly<Record<Role, Access>>;
}

function row(id: CapabilityId, label: string, manager: Access, agent: Access, cashier: Access, customer: Access): MatrixRow {
  return { id, label, access: { MANAGER: manager, AGENT: agent, CASHIER: cashier, CUSTOMER: customer } };
}

/** The "Role Permission Matrix", one entry per row of the document, in its order. */
export const PERMISSION_MATRIX: readonly MatrixRow[] = [
  row('createTransactions', 'Create Transactions', 'no', 'no', 'yes', 'own'),
  row('viewAllTransactions', 'View All Transactions', 'yes', 'yes', 'no', 'no'),
  row('updateTransactions', 'Update Transactions', 'yes', 'yes', 'yes', 'no'),
  row('manageUsers', 'Manage Users', 'yes', 'own', 'yes', 'no'),
  row('kycAmlConfiguration', 'KYC/AML Configuration', 'yes', 'no', 'no', 'no'),
  row('kycAmlVerification', 'KYC/AML Verification', 'no', 'no', 'no', 'yes'),
  row('tenantConfiguration', 'Tenant Configuration', 'yes', 'no', 'no', 'no'),
  row('processRefunds', 'Process Refunds', 'yes', 'no', 'no', 'no'),
  row('analyticsReports', 'Analytics/Reports', 'yes', 'limited', 'no', 'no'),
  row('manageBeneficiaries', 'Manage Beneficiaries', 'yes', 'no', 'no', 'own'),
  row('pluginManagement', 'Plugin Management', 'yes', 'no', 'no', 'no'),
  row('agentConfiguration', 'Agent Configuration', 'yes', 'no', 'no', 'no'),
  row('rateFeeMarkups', 'Rate/Fee Markups', 'no', 'no', 'no', 'own'),
  row('requestQuotes', 'Request quotes', 'no', 'no', 'yes', 'yes'),
];

export function accessFor(id: CapabilityId, role: Role): Access {
  const found = PERMISSION_MATRIX.find((entry) => entry.id === id);
  if (!found) throw new Error(`Unknown capability ${id}`);
  return found.access[role];
}

/** The documented 403 body. */
export function forbiddenBody(role: Role | string): { error: 'forbidden'; message: string; role: string } {
  return { error: 'forbidden', message: 'Insufficient permissions to access this resource', role };
}
