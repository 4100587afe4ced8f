// What the user is told when a command fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountLockedError, InvalidCredentialsError, NetworkError } from '../../src/core/fincode/errors';
import { UserFacingError, userMessage } from '../../src/vscode/userErrors';

describe('user messages', () => {
  it('FinCode errors carry the documented advice; our own errors are shown as written', () => {
    assert.match(userMessage(new InvalidCredentialsError()), /Check password is entered correctly/);
    assert.match(userMessage(new AccountLockedError(undefined, 900)), /Wait for the lockout period to expire.*15 min/);
    assert.match(userMessage(new NetworkError('connect ECONNREFUSED')), /Check the environment base URL/);
    assert.equal(userMessage(new UserFacingError('Unlock the keyring.')), 'Unlock the keyring.');
    assert.match(userMessage(new Error('boom')), /Unexpected error/);
  });
});
