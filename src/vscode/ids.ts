// Every command id, setting key and output name in one place; package.json must match
// (test/unit/manifest.test.ts checks both ways). No 'vscode' import: tests read it in plain Node.

export const COMMANDS = {
  startSandbox: 'fincode.startSandbox',
  stopSandbox: 'fincode.stopSandbox',
  decodeJwt: 'fincode.decodeJwt',
  showLog: 'fincode.showLog',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const SETTINGS = {
  sandboxPort: 'fincode.sandbox.port',
} as const;

export const CONTEXT_KEYS = {
  sandboxRunning: 'fincode.sandboxRunning',
} as const;

export const OUTPUT_CHANNEL_NAME = 'FinCode';
