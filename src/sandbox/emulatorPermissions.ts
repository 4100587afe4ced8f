// Emulator only, not a FinCode endpoint: `PUT _emulator/users/{id}/permissions` changes what a
// user may do, as an administrator would in FinCode, so that clients can be tested against a
// permission change. Tokens already issued keep their claims; the next login or refresh carries
// the new list. The body either replaces the list (`{"permissions": [...]}`) or edits it
// (`{"add": [...], "remove": [...]}`). No token or FinCode headers needed, like echo and counters.
import { json, notFound, type Reply } from './reply';
import type { RequestContext, Route } from './router';
import { findUser } from './state';
import { userView } from './users';
import { bodyObject, invalid, type JsonObject } from './validate';

const MAX_PERMISSIONS = 100;
const MAX_PERMISSION_LENGTH = 100;

/** A list of permission names, or undefined when the field is absent; anything else is a 400. */
function permissionList(body: JsonObject, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid(`Invalid field ${field}: expected an array of permission names`);
  if (value.length > MAX_PERMISSIONS) invalid(`Invalid field ${field}: at most ${MAX_PERMISSIONS} permissions`);
  for (const item of value) {
    if (typeof item !== 'string' || item.trim() === '' || item.length > MAX_PERMISSION_LENGTH || /\p{Cc}/u.test(item)) {
      invalid(`Invalid field ${field}: each permission is a non-empty name of at most ${MAX_PERMISSION_LENGTH} printable characters`);
    }
  }
  return value as string[];
}

/** The user's permissions after the change the body asks for. */
function changedPermissions(current: readonly string[], body: JsonObject): string[] {
  const replace = permissionList(body, 'permissions');
  const add = permissionList(body, 'add');
  const remove = permissionList(body, 'remove');
  if (replace !== undefined && (add !== undefined || remove !== undefined)) invalid('Send either "permissions" (the new list) or "add"/"remove", not both');
  if (replace === undefined && add === undefined && remove === undefined) invalid('Missing required field: permissions (or add / remove)');
  const next = replace ?? [...current.filter((permission) => !(remove ?? []).includes(permission)), ...(add ?? [])];
  const unique = [...new Set(next)];
  if (unique.length > MAX_PERMISSIONS) invalid(`A user has at most ${MAX_PERMISSIONS} permissions`);
  return unique;
}

function setPermissions(ctx: RequestContext): Reply {
  const user = findUser(ctx.state, ctx.params.id ?? '');
  if (!user) return notFound('No such user');
  user.permissions = changedPermissions(user.permissions, bodyObject(ctx.body));
  return json(200, { emulator: true, user: userView(user) });
}

export const EMULATOR_PERMISSION_ROUTES: readonly Route[] = [
  { method: 'PUT', path: '_emulator/users/{id}/permissions', finCodeHeaders: false, body: 'json', auth: false, handle: setPermissions },
];
