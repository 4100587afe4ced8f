// A hint, before sending, of what a role will likely get from an endpoint that stands for a row
// of the permission matrix ("CASHIER will likely get 403 (View All Transactions: ❌)"). Only a
// hint: the server decides. The endpoint and who may call it come from core/fincode's catalogue
// (endpointForUrl, whoMayCall): the same answer the Endpoints view and the hover give.
import { endpointForUrl, whoMayCall } from '../fincode/endpoints';
import { isRole, type Access, type Role } from '../fincode/roles';

export interface PermissionHint {
  readonly role: Role;
  readonly access: Access;
  readonly label: string;
  /** 403 when the matrix says ❌. */
  readonly likelyStatus?: number;
  readonly text: string;
}

const MARKS: Readonly<Record<Access, string>> = { yes: '✅', no: '❌', own: '✅ (own)', limited: '✅ (limited)' };

/** What `role` will likely get from `method url`, or undefined when no matrix row stands behind the endpoint or the role is unknown. */
export function permissionHint(method: string, url: string, role: string): PermissionHint | undefined {
  const upperRole = role.toUpperCase();
  if (!isRole(upperRole)) return undefined;
  const endpoint = endpointForUrl(method, url);
  if (!endpoint?.matrixRow) return undefined;
  const granted = whoMayCall(endpoint)[upperRole];
  const label = endpoint.matrixRow.label;
  const cell = `${label}: ${MARKS[granted]}`;
  if (granted === 'no') return { role: upperRole, access: granted, label, likelyStatus: 403, text: `${upperRole} will likely get 403 (${cell})` };
  const scope = granted === 'yes' ? '' : granted === 'own' ? ' its own records' : ' a limited view';
  return { role: upperRole, access: granted, label, text: `${upperRole} is allowed${scope} (${cell})` };
}
