// The extension's network settings as flags of the commands that send (timeouts, the response
// size limit, redirects), each also read from a FINCODE_* environment variable as --base-url is
// from FINCODE_BASE_URL. Advice names these flags through CLI_SETTING_NAMES (cliError.ts).
import type { SendSettings } from '../core/http/sender';
import type { Timeouts } from '../core/net/transport';
import { CliError } from './cliError';

export const NETWORK_OPTIONS = {
  'connect-timeout-ms': { type: 'string' },
  'headers-timeout-ms': { type: 'string' },
  'body-timeout-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-response-bytes': { type: 'string' },
  follow: { type: 'boolean' },
  'max-redirects': { type: 'string' },
} as const;

export const NETWORK_HELP = `Network (each flag also from its environment variable, e.g. FINCODE_TIMEOUT_MS):
  --connect-timeout-ms N    Wait N ms for the TCP/TLS connection (default 10000)
  --headers-timeout-ms N    Wait N ms for the response headers (default 30000)
  --body-timeout-ms N       Wait N ms for the rest of the body (default 30000)
  --timeout-ms N            Wait N ms for the whole exchange, 0 = no limit (default 60000)
  --max-response-bytes N    Read at most N bytes of a body, from 1024 (default 10485760)
  --follow                  Follow redirects (never to another origin with credentials;
                            FINCODE_FOLLOW_REDIRECTS=1)
  --max-redirects N         Redirects followed at most (default 5)`;

type NetworkValues = { readonly [K in keyof typeof NETWORK_OPTIONS]?: (typeof NETWORK_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const envName = (flag: string): string => `FINCODE_${flag.replace(/-/g, '_').toUpperCase()}`;

/** The flag's whole number, else its environment variable's; a usage error names where it came from. */
function integer(values: NetworkValues, flag: Exclude<keyof NetworkValues, 'follow'>, env: NodeJS.ProcessEnv, min: number): number | undefined {
  const fromFlag = values[flag];
  const raw = fromFlag ?? env[envName(flag)];
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new CliError(`${fromFlag === undefined ? envName(flag) : `--${flag}`} takes a whole number from ${min}, not "${raw}"`, 2);
  }
  return value;
}

/** The send settings the flags (or their environment variables) give; the defaults otherwise. */
export function networkSettings(values: NetworkValues, env: NodeJS.ProcessEnv = process.env): Partial<SendSettings> {
  const timeouts: { -readonly [K in keyof Timeouts]?: number } = {};
  const connectMs = integer(values, 'connect-timeout-ms', env, 1);
  const headersMs = integer(values, 'headers-timeout-ms', env, 1);
  const bodyMs = integer(values, 'body-timeout-ms', env, 1);
  const totalMs = integer(values, 'timeout-ms', env, 0);
  if (connectMs !== undefined) timeouts.connectMs = connectMs;
  if (headersMs !== undefined) timeouts.headersMs = headersMs;
  if (bodyMs !== undefined) timeouts.bodyMs = bodyMs;
  if (totalMs !== undefined) timeouts.totalMs = totalMs;
  const maxResponseBytes = integer(values, 'max-response-bytes', env, 1024);
  const maxRedirects = integer(values, 'max-redirects', env, 0);
  const follow = values.follow === true || /^(1|true|yes)$/i.test(env.FINCODE_FOLLOW_REDIRECTS ?? '');
  return {
    ...(Object.keys(timeouts).length === 0 ? {} : { timeouts }),
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    ...(maxRedirects === undefined ? {} : { maxRedirects }),
    followRedirects: follow,
  };
}
