// What the status bar says about the active profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { profileStatus } from '../../src/vscode/profileStatus';
import { statusBarView } from '../../src/vscode/statusBarText';
import { LOCAL_ENVIRONMENT_ID, type StoredProfile } from '../../src/vscode/storedProfiles';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

const cashier: StoredProfile = { id: 'p-cashier', environmentId: LOCAL_ENVIRONMENT_ID, name: 'till-1', role: 'CASHIER', email: 'excel.nwachukwu+662@fincode.co.uk', documented: true };

describe('status bar', () => {
  const env = 'Local sandbox';
  it('role, name and time left; warning under the buffer; error when expired or signed out', () => {
    const view = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 1000 }, undefined, NOW, 300);
    const ok = statusBarView({ kind: 'profile', profile: cashier, view, environmentLabel: env }, NOW);
    assert.equal(ok.text, '$(credit-card) CASHIER · till-1 · 41m');
    assert.equal(ok.background, undefined);
    const due = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW + 2 * MIN }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(due.background, 'warning');
    const expired = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-in', expiresAt: NOW - 1 }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(expired.background, 'error');
    assert.equal(expired.text, '$(credit-card) CASHIER · till-1 · expired');
    const out = statusBarView({ kind: 'profile', profile: cashier, view: profileStatus({ kind: 'signed-out' }, undefined, NOW, 300), environmentLabel: env }, NOW);
    assert.equal(out.text, '$(credit-card) CASHIER · till-1 · signed out');
    assert.equal(out.background, 'error');
    assert.equal(statusBarView({ kind: 'none' }, NOW).background, undefined);
  });
});
