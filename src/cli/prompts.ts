// Prompt variables in a terminal. An answer comes from `--prompt KEY=VALUE` (repeatable), else
// from the environment variable FINCODE_PROMPT_<KEY> (upper case, other characters as `_`), else,
// when stdin and stderr are a terminal, from the user: the question goes to stderr (stdout is the
// response), a password is read without echo, a pick is answered by number. Without a terminal
// the command fails and names the flag and the variable to set. One prompter per command: a key
// is asked once however many requests use it.
import { createInterface } from 'node:readline';
import { createPrompter, type PromptAsk, type Prompter, type PromptQuestion } from '../core/http/prompts';
import { CliError } from './cliError';

export const PROMPT_HELP = `Prompt variables (# @prompt name, {{$input label}}, {{$password label}}, {{$pick label $value: a,b}}):
  --prompt KEY=VALUE  The answer for a @prompt name or a label (repeatable); or set
                      FINCODE_PROMPT_<KEY> (KEY upper-cased, other characters as _), the better
                      place for a password. Unanswered ones are asked on a terminal (a password
                      without echo); without a terminal the command fails.`;

/** FINCODE_PROMPT_ and the key upper-cased, every run of other characters as one `_`. */
export function promptEnvName(key: string): string {
  const name = key
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `FINCODE_PROMPT_${name}`;
}

/** `--prompt KEY=VALUE` flags as a map (the last one of a key wins). */
export function promptFlags(flags: readonly string[] | undefined): Map<string, string> {
  const answers = new Map<string, string>();
  for (const flag of flags ?? []) {
    const equals = flag.indexOf('=');
    if (equals < 1) throw new CliError(`--prompt takes KEY=VALUE (the @prompt name or the label, then its answer), not "${flag}"`, 2);
    answers.set(flag.slice(0, equals), flag.slice(equals + 1));
  }
  return answers;
}

export interface Terminal {
  readonly interactive: boolean;
  /** Reads one line after writing `question` (without echo when `masked`); undefined at end of input. */
  readonly readLine: (question: string, masked: boolean) => Promise<string | undefined>;
}

function notAnswered(question: PromptQuestion): CliError {
  const kind = question.kind === 'pick' ? `one of ${(question.items ?? []).join(', ')}` : question.masked ? 'a password' : 'a value';
  return new CliError(
    `the request asks for "${question.key}" (${kind}) and there is no terminal to ask on: pass --prompt '${question.key}=…' or set ${promptEnvName(question.key)}`,
    2,
  );
}

async function askPick(question: PromptQuestion, terminal: Terminal): Promise<string | undefined> {
  const items = question.items ?? [];
  const menu = items.map((item, index) => `  ${index + 1}) ${item}`).join('\n');
  for (;;) {
    const line = await terminal.readLine(`${question.prompt}\n${menu}\nNumber: `, false);
    if (line === undefined) return undefined;
    const chosen = /^\d+$/.test(line.trim()) ? items[Number(line.trim()) - 1] : items.find((item) => item === line.trim());
    if (chosen !== undefined) return chosen;
  }
}

/** The ask of a terminal command: flags, then the environment, then the terminal. */
export function terminalAsk(flags: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>, terminal: Terminal): PromptAsk {
  return async (question) => {
    const given = flags.get(question.key) ?? env[promptEnvName(question.key)];
    if (given !== undefined) return given;
    if (!terminal.interactive) throw notAnswered(question);
    if (question.kind === 'pick') return askPick(question, terminal);
    const hint = question.placeholder ?? question.value;
    return terminal.readLine(`${question.prompt}${hint === undefined ? '' : ` (${hint})`}: `, question.masked);
  };
}

/** Reads a line from stdin after writing `question` to stderr; undefined at end of input. */
function readTerminalLine(question: string, masked: boolean): Promise<string | undefined> {
  if (masked) return readWithoutEcho(question);
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    lines.question(question, (answer) => {
      answered = true;
      lines.close();
      resolve(answer);
    });
    lines.on('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

/** A password: the terminal in raw mode, nothing echoed; Enter ends it, Ctrl-C or Ctrl-D dismisses it. */
function readWithoutEcho(question: string): Promise<string | undefined> {
  const input = process.stdin;
  // Raw before the question shows: nothing typed after it may be echoed by the terminal.
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  process.stderr.write(question);
  let value = '';
  return new Promise((resolve) => {
    const finish = (answer: string | undefined): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(value);
        if (character === '\u0003' || character === '\u0004') return finish(undefined);
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else if (character >= ' ') value += character;
      }
    };
    input.on('data', onData);
  });
}

export function cliPrompter(flags: readonly string[] | undefined): Prompter {
  const terminal: Terminal = { interactive: process.stdin.isTTY === true && process.stderr.isTTY === true, readLine: readTerminalLine };
  return createPrompter(terminalAsk(promptFlags(flags), process.env, terminal));
}
