// The environment files people already have next to their .http files, read as text:
// - JetBrains `http-client.env.json` and `http-client.private.env.json`,
// - REST Client's `rest-client.environmentVariables` (the bare object, or a settings.json
//   holding it under that key),
// - `.env` files (`.env` for every environment, `.env.NAME` or `NAME.env` for one).
// Each becomes an EnvironmentFile: `$shared` variables and named environments. Layers merge,
// the later winning, and an environment's variables are its `$shared` ones overridden by its
// own. So for JetBrains: public `$shared` < private `$shared` < public env < private env.
// Values are strings (other JSON values stringified); nothing is expanded. Malformed files give
// diagnostics, never exceptions. Records are built with Object.fromEntries and spreads, never by
// assignment, so a key such as `__proto__` is an ordinary key. Only loadEnvironmentFiles touches
// the file system.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineAndColumn, withoutComments } from './jsonc';
import type { Diagnostic } from './model';
import { PEERS, recordedCopies, withoutCopies } from './peerEnvironments';

export interface EnvDiagnostic extends Diagnostic {
  /** The file's name, as given to the parser. */
  readonly file: string;
}

export interface EnvironmentFile {
  /** `$shared`: variables of every environment. */
  readonly shared: Readonly<Record<string, string>>;
  /** Environment name → its own variables, in file order. */
  readonly environments: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly diagnostics: readonly EnvDiagnostic[];
}

export const JETBRAINS_ENV_FILE = 'http-client.env.json';
export const JETBRAINS_PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const REST_CLIENT_SETTING = PEERS['rest-client'].setting;
const SHARED = '$shared';

const EMPTY: EnvironmentFile = { shared: {}, environments: {}, diagnostics: [] };

/** JetBrains `http-client.env.json` / `http-client.private.env.json`: `{"$shared": {…}, "dev": {…}}`. */
export function parseJetBrainsEnv(text: string, file = JETBRAINS_ENV_FILE): EnvironmentFile {
  const json = parseJsonObject(text, file);
  return json.value ? environmentsFrom(json.value, text, file, json.diagnostics) : { ...EMPTY, diagnostics: json.diagnostics };
}

/**
 * REST Client: the `rest-client.environmentVariables` object, bare or inside a settings.json
 * (comments allowed), without the `$shared` entries FinCode copied there (peerEnvironments.ts).
 */
export function parseRestClientEnv(text: string, file = 'settings.json'): EnvironmentFile {
  const json = parseJsonObject(text, file);
  if (!json.value) return { ...EMPTY, diagnostics: json.diagnostics };
  if (!(REST_CLIENT_SETTING in json.value)) return environmentsFrom(json.value, text, file, json.diagnostics);
  const setting = json.value[REST_CLIENT_SETTING];
  if (isObject(setting)) {
    const read = environmentsFrom(setting, text, file, json.diagnostics);
    // What FinCode copied there for REST Client is not the user's: our own values stay in force.
    return { ...read, shared: withoutCopies(read.shared, recordedCopies(json.value, REST_CLIENT_SETTING)) };
  }
  return { ...EMPTY, diagnostics: [...json.diagnostics, problemAt(text, file, `"${REST_CLIENT_SETTING}"`, `"${REST_CLIENT_SETTING}" must be an object of environments.`)] };
}

/** A `.env` file; its variables go to `environment`, or to `$shared` when none is given. */
export function parseDotEnv(text: string, file = '.env', environment?: string): EnvironmentFile {
  const { variables, diagnostics } = dotEnvVariables(text, file);
  return environment === undefined ? { shared: variables, environments: {}, diagnostics } : { shared: {}, environments: { [environment]: variables }, diagnostics };
}

/** Layers in order of precedence, lowest first. */
export function mergeEnvironmentFiles(...files: readonly EnvironmentFile[]): EnvironmentFile {
  const environments = new Map<string, Readonly<Record<string, string>>>();
  for (const file of files) {
    for (const [name, variables] of Object.entries(file.environments)) environments.set(name, { ...environments.get(name), ...variables });
  }
  return {
    shared: files.reduce<Record<string, string>>((shared, file) => ({ ...shared, ...file.shared }), {}),
    environments: Object.fromEntries(environments),
    diagnostics: files.flatMap((file) => file.diagnostics),
  };
}

/** Environment names, in the order the files give them (`$shared` is none). */
export function listEnvironments(file: EnvironmentFile): string[] {
  return Object.keys(file.environments);
}

/** `$shared` overridden by the environment's own variables; only `$shared` for an unknown name. */
export function environmentVariables(file: EnvironmentFile, name: string): Record<string, string> {
  return { ...file.shared, ...(Object.hasOwn(file.environments, name) ? file.environments[name] : {}) };
}

/**
 * Every environment file in `directory`: `.vscode/settings.json` (REST Client), the JetBrains
 * pair, then `.env` files, in that order of precedence. Missing files are skipped; unreadable
 * ones give a diagnostic.
 */
export async function loadEnvironmentFiles(directory: string): Promise<EnvironmentFile> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const layers: Promise<EnvironmentFile>[] = [
    // A settings.json without REST Client environments is no environment file.
    loadLayer(join(directory, '.vscode', 'settings.json'), (text, file) => (text.includes(REST_CLIENT_SETTING) ? parseRestClientEnv(text, file) : EMPTY)),
    loadLayer(join(directory, JETBRAINS_ENV_FILE), parseJetBrainsEnv),
    loadLayer(join(directory, JETBRAINS_PRIVATE_ENV_FILE), parseJetBrainsEnv),
  ];
  for (const name of names.sort()) {
    const environment = dotEnvEnvironment(name);
    if (environment !== undefined) layers.push(loadLayer(join(directory, name), (text, file) => parseDotEnv(text, file, environment || undefined)));
  }
  return mergeEnvironmentFiles(...(await Promise.all(layers)));
}

/** '' for `.env`, NAME for `.env.NAME` and `NAME.env`, undefined for other files. */
export function dotEnvEnvironment(fileName: string): string | undefined {
  if (fileName === '.env') return '';
  if (fileName.startsWith('.env.') && fileName.length > 5) return fileName.slice(5);
  if (fileName.endsWith('.env') && fileName.length > 4 && !fileName.startsWith('.')) return fileName.slice(0, -4);
  return undefined;
}

async function loadLayer(path: string, parse: (text: string, file: string) => EnvironmentFile): Promise<EnvironmentFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return EMPTY;
    return { ...EMPTY, diagnostics: [{ file: path, line: 0, column: 0, severity: 'error', message: `Cannot read ${path}: ${(error as Error).message}` }] };
  }
  return parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path);
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Environment name → object of variables, from a parsed `{"$shared": {…}, "dev": {…}}`. */
function environmentsFrom(json: JsonObject, text: string, file: string, diagnostics: EnvDiagnostic[]): EnvironmentFile {
  let shared: Record<string, string> = {};
  const environments: [string, Record<string, string>][] = [];
  for (const [name, value] of Object.entries(json)) {
    if (!isObject(value)) {
      diagnostics.push(problemAt(text, file, JSON.stringify(name), `Environment "${name}" must be an object of variables, not ${describe(value)}.`));
      continue;
    }
    const variables = stringValues(value);
    if (name === SHARED) shared = variables;
    else environments.push([name, variables]);
  }
  return { shared, environments: Object.fromEntries(environments), diagnostics };
}

function stringValues(json: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/** JSON with comments and trailing commas allowed (settings.json is JSONC); an object or a diagnostic. */
function parseJsonObject(text: string, file: string): { value?: JsonObject; diagnostics: EnvDiagnostic[] } {
  let value: unknown;
  try {
    value = JSON.parse(withoutComments(text));
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    return { diagnostics: [{ file, ...lineAndColumn(text, offset), severity: 'error', message: `${file} is not valid JSON: ${message}` }] };
  }
  if (isObject(value)) return { value, diagnostics: [] };
  return { diagnostics: [{ file, line: 0, column: 0, severity: 'error', message: `${file} must hold a JSON object of environments, not ${describe(value)}.` }] };
}

/** A diagnostic at the first occurrence of `needle` (a quoted key) in the text, else at its start. */
function problemAt(text: string, file: string, needle: string, message: string): EnvDiagnostic {
  const offset = Math.max(text.indexOf(needle), 0);
  const { line, column } = lineAndColumn(text, offset);
  return { file, line, column, endColumn: column + needle.length, severity: 'error', message };
}

const DOTENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `KEY=value` lines: `export ` prefix, '…', "…" (escapes, several lines) and `…` quotes, `#` comments. */
function dotEnvVariables(text: string, file: string): { variables: Record<string, string>; diagnostics: EnvDiagnostic[] } {
  const variables: [string, string][] = [];
  const diagnostics: EnvDiagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const start = line.length - line.trimStart().length;
    if (start === line.length || line[start] === '#') continue;
    const problem = (column: number, message: string): void => {
      diagnostics.push({ file, line: index, column, endColumn: line.trimEnd().length, severity: 'error', message });
    };
    const body = line.startsWith('export ', start) ? start + 7 : start;
    const equals = line.indexOf('=', body);
    if (equals === -1) {
      problem(start, 'Expected KEY=value.');
      continue;
    }
    const key = line.slice(body, equals).trim();
    if (!DOTENV_KEY.test(key)) {
      problem(body, `"${key}" is not a variable name: use letters, digits and _ (not starting with a digit).`);
      continue;
    }
    const value = dotEnvValue(lines, index, equals + 1);
    if (value === undefined) {
      problem(equals + 1, 'Unterminated quoted value.');
      continue;
    }
    variables.push([key, value.text]);
    index = value.lastLine;
  }
  return { variables: Object.fromEntries(variables), diagnostics };
}

/** The value from `from` on line `index`; a double-quoted one may go on over the next lines. */
function dotEnvValue(lines: readonly string[], index: number, from: number): { text: string; lastLine: number } | undefined {
  const line = lines[index];
  const rest = line.slice(from).trimStart();
  const quote = rest[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    const comment = rest.search(/\s#/);
    return { text: (comment === -1 ? rest : rest.slice(0, comment)).trim(), lastLine: index };
  }
  let text = rest.slice(1);
  let lastLine = index;
  let close = closingQuote(text, quote, 0);
  while (close === -1 && quote === '"' && lastLine + 1 < lines.length) {
    lastLine++;
    const searchFrom = text.length;
    text += `\n${lines[lastLine]}`;
    close = closingQuote(text, quote, searchFrom);
  }
  if (close === -1) return undefined;
  const value = text.slice(0, close);
  return { text: quote === '"' ? unescapeDoubleQuoted(value) : value, lastLine };
}

function closingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

const ESCAPED: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\([nrt"\\])/g, (_, char: string) => ESCAPED[char]);
}
