// REST Client's system variables: {{$guid}}, {{$randomInt min max}}, {{$timestamp [offset unit]}},
// {{$datetime rfc1123|iso8601|"format" [offset unit]}}, {{$localDatetime …}}, {{$processEnv NAME}}
// and {{$dotenv NAME}} (both also as `%NAME`: the name is read from an environment variable).
// Pure: the clock, the random source, the process environment and the .env lookup are given.
import { randomUUID } from 'node:crypto';
import { parseDotEnv } from './envFiles';

export type DotenvLookup = (name: string) => string | undefined;

export interface BuiltinContext {
  readonly now: () => number;
  /** [0, 1), like Math.random. */
  readonly random: () => number;
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly dotenv: DotenvLookup;
  /** The active environment's variable, for the `%NAME` forms. */
  readonly environmentVariable: (name: string) => string | undefined;
  readonly guid?: () => string;
}

export type BuiltinResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

const fail = (problem: string): BuiltinResult => ({ ok: false, problem });
const done = (value: string): BuiltinResult => ({ ok: true, value });

/** Splits on blanks; '…' and "…" group words (the quotes are removed). */
export function builtinArguments(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

const OFFSET_UNITS = ['y', 'M', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
type OffsetUnit = (typeof OFFSET_UNITS)[number];

const isOffsetUnit = (unit: string): unit is OffsetUnit => (OFFSET_UNITS as readonly string[]).includes(unit);

const FIXED_UNIT_MS: Readonly<Record<Exclude<OffsetUnit, 'y' | 'M'>, number>> = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `ms` moved by `amount` units; months and years keep the day of month where it exists (Jan 31 + 1 M = Feb 28). */
export function addOffset(ms: number, amount: number, unit: OffsetUnit, utc: boolean): number {
  if (unit !== 'y' && unit !== 'M') return ms + amount * FIXED_UNIT_MS[unit];
  const date = new Date(ms);
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + (unit === 'M' ? amount : amount * 12);
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(utc ? date.getUTCDate() : date.getDate(), daysInMonth(targetYear, targetMonth));
  if (utc) date.setUTCFullYear(targetYear, targetMonth, day);
  else date.setFullYear(targetYear, targetMonth, day);
  return date.getTime();
}

/** Applies an optional trailing `offset unit` pair; returns a problem for anything else. */
function withOffset(ms: number, args: readonly string[], utc: boolean, what: string): { ok: true; ms: number } | { ok: false; problem: string } {
  if (args.length === 0) return { ok: true, ms };
  const [amount, unit] = args;
  if (args.length !== 2 || amount === undefined || unit === undefined || !/^[+-]?\d+$/.test(amount) || !isOffsetUnit(unit)) {
    return { ok: false, problem: `${what} takes an optional offset such as "-1 d" (units: ${OFFSET_UNITS.join(' ')}), not "${args.join(' ')}"` };
  }
  return { ok: true, ms: addOffset(ms, Number(amount), unit, utc) };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (value: number, width = 2): string => String(Math.abs(value)).padStart(width, '0');

function zone(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}${separator}${pad(Math.abs(offsetMinutes) % 60)}`;
}

// Day.js tokens (REST Client formats with Day.js), longest first; `[text]` is literal.
const FORMAT_TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|ZZ|Z|A|a|X|x/g;

/** Formats `ms` with Day.js tokens in UTC or local time. */
export function formatDate(ms: number, format: string, utc: boolean): string {
  const date = new Date(ms);
  const part = {
    year: utc ? date.getUTCFullYear() : date.getFullYear(),
    month: utc ? date.getUTCMonth() : date.getMonth(),
    day: utc ? date.getUTCDate() : date.getDate(),
    weekday: utc ? date.getUTCDay() : date.getDay(),
    hours: utc ? date.getUTCHours() : date.getHours(),
    minutes: utc ? date.getUTCMinutes() : date.getMinutes(),
    seconds: utc ? date.getUTCSeconds() : date.getSeconds(),
    millis: utc ? date.getUTCMilliseconds() : date.getMilliseconds(),
    offset: utc ? 0 : -date.getTimezoneOffset(),
  };
  const hours12 = part.hours % 12 === 0 ? 12 : part.hours % 12;
  const tokens: Readonly<Record<string, string>> = {
    YYYY: pad(part.year, 4),
    YY: pad(part.year % 100),
    MMMM: MONTHS[part.month] ?? '',
    MMM: (MONTHS[part.month] ?? '').slice(0, 3),
    MM: pad(part.month + 1),
    M: String(part.month + 1),
    DD: pad(part.day),
    D: String(part.day),
    dddd: WEEKDAYS[part.weekday] ?? '',
    ddd: (WEEKDAYS[part.weekday] ?? '').slice(0, 3),
    dd: (WEEKDAYS[part.weekday] ?? '').slice(0, 2),
    d: String(part.weekday),
    HH: pad(part.hours),
    H: String(part.hours),
    hh: pad(hours12),
    h: String(hours12),
    mm: pad(part.minutes),
    m: String(part.minutes),
    ss: pad(part.seconds),
    s: String(part.seconds),
    SSS: pad(part.millis, 3),
    ZZ: zone(part.offset, ''),
    Z: zone(part.offset, ':'),
    A: part.hours < 12 ? 'AM' : 'PM',
    a: part.hours < 12 ? 'am' : 'pm',
    X: String(Math.floor(ms / 1000)),
    x: String(ms),
  };
  return format.replace(FORMAT_TOKENS, (token, literal?: string) => literal ?? tokens[token] ?? token);
}

function datetime(args: readonly string[], ctx: BuiltinContext, utc: boolean): BuiltinResult {
  const name = utc ? '$datetime' : '$localDatetime';
  const [format, ...offset] = args;
  if (format === undefined) return fail(`${name} needs a format: rfc1123, iso8601 or a quoted format such as "YYYY-MM-DD"`);
  const shifted = withOffset(ctx.now(), offset, utc, name);
  if (!shifted.ok) return fail(shifted.problem);
  if (format === 'rfc1123') return done(utc ? new Date(shifted.ms).toUTCString() : formatDate(shifted.ms, 'ddd, DD MMM YYYY HH:mm:ss ZZ', false));
  if (format === 'iso8601') return done(utc ? new Date(shifted.ms).toISOString() : formatDate(shifted.ms, 'YYYY-MM-DDTHH:mm:ssZ', false));
  return done(formatDate(shifted.ms, format, utc));
}

function randomInt(args: readonly string[], ctx: BuiltinContext): BuiltinResult {
  const [min, max] = args.map(Number);
  if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || (max as number) <= (min as number)) {
    return fail(`$randomInt needs two integers min < max (got "${args.join(' ')}")`);
  }
  // REST Client's range: min inclusive, max exclusive.
  return done(String((min as number) + Math.floor(ctx.random() * ((max as number) - (min as number)))));
}

/** The looked-up name: as written, or (`%NAME`) the value of the environment variable NAME. */
function lookupName(arg: string | undefined, ctx: BuiltinContext, what: string): { ok: true; name: string } | { ok: false; problem: string } {
  if (arg === undefined || arg === '' || arg === '%') return { ok: false, problem: `${what} needs a variable name` };
  if (!arg.startsWith('%')) return { ok: true, name: arg };
  const name = ctx.environmentVariable(arg.slice(1));
  return name === undefined
    ? { ok: false, problem: `${what} ${arg}: the environment has no variable "${arg.slice(1)}"` }
    : { ok: true, name };
}

function processEnv(args: readonly string[], ctx: BuiltinContext): BuiltinResult {
  const looked = lookupName(args[0], ctx, '$processEnv');
  if (!looked.ok) return fail(looked.problem);
  const value = ctx.processEnv[looked.name];
  return value === undefined ? fail(`$processEnv: the process environment variable ${looked.name} is not set`) : done(value);
}

function dotenv(args: readonly string[], ctx: BuiltinContext): BuiltinResult {
  const looked = lookupName(args[0], ctx, '$dotenv');
  if (!looked.ok) return fail(looked.problem);
  const value = ctx.dotenv(looked.name);
  return value === undefined ? fail(`$dotenv: ${looked.name} is not in the .env file beside the .http file or at the workspace root`) : done(value);
}

/** `expression` is the text after `$`, e.g. `randomInt 1 10` or `datetime "YYYY-MM-DD" -1 d`. */
export function evaluateBuiltin(expression: string, ctx: BuiltinContext): BuiltinResult {
  const [name = '', ...args] = builtinArguments(expression);
  switch (name) {
    case 'guid':
      return done((ctx.guid ?? randomUUID)());
    case 'randomInt':
      return randomInt(args, ctx);
    case 'timestamp': {
      const shifted = withOffset(ctx.now(), args, true, '$timestamp');
      return shifted.ok ? done(String(Math.floor(shifted.ms / 1000))) : fail(shifted.problem);
    }
    case 'datetime':
      return datetime(args, ctx, true);
    case 'localDatetime':
      return datetime(args, ctx, false);
    case 'processEnv':
      return processEnv(args, ctx);
    case 'dotenv':
      return dotenv(args, ctx);
    default:
      return fail(`unknown system variable $${name} (known: $guid, $randomInt, $timestamp, $datetime, $localDatetime, $processEnv, $dotenv)`);
  }
}

/** A .env file's variables, read as `.env` environment files are (envFiles.ts): one parser, one behaviour. */
export function parseDotenv(text: string): Record<string, string> {
  return { ...parseDotEnv(text).shared };
}
