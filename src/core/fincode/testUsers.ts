// The sandbox test credentials published in FinCode's login document ("Testing in Sandbox").
// They only work in a sandbox. The cashier and the customer share one e-mail and differ by
// password: a profile is identified by its own id, never by e-mail.
import type { Role } from './roles';

export interface DocumentedTestUser {
  readonly role: Role;
  readonly email: string;
  readonly password: string;
}

export const DOCUMENTED_SANDBOX_USERS: readonly DocumentedTestUser[] = [
  { role: 'MANAGER', email: 'hello@remitjunction.co.uk', password: 'Password@1' },
  { role: 'AGENT', email: 'hello+2@remitjunction.co.uk', password: 'Password@1' },
  { role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', password: 'PQW7ERMP' },
  { role: 'CUSTOMER', email: 'excel.nwachukwu+662@fincode.co.uk', password: 'Password@1' },
];
