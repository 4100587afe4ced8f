import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidEnvironmentError,
  endpointUrl,
  environmentOrigin,
  makeEnvironment,
  parseBaseUrl,
  tenantProblem,
} from '../../src/core/fincode/environments';
import { authHeaders, isAuthHeaderStyle, requiredHeaders } from '../../src/core/fincode/headers';

describe('environments', () => {
  it('builds the documented sandbox and production base URLs from a tenant', () => {
    assert.equal(
      makeEnvironment({ id: 's', tenant: 'remitjunction', kind: 'sandbox' }).baseUrl,
      'https://remitjunction.fincode.software/sandbox/api/v6/services',
    );
    assert.equal(makeEnvironment({ id: 'p', tenant: 'RemitJunction', kind: 'production' }).baseUrl, 'https://remitjunction.fincode.software/api/v6/services');
  });

  it('validates tenant names as DNS labels', () => {
    for (const good of ['remitjunction', 'a', 'tenant-1', 'x'.repeat(63)]) assert.equal(tenantProblem(good), undefined, good);
    for (const bad of ['', '-a', 'a-', 'a.b', 'a b', 'évil', 'x'.repeat(64), 'a/b', 'tenant.fincode.software.evil']) {
      assert.ok(tenantProblem(bad), bad);
    }
    assert.throws(() => makeEnvironment({ id: 'x', tenant: 'bad.tenant', kind: 'sandbox' }), InvalidEnvironmentError);
  });

  it('parses and normalises custom base URLs, refusing what cannot be one', () => {
    assert.deepEqual(parseBaseUrl(' http://127.0.0.1:8787/api/v6/services/ '), { ok: true, baseUrl: 'http://127.0.0.1:8787/api/v6/services' });
    assert.deepEqual(parseBaseUrl('HTTPS://Example.COM:443/x'), { ok: true, baseUrl: 'https://example.com/x' });
    for (const bad of ['not a url', 'ftp://host/x', 'https://user:pw@host/x', 'https://host/x?token=1', 'https://host/x#f', 'javascript:alert(1)']) {
      const result = parseBaseUrl(bad);
      assert.equal(result.ok, false, bad);
      if (!result.ok) assert.ok(!result.problem.includes('pw@') || bad.includes('pw@'));
    }
    assert.throws(() => makeEnvironment({ id: 'c', kind: 'custom', baseUrl: 'nope' }), /not a URL/);
  });

  it('gives the exact origin credentials are scoped to, and joins endpoint paths', () => {
    const env = makeEnvironment({ id: 'c', kind: 'custom', baseUrl: 'https://t.fincode.software:443/api/v6/services' });
    assert.equal(environmentOrigin(env), 'https://t.fincode.software');
    assert.equal(environmentOrigin({ baseUrl: 'http://127.0.0.1:8787/api/v6/services' }), 'http://127.0.0.1:8787');
    assert.equal(endpointUrl(env, '/securitymanagement/login'), 'https://t.fincode.software/api/v6/services/securitymanagement/login');
  });
});

describe('headers', () => {
  it('adds platform and uuid always, Content-Type only with a body, configurable values', () => {
    assert.deepEqual(requiredHeaders(), { platform: 'fincode', uuid: '200' });
    assert.deepEqual(requiredHeaders(undefined, true), { platform: 'fincode', uuid: '200', 'content-type': 'application/json' });
    assert.deepEqual(requiredHeaders({ platform: 'p', uuid: 'u' }), { platform: 'p', uuid: 'u' });
  });

  it('sends the token in the configured style', () => {
    assert.deepEqual(authHeaders('T'), { 'x-auth-token': 'T' });
    assert.deepEqual(authHeaders('T', 'bearer'), { authorization: 'Bearer T' });
    assert.deepEqual(authHeaders('T', 'both'), { 'x-auth-token': 'T', authorization: 'Bearer T' });
    assert.ok(isAuthHeaderStyle('both') && !isAuthHeaderStyle('cookie'));
  });
});
