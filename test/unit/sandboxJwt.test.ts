import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signJwt, verifyJwt } from '../../src/sandbox/jwt';
import { decodeJwtPart, hs256, segment as encode, signedToken, withClaims } from '../support/jwt';

const SECRET = Buffer.from('sandbox-test-secret-0123456789abcdef');
const NOW = 1_736_942_400;

describe('sandbox JWT (HS256)', () => {
  test('signs a standard HS256 JWT that verifies and round-trips its claims', () => {
    const claims = { sub: 'user_mgr_123', role: 'MANAGER', permissions: ['users:read'], iat: NOW, exp: NOW + 3600 };
    const token = signJwt(claims, SECRET);
    const [header, payload, signature] = token.split('.');
    assert.deepEqual(decodeJwtPart(token, 0), { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(decodeJwtPart(token, 1), claims);
    assert.equal(signature, hs256(`${header}.${payload}`, SECRET), 'signature is HMAC-SHA256 over header.payload');
    assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW }), { ok: true, claims });
  });

  test('a changed payload, another secret or another algorithm is a signature problem', () => {
    const token = signJwt({ sub: 'a', exp: NOW + 60 }, SECRET);
    const forged = withClaims(token, { sub: 'b', exp: NOW + 60 });
    assert.deepEqual(verifyJwt(forged, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'signature' });
    assert.deepEqual(verifyJwt(token, Buffer.from('another-secret'), { nowSeconds: NOW }), { ok: false, problem: 'signature' });
    const unsigned = signedToken({ alg: 'none', typ: 'JWT' }, { sub: 'a', exp: NOW + 60 }, SECRET);
    assert.deepEqual(verifyJwt(unsigned, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'signature' });
    assert.deepEqual(verifyJwt(`${token.slice(0, -2)}AA`, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'signature' });
  });

  test('expiry: exp at or before now is expired unless ignoreExpiry', () => {
    const token = signJwt({ sub: 'a', exp: NOW }, SECRET);
    assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW - 1 }), { ok: true, claims: { sub: 'a', exp: NOW } });
    assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'expired' });
    assert.equal(verifyJwt(token, SECRET, { nowSeconds: NOW + 10_000, ignoreExpiry: true }).ok, true);
  });

  test('anything that is not three base64url JSON-object segments with a numeric exp is malformed', () => {
    const good = signJwt({ sub: 'a', exp: NOW + 60 }, SECRET);
    const [header, payload, signature] = good.split('.');
    const malformed = [
      '',
      'abc',
      'a.b',
      `${good}.extra`,
      `${header}..${signature}`,
      `${header}.${payload}.`,
      `${header}.${payload}.sig+with/plus`,
      `${encode(JSON.stringify('string'))}.${payload}.${signature}`,
      `${header}.${encode([1, 2])}.${signature}`,
      `${header}.${encode('not json')}.${signature}`,
      signJwt({ sub: 'a' }, SECRET),
      signJwt({ sub: 'a', exp: 'tomorrow' }, SECRET),
    ];
    for (const token of malformed) {
      assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'malformed' }, token);
    }
  });
});
