// What `parse`, `send` and `matrix` share: reading and parsing a .http file, choosing a
// request, the environment (base URL) and the environment-file variables.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { makeEnvironment, type Environment } from '../core/fincode/environments';
import {
  dotEnvEnvironment,
  environmentVariables,
  listEnvironments,
  parseDotEnv,
  parseJetBrainsEnv,
  parseRestClientEnv,
  REST_CLIENT_SETTING,
  type EnvironmentFile,
} from '../core/http/envFiles';
import type { Diagnostic, ParsedFile, ParsedRequest } from '../core/http/model';
import { parseHttpFile, requestAtLine } from '../core/http/parser';
import type { Connections } from '../core/net/connections';
import type { HttpResponse } from '../core/http/response';
import type { Prompter } from '../core/http/prompts';
import type { CredentialSource, SendContext, SendSettings } from '../core/http/sender';
import { CliError, usageError } from './cliError';
import { NETWORK_OPTIONS } from './networkFlags';
import { cliPrompter } from './prompts';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface LoadedHttpFile {
  readonly path: string;
  readonly parsed: ParsedFile;
}

// Read synchronously: a command waits for its file anyway, and node:fs/promises would cost
// `parse` some 5 ms of loading (it brings Node's streams).
function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${what} ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

export async function loadHttpFile(path: string | undefined): Promise<LoadedHttpFile> {
  if (!path) throw new CliError('name a .http file', 2);
  const absolute = resolve(path);
  return { path: absolute, parsed: parseHttpFile(readText(absolute, 'the .http file')) };
}

export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  return `${file}:${diagnostic.line + 1}:${diagnostic.column + 1}: ${diagnostic.severity}: ${diagnostic.message}`;
}

export function printDiagnostics(file: LoadedHttpFile): void {
  for (const diagnostic of file.parsed.diagnostics) process.stderr.write(`${formatDiagnostic(file.path, diagnostic)}\n`);
}

function describeRequest(request: ParsedRequest): string {
  return request.name ?? `${request.method} ${request.url} (line ${request.range.requestLine + 1})`;
}

/** `--name N` or `--line L` (1-based, any line of the request); with neither, the file's only request. */
export function pickRequest(file: LoadedHttpFile, name: string | undefined, line: string | undefined): ParsedRequest {
  const { requests } = file.parsed;
  if (requests.length === 0) throw new CliError(`${file.path} holds no request`);
  if (name !== undefined) {
    const found = requests.find((request) => request.name === name);
    if (!found) throw new CliError(`no request named "${name}" in ${file.path} (named: ${requests.flatMap((r) => (r.name ? [r.name] : [])).join(', ') || 'none'})`);
    return found;
  }
  if (line !== undefined) {
    const number = /^\d+$/.test(line) ? Number(line) : 0;
    if (number < 1) throw new CliError(`--line takes a line number from 1, not "${line}"`, 2);
    const found = requestAtLine(file.parsed, number - 1);
    if (!found) throw new CliError(`line ${number} of ${file.path} is not inside a request`);
    return found;
  }
  if (requests.length > 1) {
    throw new CliError(`${file.path} holds ${requests.length} requests; choose one with --name or --line (${requests.map(describeRequest).join('; ')})`, 2);
  }
  return requests[0] as ParsedRequest;
}

/** The FinCode environment: `--base-url`, else FINCODE_BASE_URL. */
export function cliEnvironment(baseUrl: string | undefined): Environment {
  const url = baseUrl ?? process.env.FINCODE_BASE_URL;
  if (!url) throw new CliError('give the FinCode base URL with --base-url URL or FINCODE_BASE_URL (e.g. https://TENANT.fincode.software/sandbox/api/v6/services)', 2);
  try {
    return makeEnvironment({ id: 'cli', label: url, kind: 'custom', baseUrl: url });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

function parseEnvFile(path: string, text: string): EnvironmentFile {
  const name = basename(path);
  const dotEnv = dotEnvEnvironment(name);
  if (dotEnv !== undefined) return parseDotEnv(text, name, dotEnv || undefined);
  return text.includes(`"${REST_CLIENT_SETTING}"`) ? parseRestClientEnv(text, name) : parseJetBrainsEnv(text, name);
}

/**
 * Variables from `--env-file F` (http-client.env.json, REST Client settings, or .env) for
 * `--env NAME`; without a name, the file's only environment, else `$shared` alone.
 */
export async function cliVariables(envFile: string | undefined, envName: string | undefined): Promise<Record<string, string>> {
  if (!envFile) {
    if (envName) throw new CliError('--env needs --env-file', 2);
    return {};
  }
  const file = parseEnvFile(envFile, readText(envFile, 'the environment file'));
  const problem = file.diagnostics.find((d) => d.severity === 'error');
  if (problem) throw new CliError(formatDiagnostic(envFile, problem));
  const names = listEnvironments(file);
  if (envName !== undefined && !names.includes(envName)) {
    throw new CliError(`no environment "${envName}" in ${envFile} (it has: ${names.join(', ') || 'none'})`);
  }
  return environmentVariables(file, envName ?? (names.length === 1 ? (names[0] as string) : ''));
}

/** The options `send`, `matrix` and `test` share. */
const FILE_COMMAND_OPTIONS = {
  name: { type: 'string' },
  'base-url': { type: 'string' },
  'env-file': { type: 'string' },
  env: { type: 'string' },
  profiles: { type: 'string' },
  prompt: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  ...NETWORK_OPTIONS,
} as const satisfies ParseArgsOptionsConfig;

/** parseArgs over the shared options plus `extra`; its errors become usage errors (exit 2). */
export function parseFileCommandArgs<T extends ParseArgsOptionsConfig>(args: readonly string[], extra: T) {
  try {
    return parseArgs({ args: [...args], options: { ...FILE_COMMAND_OPTIONS, ...extra }, allowPositionals: true });
  } catch (error) {
    throw usageError(error);
  }
}

/** A .http file ready to send from: parsed (diagnostics printed), its environment and variables. */
export interface FileRun {
  readonly file: LoadedHttpFile;
  readonly environment: Environment;
  readonly environmentVariables: Record<string, string>;
  /** The command's pools and proxy (runConnectedCli closes them). */
  readonly connections: Connections;
  /** The command's answers to prompt variables (--prompt, FINCODE_PROMPT_*, the terminal). */
  readonly prompter: Prompter;
}

export async function openFileRun(
  path: string | undefined,
  values: { readonly 'base-url'?: string; readonly 'env-file'?: string; readonly env?: string; readonly prompt?: string[] },
  connections: Connections,
): Promise<FileRun> {
  const file = await loadHttpFile(path);
  printDiagnostics(file);
  const environmentVariables = await cliVariables(values['env-file'], values.env);
  return { file, environment: cliEnvironment(values['base-url']), environmentVariables, connections, prompter: cliPrompter(values.prompt) };
}

export function sendContext(run: FileRun, credential: CredentialSource, chain: Map<string, HttpResponse>, settings?: Partial<SendSettings>): SendContext {
  return {
    environment: run.environment,
    credential,
    fileVariables: run.file.parsed.variables,
    fileRequests: run.file.parsed.requests,
    environmentVariables: run.environmentVariables,
    httpFilePath: run.file.path,
    workspaceRoot: process.cwd(),
    chain,
    connections: run.connections,
    prompter: run.prompter,
    ...(settings ? { settings } : {}),
  };
}
