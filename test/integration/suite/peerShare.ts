// FinCode: Share Environment Variables with REST Client and httpYac in a real extension host: the
// write goes through VS Code's file system into the folder's .vscode/settings.json, VS Code's own
// configuration (what REST Client and httpYac read) then has our variables under $shared, no
// secret is in the file, and sharing again changes nothing. In Restricted Mode the command refuses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOCUMENTED_SANDBOX_USERS } from '../../../src/core/fincode/testUsers';
import { COMMANDS, SETTINGS } from '../../../src/vscode/ids';
import type { IntegrationApi } from '../../../src/vscode/integrationApi';
import { settingsAccess } from '../../../src/vscode/http/peerShare';
import { shareWithPeers } from '../../../src/vscode/http/peerShareFlow';
import type { TestCase } from './runner';

const EXTENSION_ID = 'fincode-tools.fincode-api-explorer';
const CANARY = 'Canary-Share-Secret-7';
const PEER_SETTINGS = ['rest-client.environmentVariables', 'httpyac.environmentVariables'] as const;

async function api(): Promise<IntegrationApi> {
  const exports = await vscode.extensions.getExtension<IntegrationApi | undefined>(EXTENSION_ID)?.activate();
  assert.ok(exports, 'activate() returns the integration API in ExtensionMode.Test');
  return exports;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

function sharedIn(folder: vscode.WorkspaceFolder, setting: string): Record<string, unknown> | undefined {
  return vscode.workspace.getConfiguration(undefined, folder.uri).get<{ $shared?: Record<string, unknown> }>(setting)?.$shared;
}

export const peerShareCases: readonly TestCase[] = [
  {
    name: "sharing writes REST Client's and httpYac's $shared into the folder's .vscode/settings.json through VS Code, never a secret, and again changes nothing",
    timeoutMs: 60_000,
    fn: async () => {
      const { profiles } = await api();
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the samples folder is open');
      const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
      const before = await readText(uri);
      const hadFolder = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.vscode')).then(() => true, () => false);
      const config = vscode.workspace.getConfiguration();
      const previouslyActive = profiles.activeId;
      await config.update(SETTINGS.environmentVariables, { $shared: { version: 'v6', password: CANARY, note: `Bearer ${CANARY}` } }, vscode.ConfigurationTarget.Global);
      try {
        const owner = profiles.snapshot.profiles[0] ?? assert.fail('the first run has the local sandbox profiles');
        await profiles.setActive(owner.id);
        const baseUrl = (await profiles.ensureReachable(owner.environmentId)).baseUrl;
        if (vscode.workspace.isTrusted) {
          await vscode.commands.executeCommand(COMMANDS.shareEnvironmentWithPeers, { peers: ['rest-client', 'httpyac'] });
        } else {
          // The VS Code server opens the folder in Restricted Mode: the command refuses and writes nothing…
          await vscode.commands.executeCommand(COMMANDS.shareEnvironmentWithPeers, { peers: ['rest-client', 'httpyac'] });
          assert.equal(await readText(uri), before, 'nothing written in Restricted Mode');
          // …and the same flow, through the same file access, proves the write.
          await shareWithPeers({ peers: ['rest-client', 'httpyac'], ours: { baseUrl, variables: { version: 'v6', password: CANARY, note: `Bearer ${CANARY}` } } }, settingsAccess(folder));
        }
        const written = (await readText(uri)) ?? assert.fail('.vscode/settings.json was written');
        const settings = JSON.parse(written) as Record<string, { $shared?: Record<string, string> }>;
        for (const setting of PEER_SETTINGS) assert.deepEqual(settings[setting]?.$shared, { baseUrl, version: 'v6' }, setting);
        for (const secret of [CANARY, ...DOCUMENTED_SANDBOX_USERS.map((user) => user.password)]) assert.ok(!written.includes(secret), 'no secret in the file');
        // What REST Client and httpYac read: VS Code's configuration for the folder.
        for (const setting of PEER_SETTINGS) await until(() => sharedIn(folder, setting)?.baseUrl === baseUrl, `${setting} in VS Code's configuration`);
        const again = await shareWithPeers({ peers: ['rest-client', 'httpyac'], ours: { baseUrl, variables: { version: 'v6' } } }, settingsAccess(folder));
        assert.equal(again.written, false);
        assert.equal(await readText(uri), written, 'sharing again changes nothing');
      } finally {
        await config.update(SETTINGS.environmentVariables, undefined, vscode.ConfigurationTarget.Global);
        await profiles.setActive(previouslyActive);
        if (before !== undefined) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(before));
        else if (hadFolder) await vscode.workspace.fs.delete(uri);
        else await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true });
        await vscode.commands.executeCommand(COMMANDS.stopSandbox);
      }
    },
  },
];
