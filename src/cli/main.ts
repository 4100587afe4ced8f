// `fincode-http`: the command-line front end. Each subcommand lives in its own file and is
// registered in COMMANDS; this file only dispatches and prints the overall usage.
// Exit codes: 0 success, 1 failure, 2 bad usage.
import { MATRIX_SUMMARY, MATRIX_USAGE, runMatrixCommand } from './matrixCommand';
import { PARSE_SUMMARY, PARSE_USAGE, runParseCommand } from './parseCommand';
import { runSandboxCommand, SANDBOX_SUMMARY, SANDBOX_USAGE } from './sandboxCommand';
import { runSendCommand, SEND_SUMMARY, SEND_USAGE } from './sendCommand';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  parse: { summary: PARSE_SUMMARY, usage: PARSE_USAGE, run: runParseCommand },
  send: { summary: SEND_SUMMARY, usage: SEND_USAGE, run: runSendCommand },
  matrix: { summary: MATRIX_SUMMARY, usage: MATRIX_USAGE, run: runMatrixCommand },
  sandbox: { summary: SANDBOX_SUMMARY, usage: SANDBOX_USAGE, run: runSandboxCommand },
};

function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max('help'.length, ...names.map((name) => name.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]?.summary ?? ''}`);
  return [
    'Usage: fincode-http <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show this help, or a command's: fincode-http help <command>`,
    '',
  ].join('\n');
}

function help(topic: string | undefined): number {
  if (topic === undefined) {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[topic];
  if (!command) return unknownCommand(topic);
  process.stdout.write(command.usage);
  return 0;
}

function unknownCommand(name: string): number {
  process.stderr.write(`fincode-http: unknown command "${name}"\n\n${usage()}`);
  return 2;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return help(rest[0]);
  const command = COMMANDS[name];
  return command ? command.run(rest) : unknownCommand(name);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fincode-http: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
