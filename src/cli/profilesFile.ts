// The CLI's profiles file: a JSON array of `{name, role, email, password}` or
// `{name, role, apiToken}`. It holds secrets: the README tells users to keep it out of git.
import { readFile, writeFile } from 'node:fs/promises';
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
  const { name, role, email, password, apiToken } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return `${at} has no "name"`;
  if (!isRole(role)) return `${at} ("${name}") has role ${JSON.stringify(role)}; use one of ${ROLES.join(', ')}`;
  if (typeof apiToken === 'string' && apiToken !== '') return undefined;
  if (typeof email !== 'string' || typeof password !== 'string') return `${at} ("${name}") needs "email" and "password", or "apiToken"`;
  return undefined;
}

/** Parses the file's text; every problem is one clear sentence that never quotes a secret. */
export function parseProfiles(text: string, source = 'the profiles file'): CliProfile[] {
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
  // Validated above: every entry has a name, a role and either an apiToken or email + password.
  return (data as Record<string, string>[]).map(({ name = '', role, email = '', password = '', apiToken }) => {
    if (names.has(name)) throw new ProfilesFileError(`${source}: two profiles are named "${name}"`);
    names.add(name);
    return apiToken ? { name, role: role as Role, apiToken } : { name, role: role as Role, email, password };
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
  await writeFile(path, `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600 });
}
