// A profile's state and its label: time left in words, signed in / due / expired / signed out,
// locked and error from the last failure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { profileStatus } from '../../src/vscode/profileStatus';
import { formatTimeLeft, formatTimeLeftShort } from '../../src/vscode/timeLeft';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

describe('state labels', () => {
  it('formats time left', () => {
    assert.equal(formatTimeLeft(41 * 60 + 5), '41 min');
    assert.equal(formatTimeLeft(30), 'less than a minute');
    assert.equal(formatTimeLeft(65 * 60), '1 h 5 min');
    assert.equal(formatTimeLeft(2 * 3600), '2 h');
    assert.equal(formatTimeLeft(29 * 86400 + 100), '29 days');
    assert.equal(formatTimeLeftShort(41 * 60 + 59), '41m');
    assert.equal(formatTimeLeftShort(65 * 60), '1h05m');
    assert.equal(formatTimeLeftShort(10), '<1m');
    assert.equal(formatTimeLeftShort(29 * 86400), '29d');
  });

  it('signed in · expires in 41 min; refresh due under the buffer; expired; signed out', () => {
    const signedIn = profileStatus({ kind: 'signed-in', expiresAt: NOW + 41 * MIN + 30_000 }, undefined, NOW, 300);
    assert.equal(signedIn.status, 'signedIn');
    assert.equal(signedIn.label, 'signed in · expires in 41 min');
    assert.equal(signedIn.refreshDue, false);
    assert.equal(profileStatus({ kind: 'signed-in', expiresAt: NOW + 4 * MIN }, undefined, NOW, 300).refreshDue, true);
    // A 6-minute token under a 5-minute buffer: due at half its life, as renewal sees it, not from the start.
    const shortLived = { kind: 'signed-in', expiresAt: NOW + 6 * MIN, receivedAt: NOW } as const;
    assert.equal(profileStatus(shortLived, undefined, NOW, 300).refreshDue, false);
    assert.equal(profileStatus(shortLived, undefined, NOW + 3 * MIN, 300).refreshDue, true);
    assert.equal(profileStatus({ kind: 'signed-in', expiresAt: NOW - 1 }, undefined, NOW, 300).label, 'expired');
    assert.equal(profileStatus({ kind: 'signed-out' }, undefined, NOW, 300).label, 'signed out');
  });

  it('locked and error come from the last failure; an unreadable session is an error', () => {
    const locked = profileStatus({ kind: 'signed-out' }, { kind: 'locked', message: 'The account is locked', at: NOW }, NOW, 300);
    assert.equal(locked.status, 'locked');
    assert.equal(locked.detail, 'The account is locked');
    assert.equal(profileStatus({ kind: 'signed-out' }, { kind: 'error', message: 'down', at: NOW }, NOW, 300).label, 'error');
    assert.equal(profileStatus({ kind: 'unreadable', message: 'sign in again' }, undefined, NOW, 300).status, 'error');
    // A failed background renewal while still signed in stays signed in, with the detail.
    const stillIn = profileStatus({ kind: 'signed-in', expiresAt: NOW + 10 * MIN }, { kind: 'error', message: 'timeout', at: NOW }, NOW, 300);
    assert.equal(stillIn.status, 'signedIn');
    assert.match(stillIn.detail ?? '', /timeout/);
  });
});
