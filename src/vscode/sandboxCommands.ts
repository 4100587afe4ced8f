// Start / stop the local FinCode sandbox inside the extension host (127.0.0.1 only). The sandbox
// is loaded when first started: the build ships it as a file of its own (dist/sandbox.js), so
// activation never loads it.
import * as vscode from 'vscode';
import type * as SandboxServer from '../sandbox/server';
import type { RunningSandbox } from '../sandbox/server';
import { CONTEXT_KEYS, COMMANDS, STATUS_MESSAGE_MS } from './ids';
import type { Log } from './log';
import { readSettings } from './settings';

export interface SandboxController extends vscode.Disposable {
  running(): RunningSandbox | undefined;
  start(): Promise<RunningSandbox>;
  stop(): Promise<void>;
  /** Fires after the sandbox started or stopped. */
  readonly onDidChange: vscode.Event<RunningSandbox | undefined>;
}

export function createSandboxController(log: Log): SandboxController {
  let running: RunningSandbox | undefined;
  let starting: Promise<RunningSandbox> | undefined;
  const changed = new vscode.EventEmitter<RunningSandbox | undefined>();

  const setContext = (value: boolean): Thenable<unknown> => vscode.commands.executeCommand('setContext', CONTEXT_KEYS.sandboxRunning, value);

  async function start(): Promise<RunningSandbox> {
    if (running) return running;
    starting ??= (async () => {
      const port = readSettings().sandboxPort;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
      const { startSandbox } = require('../sandbox/server') as typeof SandboxServer;
      const sandbox = await startSandbox({ port, log: (line) => log.info(`[sandbox] ${line}`) });
      running = sandbox;
      await setContext(true);
      changed.fire(sandbox);
      log.info(`Local FinCode sandbox listening: ${sandbox.baseUrl} and ${sandbox.sandboxBaseUrl}`);
      return sandbox;
    })().finally(() => {
      starting = undefined;
    });
    return starting;
  }

  async function stop(): Promise<void> {
    // A stop during a start must stop what that start brings up.
    await starting?.catch(() => undefined);
    const sandbox = running;
    running = undefined;
    if (!sandbox) return;
    await sandbox.stop();
    await setContext(false);
    changed.fire(undefined);
    log.info('Local FinCode sandbox stopped.');
  }

  return {
    running: () => running,
    start,
    stop,
    onDidChange: changed.event,
    dispose: () => {
      void stop().finally(() => changed.dispose());
    },
  };
}

export function sandboxCommands(controller: SandboxController) {
  return {
    [COMMANDS.startSandbox]: async () => {
      const sandbox = await controller.start();
      const copy = 'Copy Base URL';
      // Not awaited: the command completes when the sandbox runs, not when the toast closes.
      void vscode.window.showInformationMessage(`Local FinCode sandbox running at ${sandbox.baseUrl}`, copy).then((choice) =>
        choice === copy ? vscode.env.clipboard.writeText(sandbox.baseUrl) : undefined,
      );
    },
    [COMMANDS.stopSandbox]: async () => {
      await controller.stop();
      vscode.window.setStatusBarMessage('$(debug-stop) Local FinCode sandbox stopped', STATUS_MESSAGE_MS);
    },
  };
}
