// What the Profiles view shows for a profile, an API token and an environment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiTokenTiming } from '../../src/vscode/apiTokenExpiry';
import { profileStatus } from '../../src/vscode/profileStatus';
import { apiTokenShape, environmentShape, profileShape } from '../../src/vscode/profileTreeItems';
import { LOCAL_ENVIRONMENT_ID, localEnvironment, type StoredApiToken, type StoredProfile } from '../../src/vscode/storedProfiles';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('tree shaping', () => {
  it('a profile: name, role icon, e-mail and state in the description, namespaced contextValue, active mark', () => {
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const shape = profileShape(cashier, view, true);
    assert.equal(shape.label, 'till-1');
    assert.equal(shape.icon, 'credit-card');
    assert.equal(shape.contextValue, 'fincode:profile:signedIn:active');
    assert.equal(shape.description, '● signed in · expires in 41 min · CASHIER · excel.nwachukwu+662@fincode.co.uk');
    const out = profileShape({ ...cashier, role: 'MANAGER' }, profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), false);
    assert.equal(out.icon, 'organization');
    assert.equal(out.contextValue, 'fincode:profile:signedOut:inactive');
    assert.equal(profileShape({ ...cashier, role: 'AGENT' }, view, false).icon, 'briefcase');
    assert.equal(profileShape({ ...cashier, role: 'CUSTOMER' }, view, false).icon, 'person');
  });

  it('an API token: label, chosen expiry and time left (from exp when decodable, else created + expiry)', () => {
    const token: StoredApiToken = { id: 't', environmentId: 'e', label: 'ci', expiry: '1m', createdAt: NOW - 86400_000 };
    assert.equal(apiTokenTiming(token, NOW).source, 'created');
    assert.equal(apiTokenShape(token, NOW, false).description, '29 days left · API token · 1 month');
    const withExp = { ...token, jwtExpiresAt: NOW + 2 * 3600_000 };
    assert.equal(apiTokenTiming(withExp, NOW).source, 'jwt');
    assert.match(apiTokenShape(withExp, NOW, false).description, /2 h left/);
    assert.equal(apiTokenShape(withExp, NOW, true).contextValue, 'fincode:apiToken:valid:active');
    assert.equal(apiTokenShape({ ...token, jwtExpiresAt: NOW - 1000 }, NOW, false).contextValue, 'fincode:apiToken:expired:inactive');
  });

  it('the local environment says whether the sandbox runs', () => {
    assert.match(environmentShape(localEnvironment(), undefined).description, /not running/);
    const running = environmentShape(localEnvironment(), 'http://127.0.0.1:43210/api/v6/services');
    assert.match(running.description, /running at 127\.0\.0\.1:43210/);
    assert.equal(running.contextValue, 'fincode:environment:local');
    assert.equal(environmentShape({ id: 'e', label: 'rj', kind: 'sandbox', tenant: 'rj', baseUrl: 'https://rj.fincode.software/sandbox/api/v6/services' }, undefined).contextValue, 'fincode:environment:sandbox');
  });
});
