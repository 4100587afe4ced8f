// The extension's LogOutputChannel; every line goes through redaction first.
import * as vscode from 'vscode';
import { redact } from '../core/redact';
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
    trace: (message) => channel.trace(redact(message)),
    info: (message) => channel.info(redact(message)),
    warn: (message) => channel.warn(redact(message)),
    error: (message) => channel.error(redact(message)),
  };
}
