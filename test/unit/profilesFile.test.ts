import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfiles, ProfilesFileError, readProfiles, writeSandboxProfiles } from '../../src/cli/profilesFile';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';

describe('CLI profiles file', () => {
  it('reads password and API-token profiles', () => {
    const profiles = parseProfiles(
      JSON.stringify([
        { name: 'boss', role: 'MANAGER', email: 'm@example.com', password: 'Password@1' },
        { name: 'svc', role: 'AGENT', apiToken: 'eyJ.x.y' },
      ]),
    );
    assert.deepEqual(profiles, [
      { name: 'boss', role: 'MANAGER', email: 'm@example.com', password: 'Password@1' },
      { name: 'svc', role: 'AGENT', apiToken: 'eyJ.x.y' },
    ]);
  });

  it('says what is wrong in one sentence, without quoting a secret', () => {
    const cases: [string, RegExp][] = [
      ['{', /not valid JSON/],
      ['{}', /JSON array/],
      ['[]', /no profile/],
      ['[{"name":"a","role":"ADMIN","email":"e","password":"Secret-Pass-1"}]', /role "ADMIN".*MANAGER, AGENT, CASHIER, CUSTOMER/],
      ['[{"name":"a","role":"AGENT"}]', /needs "email" and "password", or "apiToken"/],
      ['[{"role":"AGENT","apiToken":"t"}]', /no "name"/],
      ['[{"name":"a","role":"AGENT","apiToken":"t"},{"name":"a","role":"AGENT","apiToken":"u"}]', /two profiles are named "a"/],
    ];
    for (const [text, message] of cases) {
      const error = (() => {
        try {
          parseProfiles(text);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof ProfilesFileError, text);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('Secret-Pass-1'));
    }
  });

  it('writes the documented sandbox users as a private profiles file that reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fincode-profiles-'));
    try {
      const path = join(dir, 'profiles.json');
      await writeSandboxProfiles(path);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const profiles = await readProfiles(path);
      assert.deepEqual(
        profiles.map((p) => ('password' in p ? [p.role, p.email, p.password] : [])),
        DOCUMENTED_SANDBOX_USERS.map((u) => [u.role, u.email, u.password]),
      );
      assert.ok(readFileSync(path, 'utf8').endsWith('\n'));
      await assert.rejects(readProfiles(join(dir, 'missing.json')), /cannot read .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
