// What the wizards check as the user types, and the API token's exp against the chosen expiry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expiryMismatch, jwtExpiry } from '../../src/vscode/apiTokenExpiry';
import { apiTokenProblem, baseUrlProblem, emailProblem, nameProblem, passwordProblem, tenantProblem } from '../../src/vscode/inputValidation';
import { jwt } from '../support/jwt';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('validators', () => {
  it('e-mail, password ≥ 8, name', () => {
    assert.equal(emailProblem('hello@remitjunction.co.uk'), undefined);
    assert.ok(emailProblem('hello@'));
    assert.ok(emailProblem('no at sign'));
    assert.ok(emailProblem('a@b'));
    assert.equal(passwordProblem('PQW7ERMP'), undefined);
    assert.ok(passwordProblem('short'));
    assert.ok(nameProblem('  '));
    assert.equal(nameProblem('till-1'), undefined);
  });

  it('tenant as a DNS label; a custom base URL parsed', () => {
    assert.equal(tenantProblem('remitjunction'), undefined);
    assert.ok(tenantProblem('-bad'));
    assert.ok(tenantProblem('a.b'));
    assert.equal(baseUrlProblem('https://x.example/api/v6/services'), undefined);
    assert.ok(baseUrlProblem('ftp://x'));
    assert.ok(baseUrlProblem('https://u:p@x.example'));
  });

  it('an API token: empty is an error, not a JWT is a warning, a JWT is fine; exp disagreement warns', () => {
    assert.equal(apiTokenProblem('', NOW)?.severity, 'error');
    assert.equal(apiTokenProblem('abc def', NOW)?.severity, 'error');
    assert.equal(apiTokenProblem('opaque-token', NOW)?.severity, 'warning');
    const exp = Math.floor(NOW / 1000) + 30 * 86400;
    const token = jwt({ sub: 'api', exp });
    assert.equal(apiTokenProblem(token, NOW), undefined);
    assert.equal(apiTokenProblem(jwt({ exp: Math.floor(NOW / 1000) - 10 }), NOW)?.severity, 'warning');
    assert.equal(jwtExpiry(token, NOW), exp * 1000);
    assert.equal(expiryMismatch(exp * 1000, '1m', NOW), undefined);
    assert.match(expiryMismatch(exp * 1000, '1y', NOW) ?? '', /disagrees with the chosen 1 year/);
    assert.equal(expiryMismatch(undefined, '1y', NOW), undefined);
  });
});
