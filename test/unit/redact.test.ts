import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../src/core/redact';

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
