// `fincode-http send FILE`: sends one request with the FinCode headers and the credential
// injected (only for the environment's origin) and prints the status line, headers and body.
// Its `>> file` / `>>! file` lines save the body beside the .http file: only under the .http
// file's folder or the current directory.
import { dirname, relative } from 'node:path';
import type { Environment } from '../core/fincode/environments';
import type { ParsedRequest } from '../core/http/model';
import { chooseProfile } from '../core/http/profileChoice';
import type { HttpResponse } from '../core/http/response';
import type { Connections } from '../core/net/connections';
import { saveResponse } from '../core/http/responseOutput';
import { DEFAULT_SEND_SETTINGS, sendRequest, textResolver, type CredentialSource } from '../core/http/sender';
import { ResponseTooLargeError } from '../core/errors';
import { CliError } from './cliError';
import { NETWORK_HELP, networkSettings } from './networkFlags';
import { runConnectedCli } from './connectedCommand';
import { CREDENTIAL_ENV_HELP, environmentCredential, profileCredential } from './credentials';
import { readProfiles } from './profilesFile';
import { openFileRun, parseFileCommandArgs, pickRequest, sendContext } from './httpFile';
import { PROMPT_HELP } from './prompts';

export const SEND_SUMMARY = 'Send one request of a .http file with the FinCode headers and credential';

export const SEND_USAGE = `Usage: fincode-http send FILE [--name N | --line L] [options]

${SEND_SUMMARY}.

Options:
  --name N          The request named N (# @name N)
  --line L          The request at line L (1-based); needed when the file holds several requests
  --base-url URL    The FinCode environment (default: FINCODE_BASE_URL); credentials and the
                    platform/uuid headers are sent only to this URL's origin
  --env-file F      Variables from http-client.env.json, REST Client settings or a .env file
  --env NAME        The environment of --env-file to use
  --profiles F      Send as a profile of this file (see "fincode-http matrix --help"): the one
                    the request names with # @profile or # @role, else --as
  --as NAME         The profile to use when the request names none
  --fail            Exit 1 when the response status is 400 or above, or its body was cut
                    at --max-response-bytes
  -h, --help        Show this help

${NETWORK_HELP}

${PROMPT_HELP}

Saving the response: a ">> ./out.json" line under the request writes the body to that file,
relative to the .http file (">>" never overwrites: out-1.json, out-2.json… are used instead;
">>!" overwrites). The file must be under the .http file's folder or the current directory.

Without --profiles: ${CREDENTIAL_ENV_HELP.charAt(0).toLowerCase()}${CREDENTIAL_ENV_HELP.slice(1)}
`;

function printResponse(response: HttpResponse): void {
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${response.reason}`, ...response.headers.map((h) => `${h.name}: ${h.value}`), ''];
  process.stdout.write(`${lines.join('\n')}\n${response.text}${response.text.endsWith('\n') || response.text === '' ? '' : '\n'}`);
  const facts = [
    `${Math.round(response.timings.totalMs)} ms`,
    `${response.size.decodedBytes} bytes`,
    response.injectedHeaders.length ? `injected: ${response.injectedHeaders.join(', ')}` : 'nothing injected',
  ];
  process.stderr.write(`${facts.join(' · ')}\n`);
  if (response.truncated && !response.stalled) process.stderr.write('The body was truncated at the size limit (--max-response-bytes).\n');
  for (const note of response.notes) process.stderr.write(`${note}\n`);
}

async function chosenCredential(
  path: string,
  as: string | undefined,
  request: ParsedRequest,
  environment: Environment,
  connections: Connections,
): Promise<CredentialSource> {
  const profiles = await readProfiles(path);
  const active = as === undefined ? undefined : profiles.find((profile) => profile.name === as);
  if (as !== undefined && !active) throw new CliError(`--as ${as}: no profile has that name in ${path}`, 2);
  const choice = chooseProfile(profiles, request.annotations, active);
  if ('problem' in choice) throw new CliError(choice.problem, 2);
  process.stderr.write(`as ${choice.profile.name} (${choice.profile.role})\n`);
  return profileCredential(choice.profile, environment, connections);
}

export function runSendCommand(args: readonly string[]): Promise<number> {
  return runConnectedCli('send', async (connections) => {
    const { values, positionals } = parseFileCommandArgs(args, {
      line: { type: 'string' },
      as: { type: 'string' },
      fail: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(SEND_USAGE);
      return 0;
    }
    const settings = networkSettings(values);
    const run = await openFileRun(positionals[0], values, connections);
    const request = pickRequest(run.file, values.name, values.line);
    const { environment } = run;
    const credential = values.profiles === undefined ? environmentCredential(environment, connections) : await chosenCredential(values.profiles, values.as, request, environment, connections);
    const context = sendContext(run, credential, new Map(), settings);
    const response = await sendRequest(request, context);
    printResponse(response);
    const roots = [dirname(run.file.path), process.cwd()];
    const written = await saveResponse(request, response, { httpFilePath: run.file.path, roots, resolve: textResolver(context) });
    for (const path of written) process.stderr.write(`saved the body to ${relative(process.cwd(), path) || path}\n`);
    if (!values.fail) return 0;
    if (response.truncated && !response.stalled) throw new ResponseTooLargeError(settings.maxResponseBytes ?? DEFAULT_SEND_SETTINGS.maxResponseBytes);
    return response.status >= 400 ? 1 : 0;
  });
}
