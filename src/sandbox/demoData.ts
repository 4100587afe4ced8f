// The demo endpoints' in-memory data: a few transactions of the documented customer (cust_202)
// and of another customer (cust_303), the organisation's users, beneficiaries, plugins and
// settings. Each sandbox instance gets a fresh copy.

import type { Role } from '../core/fincode/roles';
import type { SandboxUser } from './users';

export type Scalar = string | number | boolean;

export interface Transaction {
  id: string;
  customer_id: string;
  created_by: string;
  amount: number;
  currency: string;
  status: string;
  fee: number;
  created_at: string;
}

export interface DirectoryUser {
  id: string;
  email: string;
  role: string;
  created_by: string;
}

export interface Beneficiary {
  id: string;
  customer_id: string;
  name: string;
  country: string;
  account_number: string;
}

export interface Plugin {
  id: string;
  name: string;
  enabled: boolean;
}

/** Something a caller asked for on a customer's behalf: a KYC verification or a quote. */
export interface CustomerRequest {
  id: string;
  customer_id?: string;
  requested_by: string;
  status: string;
}

export interface Verification extends CustomerRequest {
  customer_id: string;
  document_type: string;
  submitted_at: string;
}

export interface Quote extends CustomerRequest {
  from_currency: string;
  to_currency: string;
  amount: number;
  rate: number;
  fee: number;
  total_to_pay: number;
  amount_received: number;
  expires_at: string;
}

export interface DemoStore {
  readonly transactions: Transaction[];
  readonly users: DirectoryUser[];
  readonly beneficiaries: Beneficiary[];
  readonly plugins: Plugin[];
  readonly verifications: Verification[];
  readonly quotes: Quote[];
  /** Settings by area then owner: the tenant's under 'tenant', a caller's own under its id. */
  readonly settings: Map<SettingsArea, Map<string, Record<string, Scalar>>>;
}

const OTHER_CUSTOMER_ID = 'cust_303';
export const TENANT_OWNER = 'tenant';

export type SettingsArea = 'kyc-aml' | 'tenant' | 'agents' | 'markups';

export const SETTINGS_DEFAULTS: Readonly<Record<SettingsArea, Readonly<Record<string, Scalar>>>> = {
  'kyc-aml': { risk_threshold: 70, document_expiry_days: 365, pep_screening: true },
  tenant: { default_currency: 'GBP', timezone: 'Europe/London', receipt_footer: 'Thank you for using FinCode' },
  agents: { commission_percent: 1.5, daily_limit: 50000, requires_approval_over: 10000 },
  markups: { markup_percent: 1, flat_fee: 2.5, corridor: 'GBP-NGN' },
};

function transaction(id: string, customerId: string, createdBy: string, amount: number, currency: string, status: string): Transaction {
  return { id, customer_id: customerId, created_by: createdBy, amount, currency, status, fee: 2.5, created_at: '2025-01-15T10:00:00Z' };
}

/** Who created each documented account in the demo directory (agents manage the users they created). */
const CREATED_BY: Readonly<Record<Role, string>> = {
  MANAGER: 'system',
  AGENT: 'user_mgr_123',
  CASHIER: 'user_mgr_123',
  CUSTOMER: 'user_agt_456',
};

/** The directory starts with the sandbox's own accounts, plus two users nobody can sign in as. */
export function seedDemoStore(accounts: readonly SandboxUser[]): DemoStore {
  return {
    transactions: [
      transaction('txn_1001', 'cust_202', 'user_cust_101', 250, 'GBP', 'completed'),
      transaction('txn_1002', 'cust_202', 'user_csh_789', 120, 'GBP', 'pending'),
      transaction('txn_1003', OTHER_CUSTOMER_ID, 'user_agt_456', 900, 'GBP', 'completed'),
      transaction('txn_1004', OTHER_CUSTOMER_ID, 'user_csh_789', 75, 'EUR', 'processing'),
    ],
    users: [
      ...accounts.map((account) => ({ id: account.id, email: account.email, role: account.role, created_by: CREATED_BY[account.role] })),
      { id: 'user_cust_303', email: 'customer303@example.com', role: 'CUSTOMER', created_by: 'user_agt_456' },
      { id: 'user_csh_900', email: 'cashier900@example.com', role: 'CASHIER', created_by: 'user_mgr_123' },
    ],
    beneficiaries: [
      { id: 'ben_501', customer_id: 'cust_202', name: 'Ada Obi', country: 'NG', account_number: '0123456789' },
      { id: 'ben_502', customer_id: OTHER_CUSTOMER_ID, name: 'Kwame Mensah', country: 'GH', account_number: '9876543210' },
    ],
    plugins: [
      { id: 'sms-notifications', name: 'SMS notifications', enabled: true },
      { id: 'aml-screening', name: 'AML screening', enabled: true },
      { id: 'webhooks', name: 'Webhooks', enabled: false },
    ],
    verifications: [],
    quotes: [],
    settings: new Map(),
  };
}
