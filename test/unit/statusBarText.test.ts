// What the status bar says about the active profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { profileStatus } from '../../src/vscode/profileStatus';
import { httpEnvironmentView, statusBarView } from '../../src/vscode/statusBarText';
import { LOCAL_ENVIRONMENT_ID, type StoredProfile } from '../../src/vscode/storedProfiles';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('status bar', () => {
  const env = { environmentLabel: 'Local sandbox', production: false };
  it('role, name, time left and the environment; error only when the session cannot be used; signed out and renewal due are not coloured', () => {
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const ok = statusBarView({ kind: 'profile', profile: cashier, view, ...env }, NOW);
    assert.equal(ok.text, '$(credit-card) CASHIER · till-1 · 41m · Local sandbox');
    assert.equal(ok.background, undefined);
    const due = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW + 2 * MIN }, undefined, NOW, 300), ...env }, NOW);
    assert.equal(due.text, '$(credit-card) CASHIER · till-1 · 2m · Local sandbox');
    assert.equal(due.background, undefined, 'the warning colour is kept for production');
    const expired = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW - 1 }, undefined, NOW, 300), ...env }, NOW);
    assert.equal(expired.background, 'error');
    assert.equal(expired.text, '$(credit-card) CASHIER · till-1 · expired · Local sandbox');
    const out = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), ...env }, NOW);
    assert.equal(out.text, '$(credit-card) CASHIER · till-1 · signed out · Local sandbox');
    assert.equal(out.background, undefined, 'signed out is a normal state');
    const locked = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-out' }, { kind: 'locked', message: 'Locked.', at: NOW }, NOW, 300), ...env }, NOW);
    assert.equal(locked.background, 'error');
    const failing = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'unreadable', message: 'Keyring.' }, undefined, NOW, 300), ...env }, NOW);
    assert.equal(failing.background, 'error');
    assert.equal(statusBarView({ kind: 'none' }, NOW).background, undefined);
  });

  it('a production environment is marked in the warning colour, and only it', () => {
    const production = { environmentLabel: 'Acme production', production: true };
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const live = statusBarView({ kind: 'profile', profile: cashier, view, ...production }, NOW);
    assert.equal(live.background, 'warning');
    assert.equal(live.text, '$(credit-card) CASHIER · till-1 · 41m · $(warning) Acme production');
    assert.match(live.tooltip, /^PRODUCTION environment/);
    const out = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), ...production }, NOW);
    assert.equal(out.background, 'warning');
    const token = { id: 't', environmentId: 'acme', label: 'ci', expiry: '1m' as const, createdAt: NOW };
    assert.equal(statusBarView({ kind: 'apiToken', token, ...production }, NOW).background, 'warning');
    assert.equal(statusBarView({ kind: 'apiToken', token, ...env }, NOW).background, undefined);
    assert.equal(statusBarView({ kind: 'apiToken', token: { ...token, createdAt: NOW - 400 * 24 * 60 * MIN }, ...production }, NOW).background, 'error', 'an unusable credential says so first');
  });

  it('the .http environment item names the environment requests use, or none', () => {
    assert.equal(httpEnvironmentView('', false).text, '$(symbol-variable) No Environment');
    assert.equal(httpEnvironmentView('dev', true).text, '$(symbol-variable) dev');
    assert.match(httpEnvironmentView('dev', true).tooltip, /chosen for this workspace/);
    assert.match(httpEnvironmentView('dev', false).tooltip, /fincode\.httpEnvironment/);
  });
});
