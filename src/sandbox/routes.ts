// Every route the sandbox serves, and the root document (`GET /`) that describes them.
import { SANDBOX_SERVICES_PATH, SERVICES_PATH } from '../core/fincode/environments';
import { DEFAULT_REQUIRED_HEADERS } from '../core/fincode/headers';
import { API_TOKEN_ROUTES } from './apiTokenRoutes';
import { AUTH_ROUTES } from './authRoutes';
import { DEMO_ENDPOINTS } from '../core/fincode/demoEndpoints';
import { DEMO_ROUTE_TABLE } from './demo';
import { EMULATOR_PERMISSION_ROUTES } from './emulatorPermissions';
import { EMULATOR_ROUTES } from './emulatorRoutes';
import { PREFERENCE_ROUTES } from './preferenceRoutes';
import { json, type Reply } from './reply';
import type { RequestContext, Route } from './router';

/** Served under both `/api/v6/services/` and `/sandbox/api/v6/services/`, with the same state. */
export const SERVICE_ROUTES: readonly Route[] = [
  ...AUTH_ROUTES,
  ...PREFERENCE_ROUTES,
  ...API_TOKEN_ROUTES,
  ...EMULATOR_ROUTES,
  ...EMULATOR_PERMISSION_ROUTES,
  ...DEMO_ROUTE_TABLE,
];

export interface RouteSummary {
  readonly method: string;
  readonly path: string;
  readonly auth: boolean;
}

export const ROUTE_SUMMARIES: readonly RouteSummary[] = SERVICE_ROUTES.map(({ method, path, auth }) => ({ method, path, auth }));

function describeSandbox(ctx: RequestContext): Reply {
  return json(200, {
    emulator: true,
    name: 'FinCode local sandbox',
    description: 'A local emulator of the FinCode authentication API for development; routes under _emulator/ are not part of FinCode.',
    base_url: ctx.origin + SERVICES_PATH,
    sandbox_base_url: ctx.origin + SANDBOX_SERVICES_PATH,
    required_headers: DEFAULT_REQUIRED_HEADERS,
    routes: ROUTE_SUMMARIES,
    demo_endpoints: DEMO_ENDPOINTS,
  });
}

/** Matched against the path `/` only. */
export const ROOT_ROUTES: readonly Route[] = [
  { method: 'GET', path: '', finCodeHeaders: false, body: 'json', auth: false, handle: describeSandbox },
];
