// The errors every part of the core shares, and the one place any error becomes user text
// (`describeError`). An ExplainedError carries its message and the advice to show with it; the
// network's failures (NetworkError, TimeoutError, CancelledError) are defined here rather than
// in core/fincode so that core/net throws them without knowing FinCode, and core/fincode's
// typed errors build on the same base. No message ever contains a password or a token:
// messages are built from fixed text, statuses, hosts and server-provided `message` fields only.

export abstract class ExplainedError extends Error {
  abstract readonly code: string;
  /** What the user can do about it, in the documents' words where they give any. */
  abstract readonly advice: readonly string[];
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class NetworkError extends ExplainedError {
  override readonly name = 'NetworkError';
  readonly code = 'network';
  readonly advice = [
    'Check the environment base URL and that the server is running',
    'Check your network connection, proxy and VPN',
  ];
  constructor(
    message: string,
    readonly causeCode?: string,
  ) {
    super(message);
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

export class TimeoutError extends ExplainedError {
  override readonly name = 'TimeoutError';
  readonly code = 'timeout';
  readonly advice = ['Check that the server is reachable', 'Increase the timeout in the settings if the server is slow'];
  constructor(
    readonly phase: TimeoutPhase,
    readonly timeoutMs?: number,
  ) {
    super(
      `The server did not ${phase === 'connect' ? 'accept the connection' : phase === 'headers' ? 'send response headers' : phase === 'body' ? 'finish sending the response body' : 'answer'} in time${timeoutMs === undefined ? '' : ` (${timeoutMs} ms)`}.`,
    );
  }
}

export class CancelledError extends ExplainedError {
  override readonly name = 'CancelledError';
  readonly code = 'cancelled';
  readonly advice = [];
  constructor() {
    super('The request was cancelled.');
  }
}

export interface UserMessage {
  readonly message: string;
  readonly advice: readonly string[];
}

/** The single mapping from any thrown value to what the user is told. */
export function describeError(error: unknown): UserMessage {
  if (error instanceof ExplainedError) return { message: error.message, advice: error.advice };
  return { message: 'Unexpected error. See the FinCode log for details.', advice: [] };
}

/** One line: message plus advice, for notifications and the CLI. */
export function formatError(error: unknown): string {
  const { message, advice } = describeError(error);
  return advice.length === 0 ? message : `${message} ${advice.join('. ')}.`;
}
