// `fincode-http matrix FILE --profiles F`: every request (or the named one) sent as every
// profile at once; prints a role × status table per request and exits 1 when any
// `# @expect` fails, so a permission matrix becomes a CI test.
import { formatMatrix, matrixPassed, runMatrix, type RoleRunResult } from '../core/http/matrix';
import type { ParsedRequest } from '../core/http/model';
import type { HttpResponse } from '../core/http/response';
import { sendRequest, type CredentialSource } from '../core/http/sender';
import { CliError, cliMessage } from './cliError';
import { NETWORK_HELP, networkSettings } from './networkFlags';
import { runConnectedCli } from './connectedCommand';
import { profileCredential } from './credentials';
import { openFileRun, parseFileCommandArgs, sendContext } from './httpFile';
import { PROMPT_HELP } from './prompts';
import { readProfiles, type CliProfile } from './profilesFile';

export const MATRIX_SUMMARY = 'Send requests as every profile and check # @expect (a permission test for CI)';

export const MATRIX_USAGE = `Usage: fincode-http matrix FILE --profiles F [options]

${MATRIX_SUMMARY}.

Options:
  --profiles F      JSON array of {name, role, email, password} or {name, role, apiToken}.
                    It holds secrets: keep it out of git (add it to .gitignore).
                    "fincode-http sandbox --write-profiles F" writes one for the local sandbox.
  --name N          Only the request named N (default: every request in the file)
  --base-url URL    The FinCode environment (default: FINCODE_BASE_URL)
  --env-file F      Variables from http-client.env.json, REST Client settings or a .env file
  --env NAME        The environment of --env-file to use
  --concurrency N   Profiles sent at once (default 4)
  -h, --help        Show this help

${NETWORK_HELP}

${PROMPT_HELP}

Exit status: 0 when every expectation holds, 1 when one fails or a profile cannot sign in.
`;

interface Runner {
  readonly profile: CliProfile;
  readonly credential: CredentialSource;
  /** Each profile chains on its own responses (its own login, its own ids). */
  readonly chain: Map<string, HttpResponse>;
}

function title(request: ParsedRequest): string {
  return `### ${request.name ?? request.title ?? `line ${request.range.requestLine + 1}`}: ${request.method} ${request.url}`;
}

export function runMatrixCommand(args: readonly string[]): Promise<number> {
  return runConnectedCli('matrix', async (connections) => {
    const { values, positionals } = parseFileCommandArgs(args, { concurrency: { type: 'string' } });
    if (values.help) {
      process.stdout.write(MATRIX_USAGE);
      return 0;
    }
    if (!values.profiles) throw new CliError('--profiles F is required', 2);
    const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError(`--concurrency takes a whole number from 1, not "${values.concurrency}"`, 2);
    const settings = networkSettings(values);
    const run = await openFileRun(positionals[0], values, connections);
    const { file, environment } = run;
    const profiles = await readProfiles(values.profiles);
    const requests = values.name === undefined ? file.parsed.requests : file.parsed.requests.filter((r) => r.name === values.name);
    if (requests.length === 0) throw new CliError(values.name === undefined ? `${file.path} holds no request` : `no request named "${values.name}" in ${file.path}`);

    const runners: Runner[] = profiles.map((profile) => ({ profile, credential: profileCredential(profile, environment, connections), chain: new Map() }));
    const all: RoleRunResult[] = [];
    for (const request of requests) {
      const cells = await runMatrix(
        runners.map((runner) => ({ ...runner, name: runner.profile.name, role: runner.profile.role })),
        async (runner) => {
          const response = await sendRequest(request, sendContext(run, runner.credential, runner.chain, settings));
          return { status: response.status, elapsedMs: response.timings.totalMs, size: response.size.decodedBytes };
        },
        { concurrency, describeError: cliMessage, ...(request.annotations.expect ? { expect: request.annotations.expect } : {}) },
      );
      process.stdout.write(`${title(request)}\n${formatMatrix(cells)}\n\n`);
      all.push(...cells);
    }
    const passed = matrixPassed(all);
    const failed = all.filter((cell) => cell.pass === false || cell.error !== undefined).length;
    process.stdout.write(passed ? 'All expectations hold.\n' : `${failed} of ${all.length} cell(s) failed.\n`);
    return passed ? 0 : 1;
  });
}
