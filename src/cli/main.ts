#!/usr/bin/env node
// `fincode-http`: the command-line front end. Each subcommand lives in its own file and is
// registered in COMMANDS; this file only dispatches and prints the overall usage.
// A command's file is loaded when it runs: `parse` never loads the network code nor the
// sandbox (the bundle splits them apart, see esbuild.config.mjs), so it starts fast.
// Exit codes: 0 success, 1 failure, 2 bad usage (`test` adds 3: a request could not be sent).
import { setFlagsFromString } from 'node:v8';
import { CLI_V8_FLAGS } from './v8Flags';

// A command runs once and exits, so V8 is tuned for that:
// - its optimising compiler, which by default starts compiling a function after some 200 KB of its
//   bytecode ran, would spend more time compiling the parser than the parse takes (on 10,000
//   requests, about 100 ms of CPU against 60): sixteen times that budget leaves the compiler to
//   what runs long, such as a parse of 100,000 requests;
// - the young generation grows at once to its largest size when it first fills: what a command
//   allocates (a file's requests) mostly lives until it prints, and each collection of a small
//   young generation copies all of it (on 10,000 requests, two to four collections, 10-20 ms).
setFlagsFromString(CLI_V8_FLAGS);

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  parse: async () => {
    const { PARSE_SUMMARY, PARSE_USAGE, runParseCommand } = await import('./parseCommand');
    return { summary: PARSE_SUMMARY, usage: PARSE_USAGE, run: runParseCommand };
  },
  send: async () => {
    const { SEND_SUMMARY, SEND_USAGE, runSendCommand } = await import('./sendCommand');
    return { summary: SEND_SUMMARY, usage: SEND_USAGE, run: runSendCommand };
  },
  matrix: async () => {
    const { MATRIX_SUMMARY, MATRIX_USAGE, runMatrixCommand } = await import('./matrixCommand');
    return { summary: MATRIX_SUMMARY, usage: MATRIX_USAGE, run: runMatrixCommand };
  },
  test: async () => {
    const { TEST_SUMMARY, TEST_USAGE, runTestCommand } = await import('./testCommand');
    return { summary: TEST_SUMMARY, usage: TEST_USAGE, run: runTestCommand };
  },
  sandbox: async () => {
    const { SANDBOX_SUMMARY, SANDBOX_USAGE, runSandboxCommand } = await import('./sandboxCommand');
    return { summary: SANDBOX_SUMMARY, usage: SANDBOX_USAGE, run: runSandboxCommand };
  },
};

async function usage(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const width = Math.max('help'.length, ...names.map((name) => name.length));
  const summaries = await Promise.all(names.map(async (name) => (await COMMANDS[name]?.())?.summary ?? ''));
  const lines = names.map((name, i) => `  ${name.padEnd(width)}  ${summaries[i]}`);
  return [
    'Usage: fincode-http <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show this help, or a command's: fincode-http help <command>`,
    '',
  ].join('\n');
}

async function help(topic: string | undefined): Promise<number> {
  if (topic === undefined) {
    process.stdout.write(await usage());
    return 0;
  }
  const load = COMMANDS[topic];
  if (!load) return unknownCommand(topic);
  process.stdout.write((await load()).usage);
  return 0;
}

async function unknownCommand(name: string): Promise<number> {
  process.stderr.write(`fincode-http: unknown command "${name}"\n\n${await usage()}`);
  return 2;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return help(rest[0]);
  const load = COMMANDS[name];
  return load ? (await load()).run(rest) : unknownCommand(name);
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
