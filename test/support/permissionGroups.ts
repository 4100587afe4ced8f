import type { Role } from '../../src/core/fincode/roles';

/** The documented login responses' permissions, grouped by resource (FinCode authentication guide). */
export const EXPECTED_PERMISSION_GROUPS: Readonly<Record<Role, { resource: string; actions: string[] }[]>> = {
  MANAGER: [
    { resource: 'users', actions: ['read', 'write'] },
    { resource: 'transactions', actions: ['read', 'write'] },
    { resource: 'reports', actions: ['read'] },
    { resource: 'settings', actions: ['write'] },
    { resource: 'webhooks', actions: ['manage'] },
  ],
  AGENT: [
    { resource: 'transactions', actions: ['read', 'create', 'update'] },
    { resource: 'customers', actions: ['read', 'verify'] },
    { resource: 'kyc', actions: ['perform'] },
    { resource: 'reports', actions: ['read'] },
  ],
  CASHIER: [
    { resource: 'transactions', actions: ['create', 'read'] },
    { resource: 'payments', actions: ['process'] },
    { resource: 'cash', actions: ['handle'] },
    { resource: 'receipts', actions: ['print'] },
  ],
  CUSTOMER: [
    { resource: 'profile', actions: ['read', 'update'] },
    { resource: 'transactions', actions: ['create', 'read:own'] },
    { resource: 'beneficiaries', actions: ['manage'] },
    { resource: 'quotes', actions: ['request'] },
  ],
};
