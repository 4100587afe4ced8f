// `fincode-http test FILE|GLOB...`: the checks of .http files as a CI test run. Each request with
// checks (`# @expect` per role, `??` lines) is sent as every profile its `# @expect` names, or
// once (runFileChecks says as whom); a line per request, a summary, JUnit XML and JSON reports.
// Exit 0 all passed, 1 a check failed, 2 bad usage or an unreadable file, 3 a request could not
// be sent (network, TLS, timeout, sign-in) — 3 wins over 1: the run is incomplete.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runFileChecks } from '../core/http/checkRun';
import { hasChecks } from '../core/http/checks';
import type { ParsedRequest } from '../core/http/model';
import type { HttpResponse } from '../core/http/response';
import { DEFAULT_SEND_SETTINGS, sendRequest, textResolver, type CredentialSource, type SendSettings } from '../core/http/sender';
import { jsonReport, junitXml, runTotals, type FileRun as ReportedFile } from '../core/http/testReport';
import type { Connections } from '../core/net/connections';
import { DEFAULT_TIMEOUTS } from '../core/net/transport';
import { isSecretName, redact } from '../core/redact';
import { CliError, cliMessage } from './cliError';
import { runConnectedCli } from './connectedCommand';
import { CREDENTIAL_ENV_HELP, environmentCredential, profileCredential } from './credentials';
import { expandFiles } from './fileGlobs';
import { cliEnvironment, cliVariables, loadHttpFile, parseFileCommandArgs, printDiagnostics, sendContext, type FileRun } from './httpFile';
import { NETWORK_HELP, networkSettings } from './networkFlags';
import { cliPrompter, PROMPT_HELP } from './prompts';
import { readProfiles, type CliProfile } from './profilesFile';
import { testOutput } from './testOutput';

export const TEST_SUMMARY = 'Run the checks of .http files (# @expect per role, ?? lines) as a CI test, with JUnit and JSON reports';

export const TEST_USAGE = `Usage: fincode-http test FILE|GLOB... --base-url URL [options]

${TEST_SUMMARY}.

Which requests run, as whom:
  Every request with checks, in file order; others only when a checked request chains on them.
  With # @expect: once as each profile whose name or role it names (a role no profile has is
  reported as skipped). Without: once, as the profile # @profile or # @role names, else the
  first profile of --profiles; without --profiles, with the credential of the environment.
  Each profile chains on its own responses; the profiles of one request go out together.

Options:
  --profiles F      JSON array of {name, role, email, password} or {name, role, apiToken}; in CI
                    name the variables instead: {"name": "cashier", "role": "CASHIER",
                    "email": "…", "passwordEnv": "FINCODE_CASHIER_PASSWORD"} or "apiTokenEnv"
  --base-url URL    The FinCode environment (default: FINCODE_BASE_URL)
  --env-file F      Variables from http-client.env.json, REST Client settings or a .env file
  --env NAME        The environment of --env-file to use
  --name N          Only the requests named N
  --junit FILE      Write a JUnit XML report (one testsuite per file, one testcase per check)
  --json FILE       Write the same results as JSON
  --bail            Stop after the first request with a failed check or an error
  --concurrency N   Profiles sent at once (default 4)
  -h, --help        Show this help

${NETWORK_HELP}

${PROMPT_HELP}

Without --profiles: ${CREDENTIAL_ENV_HELP.charAt(0).toLowerCase()}${CREDENTIAL_ENV_HELP.slice(1)}

Exit status: 0 every check passed, 1 a check failed, 2 bad usage or a file that cannot be
read, 3 a request could not be sent (network, TLS, timeout, sign-in; wins over 1).
No secret (password, token) appears in the output or the reports.
`;

const TEST_OPTIONS = {
  junit: { type: 'string' },
  json: { type: 'string' },
  bail: { type: 'boolean' },
  concurrency: { type: 'string' },
} as const;

/** A problem before anything is sent (a file, the profiles, the environment) is a usage error. */
async function setup<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (error instanceof CliError && error.exitCode === 2) throw error;
    throw new CliError(error instanceof CliError || error instanceof Error ? error.message : String(error), 2);
  }
}

/** Every secret the run knows, masked wherever it would appear. */
function knownSecrets(profiles: readonly CliProfile[], variables: Readonly<Record<string, string>>): string[] {
  const env = process.env;
  return [
    ...profiles.map((profile) => ('apiToken' in profile ? profile.apiToken : profile.password)),
    ...Object.entries(variables).flatMap(([name, value]) => (isSecretName(name) ? [value] : [])),
    ...[env.FINCODE_API_TOKEN, env.FINCODE_PASSWORD].filter((value): value is string => Boolean(value)),
  ];
}

interface Lane {
  readonly credential: CredentialSource;
}

async function runFile(
  run: FileRun,
  shown: string,
  credentials: ReadonlyMap<CliProfile | undefined, Lane>,
  profiles: readonly CliProfile[],
  options: { settings: Partial<SendSettings>; concurrency: number; bail: boolean; only?: string; profilesSource: string; output: ReturnType<typeof testOutput> },
): Promise<{ file: ReportedFile; stopped: boolean }> {
  const started = performance.now();
  const chains = new Map<CliProfile | undefined, Map<string, HttpResponse>>();
  const chainOf = (profile: CliProfile | undefined): Map<string, HttpResponse> => {
    let chain = chains.get(profile);
    if (!chain) chains.set(profile, (chain = new Map()));
    return chain;
  };
  const contextOf = (profile: CliProfile | undefined) => sendContext(run, (credentials.get(profile) as Lane).credential, chainOf(profile), options.settings);
  const requests = run.file.parsed.requests.filter((request) => options.only === undefined || request.name === options.only);
  options.output.file(shown);
  const result = await runFileChecks(requests, {
    profiles,
    concurrency: options.concurrency,
    bail: options.bail,
    send: (request, profile) => sendRequest(request, contextOf(profile)),
    resolver: (profile) => textResolver(contextOf(profile)),
    describeError: cliMessage,
    profilesSource: options.profilesSource,
    maxResponseBytes: options.settings.maxResponseBytes ?? DEFAULT_SEND_SETTINGS.maxResponseBytes,
    bodyTimeoutMs: options.settings.timeouts?.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs,
    onRequest: options.output.request,
  });
  return { file: { file: shown, runs: result.runs, elapsedMs: performance.now() - started }, stopped: result.stopped };
}

/** A report, its folder made first (`--junit reports/fincode.xml` in a fresh checkout). */
async function writeReport(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

function parseConcurrency(raw: string | undefined): number {
  const concurrency = raw === undefined ? 4 : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError(`--concurrency takes a whole number from 1, not "${raw}"`, 2);
  return concurrency;
}

function credentialsFor(profiles: readonly CliProfile[], run: Pick<FileRun, 'environment'>, connections: Connections): Map<CliProfile | undefined, Lane> {
  if (profiles.length === 0) return new Map([[undefined, { credential: environmentCredential(run.environment, connections) }]]);
  return new Map(profiles.map((profile) => [profile, { credential: profileCredential(profile, run.environment, connections) }]));
}

/** `FILE:LINE` of the first checked request with `# @expect`, if any. */
function firstExpect(files: readonly FileRun[], only: string | undefined): string | undefined {
  for (const run of files) {
    const found = run.file.parsed.requests.find((r) => r.annotations.expect !== undefined && (only === undefined || r.name === only));
    if (found) return `${run.file.path}:${found.range.requestLine + 1}`;
  }
  return undefined;
}

function checkedCount(files: readonly FileRun[], only: string | undefined): number {
  const count = (requests: readonly ParsedRequest[]): number => requests.filter((r) => hasChecks(r) && (only === undefined || r.name === only)).length;
  return files.reduce((sum, run) => sum + count(run.file.parsed.requests), 0);
}

export function runTestCommand(args: readonly string[]): Promise<number> {
  return runConnectedCli('test', async (connections) => {
    const { values, positionals } = parseFileCommandArgs(args, TEST_OPTIONS);
    if (values.help) {
      process.stdout.write(TEST_USAGE);
      return 0;
    }
    const settings = networkSettings(values);
    const concurrency = parseConcurrency(values.concurrency);
    const paths = await expandFiles(positionals);
    const environment = cliEnvironment(values['base-url']);
    const environmentVariables = await setup(cliVariables(values['env-file'], values.env));
    const profiles = values.profiles === undefined ? [] : await setup(readProfiles(values.profiles));
    const runs: FileRun[] = [];
    const prompter = cliPrompter(values.prompt);
    for (const path of paths) {
      const file = await setup(loadHttpFile(path));
      printDiagnostics(file);
      runs.push({ file, environment, environmentVariables, connections, prompter });
    }
    const total = checkedCount(runs, values.name);
    const needsProfiles = profiles.length === 0 ? firstExpect(runs, values.name) : undefined;
    if (needsProfiles) throw new CliError(`${needsProfiles}: # @expect checks the status per role; give the profiles to send it as with --profiles F`, 2);
    if (total === 0) throw new CliError(`no request${values.name === undefined ? '' : ` named "${values.name}"`} with checks (# @expect or ??) in ${paths.join(', ')}`, 2);

    const secrets = knownSecrets(profiles, environmentVariables);
    const clean = (text: string): string => redact(text, secrets);
    const output = testOutput(total, clean, (text) => process.stdout.write(text), process.stderr.isTTY ? (text) => process.stderr.write(text) : undefined);
    const credentials = credentialsFor(profiles, { environment }, connections);
    const startedAt = new Date();
    const started = performance.now();
    const files: ReportedFile[] = [];
    let stopped = false;
    const bail = values.bail === true;
    const options = { settings, concurrency, bail, profilesSource: values.profiles ?? 'the profiles', output, ...(values.name === undefined ? {} : { only: values.name }) };
    for (const [index, run] of runs.entries()) {
      const done = await runFile(run, paths[index] as string, credentials, profiles, options);
      files.push(done.file);
      const { failed, errored } = runTotals([done.file]);
      if (bail && failed + errored > 0) {
        stopped = done.stopped || index < runs.length - 1;
        break;
      }
    }
    const elapsedMs = performance.now() - started;
    const totals = runTotals(files);
    output.summary(files, totals, elapsedMs, stopped);
    if (values.junit) await setup(writeReport(values.junit, junitXml(files, startedAt, elapsedMs, secrets)));
    if (values.json) await setup(writeReport(values.json, jsonReport(files, startedAt, elapsedMs, secrets)));
    return totals.errored > 0 ? 3 : totals.failed > 0 ? 1 : 0;
  });
}
