// The CLI's profiles file: a JSON array of `{name, role, email, password}` or
// `{name, role, apiToken}`. Written so, it holds secrets: the README tells users to keep it out
// of git. In CI the file names the environment variables that hold them instead
// (`"passwordEnv": "FINCODE_CASHIER_PASSWORD"`, `"apiTokenEnv": …`), filled from the CI's
// secret store, and may then be committed.
import { readFile } from 'node:fs/promises';
import { replaceFile } from '../core/replaceFile';
import { isRole, ROLES, type Role } from '../core/fincode/roles';
import { DOCUMENTED_SANDBOX_USERS } from '../core/fincode/testUsers';

export type CliProfile =
  | { readonly name: string; readonly role: Role; readonly email: string; readonly password: string }
  | { readonly name: string; readonly role: Role; readonly apiToken: string };

export class ProfilesFileError extends Error {
  override readonly name = 'ProfilesFileError';
}

function entryProblem(entry: unknown, index: number): string | undefined {
  const at = `profile #${index + 1}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${at} is not an object`;
  const { name, role, email, password, passwordEnv, apiToken, apiTokenEnv } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return `${at} has no "name"`;
  if (!isRole(role)) return `${at} ("${name}") has role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}`;
  if ((typeof apiToken === 'string' && apiToken !== '') || isVariableName(apiTokenEnv)) return undefined;
  if (typeof email !== 'string' || (typeof password !== 'string' && !isVariableName(passwordEnv))) {
    return `${at} ("${name}") needs "email" and "password", or "apiToken" (or "passwordEnv" / "apiTokenEnv": the name of the environment variable that holds it)`;
  }
  return undefined;
}

const isVariableName = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);

/** The secret itself, or the value of the variable named for it; never quoted in an error. */
function secret(entry: Record<string, string>, key: 'password' | 'apiToken', source: string, env: NodeJS.ProcessEnv): string | undefined {
  const variable = entry[`${key}Env`];
  if (!isVariableName(variable)) return entry[key] || undefined;
  const value = env[variable];
  if (!value) throw new ProfilesFileError(`${source}: profile "${entry.name}" takes its ${key === 'password' ? 'password' : 'API token'} from the environment variable ${variable}, which is not set`);
  return value;
}

/**
 * Parses the file's text; every problem is one clear sentence that never quotes a secret.
 * `env`: where `passwordEnv` and `apiTokenEnv` variables are read.
 */
export function parseProfiles(text: string, source = 'the profiles file', env: NodeJS.ProcessEnv = process.env): CliProfile[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ProfilesFileError(`${source} is not valid JSON`);
  }
  if (!Array.isArray(data)) throw new ProfilesFileError(`${source} must hold a JSON array of profiles`);
  if (data.length === 0) throw new ProfilesFileError(`${source} holds no profile`);
  const problems = data.map(entryProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ProfilesFileError(`${source}: ${problems.join('; ')}`);
  const names = new Set<string>();
  // Validated above: every entry has a name, a role and either an API token or email + password.
  return (data as Record<string, string>[]).map((entry) => {
    const { name = '', role, email = '' } = entry;
    if (names.has(name)) throw new ProfilesFileError(`${source}: two profiles are named "${name}"`);
    names.add(name);
    const apiToken = secret(entry, 'apiToken', source, env);
    return apiToken ? { name, role: role as Role, apiToken } : { name, role: role as Role, email, password: secret(entry, 'password', source, env) ?? '' };
  });
}

export async function readProfiles(path: string): Promise<CliProfile[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProfilesFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseProfiles(text, path);
}

/** The sandbox's documented test users as a profiles file (mode 0600: it holds passwords). */
export async function writeSandboxProfiles(path: string): Promise<void> {
  const profiles = DOCUMENTED_SANDBOX_USERS.map((user) => ({
    name: user.role.toLowerCase(),
    role: user.role,
    email: user.email,
    password: user.password,
  }));
  await replaceFile(path, `${JSON.stringify(profiles, null, 2)}\n`, 0o600);
}
