// The role matrix runner against the sandbox's demo endpoints reproduces the documented
// permission matrix; samples/permissions.http is checked against the matrix data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSession } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { PERMISSION_MATRIX, ROLES } from '../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { formatMatrix, matrixPassed, runMatrix } from '../../src/core/http/matrix';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type CredentialSource } from '../../src/core/http/sender';
import { DEMO_ENDPOINTS, demoAccess } from '../../src/core/fincode/demoEndpoints';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const EXAMPLE = resolve('samples/permissions.http');
const example = parseHttpFile(readFileSync(EXAMPLE, 'utf8'));

function endpointOf(method: string, url: string) {
  const path = url.replace('{{baseUrl}}/', '');
  return DEMO_ENDPOINTS.find((e) => e.method === method && new RegExp(`^${e.path.replace('{id}', '[^/]+')}$`).test(path));
}

describe('role matrix', () => {
  let t: TestSandbox;
  before(async () => {
    t = await withSandbox();
  });
  after(() => t.stop());

  it('samples/permissions.http covers every row of the documented matrix, its expectations following the matrix', () => {
    assert.deepEqual(example.diagnostics, []);
    const covered = new Set<string>();
    for (const request of example.requests) {
      const endpoint = endpointOf(request.method, request.url);
      assert.ok(endpoint, `${request.method} ${request.url} is a demo endpoint`);
      covered.add(endpoint.capability);
      const expect = request.annotations.expect;
      assert.ok(expect, `${request.name} has # @expect`);
      for (const role of ROLES) {
        const status: number | undefined = expect[role];
        assert.ok(status !== undefined, `${request.name} expects something of ${role}`);
        if (demoAccess(endpoint, role) === 'no') assert.equal(status, 403, `${request.name} as ${role}`);
        else assert.ok(status >= 200 && status < 300, `${request.name} as ${role} succeeds (${demoAccess(endpoint, role)})`);
      }
    }
    assert.deepEqual([...covered].sort(), PERMISSION_MATRIX.map((row) => row.id).sort());
  });

  it('sending every example request as the four documented users reproduces the matrix', async () => {
    const profiles = DOCUMENTED_SANDBOX_USERS.map((user) => {
      const session = createSession({ profileId: user.role, env: t.env, email: user.email, store: memorySecretStore() });
      return { name: user.role.toLowerCase(), role: user.role, user, session, credential: { kind: 'session', session } as CredentialSource };
    });
    await Promise.all(profiles.map((p) => p.session.signIn(p.user.password)));
    for (const request of example.requests) {
      const cells = await runMatrix(
        profiles,
        async (profile) => {
          const response = await sendRequest(request, {
            environment: t.env,
            credential: profile.credential,
            fileVariables: example.variables,
            fileRequests: example.requests,
            httpFilePath: EXAMPLE,
          });
          return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
        },
        { expect: request.annotations.expect ?? {} },
      );
      assert.ok(matrixPassed(cells), `${request.name}\n${formatMatrix(cells)}`);
      assert.deepEqual(cells.map((c) => c.role), [...ROLES]);
    }
  });

  it('reports failures and errors per cell and bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const profiles = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ name, role: ROLES[i % 4] as string }));
    const cells = await runMatrix(
      profiles,
      async (profile) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
        if (profile.name === 'f') throw new Error('boom');
        return { status: profile.role === 'MANAGER' ? 200 : 403, elapsedMs: 20, size: 2 };
      },
      { concurrency: 2, expect: { MANAGER: 200, AGENT: 200, b: 403 } },
    );
    assert.equal(peak, 2);
    assert.deepEqual(
      cells.map((c) => [c.profile, c.status, c.expected, c.pass]),
      [
        ['a', 200, 200, true],
        ['b', 403, 403, true],
        ['c', 403, undefined, undefined],
        ['d', 403, undefined, undefined],
        ['e', 200, 200, true],
        ['f', undefined, 200, false],
      ],
    );
    assert.match(cells[5]?.error ?? '', /Unexpected error/);
    assert.equal(matrixPassed(cells), false);
    assert.match(formatMatrix(cells), /f\s+AGENT\s+error\s+-\s+-\s+200\s+FAIL/);
  });
});
