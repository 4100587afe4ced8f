// The sample workspace a user opens to learn the product (samples/, shipped in the VSIX): every
// file parses without an error, and its requests do against the real sandbox what their comments
// and `# @expect` lines say. samples/permissions.http is checked row by row in matrix.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSession } from '../../src/core/auth/session';
import { memorySecretStore } from '../../src/core/auth/secretStore';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import type { ParsedFile } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type CredentialSource } from '../../src/core/http/sender';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const SAMPLES = resolve('samples');
const sampleFiles = readdirSync(SAMPLES).filter((name) => name.endsWith('.http')).sort();

function sample(name: string): { path: string; file: ParsedFile } {
  const path = join(SAMPLES, name);
  return { path, file: parseHttpFile(readFileSync(path, 'utf8')) };
}

interface Echo {
  headers: Record<string, string>;
}

describe('samples/', () => {
  it('holds the four documented samples and a README', () => {
    assert.deepEqual(sampleFiles, ['auth.http', 'checks.http', 'echo.http', 'permissions.http']);
    const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
    for (const name of sampleFiles) assert.match(readme, new RegExp(name.replace('.', '\\.')), `README.md explains ${name}`);
  });

  for (const name of sampleFiles) {
    it(`${name} parses without an error, every request named`, () => {
      const { file } = sample(name);
      assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.ok(file.requests.length > 0);
      for (const request of file.requests) assert.ok(request.name, `${request.method} ${request.url} has # @name`);
    });
  }

  it('uses {{baseUrl}} for the environment and holds no base URL of a real tenant', () => {
    for (const name of sampleFiles) {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      assert.doesNotMatch(text, /fincode\.software/, name);
      for (const request of sample(name).file.requests) {
        if (request.name === 'echoLookAlike') continue;
        assert.match(request.url, /^\{\{baseUrl\}\}\//, `${name}: ${request.name}`);
      }
    }
  });

  describe('against the sandbox, signed in as CASHIER', () => {
    let t: TestSandbox;
    let credential: CredentialSource;
    let cashierToken: string;
    before(async () => {
      t = await withSandbox();
      const user = DOCUMENTED_SANDBOX_USERS.find((u) => u.role === 'CASHIER');
      assert.ok(user);
      const session = createSession({ profileId: 'cashier', env: t.env, email: user.email, store: memorySecretStore() });
      await session.signIn(user.password);
      credential = { kind: 'session', session };
      cashierToken = await session.getAccessToken();
    });
    after(() => t.stop());

    it('auth.http: login, the org preference (injected and chained), refresh and logout answer what @expect says', async () => {
      const { path, file } = sample('auth.http');
      const chain = new Map();
      const before = await t.counters();
      for (const request of file.requests) {
        const response = await sendRequest(request, {
          environment: t.env,
          credential,
          fileVariables: file.variables,
          fileRequests: file.requests,
          httpFilePath: path,
          chain,
        });
        assert.equal(response.status, request.annotations.expect?.CASHIER, `${request.name}: ${response.text}`);
        if (request.name === 'orgPreference') assert.ok(response.injectedHeaders.includes('x-auth-token'), 'the profile token is injected');
        if (request.name === 'orgPreferenceChained') assert.ok(!response.injectedHeaders.includes('x-auth-token'), 'the written token wins');
      }
      const counters = await t.counters();
      assert.equal(counters.logins - before.logins, 1, 'chaining sent login once');
      assert.equal(counters.refreshes - before.refreshes, 1);
      assert.equal(counters.logouts - before.logouts, 1);
    });

    it('echo.http: shows what is injected, @no-auth, an own header, and a look-alike origin that gets nothing', async () => {
      const { path, file } = sample('echo.http');
      const port = new URL(t.env.baseUrl).port;
      // The look-alike points at the sandbox's own port, so it really answers here.
      const fileVariables = file.variables.map((v) =>
        v.name === 'lookAlikeBaseUrl' ? { ...v, value: `http://localhost:${port}/api/v6/services` } : v,
      );
      const echoes = new Map<string, Echo>();
      for (const request of file.requests) {
        const response = await sendRequest(request, { environment: t.env, credential, fileVariables, fileRequests: file.requests, httpFilePath: path });
        assert.equal(response.status, 200, `${request.name}: ${response.text}`);
        echoes.set(request.name ?? '', JSON.parse(response.text) as Echo);
      }
      const headersOf = (name: string) => echoes.get(name)?.headers ?? {};
      assert.equal(headersOf('echo')['x-auth-token'], cashierToken);
      assert.equal(headersOf('echo').platform, 'fincode');
      assert.equal(headersOf('echo').uuid, '200');
      assert.equal(headersOf('echoBody')['content-type'], 'application/json');
      assert.equal(headersOf('echoNoAuth')['x-auth-token'], undefined);
      assert.equal(headersOf('echoNoAuth').platform, 'fincode');
      assert.equal(headersOf('echoOwnHeader')['x-auth-token'], 'not-a-real-token');
      const lookAlike = headersOf('echoLookAlike');
      assert.equal(lookAlike.host, `localhost:${port}`);
      assert.equal(lookAlike['x-auth-token'], undefined);
      assert.equal(lookAlike.authorization, undefined);
      assert.equal(lookAlike.platform, undefined);
    });
  });
});

interface WalkthroughStep {
  id: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

describe('walkthrough fincode.gettingStarted', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { commands: { command: string }[]; walkthroughs?: { id: string; steps: WalkthroughStep[] }[] };
  };
  const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'fincode.gettingStarted');
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

  it('goes sandbox → sign in → open a sample → send → send as every role → inspect the token', () => {
    assert.ok(walkthrough);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['startSandbox', 'signIn', 'openSample', 'send', 'sendAsEveryRole', 'inspectToken'],
    );
  });

  it('has a markdown page for every step and links and completes on contributed commands only', () => {
    assert.ok(walkthrough);
    for (const step of walkthrough.steps) {
      const page = step.media.markdown ?? '';
      assert.ok(page.startsWith('media/walkthrough/'), step.id);
      assert.ok(readFileSync(page, 'utf8').startsWith('# '), `${page} exists`);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
      const completing = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      assert.ok(completing.length > 0, `${step.id} completes on a command`);
      for (const id of [...linked, ...completing]) {
        if (id.startsWith('workbench.')) continue;
        assert.ok(contributed.has(id), `${step.id}: ${id} is a contributed command`);
      }
    }
  });

  it('"Open Sample…" offers the samples shipped in the VSIX (every .http of samples/), each with a first line that says what it is', () => {
    const source = readFileSync('src/vscode/samplesCommands.ts', 'utf8');
    assert.match(source, /joinPath\(extensionUri, 'samples'\)/);
    assert.match(readFileSync('.vscodeignore', 'utf8'), /^!samples\/\*\*$/m);
    for (const name of sampleFiles) assert.match(readFileSync(join(SAMPLES, name), 'utf8'), /^# \S/, `${name} starts with a summary line`);
  });
});
