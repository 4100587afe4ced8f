// `fincode-http sandbox`: starts the local FinCode sandbox, prints where it listens, the
// documented test users and a login to paste, logs request lines to stderr, and stops
// cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULT_REQUIRED_HEADERS } from '../core/fincode/headers';
import { DOCUMENTED_SANDBOX_USERS, type DocumentedTestUser } from '../core/fincode/testUsers';
import {
  DEFAULT_EXPIRES_IN_SECONDS,
  DEFAULT_LOCKOUT_ATTEMPTS,
  DEFAULT_LOCKOUT_SECONDS,
  integerProblem,
  MAX_PORT,
  type SandboxOptions,
} from '../sandbox/options';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { writeSandboxProfiles } from './profilesFile';

const DEFAULT_SANDBOX_PORT = 8787;

export const SANDBOX_SUMMARY = 'Run the local FinCode sandbox on 127.0.0.1';

export const SANDBOX_USAGE = `Usage: fincode-http sandbox [options]

${SANDBOX_SUMMARY}: the documented login, refresh and logout
endpoints, the documented test users, API tokens and role-guarded demo endpoints.

Options:
  --port N               Port to listen on; 0 picks any free port (default ${DEFAULT_SANDBOX_PORT})
  --expires-in S         Access token lifetime in seconds (default ${DEFAULT_EXPIRES_IN_SECONDS})
  --lockout-attempts N   Failed logins before an e-mail is locked (default ${DEFAULT_LOCKOUT_ATTEMPTS})
  --lockout-seconds S    How long a lock lasts in seconds (default ${DEFAULT_LOCKOUT_SECONDS})
  --latency-ms N         Delay every answer by N ms, like a remote server (default 0)
  --write-profiles F     Also write a profiles file for the test users (for "fincode-http matrix";
                         it holds passwords: keep it out of git)
  -h, --help             Show this help
`;

type Parsed = { help: true } | { problem: string } | { options: SandboxOptions; profilesFile?: string };

/** Flag → [option, minimum, maximum]. */
const INTEGER_FLAGS = {
  port: ['port', 0, MAX_PORT],
  'expires-in': ['expiresInSeconds', 1, undefined],
  'lockout-attempts': ['lockoutAttempts', 1, undefined],
  'lockout-seconds': ['lockoutSeconds', 1, undefined],
  'latency-ms': ['latencyMs', 0, 600_000],
} as const;

function parseSandboxArgs(args: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        ...Object.fromEntries(Object.keys(INTEGER_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        'write-profiles': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { help: true };
  const options: SandboxOptions = { port: DEFAULT_SANDBOX_PORT };
  for (const [flag, [option, min, max]] of Object.entries(INTEGER_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const problem = integerProblem(`--${flag}`, value, min, max);
    if (problem) return { problem: `${problem} (got "${raw}")` };
    options[option] = value;
  }
  const profilesFile = values['write-profiles'];
  if (profilesFile === '') return { problem: '--write-profiles needs a file name' };
  return { options, ...(typeof profilesFile === 'string' ? { profilesFile } : {}) };
}

function curlLogin(baseUrl: string, user: DocumentedTestUser): string {
  const body = JSON.stringify({ email: user.email, currentPassword: user.password });
  const headers = Object.entries(DEFAULT_REQUIRED_HEADERS).map(([name, value]) => `-H "${name}: ${String(value)}"`);
  return [
    `  curl -X PUT "${baseUrl}/securitymanagement/login" \\`,
    `    -H "Content-Type: application/json" ${headers.join(' ')} \\`,
    `    -d '${body}'`,
  ].join('\n');
}

function banner(sandbox: RunningSandbox): string {
  const width = Math.max(...DOCUMENTED_SANDBOX_USERS.map((user) => user.email.length));
  const users = DOCUMENTED_SANDBOX_USERS.map((user) => `  ${user.role.padEnd(9)} ${user.email.padEnd(width)}  ${user.password}`);
  return [
    'FinCode local sandbox (an emulator, not FinCode) is running.',
    `  Base URL:         ${sandbox.baseUrl}`,
    `  Sandbox base URL: ${sandbox.sandboxBaseUrl}`,
    '',
    "Test users (the public sandbox credentials from FinCode's login document):",
    ...users,
    '',
    'Log in:',
    ...DOCUMENTED_SANDBOX_USERS.slice(0, 1).map((user) => curlLogin(sandbox.baseUrl, user)),
    '',
    'Requests are logged to stderr. Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function startProblem(error: unknown, port: number | undefined): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `port ${String(port)} is already in use; choose another with --port (0 picks any free port)`;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function runSandboxCommand(args: readonly string[]): Promise<number> {
  const parsed = parseSandboxArgs(args);
  if ('help' in parsed) {
    process.stdout.write(SANDBOX_USAGE);
    return 0;
  }
  if ('problem' in parsed) {
    process.stderr.write(`fincode-http sandbox: ${parsed.problem}\nRun "fincode-http sandbox --help" for usage.\n`);
    return 2;
  }
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ ...parsed.options, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`fincode-http sandbox: cannot start: ${startProblem(error, parsed.options.port)}\n`);
    return 1;
  }
  process.stdout.write(banner(sandbox));
  if (parsed.profilesFile) {
    try {
      await writeSandboxProfiles(parsed.profilesFile);
      process.stdout.write(`Profiles for the test users written to ${parsed.profilesFile}\n`);
    } catch (error) {
      process.stderr.write(`fincode-http sandbox: cannot write ${parsed.profilesFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    }
  }
  const signal = await untilSignal();
  await sandbox.stop();
  process.stdout.write(`Sandbox stopped (${signal}).\n`);
  return 0;
}
