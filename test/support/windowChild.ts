// One "window" as a separate process (sessionProcesses.test.ts): the extension's secrets in the
// host vault of argv's folder, renewals under the host lock in it, as two extension hosts of one
// browser-hosted workbench do. Modes:
//   renew          prints "ready", waits for a line on stdin, then sends the org-preference
//                  request with the session's token at once and every 150 ms for `runMs`; prints
//                  every token it sent and every status.
//   write <n>      stores n keys of its own in the vault, one write at a time.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { hostLocks } from '../../src/core/auth/hostLock';
import { createSession } from '../../src/core/auth/session';
import { vaultStore } from '../../src/core/auth/vaultStore';
import { makeEnvironment } from '../../src/core/fincode/environments';
import { orgPreference } from './session';

export interface WindowChildArgs {
  readonly dir: string;
  /** The vault key, base64, its id and when it was made. */
  readonly key: string;
  readonly keyId: string;
  readonly keyCreatedAt: number;
  readonly name: string;
  readonly baseUrl?: string;
  readonly email?: string;
  readonly mode: 'renew' | 'write';
  readonly runMs?: number;
  readonly count?: number;
}

export interface WindowChildReport {
  readonly tokens: string[];
  readonly statuses: number[];
}

async function main(args: WindowChildArgs): Promise<WindowChildReport> {
  const key = { id: args.keyId, key: Buffer.from(args.key, 'base64'), createdAt: args.keyCreatedAt };
  const store = vaultStore(args.dir, { read: async () => key, create: async () => undefined });
  try {
    if (args.mode === 'write') {
      for (let i = 0; i < (args.count ?? 0); i += 1) await store.store(`fincode.apiToken.${args.name}-${i}`, `secret-${args.name}-${i}`);
      return { tokens: [], statuses: [] };
    }
    const env = makeEnvironment({ id: 'local', label: 'Local sandbox', kind: 'custom', baseUrl: args.baseUrl ?? '' });
    const session = createSession({ profileId: 'p1', env, email: args.email ?? '', store, lock: hostLocks(join(args.dir, 'locks')) });
    const tokens: string[] = [];
    const statuses: number[] = [];
    process.stdout.write('ready\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    process.stdin.destroy();
    const until = Date.now() + (args.runMs ?? 0);
    do {
      const response = await session.withAuth(orgPreference(env, tokens));
      statuses.push(response.status);
      if (Date.now() < until) await delay(150);
    } while (Date.now() < until);
    return { tokens, statuses };
  } finally {
    store.dispose();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as WindowChildArgs).then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
