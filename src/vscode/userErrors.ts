// What the user is told when a command fails: FinCode errors through the core's one mapping
// (describeError/formatError, with the documents' advice); our own user-facing errors as written;
// and the one error toast, which offers "Show Log" (the FinCode log has the details).
import type * as vscode from 'vscode';
import { AccountLockedError, CancelledError, FinCodeError, formatError } from '../core/fincode/errors';
import { InvalidEnvironmentError } from '../core/fincode/environments';
import { VaultKeyMissingError } from '../core/auth/vaultStore';
import { COMMANDS, STATUS_MESSAGE_MS } from './ids';

/** An error whose message is already complete, actionable user text (keyring, missing secret…). */
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}

export function userMessage(error: unknown): string {
  if (error instanceof UserFacingError || error instanceof InvalidEnvironmentError) return error.message;
  if (error instanceof VaultKeyMissingError) {
    return 'Another window of this workbench created the FinCode secrets vault after this window was opened: reload this window to use your FinCode sign-ins here. Nothing was saved meanwhile.';
  }
  // The auth client already writes the wait into the message; say it once.
  if (error instanceof AccountLockedError && error.retryAfterSeconds !== undefined && !/try again in/i.test(error.message)) {
    return `${formatError(error)} (FinCode says: try again in ${Math.ceil(error.retryAfterSeconds / 60)} min.)`;
  }
  if (error instanceof FinCodeError) return formatError(error);
  return formatError(error);
}

export const SHOW_LOG_ACTION = 'Show Log';

/** What showUserError needs of the 'vscode' module (passed in: this file stays loadable in plain Node). */
export interface ErrorToastApi {
  readonly window: Pick<typeof vscode.window, 'showErrorMessage' | 'setStatusBarMessage'>;
  readonly commands: Pick<typeof vscode.commands, 'executeCommand'>;
}

/**
 * The error toast every failure gets: the user message, and "Show Log" to open the FinCode log. A
 * cancel the user asked for is no error: a status bar message says it.
 */
export async function showUserError(api: ErrorToastApi, error: unknown): Promise<void> {
  if (error instanceof CancelledError) {
    api.window.setStatusBarMessage(`$(circle-slash) FinCode: ${error.message}`, STATUS_MESSAGE_MS);
    return;
  }
  const choice = await api.window.showErrorMessage(userMessage(error), SHOW_LOG_ACTION);
  if (choice === SHOW_LOG_ACTION) await api.commands.executeCommand(COMMANDS.showLog);
}
