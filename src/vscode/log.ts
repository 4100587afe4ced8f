// The extension's LogOutputChannel; every line goes through redaction first (token shapes, and the
// values of credential-named query and form pairs: a URL may carry `?api_key=…`).
import * as vscode from 'vscode';
import { redactCredentials } from '../core/redact';
import { OUTPUT_CHANNEL_NAME } from './ids';

export interface Log {
  readonly channel: vscode.LogOutputChannel;
  /** Shown only at the Trace log level (Developer: Set Log Level…). */
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  return {
    channel,
    trace: (message) => channel.trace(redactCredentials(message)),
    info: (message) => channel.info(redactCredentials(message)),
    warn: (message) => channel.warn(redactCredentials(message)),
    error: (message) => channel.error(redactCredentials(message)),
  };
}
