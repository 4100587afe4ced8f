// A failure the CLI reports as one line and exit code 1 (usage problems: exit code 2).
// Never a stack trace; never a secret (messages come from typed errors that carry none).
// Advice names the CLI's flags where the extension's names its settings.
import { ExplainedError, formatError, type SettingNames, type TimeoutPhase } from '../core/errors';

const TIMEOUT_FLAGS: Readonly<Record<TimeoutPhase, string>> = {
  connect: '--connect-timeout-ms',
  headers: '--headers-timeout-ms',
  body: '--body-timeout-ms',
  total: '--timeout-ms',
};

/** The flags of networkFlags.ts, as advice names them. */
export const CLI_SETTING_NAMES: SettingNames = {
  timeout: (phase) => TIMEOUT_FLAGS[phase],
  maxResponseBytes: '--max-response-bytes',
};

/** An error as one line of user text, in the CLI's words. */
export function cliMessage(error: unknown): string {
  return formatError(error, CLI_SETTING_NAMES);
}

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

function oneLine(error: unknown): string {
  if (error instanceof ExplainedError) return cliMessage(error);
  // Our own plain errors (profiles file, environment) carry a user sentence; anything else is a bug.
  if (error instanceof Error && error.name !== 'Error' && error.name !== 'TypeError') return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs a command body, turning any failure into one line on stderr and an exit code. */
export async function runCli(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const hint = error instanceof CliError && error.exitCode === 2 ? `\nRun "fincode-http ${command} --help" for usage.` : '';
    process.stderr.write(`fincode-http ${command}: ${oneLine(error)}${hint}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** node:util parseArgs, with its errors as usage errors. */
export function usageError(error: unknown): CliError {
  return new CliError(error instanceof Error ? error.message : String(error), 2);
}
