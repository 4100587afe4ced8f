// What the user is told when a command fails: FinCode errors through the core's one mapping
// (describeError/formatError, with the documents' advice); our own user-facing errors as written.
import { AccountLockedError, FinCodeError, formatError } from '../core/fincode/errors';
import { InvalidEnvironmentError } from '../core/fincode/environments';
import { VaultKeyMissingError } from '../core/auth/vaultStore';

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
