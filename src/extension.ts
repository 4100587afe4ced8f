// The composition root: build the pieces once, register them, report activation failures.
import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from './vscode/ids';
import { createLog } from './vscode/log';
import { createSandboxController, sandboxCommands } from './vscode/sandboxCommands';
import { jwtCommands } from './vscode/jwtCommands';
import { formatError } from './core/fincode/errors';

export function activate(context: vscode.ExtensionContext): void {
  try {
    const log = createLog();
    const sandbox = createSandboxController(log);
    context.subscriptions.push(log.channel, sandbox);

    const handlers: Record<CommandId, () => Promise<void>> = {
      ...sandboxCommands(sandbox),
      ...jwtCommands(),
      [COMMANDS.showLog]: async () => log.channel.show(),
    };

    for (const [id, handler] of Object.entries(handlers)) {
      context.subscriptions.push(
        vscode.commands.registerCommand(id, async () => {
          try {
            await handler();
          } catch (error) {
            log.error(`${id} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            void vscode.window.showErrorMessage(formatError(error));
          }
        }),
      );
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`FinCode API Explorer failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the sandbox and close the log.
}
