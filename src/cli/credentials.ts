// Where the CLI's credentials come from: environment variables (FINCODE_API_TOKEN, or
// FINCODE_EMAIL + FINCODE_PASSWORD) or a profiles file — never from arguments, so they stay
// out of shell history and process lists. Sessions live in memory for one run.
import { createSession } from '../core/auth/session';
import { memorySecretStore, secretKeys } from '../core/auth/secretStore';
import { SignInRequiredError } from '../core/fincode/errors';
import type { Environment } from '../core/fincode/environments';
import type { CredentialSource } from '../core/http/sender';
import type { Connections } from '../core/net/connections';
import type { CliProfile } from './profilesFile';

export const CREDENTIAL_ENV_HELP = `Credentials come from the environment, never from arguments:
  FINCODE_API_TOKEN                 an API token, sent as X-Auth-Token
  FINCODE_EMAIL + FINCODE_PASSWORD  a FinCode user; the CLI signs in first`;

type Identity = { readonly apiToken: string } | { readonly email: string; readonly password: string };

/**
 * A credential source that signs in on first use (once, however many requests use it). The given
 * password is the session's stored password for this run, used as the core's sign-in policy
 * rules: one login, and again only to recover a session FinCode ended, never after a refusal.
 * One process: no lock between windows to wait for.
 */
export function credentialFor(identity: Identity, environment: Environment, profileId: string, connections: Connections): CredentialSource {
  if ('apiToken' in identity) return { kind: 'apiToken', token: identity.apiToken };
  const store = memorySecretStore([[secretKeys.password(profileId), identity.password]]);
  const session = createSession({ profileId, env: environment, email: identity.email, store, auth: { connections } });
  let signedIn: Promise<unknown> | undefined;
  const ready = (): Promise<unknown> =>
    (signedIn ??= session.signInWithStoredPassword({ automatic: false }).then((done) => {
      if (!done) throw new SignInRequiredError('FinCode refused the password given to the CLI: check FINCODE_EMAIL and FINCODE_PASSWORD or the profiles file.');
    }));
  return {
    kind: 'session',
    session: {
      getAccessToken: async (signal) => {
        await ready();
        return session.getAccessToken(signal);
      },
      withAuth: async (send, signal) => {
        await ready();
        return session.withAuth(send, signal);
      },
    },
  };
}

/** From FINCODE_API_TOKEN or FINCODE_EMAIL + FINCODE_PASSWORD; none when neither is set. */
export function environmentCredential(environment: Environment, connections: Connections, env: NodeJS.ProcessEnv = process.env): CredentialSource {
  if (env.FINCODE_API_TOKEN) return credentialFor({ apiToken: env.FINCODE_API_TOKEN }, environment, 'env', connections);
  if (env.FINCODE_EMAIL && env.FINCODE_PASSWORD) {
    return credentialFor({ email: env.FINCODE_EMAIL, password: env.FINCODE_PASSWORD }, environment, 'env', connections);
  }
  return { kind: 'none' };
}

export function profileCredential(profile: CliProfile, environment: Environment, connections: Connections): CredentialSource {
  return credentialFor(profile, environment, profile.name, connections);
}
