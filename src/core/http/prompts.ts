// Prompt variables: values the user is asked for when a request is sent.
// - REST Client: `# @prompt name [description]` among a request's metadata lines declares `{{name}}`
//   for that request; every declared name is asked before the request goes, in file order (its
//   input box says `Input value for "name"` with the description as placeholder) and wins over
//   any other variable of that name. The names REST Client masks are exactly PASSWORD_NAMES.
// - httpYac: `{{$input label}}` (also `$prompt`), `{{$password label}}` (masked) and
//   `{{$pick label $value: a,b,c}}`, each also as `-askonce`; `$value: text` prefills an input.
// Within one user action (a send, a send as every role, a test run) one label or name is asked
// once. An `-askonce` answer is remembered for later actions (in the front end's PromptMemory)
// unless it is masked: a typed password is never kept anywhere.
import { CancelledError } from '../errors';
import { FinCodeError } from '../fincode/errors';
import type { ParsedRequest } from './model';

export type PromptKind = 'input' | 'password' | 'pick';

export interface PromptQuestion {
  /** The @prompt name or the label: one answer per key within an action (and `--prompt key=value`). */
  readonly key: string;
  readonly kind: PromptKind;
  /** What the input box or pick list says. */
  readonly prompt: string;
  /** Grey text in an empty input box (REST Client's description). */
  readonly placeholder?: string;
  /** The input box's initial value (httpYac's `$value:`). */
  readonly value?: string;
  /** The choices of a `$pick`. */
  readonly items?: readonly string[];
  /** Typed without echo; the answer never leaves the request on the wire. */
  readonly masked: boolean;
  /** httpYac's `-askonce`: remembered for later actions (never when masked). */
  readonly askOnce: boolean;
}

/** Asks the user; undefined when they dismissed the question. */
export type PromptAsk = (question: PromptQuestion, signal?: AbortSignal) => Promise<string | undefined>;

/** Answers kept between actions (askonce answers, and the last answer as the next prefill); never a masked one. */
export type PromptMemory = Map<string, string>;

/** The user dismissed a prompt: the send stops, quietly (told apart from other cancels by its class). */
export class PromptCancelledError extends CancelledError {}

/** A prompt with no one to ask (a front end without an ask function). */
export class PromptUnavailableError extends FinCodeError {
  override readonly name = 'PromptUnavailableError';
  readonly code = 'validation';
  readonly advice = ['Prompts are asked when a request is sent, for its own lines: in the editor, or by fincode-http (--prompt KEY=VALUE or a terminal)'];
  constructor(readonly key: string) {
    super(`The request asks for "${key}", and nothing can ask for it here.`);
  }
}

/** REST Client masks a `# @prompt` variable with exactly one of these names. */
export const PASSWORD_NAMES: readonly string[] = ['password', 'Password', 'PASSWORD', 'passwd', 'Passwd', 'PASSWD', 'pass', 'Pass', 'PASS'];

const INPUT = /^(prompt|input|password)(-askonce)?\s*([^$]*)(?:\$value:\s*(.*))?$/su;
const PICK = /^pick(-askonce)?\s*([^$]*)(?:\$value:\s*(.*))?$/su;
const PROMPT_WORD = /^(?:prompt|input|password|pick)(?:-askonce)?(?:\s|$)/;

export type PromptReference = { readonly question: PromptQuestion } | { readonly problem: string };

/** `expression` is the text after `$` in `{{$…}}`: a prompt question, a problem with one, or undefined (not a prompt). */
export function promptReference(expression: string): PromptReference | undefined {
  if (!PROMPT_WORD.test(expression)) return undefined;
  const pick = PICK.exec(expression);
  if (pick) return pickQuestion(pick[2]?.trim() ?? '', pick[3], pick[1] !== undefined);
  const input = INPUT.exec(expression);
  const label = input?.[3]?.trim() ?? '';
  const kind = input?.[1] === 'password' ? 'password' : 'input';
  if (!input || label === '') return { problem: `$${kind} needs a label, e.g. {{$${kind} ${kind === 'password' ? 'Your password' : 'Customer id'}}}` };
  const value = input[4]?.trim();
  const question: PromptQuestion = { key: label, kind, prompt: label, masked: kind === 'password', askOnce: input[2] !== undefined, ...(value ? { value } : {}) };
  return { question };
}

function pickQuestion(label: string, list: string | undefined, askOnce: boolean): PromptReference {
  const items = (list ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (label === '' || items.length === 0) return { problem: '$pick needs a label and its choices, e.g. {{$pick Currency $value: USD,EUR,JPY}}' };
  return { question: { key: label, kind: 'pick', prompt: label, items, masked: false, askOnce } };
}

/** The request's `# @prompt name [description]` lines, in file order, as questions. */
export function declaredPrompts(request: ParsedRequest): PromptQuestion[] {
  const questions: PromptQuestion[] = [];
  for (const entry of request.metadata) {
    if (entry.key !== 'prompt') continue;
    const [name = '', ...rest] = entry.value.trim().split(/\s+/);
    if (name === '' || questions.some((question) => question.key === name)) continue;
    const description = rest.join(' ');
    const masked = PASSWORD_NAMES.includes(name);
    questions.push({ key: name, kind: masked ? 'password' : 'input', prompt: `Input value for "${name}"`, masked, askOnce: false, ...(description ? { placeholder: description } : {}) });
  }
  return questions;
}

/** What stands in a shown request (response view, history, cURL) for a masked answer. */
export function maskedPlaceholder(key: string): string {
  return `‹password: ${key}›`;
}

/** One user action's answers: each key asked once, concurrent sends (every role) wait for the same question. */
export interface Prompter {
  /** The answer to `question`, asking only if this action has none yet; throws PromptCancelledError when dismissed. */
  answer(question: PromptQuestion, signal?: AbortSignal): Promise<string>;
  /** The answer already given to `key` in this action, if any (an askonce one from memory too). */
  known(question: PromptQuestion): string | undefined;
  /** The masked answers typed in this action: what must be hidden wherever the exchange is kept or shown. */
  secrets(): readonly string[];
}

export function createPrompter(ask: PromptAsk | undefined, memory: PromptMemory = new Map()): Prompter {
  const answers = new Map<string, { readonly value: string; readonly masked: boolean }>();
  const pending = new Map<string, Promise<string>>();
  // One question at a time: every role's sends may reach the same prompt together.
  let queue: Promise<unknown> = Promise.resolve();
  // Once the user dismissed one question, the action asks nothing more.
  let dismissed = false;

  const known = (question: PromptQuestion): string | undefined =>
    answers.get(question.key)?.value ?? (question.askOnce && !question.masked ? memory.get(question.key) : undefined);

  const askNow = async (question: PromptQuestion, signal?: AbortSignal): Promise<string> => {
    if (!ask) throw new PromptUnavailableError(question.key);
    if (dismissed || signal?.aborted) throw new PromptCancelledError();
    const last = question.masked ? undefined : memory.get(question.key);
    const value = await ask(last === undefined || question.kind === 'pick' ? question : { ...question, value: last }, signal);
    if (value === undefined || signal?.aborted) {
      dismissed = true;
      throw new PromptCancelledError();
    }
    answers.set(question.key, { value, masked: question.masked });
    if (!question.masked) memory.set(question.key, value);
    return value;
  };

  return {
    answer(question, signal) {
      const given = known(question);
      if (given !== undefined) return Promise.resolve(given);
      let asked = pending.get(question.key);
      if (!asked) {
        asked = queue.then(() => askNow(question, signal));
        queue = asked.catch(() => undefined);
        pending.set(question.key, asked);
      }
      return asked;
    },
    known,
    secrets: () => [...answers.values()].filter((answer) => answer.masked && answer.value !== '').map((answer) => answer.value),
  };
}
