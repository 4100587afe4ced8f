// The guide's "Making Authenticated Requests" example endpoint (its spelling kept:
// "fetch-organisaction-preference"). The documents do not show its response, so the sandbox
// answers with a plausible organisation preference for any authenticated caller.
import type { Principal } from './authenticate';
import { json, type Reply } from './reply';
import { protectedRoute, type Route } from './router';

const ORGANISATION_PREFERENCE_PATH = 'admin/organisation-preference-management/fetch-organisaction-preference';

function fetchOrganisationPreference(principal: Principal): Reply {
  return json(200, {
    tenant_id: principal.user.tenantId,
    organisation_name: 'Remit Junction (sandbox)',
    default_currency: 'GBP',
    supported_currencies: ['GBP', 'EUR', 'USD', 'NGN', 'GHS'],
    timezone: 'Europe/London',
    date_format: 'DD/MM/YYYY',
    language: 'en',
    two_factor_required: false,
    session_timeout_minutes: 60,
  });
}

export const PREFERENCE_ROUTES: readonly Route[] = [
  protectedRoute('GET', ORGANISATION_PREFERENCE_PATH, (_ctx, principal) => fetchOrganisationPreference(principal)),
];
