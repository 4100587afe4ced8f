// A hint, before sending, of what a role will likely get from a documented endpoint: the
// permission matrix cell of the endpoint's capability ("CASHIER will likely get 403 (View All
// Transactions: ❌)"). Only a hint: the server decides. The endpoint list is passed in (the
// sandbox's demo endpoints today, any documented endpoint later), so the core depends on no server.
import { isRole, PERMISSION_MATRIX, type Access, type CapabilityId, type Role } from '../fincode/roles';

export interface DocumentedEndpoint {
  readonly method: string;
  /** Relative to the services prefix, `{name}` for a path parameter, e.g. `_emulator/demo/transactions/{id}`. */
  readonly path: string;
  readonly capability: CapabilityId;
}

export interface PermissionHint {
  readonly role: Role;
  readonly access: Access;
  readonly label: string;
  /** 403 when the matrix says ❌. */
  readonly likelyStatus?: number;
  readonly text: string;
}

const MARKS: Readonly<Record<Access, string>> = { yes: '✅', no: '❌', own: '✅ (own)', limited: '✅ (limited)' };

/** The path of a raw .http URL: `{{baseUrl}}` or scheme and authority dropped, query and fragment cut. */
export function urlPath(url: string): string {
  let rest = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  else if (/^\{\{[^{}]*\}\}/.test(rest)) rest = rest.replace(/^\{\{[^{}]*\}\}/, '');
  const cut = rest.search(/[?#]/);
  return cut === -1 ? rest : rest.slice(0, cut);
}

/** True when the endpoint's path is the last segments of `path`; `{x}` and `{{x}}` segments match any segment. */
export function pathMatches(endpointPath: string, path: string): boolean {
  const wanted = endpointPath.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (have.length < wanted.length || wanted.length === 0) return false;
  const tail = have.slice(have.length - wanted.length);
  return wanted.every((segment, index) => {
    const actual = tail[index] as string;
    return /^\{[^{}]+\}$/.test(segment) ? actual.length > 0 : actual === segment;
  });
}

export function findEndpoint<E extends DocumentedEndpoint>(endpoints: readonly E[], method: string, url: string): E | undefined {
  const path = urlPath(url);
  const upper = method.toUpperCase();
  return endpoints.find((endpoint) => endpoint.method === upper && pathMatches(endpoint.path, path));
}

/** What `role` will likely get from `method url`, or undefined when the endpoint is not documented or the role unknown. */
export function permissionHint<E extends DocumentedEndpoint>(
  endpoints: readonly E[],
  access: (endpoint: E, role: Role) => Access,
  method: string,
  url: string,
  role: string,
): PermissionHint | undefined {
  const upperRole = role.toUpperCase();
  if (!isRole(upperRole)) return undefined;
  const endpoint = findEndpoint(endpoints, method, url);
  if (!endpoint) return undefined;
  const granted = access(endpoint, upperRole);
  const label = PERMISSION_MATRIX.find((row) => row.id === endpoint.capability)?.label ?? endpoint.capability;
  const cell = `${label}: ${MARKS[granted]}`;
  if (granted === 'no') return { role: upperRole, access: granted, label, likelyStatus: 403, text: `${upperRole} will likely get 403 (${cell})` };
  const scope = granted === 'yes' ? '' : granted === 'own' ? ' its own records' : ' a limited view';
  return { role: upperRole, access: granted, label, text: `${upperRole} is allowed${scope} (${cell})` };
}
