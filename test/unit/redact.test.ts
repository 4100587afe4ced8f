import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCredentialKey, redact, redactCookies, redactCredentials } from '../../src/core/redact';

describe('redact', () => {
  it('masks known secrets, JWTs, Bearer credentials and refresh tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const line = `login pw=Canary-Pass-1 token=${jwt} Authorization: Bearer abc.def refresh def50200a1b2c3`;
    const out = redact(line, ['Canary-Pass-1']);
    for (const secret of ['Canary-Pass-1', jwt, 'abc.def', 'def50200a1b2c3']) assert.ok(!out.includes(secret), secret);
    assert.match(out, /Authorization: Bearer ‹redacted›/);
  });

  it('leaves ordinary text alone', () => {
    assert.equal(redact('PUT /securitymanagement/login 200 12ms', ['']), 'PUT /securitymanagement/login 200 12ms');
  });
});

describe('redactCredentials: what kept text (the history) masks', () => {
  it('knows credential keys word by word, not by substring', () => {
    for (const key of ['password', 'currentPassword', 'access_token', 'refreshToken', 'X-API-Key', 'api_key', 'client-secret', 'privateKey', 'session_id', 'X-Auth-Token', 'Set-Cookie', 'otp', 'id_token']) assert.ok(isCredentialKey(key), key);
    for (const key of ['author', 'authority', 'passenger', 'compass', 'expires_in', 'email', 'tokenizer', 'sessions']) assert.ok(!isCredentialKey(key), key);
  });

  it('masks JSON members, also in a body cut before its end, and keeps the rest as written', () => {
    assert.equal(redactCredentials('{"password":"hunter22","user":"ada"}'), '{"password":"‹redacted›","user":"ada"}');
    assert.equal(redactCredentials('{\n  "refresh_token" : 12345,\n  "n": 1\n}'), '{\n  "refresh_token" : "‹redacted›",\n  "n": 1\n}');
    assert.equal(redactCredentials('{"a": 1, "apiKey": "abc\\"def'), '{"a": 1, "apiKey": "‹redacted›"');
  });

  it('masks form, query and key: value pairs, also inside a URL or a JSON string', () => {
    assert.equal(redactCredentials('email=a%40b.c&password=hunter22&x=1'), 'email=a%40b.c&password=‹redacted›&x=1');
    assert.equal(redactCredentials('https://h/p?api_key=k123&page=2'), 'https://h/p?api_key=‹redacted›&page=2');
    assert.equal(redactCredentials('Authorization: Basic dXNlcjpwYXNz'), 'Authorization: ‹redacted›');
    assert.equal(redactCredentials('{"note": "secret: s3cr3t"}'), '{"note": "secret: ‹redacted›"}');
    assert.equal(redactCredentials('Date: Mon, 07 Dec 2026'), 'Date: Mon, 07 Dec 2026');
  });

  it('masks known secrets and token shapes anywhere', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    assert.equal(redactCredentials(`hello Canary-Pass-1 and ${jwt}`, ['Canary-Pass-1']), 'hello ‹redacted› and ‹redacted›');
  });

  it('masks every cookie value, keeping names and attributes', () => {
    assert.equal(redactCookies('sid=abc; Path=/; HttpOnly; Max-Age=60'), 'sid=‹redacted›; Path=/; HttpOnly; Max-Age=60');
    assert.equal(redactCookies('a=1; b=2'), 'a=‹redacted›; b=‹redacted›');
  });
});

describe('redactCredentials: JSON inside a JSON string (an echo, a log line)', () => {
  it('masks escaped members and leaves the outer JSON valid', () => {
    const outer = JSON.stringify({ body: JSON.stringify({ note: 'password=hunter22', pin: { password: 'hunter22' }, author: 'Ada' }) });
    const out = redactCredentials(outer);
    assert.ok(!out.includes('hunter22'), out);
    const inner = JSON.parse((JSON.parse(out) as { body: string }).body) as { pin: { password: string }; author: string };
    assert.equal(inner.pin.password, '‹redacted›');
    assert.equal(inner.author, 'Ada');
  });
});

describe('redactCredentials: time', () => {
  it('stays linear on megabytes without a separator, with many pairs, and with many quotes', () => {
    const cases = ['x'.repeat(2 * 1024 * 1024), 'a=b&'.repeat(500_000), '"a"'.repeat(700_000), `{"k": "${'y'.repeat(2 * 1024 * 1024)}`];
    for (const text of cases) {
      const started = performance.now();
      redactCredentials(text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `${elapsed.toFixed(0)} ms for ${text.slice(0, 8)}…`);
    }
  });
});
