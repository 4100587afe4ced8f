import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headerProblem, splitTarget } from '../../src/sandbox/dispatch';
import { resolveOptions } from '../../src/sandbox/options';
import { json } from '../../src/sandbox/reply';
import { matchPath, matchRoute, publicRoute } from '../../src/sandbox/router';
import { startSandbox } from '../../src/sandbox/server';

describe('sandbox routing', () => {
  test('matchPath: literal segments, {params} (decoded) and a trailing *', () => {
    assert.deepEqual(matchPath('securitymanagement/login', 'securitymanagement/login'), {});
    assert.equal(matchPath('securitymanagement/login', 'securitymanagement/login/x'), undefined);
    assert.equal(matchPath('securitymanagement/login', 'securitymanagement'), undefined);
    assert.deepEqual(matchPath('a/{id}/refund', 'a/txn%201/refund'), { id: 'txn 1' });
    assert.equal(matchPath('a/{id}', 'a/'), undefined, 'an empty parameter does not match');
    assert.equal(matchPath('a/{id}', 'a/%E0%A4%A'), undefined, 'bad percent-encoding does not match');
    assert.deepEqual(matchPath('_emulator/echo/*', '_emulator/echo'), {});
    assert.deepEqual(matchPath('_emulator/echo/*', '_emulator/echo/x/y/z'), {});
    assert.equal(matchPath('_emulator/echo/*', '_emulator/echoes'), undefined);
  });

  test('matchRoute: found, wrong method (with the allowed ones), none', () => {
    const ok = () => json(200, {});
    const routes = [publicRoute('GET', 'things', ok), publicRoute('POST', 'things', ok), publicRoute('DELETE', 'things/{id}', ok)];
    const found = matchRoute(routes, 'DELETE', 'things/7');
    assert.equal(found.kind, 'found');
    assert.deepEqual(found.kind === 'found' && found.params, { id: '7' });
    assert.deepEqual(matchRoute(routes, 'PUT', 'things'), { kind: 'wrong-method', allow: ['GET', 'POST'] });
    assert.deepEqual(matchRoute(routes, 'GET', 'nothing'), { kind: 'none' });
  });

  test('splitTarget keeps //host-looking paths as paths', () => {
    const { pathname, query } = splitTarget('//evil.example/api?x=1&x=2&y=');
    assert.equal(pathname, '//evil.example/api');
    assert.deepEqual(query.getAll('x'), ['1', '2']);
    assert.equal(query.get('y'), '');
    assert.equal(splitTarget('/plain').pathname, '/plain');
  });

  test('headerProblem names the missing or wrong FinCode header', () => {
    assert.equal(headerProblem({ platform: 'fincode', uuid: '200' }), undefined);
    assert.equal(headerProblem({ uuid: '200' }), 'Missing required header: platform');
    assert.equal(headerProblem({ platform: 'fincode' }), 'Missing required header: uuid');
    assert.equal(headerProblem({ platform: 'web', uuid: '200' }), 'Invalid value for header platform: expected fincode');
    assert.equal(headerProblem({ platform: 'fincode', uuid: '201' }), 'Invalid value for header uuid: expected 200');
  });
});

describe('sandbox options', () => {
  test('defaults are the documented ones', () => {
    const options = resolveOptions({});
    assert.equal(options.port, 0);
    assert.equal(options.expiresInSeconds, 3600);
    assert.equal(options.lockoutAttempts, 5);
    assert.equal(options.lockoutSeconds, 900);
    assert.equal(options.loginRateLimit, undefined);
    assert.equal(options.tenantId, 'tenant_456');
  });

  test('bad values are rejected with the option named', async () => {
    assert.throws(() => resolveOptions({ port: 70000 }), /port must be an integer from 0 to 65535 \(got 70000\)/);
    assert.throws(() => resolveOptions({ expiresInSeconds: 0 }), /expiresInSeconds must be an integer ≥ 1/);
    assert.throws(() => resolveOptions({ lockoutAttempts: 1.5 }), /lockoutAttempts/);
    assert.throws(() => resolveOptions({ lockoutSeconds: -1 }), /lockoutSeconds/);
    assert.throws(() => resolveOptions({ loginRateLimit: { max: 0, windowSeconds: 1 } }), /loginRateLimit\.max/);
    await assert.rejects(startSandbox({ port: -1 }), RangeError);
  });

  test('startSandbox listens on 127.0.0.1 with both base URLs; stop() is prompt and idempotent', async () => {
    const sandbox = await startSandbox();
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandbox.url, `http://127.0.0.1:${sandbox.port}`);
    assert.equal(sandbox.baseUrl, `${sandbox.url}/api/v6/services`);
    assert.equal(sandbox.sandboxBaseUrl, `${sandbox.url}/sandbox/api/v6/services`);
    // A keep-alive connection is open after this request; stop() must still return promptly.
    assert.equal((await fetch(`${sandbox.url}/`)).status, 200);
    const started = Date.now();
    await sandbox.stop();
    await sandbox.stop();
    assert.ok(Date.now() - started < 1000, 'stop() did not wait for idle keep-alive sockets');
    await assert.rejects(fetch(`${sandbox.url}/`));
  });
});
