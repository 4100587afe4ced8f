// The permission hint shown for a request sent as a role, when its endpoint is documented (the
// sandbox's demo endpoints today).
import type { ParsedRequest } from '../../core/http/model';
import { permissionHint } from '../../core/http/permissionHint';
import { DEMO_ENDPOINTS, demoAccess } from '../../sandbox/server';

export function hintFor(request: ParsedRequest, role: string): string | undefined {
  return permissionHint(DEMO_ENDPOINTS, demoAccess, request.method, request.url, role)?.text;
}
