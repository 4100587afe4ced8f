// The permission hint shown for a request sent as a role, when a row of the permission matrix
// stands behind its endpoint (core/http/permissionHint.ts).
import type { ParsedRequest } from '../../core/http/model';
import { permissionHint, type PermissionHint } from '../../core/http/permissionHint';

export function permissionHintFor(request: ParsedRequest, role: string): PermissionHint | undefined {
  return permissionHint(request.method, request.url, role);
}

export function hintFor(request: ParsedRequest, role: string): string | undefined {
  return permissionHintFor(request, role)?.text;
}
