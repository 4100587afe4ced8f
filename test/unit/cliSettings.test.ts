// The CLI's counterparts of the extension's settings: flags with FINCODE_* variables, advice that
// names them (the extension keeps naming its settings), credentials named by variable in the
// profiles file, and globs expanded for shells that do not.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI_SETTING_NAMES, cliMessage } from '../../src/cli/cliError';
import { expandFiles, globPattern } from '../../src/cli/fileGlobs';
import { networkSettings } from '../../src/cli/networkFlags';
import { parseProfiles, ProfilesFileError } from '../../src/cli/profilesFile';
import { CertificateError, describeError, ResponseTooLargeError, TimeoutError } from '../../src/core/errors';
import { userMessage } from '../../src/vscode/userErrors';

describe('CLI settings and advice', () => {
  test('timeouts: the extension says "in the settings" as before, the CLI names the flag of the phase', () => {
    const error = new TimeoutError('connect', 10_000);
    assert.match(userMessage(error), /Increase the timeout in the settings if the server is slow/);
    assert.deepEqual(describeError(error).advice, error.advice);
    assert.match(cliMessage(error), /Increase --connect-timeout-ms if the server is slow\.$/);
    assert.doesNotMatch(cliMessage(error), /settings/);
    assert.deepEqual(
      (['connect', 'headers', 'body', 'total'] as const).map((phase) => CLI_SETTING_NAMES.timeout(phase)),
      ['--connect-timeout-ms', '--headers-timeout-ms', '--body-timeout-ms', '--timeout-ms'],
    );
  });

  test('a refused certificate gets certificate advice; a cut body names the limit in each front end\'s words', () => {
    const certificate = new CertificateError('The TLS certificate of api.test was rejected (CERT_HAS_EXPIRED).', 'CERT_HAS_EXPIRED');
    assert.match(userMessage(certificate), /NODE_EXTRA_CA_CERTS/);
    assert.doesNotMatch(userMessage(certificate), /proxy and VPN/);
    assert.match(userMessage(new ResponseTooLargeError(2048)), /Raise the setting fincode\.maxResponseBytes/);
    assert.match(cliMessage(new ResponseTooLargeError(2048)), /\(2048 bytes\).*Raise --max-response-bytes/);
  });

  test('flags win over their FINCODE_* variables; a bad value is a usage error naming where it came from', () => {
    assert.deepEqual(networkSettings({}, {}), { followRedirects: false });
    assert.deepEqual(
      networkSettings({ 'timeout-ms': '0', 'max-redirects': '2', follow: true }, { FINCODE_TIMEOUT_MS: '5', FINCODE_CONNECT_TIMEOUT_MS: '700', FINCODE_MAX_RESPONSE_BYTES: '4096' }),
      { timeouts: { connectMs: 700, totalMs: 0 }, maxResponseBytes: 4096, maxRedirects: 2, followRedirects: true },
    );
    assert.equal(networkSettings({}, { FINCODE_FOLLOW_REDIRECTS: 'true' }).followRedirects, true);
    assert.throws(() => networkSettings({}, { FINCODE_BODY_TIMEOUT_MS: 'soon' }), (e: { exitCode?: number; message: string }) => e.exitCode === 2 && /FINCODE_BODY_TIMEOUT_MS takes a whole number from 1, not "soon"/.test(e.message));
    assert.throws(() => networkSettings({ 'connect-timeout-ms': '0' }, {}), /--connect-timeout-ms takes a whole number from 1/);
  });

  test('profiles name the variables holding their secrets; a missing one is named, its value never', () => {
    const text = JSON.stringify([
      { name: 'cashier', role: 'CASHIER', email: 'c@example.com', passwordEnv: 'FINCODE_CASHIER_PASSWORD' },
      { name: 'svc', role: 'AGENT', apiTokenEnv: 'FINCODE_AGENT_TOKEN' },
    ]);
    assert.deepEqual(parseProfiles(text, 'p.json', { FINCODE_CASHIER_PASSWORD: 'Pw-canary-1', FINCODE_AGENT_TOKEN: 'tok-canary-2' }), [
      { name: 'cashier', role: 'CASHIER', email: 'c@example.com', password: 'Pw-canary-1' },
      { name: 'svc', role: 'AGENT', apiToken: 'tok-canary-2' },
    ]);
    assert.throws(
      () => parseProfiles(text, 'p.json', { FINCODE_CASHIER_PASSWORD: 'Pw-canary-1' }),
      (e: unknown) => e instanceof ProfilesFileError && /profile "svc" takes its API token from the environment variable FINCODE_AGENT_TOKEN, which is not set/.test(e.message) && !e.message.includes('Pw-canary-1'),
    );
    assert.throws(() => parseProfiles(JSON.stringify([{ name: 'x', role: 'AGENT', passwordEnv: 'not a name' }])), /needs "email" and "password", or "apiToken"/);
  });

  test('globs: ** crosses folders, * and ? do not, {a,b} is either; node_modules and dot-folders are skipped; no match is a usage error', async () => {
    assert.ok(globPattern('api/**/*.{http,rest}').test('api/v1/users/list.rest'));
    assert.ok(globPattern('api/**/*.http').test('api/top.http'));
    assert.ok(!globPattern('api/*.http').test('api/v1/list.http'));
    assert.ok(globPattern('a?.http').test('ab.http'));
    const dir = mkdtempSync(join(tmpdir(), 'fincode-globs-'));
    try {
      for (const path of ['api/a.http', 'api/v1/b.http', 'api/v1/c.txt', 'api/node_modules/x.http', 'api/.cache/y.http']) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), '');
      }
      assert.deepEqual(await expandFiles(['api/**/*.http', 'api/a.http', 'literal.http'], dir), ['api/a.http', 'api/v1/b.http', 'literal.http']);
      await assert.rejects(expandFiles(['api/*.rest'], dir), (e: { exitCode?: number; message: string }) => e.exitCode === 2 && /no file matches api\/\*\.rest/.test(e.message));
      await assert.rejects(expandFiles([], dir), /name at least one \.http file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
