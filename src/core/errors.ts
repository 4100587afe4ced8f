// The errors every part of the core shares, and the one place any error becomes user text
// (`describeError`). An ExplainedError carries its message and the advice to show with it; the
// network's failures (NetworkError, TimeoutError, CancelledError) are defined here rather than
// in core/fincode so that core/net throws them without knowing FinCode, and core/fincode's
// typed errors build on the same base. No message ever contains a password or a token:
// messages are built from fixed text, statuses, hosts and server-provided `message` fields only.

/**
 * How a front end names what the user can change: the extension's settings, the CLI's flags.
 * Advice that points at a setting words it through these, so each front end names its own.
 */
export interface SettingNames {
  /** The timeout of `phase`, e.g. "the timeout in the settings", "--connect-timeout-ms". */
  readonly timeout: (phase: TimeoutPhase) => string;
  /** The largest response body read. */
  readonly maxResponseBytes: string;
}

/** The extension's words (its settings); the default of describeError. */
export const EXTENSION_SETTING_NAMES: SettingNames = {
  timeout: () => 'the timeout in the settings',
  maxResponseBytes: 'the setting fincode.maxResponseBytes',
};

export abstract class ExplainedError extends Error {
  abstract readonly code: string;
  /** What the user can do about it, in the documents' words where they give any. */
  abstract readonly advice: readonly string[];
  /** The advice in a front end's words, for errors whose advice names a setting. */
  adviceFor(_names: SettingNames): readonly string[] {
    return this.advice;
  }
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

/**
 * A TLS certificate the connection refused. Checks stay on: the advice is about the server's
 * chain and trusting a private CA, not about the network.
 */
export class CertificateError extends NetworkError {
  override readonly advice = [
    "Check that the server sends its whole certificate chain (its intermediate certificates too) and that the certificate names this host and has not expired",
    'If a private CA signed it, trust that CA by starting with NODE_EXTRA_CA_CERTS=/path/to/ca.pem (certificate checks stay on)',
  ];
}

/** A response body longer than the size limit: only the start of it was read. */
export class ResponseTooLargeError extends ExplainedError {
  override readonly name = 'ResponseTooLargeError';
  readonly code = 'too-large';
  readonly advice: readonly string[] = [];
  constructor(readonly limitBytes: number) {
    super(`The response body was cut at the size limit (${limitBytes} bytes): what was read is incomplete.`);
  }
  override adviceFor(names: SettingNames): readonly string[] {
    return [`Raise ${names.maxResponseBytes} if the whole body is needed`];
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

export class TimeoutError extends ExplainedError {
  override readonly name = 'TimeoutError';
  readonly code = 'timeout';
  readonly advice = ['Check that the server is reachable', 'Increase the timeout in the settings if the server is slow'];
  override adviceFor(names: SettingNames): readonly string[] {
    return ['Check that the server is reachable', `Increase ${names.timeout(this.phase)} if the server is slow`];
  }
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

/** The single mapping from any thrown value to what the user is told, in a front end's words. */
export function describeError(error: unknown, names: SettingNames = EXTENSION_SETTING_NAMES): UserMessage {
  if (error instanceof ExplainedError) return { message: error.message, advice: error.adviceFor(names) };
  return { message: 'Unexpected error. See the FinCode log for details.', advice: [] };
}

/** One line: message plus advice, for notifications and the CLI. */
export function formatError(error: unknown, names?: SettingNames): string {
  const { message, advice } = describeError(error, names);
  return advice.length === 0 ? message : `${message} ${advice.join('. ')}.`;
}
