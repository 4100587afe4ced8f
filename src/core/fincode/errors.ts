// Typed errors for everything that can go wrong talking to FinCode, each carrying the advice
// the FinCode login document gives. They build on core/errors.ts, whose `describeError` is the
// one place errors become user text, and whose network errors are re-exported here for callers
// that speak FinCode. No message ever contains a password or a token: messages are built from
// fixed text, statuses and server-provided `message` fields only.
import { ExplainedError } from '../errors';

export {
  CancelledError,
  CertificateError,
  describeError,
  formatError,
  NetworkError,
  TimeoutError,
  type TimeoutPhase,
  type UserMessage,
} from '../errors';

export type FinCodeErrorCode =
  | 'invalid-credentials'
  | 'account-locked'
  | 'user-not-found'
  | 'validation'
  | 'rate-limited'
  | 'server'
  | 'malformed-response'
  | 'unauthorized'
  | 'forbidden'
  | 'sign-in-required'
  | 'http';

export abstract class FinCodeError extends ExplainedError {
  abstract override readonly code: FinCodeErrorCode;
}

export class InvalidCredentialsError extends FinCodeError {
  override readonly name = 'InvalidCredentialsError';
  readonly code = 'invalid-credentials';
  readonly advice = [
    'Verify email address is correct',
    'Check password is entered correctly',
    'Use password reset if forgotten',
    'Contact support if issue persists',
  ];
  constructor(message = 'Email or password is incorrect.') {
    super(message, 401);
  }
}

export class AccountLockedError extends FinCodeError {
  override readonly name = 'AccountLockedError';
  readonly code = 'account-locked';
  readonly advice = [
    'Wait for the lockout period to expire',
    'Contact your administrator to unlock the account',
    'Use the "Forgot Password" flow to reset password',
  ];
  constructor(
    message = 'The account is locked after multiple failed login attempts.',
    readonly retryAfterSeconds?: number,
  ) {
    super(message, 423);
  }
}

export class UserNotFoundError extends FinCodeError {
  override readonly name = 'UserNotFoundError';
  readonly code = 'user-not-found';
  readonly advice = [
    'Verify the email address',
    'Check if the user exists in your tenant',
    'Contact administrator to create the user account',
  ];
  constructor(message = 'Email address not registered in the system.') {
    super(message, 404);
  }
}

export class ValidationError extends FinCodeError {
  override readonly name = 'ValidationError';
  readonly code = 'validation';
  readonly advice: readonly string[];
  constructor(message: string, advice: readonly string[] = [], status?: number) {
    super(message, status);
    this.advice = advice;
  }
}

export class RateLimitedError extends FinCodeError {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate-limited';
  readonly advice: readonly string[];
  constructor(readonly retryAfterSeconds?: number) {
    super(
      retryAfterSeconds === undefined
        ? 'Too many requests: FinCode is rate limiting this client.'
        : `Too many requests: FinCode asks to wait ${retryAfterSeconds} s before trying again.`,
      429,
    );
    this.advice = ['Wait before trying again; the request is not retried automatically'];
  }
}

export class ServerError extends FinCodeError {
  override readonly name = 'ServerError';
  readonly code = 'server';
  readonly advice = ['This is a FinCode server problem, not your credentials: try again later', 'Contact support if issue persists'];
  constructor(
    status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`FinCode answered with a server error (HTTP ${status})${retryAfterSeconds === undefined ? '' : `; it asks to wait ${retryAfterSeconds} s before trying again`}.`, status);
  }
}

export class MalformedResponseError extends FinCodeError {
  override readonly name = 'MalformedResponseError';
  readonly code = 'malformed-response';
  readonly advice = ['Check that the base URL points at a FinCode API (…/api/v6/services)', 'Contact support if issue persists'];
  constructor(message: string, status?: number) {
    super(message, status);
  }
}

/** 401 on an authenticated call: invalid, expired, revoked or malformed token, or no token. */
export class UnauthorizedError extends FinCodeError {
  override readonly name = 'UnauthorizedError';
  readonly code = 'unauthorized';
  readonly advice = ['Sign in again'];
  constructor(message = 'The access token was rejected (invalid, expired or revoked).') {
    super(message, 401);
  }
}

export class ForbiddenError extends FinCodeError {
  override readonly name = 'ForbiddenError';
  readonly code = 'forbidden';
  readonly advice = ['Use a profile whose role may call this endpoint (see the permission matrix)'];
  constructor(
    message = 'Insufficient permissions to access this resource.',
    readonly role?: string,
  ) {
    super(message, 403);
  }
}

/** The session cannot be renewed (refresh rejected, no refresh token): the user must sign in. */
export class SignInRequiredError extends FinCodeError {
  override readonly name = 'SignInRequiredError';
  readonly code = 'sign-in-required';
  readonly advice = ['Sign in again'];
  constructor(message = 'The session has ended: sign in again.') {
    super(message, 401);
  }
}

/** Any other unexpected status. */
export class HttpStatusError extends FinCodeError {
  override readonly name = 'HttpStatusError';
  readonly code = 'http';
  readonly advice = [];
  constructor(status: number, message?: string) {
    super(message ? `HTTP ${status}: ${message}` : `Unexpected HTTP ${status} from FinCode.`, status);
  }
}
