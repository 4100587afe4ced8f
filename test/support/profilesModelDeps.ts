// What a unit test of the profiles model (src/vscode/profilesModel.ts, loaded with the 'vscode'
// stand-in of fakeVscode.ts) passes besides its secrets: settings without background renewal, no
// local sandbox, a log that keeps its warnings.
import { DEFAULT_AUTH_HEADER_STYLE, DEFAULT_REQUIRED_HEADERS } from '../../src/core/fincode/headers';
import { DEFAULT_TIMEOUTS } from '../../src/core/net/transport';
import type { Log } from '../../src/vscode/log';
import { installFakeVscode } from './fakeVscode';
import type { SandboxController } from '../../src/vscode/sandboxCommands';
import type { FinCodeSettings } from '../../src/vscode/settings';

export const MODEL_SETTINGS: FinCodeSettings = {
  sandboxPort: 0,
  autoRefresh: false,
  refreshBufferSeconds: 300,
  authHeaderStyle: DEFAULT_AUTH_HEADER_STYLE,
  requiredHeaders: DEFAULT_REQUIRED_HEADERS,
  timeouts: DEFAULT_TIMEOUTS,
};

export const noSandbox: SandboxController = {
  running: () => undefined,
  start: () => Promise.reject(new Error('no local sandbox in this test')),
  stop: async () => undefined,
  onDidChange: () => ({ dispose() {} }),
  dispose() {},
};

export function quietLog(warnings: string[] = []): Log {
  return { channel: undefined as never, trace: () => undefined, info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined };
}

/** The profiles model and its secret store, loaded over the 'vscode' stand-in (fakeVscode.ts). */
export interface LoadedProfilesModel {
  readonly ProfilesModel: typeof import('../../src/vscode/profilesModel').ProfilesModel;
  readonly extensionSecrets: typeof import('../../src/vscode/secretVault').extensionSecrets;
}

export async function loadProfilesModel(): Promise<LoadedProfilesModel> {
  installFakeVscode();
  const { ProfilesModel } = await import('../../src/vscode/profilesModel');
  const { extensionSecrets } = await import('../../src/vscode/secretVault');
  return { ProfilesModel, extensionSecrets };
}
