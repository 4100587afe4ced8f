// The demo endpoints of core/fincode's catalogue (demoEndpoints.ts), served: each endpoint gets
// its handler here, keyed by `METHOD path`; access comes from the catalogue's demoAccess (never
// a per-role rule here): `no` → the documented 403, otherwise the handler serves the granted scope.
import { DEMO_ENDPOINTS, demoAccess, type DemoEndpoint } from '../core/fincode/demoEndpoints';
import { forbiddenBody } from '../core/fincode/roles';
import type { Principal } from './authenticate';
import type { DemoCall } from './demoAccess';
import { createBeneficiary, createUser, listBeneficiaries, listUsers } from './demoDirectory';
import { requestQuote, submitVerification } from './demoRequests';
import { listPlugins, settingsUpdater, updatePlugin } from './demoSettings';
import { analyticsReport, createTransaction, listTransactions, refundTransaction, updateTransaction } from './demoTransactions';
import { json, type Reply } from './reply';
import { protectedRoute, type RequestContext, type Route } from './router';

type Handler = (call: DemoCall) => Reply;

/** The handler of each catalogue endpoint, by `METHOD path` (path relative to the services prefix). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'POST _emulator/demo/transactions': createTransaction,
  'GET _emulator/demo/transactions': listTransactions,
  'PATCH _emulator/demo/transactions/{id}': updateTransaction,
  'GET _emulator/demo/users': listUsers,
  'POST _emulator/demo/users': createUser,
  'PUT _emulator/demo/kyc-aml/configuration': settingsUpdater('kyc-aml'),
  'POST _emulator/demo/kyc-aml/verifications': submitVerification,
  'PUT _emulator/demo/tenant/configuration': settingsUpdater('tenant'),
  'POST _emulator/demo/transactions/{id}/refund': refundTransaction,
  'GET _emulator/demo/analytics': analyticsReport,
  'GET _emulator/demo/beneficiaries': listBeneficiaries,
  'POST _emulator/demo/beneficiaries': createBeneficiary,
  'GET _emulator/demo/plugins': listPlugins,
  'PUT _emulator/demo/plugins': updatePlugin,
  'PUT _emulator/demo/agents/configuration': settingsUpdater('agents'),
  'PUT _emulator/demo/markups': settingsUpdater('markups'),
  'POST _emulator/demo/quotes': requestQuote,
};

function handlerOf(endpoint: DemoEndpoint): Handler {
  const handler = HANDLERS[`${endpoint.method} ${endpoint.path}`];
  // A catalogue entry without a handler is a build mistake: the sandbox refuses to start.
  if (!handler) throw new Error(`The sandbox has no handler for the demo endpoint ${endpoint.method} ${endpoint.path}`);
  return handler;
}

function guarded(endpoint: DemoEndpoint, handle: Handler, ctx: RequestContext, principal: Principal): Reply {
  const grant = demoAccess(endpoint, principal.user.role);
  if (grant === 'no') return json(403, forbiddenBody(principal.user.role));
  return handle({ ctx, principal, grant, capability: endpoint.capability });
}

export const DEMO_ROUTE_TABLE: readonly Route[] = DEMO_ENDPOINTS.map((endpoint) => {
  const handle = handlerOf(endpoint);
  return protectedRoute(endpoint.method, endpoint.path, (ctx, principal) => guarded(endpoint, handle, ctx, principal));
});
