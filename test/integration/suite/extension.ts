// Scenarios run inside a real VS Code's extension host (--extensionTestsPath), against the
// extension as installed from this checkout (--extensionDevelopmentPath) with a fresh user-data
// folder: activation, every contributed command registered, the Profiles view's first-run
// contents, SecretStorage through the extension's own adapter, and no secret outside it.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import * as vscode from 'vscode';
import { secretKeys } from '../../../src/core/auth/secretStore';
import { ROLES } from '../../../src/core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../../../src/core/fincode/testUsers';
import { COMMANDS, PROFILES_STATE_KEY, SETTINGS } from '../../../src/vscode/ids';
import type { IntegrationApi } from '../../../src/vscode/integrationApi';
import { ProfilesTreeProvider, type ProfileNode } from '../../../src/vscode/profilesTree';
import { throwaway } from '../../support/throwawayServer';
import type { TestCase } from './runner';

export const EXTENSION_ID = 'fincode-tools.fincode-api-explorer';

interface ContributedCommand {
  readonly command: string;
}

function extension(): vscode.Extension<IntegrationApi | undefined> {
  const found = vscode.extensions.getExtension<IntegrationApi | undefined>(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is installed (extensionDevelopmentPath)`);
  return found;
}

async function api(): Promise<IntegrationApi> {
  const exports = await extension().activate();
  assert.ok(exports, 'activate() returns the integration API in ExtensionMode.Test');
  return exports;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Everything the extension keeps outside SecretStorage, as one string to search. */
function everythingOutsideSecretStorage(globalState: vscode.Memento): string {
  const state = globalState.keys().map((key) => [key, globalState.get<unknown>(key)]);
  const settings = vscode.workspace.getConfiguration('fincode');
  const configuration = Object.keys(settings)
    .filter((key) => typeof (settings as unknown as Record<string, unknown>)[key] !== 'function')
    .map((key) => [key, settings.inspect(key)]);
  return JSON.stringify({ state, configuration });
}

export const extensionCases: readonly TestCase[] = [
  {
    name: 'activates and returns the test API',
    fn: async () => {
      const ext = extension();
      await ext.activate();
      assert.equal(ext.isActive, true);
      assert.ok(ext.exports?.profiles, 'the profiles model');
    },
  },
  {
    name: 'every contributed command, and every id in src/vscode/ids.ts, is registered',
    fn: async () => {
      await api();
      const registered = new Set(await vscode.commands.getCommands(true));
      const contributed = (extension().packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands.map((c) => c.command);
      assert.ok(contributed.length > 0);
      for (const id of contributed) assert.ok(registered.has(id), `${id} (package.json) is registered`);
      for (const id of Object.values(COMMANDS)) assert.ok(registered.has(id), `${id} (ids.ts) is registered`);
    },
  },
  {
    name: 'the Profiles view starts with the local sandbox and its four documented profiles',
    fn: async () => {
      const { profiles } = await api();
      const tree = new ProfilesTreeProvider(profiles);
      try {
        const roots = tree.getChildren();
        assert.equal(roots.length, 1, 'one environment on the first run');
        const [root] = roots as [ProfileNode];
        assert.equal(root.kind, 'environment');
        assert.equal(profiles.environment(root.id)?.local, true);
        assert.match(labelOf(tree.getTreeItem(root)), /Local sandbox/);
        const children = tree.getChildren(root);
        assert.equal(children.length, 4);
        const roles = children.map((node) => profiles.profile(node.id)?.role);
        assert.deepEqual(roles, [...ROLES]);
        for (const node of children) {
          const item = tree.getTreeItem(node);
          assert.match(String(item.contextValue), /^fincode:profile:signedOut:/, `${labelOf(item)} starts signed out`);
        }
      } finally {
        tree.dispose();
      }
    },
  },
  {
    name: 'SecretStorage round trip through the extension\'s own adapter',
    fn: async () => {
      const { secrets } = await api();
      const key = 'fincode.integration.probe';
      const value = `probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      await secrets.store(key, value);
      assert.equal(await secrets.get(key), value);
      await secrets.delete(key);
      assert.equal(await secrets.get(key), undefined);
    },
  },
  {
    name: 'signing in as CASHIER keeps password and tokens in SecretStorage only, never in settings or globalState',
    timeoutMs: 60_000,
    fn: async () => {
      const { profiles, secrets, globalState } = await api();
      const cashier = profiles.snapshot.profiles.find((p) => p.role === 'CASHIER');
      assert.ok(cashier);
      await vscode.commands.executeCommand(COMMANDS.startSandbox);
      await vscode.commands.executeCommand(COMMANDS.signIn, { kind: 'profile', id: cashier.id } satisfies ProfileNode);
      assert.equal(profiles.status(cashier.id).status, 'signedIn', 'CASHIER signed in against the local sandbox');
      const accessToken = await profiles.session(cashier.id).getAccessToken();
      const storedTokens = await secrets.get(secretKeys.tokens(cashier.id));
      assert.ok(storedTokens?.includes(accessToken), 'the tokens are in SecretStorage');

      const outside = everythingOutsideSecretStorage(globalState);
      assert.ok(globalState.keys().includes(PROFILES_STATE_KEY), 'the profile metadata is in globalState');
      assert.ok(!outside.includes(accessToken), 'no access token outside SecretStorage');
      // Payload and signature (every JWT of the sandbox shares its header).
      for (const part of accessToken.split('.').slice(1)) assert.ok(!outside.includes(part), 'no part of the JWT outside SecretStorage');
      const refresh = (JSON.parse(storedTokens ?? '{}') as { refreshToken?: string }).refreshToken;
      if (refresh) assert.ok(!outside.includes(refresh), 'no refresh token outside SecretStorage');
      for (const user of DOCUMENTED_SANDBOX_USERS) assert.ok(!outside.includes(user.password), `no ${user.role} password outside SecretStorage`);

      await vscode.commands.executeCommand(COMMANDS.signOut, { kind: 'profile', id: cashier.id } satisfies ProfileNode);
      await vscode.commands.executeCommand(COMMANDS.stopSandbox);
    },
  },
  {
    name: 'the CodeLens provider puts Send as the active profile, Send as every role and Copy as cURL above each sample request (in Restricted Mode: Trust instead of sending)',
    fn: async () => {
      await api();
      const [sample] = await vscode.workspace.findFiles('echo.http');
      assert.ok(sample, 'samples/echo.http is in the workspace');
      const document = await vscode.workspace.openTextDocument(sample);
      assert.equal(document.languageId, 'http');
      const lenses = await waitFor(async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sample, 100);
        return found.length > 0 ? found : undefined;
      }, 'CodeLens on echo.http');
      const titles = lenses.map((lens) => lens.command?.title ?? '');
      const requests = document.getText().split('\n').filter((line) => /^(GET|POST|PUT|PATCH|DELETE) /.test(line)).length;
      assert.ok(requests > 0);
      const count = (title: string) => titles.filter((found) => found === title).length;
      assert.equal(count('Copy as cURL'), requests, titles.join(' | '));
      if (vscode.workspace.isTrusted) {
        assert.equal(count('▶ Send as CASHIER (cashier)'), requests, titles.join(' | '));
        assert.equal(count('Send as every role'), requests);
      } else {
        // The VS Code server opens the folder in Restricted Mode: nothing may send with credentials.
        assert.equal(count('$(shield) Trust this workspace to send requests'), requests, titles.join(' | '));
        assert.ok(!titles.some((title) => /Send as/.test(title)), titles.join(' | '));
      }
    },
  },
  {
    name: 'fincode.environments from the user settings shows in the Profiles view, cannot be removed there, and a workspace cannot set it',
    fn: async () => {
      const { profiles } = await api();
      const config = () => vscode.workspace.getConfiguration();
      const changed = () => new Promise<void>((done) => {
        const subscription = profiles.onDidChange(() => {
          subscription.dispose();
          done();
        });
      });
      try {
        const shown = changed();
        await config().update(SETTINGS.environments, [{ id: 'team', label: 'Team mock', kind: 'custom', baseUrl: 'http://127.0.0.1:9/api/v6/services' }], vscode.ConfigurationTarget.Global);
        await shown;
        const env = profiles.environment('setting:team');
        assert.ok(env?.fromSettings, 'the declared environment is in the model');
        const tree = new ProfilesTreeProvider(profiles);
        try {
          const item = tree.getTreeItem({ kind: 'environment', id: 'setting:team' });
          assert.equal(labelOf(item), 'Team mock');
          assert.match(String(item.contextValue), /:settings$/);
        } finally {
          tree.dispose();
        }
        await assert.rejects(profiles.remove('setting:team'), /declared in your user settings/);
        await assert.rejects(
          Promise.resolve(config().update(SETTINGS.environments, [{ id: 'evil', kind: 'custom', baseUrl: 'http://127.0.0.1:1' }], vscode.ConfigurationTarget.Workspace)),
          'an application setting cannot be written to the workspace',
        );
        assert.equal(profiles.environment('setting:evil'), undefined);
      } finally {
        await config().update(SETTINGS.environments, undefined, vscode.ConfigurationTarget.Global);
      }
      assert.equal(profiles.environment('setting:team'), undefined, 'gone with the setting');
    },
  },
  {
    name: 'with http.proxy set, signing in goes through the proxy (a CONNECT tunnel, its credentials in Proxy-Authorization)',
    timeoutMs: 60_000,
    fn: async () => {
      const { profiles } = await api();
      const config = () => vscode.workspace.getConfiguration();
      await vscode.commands.executeCommand(COMMANDS.startSandbox);
      const sandboxUrl = new URL(profiles.sandboxUrl() ?? assert.fail('the local sandbox runs'));
      // A proxy that tunnels every CONNECT to the sandbox: the environment's host exists only for it.
      const tunnels: { target: string; authorization: string | undefined }[] = [];
      const proxy = await throwaway(createServer());
      proxy.server.on('connect', (request, client, head) => {
        tunnels.push({ target: request.url ?? '', authorization: request.headers['proxy-authorization'] });
        const upstream = connect(Number(sandboxUrl.port), '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client).pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      const proxyPort = proxy.port;
      const manager = DOCUMENTED_SANDBOX_USERS.find((user) => user.role === 'MANAGER')!;
      const id = 'integration-proxied-manager';
      try {
        await config().update('http.proxy', `http://fincode:proxy-secret@127.0.0.1:${proxyPort}`, vscode.ConfigurationTarget.Global);
        await config().update(SETTINGS.environments, [{ id: 'proxied', kind: 'custom', baseUrl: 'http://api.fincode.test/api/v6/services' }], vscode.ConfigurationTarget.Global);
        await waitFor(async () => profiles.environment('setting:proxied'), 'the proxied environment');
        await profiles.addProfile({ id, environmentId: 'setting:proxied', name: 'proxied', role: 'MANAGER', email: manager.email }, manager.password);
        await vscode.commands.executeCommand(COMMANDS.signIn, { kind: 'profile', id } satisfies ProfileNode);
        assert.equal(profiles.status(id).status, 'signedIn', 'signed in through the proxy');
        assert.deepEqual(tunnels[0], { target: 'api.fincode.test:80', authorization: `Basic ${Buffer.from('fincode:proxy-secret').toString('base64')}` });
      } finally {
        await profiles.remove(id);
        await config().update('http.proxy', undefined, vscode.ConfigurationTarget.Global);
        await config().update(SETTINGS.environments, undefined, vscode.ConfigurationTarget.Global);
        await proxy.close();
        await vscode.commands.executeCommand(COMMANDS.stopSandbox);
      }
    },
  },
];

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}
