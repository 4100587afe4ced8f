// The codicon of each FinCode role, used wherever a profile is shown (tree, pickers, status bar).
import type { Role } from '../core/fincode/roles';

export const ROLE_ICONS: Readonly<Record<Role, string>> = {
  MANAGER: 'organization',
  AGENT: 'briefcase',
  CASHIER: 'credit-card',
  CUSTOMER: 'person',
};
