import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { signJwt, verifyJwt } from '../../src/sandbox/jwt';

const SECRET = Buffer.from('sandbox-test-secret-0123456789abcdef');
const NOW = 1_736_942_400;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function hs256(input: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

describe('sandbox JWT (HS256)', () => {
  test('signs a standard HS256 JWT that verifies and round-trips its claims', () => {
    const claims = { sub: 'user_mgr_123', role: 'MANAGER', permissions: ['users:read'], iat: NOW, exp: NOW + 3600 };
    const token = signJwt(claims, SECRET);
    const [header, payload, signature] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header ?? '', 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), claims);
    assert.equal(signature, hs256(`${header}.${payload}`, SECRET), 'signature is HMAC-SHA256 over header.payload');
    assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW }), { ok: true, claims });
  });

  test('a changed payload, another secret or another algorithm is a signature problem', () => {
    const token = signJwt({ sub: 'a', exp: NOW + 60 }, SECRET);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${encode({ sub: 'b', exp: NOW + 60 })}.${signature}`;
    assert.deepEqual(verifyJwt(forged, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'signature' });
    assert.deepEqual(verifyJwt(token, Buffer.from('another-secret'), { nowSeconds: NOW }), { ok: false, problem: 'signature' });
    const noneHeader = encode({ alg: 'none', typ: 'JWT' });
    const claimsPart = encode({ sub: 'a', exp: NOW + 60 });
    const unsigned = `${noneHeader}.${claimsPart}.${hs256(`${noneHeader}.${claimsPart}`, SECRET)}`;
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
      `${encode('string')}.${payload}.${signature}`,
      `${header}.${encode([1, 2])}.${signature}`,
      `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`,
      signJwt({ sub: 'a' }, SECRET),
      signJwt({ sub: 'a', exp: 'tomorrow' }, SECRET),
    ];
    for (const token of malformed) {
      assert.deepEqual(verifyJwt(token, SECRET, { nowSeconds: NOW }), { ok: false, problem: 'malformed' }, token);
    }
  });
});
