import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeJwt, groupPermissions, MAX_TOKEN_LENGTH, type DecodedJwt, type JwtWarning, type PermissionGroup } from '../../src/core/auth/jwt';
import { ROLE_PERMISSIONS, ROLES } from '../../src/core/fincode/roles';
import { EXPECTED_PERMISSION_GROUPS } from '../support/permissionGroups';
import { HS256_HEADER as HS256, segment, token } from '../support/jwt';
import { JWT_FUZZ_SEED, jwtFuzzer } from '../support/jwtFuzz';

// Tokens are built here (test/support/jwt.ts), not taken from a library: base64url of JSON, and a dummy signature.
const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW_MS / 1000;

function decoded(input: string, nowMs = NOW_MS): Extract<DecodedJwt, { ok: true }> {
  const result = decodeJwt(input, nowMs);
  assert.ok(result.ok, `expected ok, got: ${result.ok ? '' : result.reason}`);
  return result;
}

function codes(warnings: readonly JwtWarning[]): string[] {
  return warnings.map((warning) => warning.code);
}

const WARNING_CODES = new Set(['alg-none', 'unknown-alg', 'jku', 'x5u', 'jwk', 'crit', 'no-exp', 'expired', 'not-yet-valid', 'encrypted']);

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every result, whatever the input, has one of the two documented shapes. */
function assertWellFormed(result: DecodedJwt): void {
  assert.equal(typeof result.ok, 'boolean');
  if (!result.ok) {
    assert.equal(typeof result.reason, 'string');
    assert.ok(result.reason.length > 0 && result.reason.length < 300, `reason: ${result.reason}`);
    return;
  }
  assert.ok(isPlainObject(result.header));
  assert.ok(isPlainObject(result.claims));
  assert.equal(typeof result.signature, 'string');
  assert.equal(typeof result.expired, 'boolean');
  for (const date of [result.issuedAt, result.expiresAt, result.notBefore]) {
    if (date !== undefined) assert.ok(!Number.isNaN(date.getTime()));
  }
  if (result.secondsLeft !== undefined) assert.ok(Number.isInteger(result.secondsLeft));
  assertGroups(result.permissions);
  for (const warning of result.warnings) {
    assert.ok(WARNING_CODES.has(warning.code), warning.code);
    assert.equal(typeof warning.message, 'string');
  }
}

function assertGroups(groups: unknown): void {
  assert.ok(Array.isArray(groups));
  for (const group of groups as PermissionGroup[]) {
    assert.equal(typeof group.resource, 'string');
    assert.ok(group.actions.every((action) => typeof action === 'string'));
  }
}

describe('decodeJwt: malformed input is refused with a clear reason', () => {
  const valid = token(HS256, { sub: 'u1' });
  const [validHeader, validPayload] = valid.split('.') as [string, string];
  const cases: { name: string; input: unknown; reason: RegExp }[] = [
    { name: '2 segments', input: `${validHeader}.${validPayload}`, reason: /^Not a JWT: expected 3 dot-separated segments, found 2$/ },
    { name: '4 segments', input: `${valid}.extra`, reason: /expected 3 dot-separated segments, found 4/ },
    { name: '1 segment', input: 'eyJhbGciOiJIUzI1NiJ9', reason: /found 1/ },
    { name: '6 segments', input: 'a.b.c.d.e.f', reason: /found 6/ },
    {
      name: '5 segments (JWE)',
      input: `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`,
      reason: /encrypted.*cannot be decoded/i,
    },
    { name: 'empty string', input: '', reason: /^Empty token$/ },
    { name: 'whitespace only', input: ' \n\t  ', reason: /^Empty token$/ },
    { name: '"Bearer" and nothing else', input: 'Bearer   ', reason: /^Empty token$/ },
    { name: 'bad base64url in the header', input: `eyJ*bGci.${validPayload}.sig`, reason: /header segment is not valid base64url/ },
    { name: 'standard base64 "+" in the payload', input: `${validHeader}.ab+c.sig`, reason: /payload segment is not valid base64url/ },
    { name: 'impossible base64 length', input: `${validHeader}.abcde.sig`, reason: /payload segment is not valid base64url/ },
    { name: 'bad base64url in the signature', input: `${validHeader}.${validPayload}.si/g`, reason: /signature segment is not valid base64url/ },
    { name: 'whitespace inside', input: `${validHeader}. ${validPayload}.sig`, reason: /payload segment is not valid base64url/ },
    { name: 'empty header', input: `.${validPayload}.sig`, reason: /header segment is empty/ },
    { name: 'empty payload', input: `${validHeader}..sig`, reason: /payload segment is empty/ },
    { name: 'only dots', input: '..', reason: /header segment is empty/ },
    { name: 'non-JSON payload', input: token(HS256, 'not json at all'), reason: /payload segment is not base64url-encoded JSON/ },
    { name: 'non-JSON header', input: token('{alg:HS256}', { sub: 'u1' }), reason: /header segment is not base64url-encoded JSON/ },
    { name: 'invalid UTF-8 payload', input: `${validHeader}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.sig`, reason: /not base64url-encoded JSON/ },
    { name: 'JSON array payload', input: token(HS256, [1, 2, 3]), reason: /payload is JSON but not an object \(found an array\)/ },
    { name: 'JSON number payload', input: token(HS256, 42), reason: /payload is JSON but not an object \(found a number\)/ },
    { name: 'JSON null payload', input: token(HS256, 'null'), reason: /found null/ },
    { name: 'JSON string payload', input: token(HS256, '"hello"'), reason: /found a string/ },
    { name: 'JSON array header', input: token(['HS256'], { sub: 'u1' }), reason: /header is JSON but not an object/ },
    {
      name: 'encrypted payload behind an "enc" header',
      input: token({ alg: 'dir', enc: 'A128GCM' }, 'binary ciphertext'),
      reason: /not base64url-encoded JSON.*declares encryption/,
    },
    { name: 'over the length limit (1 MB)', input: 'a'.repeat(1024 * 1024), reason: /1048576 characters is over the \d+-character limit/ },
    { name: 'null', input: null, reason: /expected a string, got null/ },
    { name: 'undefined', input: undefined, reason: /expected a string, got undefined/ },
    { name: 'number', input: 42, reason: /expected a string, got number/ },
    { name: 'object', input: { token: valid }, reason: /expected a string, got object/ },
    { name: 'array', input: [valid], reason: /expected a string, got object/ },
  ];
  for (const { name, input, reason } of cases) {
    test(name, () => {
      const result = decodeJwt(input as string, NOW_MS);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, reason);
    });
  }

  test('a reason never echoes the token', () => {
    const secret = segment({ password: 'hunter2-hunter2' });
    const result = decodeJwt(`${secret}.${secret}`);
    assert.ok(!result.ok && !result.reason.includes(secret));
  });
});

describe('decodeJwt: odd but decodable input', () => {
  test('whitespace around and a "Bearer " prefix are ignored', () => {
    const input = token(HS256, { sub: 'u1' });
    const bare = decoded(input);
    assert.deepEqual(decoded(`  \n${input}\t `), bare);
    assert.deepEqual(decoded(`Bearer ${input}`), bare);
    assert.deepEqual(decoded(` bearer\t${input}\n`), bare);
  });

  test('unicode claims survive', () => {
    const name = 'Zoë Ōkubo — 日本語 🔑 ÄÖÜ';
    const result = decoded(token(HS256, { name, email: 'zoë@例え.jp' }));
    assert.equal(result.claims.name, name);
    assert.equal(result.email, 'zoë@例え.jp');
  });

  test('padded base64url segments are tolerated', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64');
    assert.ok(header.endsWith('='));
    assert.equal(decoded(`${header}.${segment({ sub: 'u1' })}.sig`).subject, 'u1');
  });

  test('an empty signature (unsecured JWT) decodes, with the alg-none warning', () => {
    const result = decoded(`${segment({ alg: 'none' })}.${segment({ sub: 'u1', exp: NOW_S + 60 })}.`);
    assert.equal(result.signature, '');
    assert.deepEqual(codes(result.warnings), ['alg-none']);
  });

  test('a token just under the length limit decodes correctly', () => {
    const prefix = `${segment(HS256)}.`;
    const filler = 'x'.repeat(Math.floor(((MAX_TOKEN_LENGTH - prefix.length - 100) * 3) / 4));
    const input = token(HS256, { sub: filler });
    assert.ok(input.length <= MAX_TOKEN_LENGTH && input.length > MAX_TOKEN_LENGTH - 200);
    assert.equal(decoded(input).subject, filler);
    assert.equal(decodeJwt(`${input}${'A'.repeat(MAX_TOKEN_LENGTH - input.length + 1)}`).ok, false);
  });

  test('a 1 MB token-shaped input is rejected at once', () => {
    const input = token(HS256, { sub: 'x'.repeat(800_000) });
    const started = performance.now();
    const result = decodeJwt(input);
    const elapsed = performance.now() - started;
    assert.ok(!result.ok && /limit/.test(result.reason));
    // A length check: a second is orders of magnitude of headroom.
    assert.ok(elapsed < 1000, `${elapsed} ms`);
  });
});

describe('decodeJwt: valid tokens', () => {
  const claims = {
    sub: 'user_mgr_123',
    email: 'manager@yourcompany.com',
    role: 'MANAGER',
    iat: NOW_S - 600,
    nbf: NOW_S - 600,
    exp: NOW_S + 3000,
    permissions: ROLE_PERMISSIONS.MANAGER,
  };
  const input = token(HS256, claims, 'dGhlLXNpZw');

  test('header, claims, segments and signature as they are', () => {
    const result = decoded(input);
    const [header, payload, signature] = input.split('.');
    assert.deepEqual(result.header, HS256);
    assert.deepEqual(result.claims, claims);
    assert.deepEqual(result.segments, { header, payload, signature });
    assert.equal(result.signature, 'dGhlLXNpZw');
    assert.equal(result.algorithm, 'HS256');
    assert.equal(result.subject, 'user_mgr_123');
    assert.equal(result.email, 'manager@yourcompany.com');
    assert.equal(result.role, 'MANAGER');
    assert.deepEqual(result.warnings, []);
  });

  test('numeric dates become Dates; secondsLeft and expired follow exp', () => {
    const result = decoded(input);
    assert.equal(result.issuedAt?.toISOString(), '2025-01-15T11:50:00.000Z');
    assert.equal(result.notBefore?.toISOString(), '2025-01-15T11:50:00.000Z');
    assert.equal(result.expiresAt?.toISOString(), '2025-01-15T12:50:00.000Z');
    assert.equal(result.secondsLeft, 3000);
    assert.equal(result.expired, false);
  });

  test('secondsLeft around the expiry instant', () => {
    const exp = NOW_S + 3000;
    const at = (ms: number) => decoded(input, exp * 1000 + ms);
    assert.deepEqual([at(-1500).secondsLeft, at(-1500).expired], [1, false]);
    assert.deepEqual([at(-500).secondsLeft, at(-500).expired], [0, false]);
    assert.deepEqual([at(0).secondsLeft, at(0).expired], [0, true]);
    assert.deepEqual([at(1500).secondsLeft, at(1500).expired], [-2, true]);
    assert.equal(at(3600_000).secondsLeft, -3600);
  });

  test('now defaults to the clock', () => {
    const result = decodeJwt(token(HS256, { exp: Math.floor(Date.now() / 1000) + 3600 }));
    assert.ok(result.ok && result.secondsLeft !== undefined);
    assert.ok(result.secondsLeft >= 3590 && result.secondsLeft <= 3600, String(result.secondsLeft));
  });

  test('fractional NumericDates are kept to the millisecond', () => {
    assert.equal(decoded(token(HS256, { exp: NOW_S + 1.5 })).expiresAt?.getTime(), NOW_MS + 1500);
  });

  test('non-numeric or out-of-range dates are ignored', () => {
    const result = decoded(token(HS256, { iat: '1736942400', nbf: true, exp: 1e20 }));
    assert.equal(result.issuedAt, undefined);
    assert.equal(result.notBefore, undefined);
    assert.equal(result.expiresAt, undefined);
    assert.equal(result.secondsLeft, undefined);
    assert.equal(result.expired, false);
    assert.deepEqual(codes(result.warnings), ['no-exp']);
    assert.match(result.warnings[0]?.message ?? '', /not a number/);
  });

  test('non-string role, sub and email are left out', () => {
    const result = decoded(token(HS256, { role: ['MANAGER'], sub: 7, email: null, exp: NOW_S + 1 }));
    assert.deepEqual([result.role, result.subject, result.email], [undefined, undefined, undefined]);
  });

  for (const role of ROLES) {
    test(`${role}: role and grouped permissions`, () => {
      const result = decoded(token(HS256, { role, permissions: ROLE_PERMISSIONS[role], exp: NOW_S + 3600 }));
      assert.equal(result.role, role);
      assert.deepEqual(result.permissions, EXPECTED_PERMISSION_GROUPS[role]);
      const flattened = result.permissions.flatMap(({ resource, actions }) => actions.map((action) => `${resource}:${action}`));
      assert.deepEqual(flattened.sort(), [...ROLE_PERMISSIONS[role]].sort());
    });
  }
});

describe('groupPermissions', () => {
  test('splits on the first colon only', () => {
    assert.deepEqual(groupPermissions(['transactions:read:own']), [{ resource: 'transactions', actions: ['read:own'] }]);
  });

  test('a permission without a colon is a resource with no actions', () => {
    assert.deepEqual(groupPermissions(['admin', 'admin:all']), [{ resource: 'admin', actions: ['all'] }]);
    assert.deepEqual(groupPermissions(['admin']), [{ resource: 'admin', actions: [] }]);
  });

  test('keeps first-seen order and drops duplicates', () => {
    assert.deepEqual(groupPermissions(['b:x', 'a:y', 'b:z', 'b:x']), [
      { resource: 'b', actions: ['x', 'z'] },
      { resource: 'a', actions: ['y'] },
    ]);
  });

  test('a space-separated scope string is accepted', () => {
    assert.deepEqual(groupPermissions(' users:read  users:write\nreports:read '), [
      { resource: 'users', actions: ['read', 'write'] },
      { resource: 'reports', actions: ['read'] },
    ]);
  });

  test('non-strings, blanks and non-lists give nothing', () => {
    assert.deepEqual(groupPermissions([1, null, {}, ['a:b'], '', '  ']), []);
    for (const value of [undefined, null, 42, {}, true]) assert.deepEqual(groupPermissions(value), []);
  });
});

describe('decodeJwt: warnings', () => {
  const fresh = { exp: NOW_S + 60 };
  const warningsOf = (header: unknown, claims: unknown = fresh) => codes(decoded(token(header, claims)).warnings);

  test('alg none, in any case', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const result = decoded(token({ alg }, fresh));
      assert.deepEqual(codes(result.warnings), ['alg-none']);
      assert.match(result.warnings[0]?.message ?? '', /not checked by anyone/);
    }
  });

  test('every known algorithm is accepted silently', () => {
    const known = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
    for (const alg of known) assert.deepEqual(warningsOf({ alg }), [], alg);
  });

  test('unknown, lower-cased, missing or non-string alg', () => {
    for (const header of [{ alg: 'HS257' }, { alg: 'hs256' }, { typ: 'JWT' }, { alg: 256 }]) {
      assert.deepEqual(warningsOf(header), ['unknown-alg'], JSON.stringify(header));
    }
    assert.match(decoded(token({ alg: 'XYZ' }, fresh)).warnings[0]?.message ?? '', /"XYZ"/);
  });

  test('jku, x5u and crit header parameters', () => {
    assert.deepEqual(warningsOf({ alg: 'RS256', jku: 'https://evil.example/jwks.json' }), ['jku']);
    assert.deepEqual(warningsOf({ alg: 'RS256', x5u: 'https://evil.example/cert.pem' }), ['x5u']);
    assert.deepEqual(warningsOf({ alg: 'RS256', crit: ['exp'] }), ['crit']);
    assert.deepEqual(warningsOf({ alg: 'none', jku: 'a', x5u: 'b', crit: [] }), ['alg-none', 'jku', 'x5u', 'crit']);
  });

  test('an embedded public key (jwk)', () => {
    const result = decoded(token({ alg: 'RS256', jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } }, fresh));
    assert.deepEqual(codes(result.warnings), ['jwk']);
    assert.match(result.warnings[0]?.message ?? '', /embeds its own public key \(jwk\)/);
  });

  test('an "enc" header with readable claims', () => {
    assert.deepEqual(warningsOf({ alg: 'dir', enc: 'A128GCM' }), ['unknown-alg', 'encrypted']);
  });

  test('no exp', () => {
    const result = decoded(token(HS256, { sub: 'u1' }));
    assert.deepEqual(codes(result.warnings), ['no-exp']);
    assert.match(result.warnings[0]?.message ?? '', /never expires/);
  });

  test('expired', () => {
    const result = decoded(token(HS256, { exp: NOW_S - 90 }));
    assert.deepEqual(codes(result.warnings), ['expired']);
    assert.equal(result.warnings[0]?.message, 'Expired at 2025-01-15T11:58:30.000Z');
    assert.equal(result.secondsLeft, -90);
  });

  test('not yet valid', () => {
    const result = decoded(token(HS256, { nbf: NOW_S + 30, exp: NOW_S + 3600 }));
    assert.deepEqual(codes(result.warnings), ['not-yet-valid']);
    assert.equal(result.warnings[0]?.message, 'Not valid before 2025-01-15T12:00:30.000Z');
    assert.deepEqual(codes(decoded(token(HS256, { nbf: NOW_S, exp: NOW_S + 3600 })).warnings), []);
  });
});


describe('decodeJwt: fuzz', () => {
  const fuzz = jwtFuzzer(JWT_FUZZ_SEED, NOW_S);
  const base = token(HS256, { sub: 'u1', role: 'AGENT', permissions: ROLE_PERMISSIONS.AGENT, exp: NOW_S + 60 });

  test('5,000 random and mutated tokens: never throws, always a well-formed result', (t) => {
    t.diagnostic(`JWT_FUZZ_SEED=${JWT_FUZZ_SEED}`);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i += 1) {
      const input = fuzz.next(i, base);
      let result: DecodedJwt;
      try {
        result = decodeJwt(input, NOW_MS);
      } catch (error) {
        assert.fail(`threw on case ${i} (JWT_FUZZ_SEED=${JWT_FUZZ_SEED}, ${JSON.stringify(input)}): ${String(error)}`);
      }
      assertWellFormed(result);
      if (result.ok) accepted += 1;
      else rejected += 1;
    }
    // The generators must reach both outcomes, or the fuzz proves little.
    assert.ok(accepted > 100 && rejected > 100, `accepted ${accepted}, rejected ${rejected}`);
  });

  test('groupPermissions never throws on random values', () => {
    for (let i = 0; i < 2000; i += 1) {
      const value = fuzz.int(2) === 0 ? fuzz.randomJson() : Array.from({ length: fuzz.int(6) }, () => fuzz.pick([fuzz.randomString(12), fuzz.randomJson()]));
      assertGroups(groupPermissions(value));
    }
  });

  test('every header warning is found whatever else the token holds', () => {
    for (let i = 0; i < 500; i += 1) {
      const header = { ...fuzz.randomObject(), alg: 'none', jku: fuzz.randomJson(), x5u: fuzz.randomJson(), jwk: fuzz.randomJson(), crit: fuzz.randomJson() };
      const result = decoded(token(header, fuzz.randomObject()));
      const found = codes(result.warnings);
      for (const code of ['alg-none', 'jku', 'x5u', 'jwk', 'crit']) assert.ok(found.includes(code), `${code} missing for ${JSON.stringify(header)}`);
    }
  });
});

describe('decodeJwt: 1 MB inputs end in bounded time', () => {
  const MB = 1024 * 1024;
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const inputs: Record<string, string> = {
    'random characters': Array.from({ length: MB }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join(''),
    dots: '.'.repeat(MB),
    whitespace: ' \n\t'.repeat(MB / 3),
    'a "Bearer " then 1 MB of base64url': `Bearer ${'A'.repeat(MB)}`,
    'three 350 KB segments': ['a', 'b', 'c'].map((c) => c.repeat(350_000)).join('.'),
  };
  for (const [name, input] of Object.entries(inputs)) {
    test(name, () => {
      const started = performance.now();
      const result = decodeJwt(input, NOW_MS);
      const elapsed = performance.now() - started;
      assertWellFormed(result);
      assert.equal(result.ok, false);
      // Generous: the real cost is a length check (microseconds).
      assert.ok(elapsed < 2000, `${elapsed} ms`);
    });
  }

  test('claims nested as deep as the length limit allows decode without overflowing the stack', () => {
    const depth = Math.floor((MAX_TOKEN_LENGTH * 0.7) / 2);
    const input = `${segment(HS256)}.${segment(`{"a":${nested(depth)},"exp":${NOW_S + 60}}`)}.sig`;
    assert.ok(input.length < MAX_TOKEN_LENGTH);
    const started = performance.now();
    const result = decoded(input);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(codes(result.warnings), []);
  });
});
