// The files a command names: paths as given, and globs (`tests/**/*.http`) expanded here, since
// a CI's shell (or Windows' cmd) may pass them unexpanded. `**` crosses folders, `*` and `?`
// stay within one, `{a,b}` is either; node_modules and dot-folders are not searched.
import { readdir } from 'node:fs/promises';
import { join, posix, resolve, sep } from 'node:path';
import { CliError } from './cliError';

const MAGIC = /[*?{]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** The glob as a regular expression over `/`-separated relative paths. */
export function globPattern(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(escapeRegExp).join('|')})`;
        i = close;
      }
    } else out += escapeRegExp(char);
  }
  return new RegExp(`^${out}$`);
}

/** The folder a glob starts from: its segments before the first with a wildcard. */
function globBase(glob: string): string {
  const segments = glob.split('/');
  const first = segments.findIndex((segment) => MAGIC.test(segment));
  return segments.slice(0, first).join('/') || '.';
}

const SKIPPED = /(^|\/)(node_modules|\.[^/]+)\//;

async function expandGlob(glob: string, cwd: string): Promise<string[]> {
  const normal = glob.split(sep).join('/');
  const base = globBase(normal);
  let entries: string[];
  try {
    entries = await readdir(resolve(cwd, base), { recursive: true });
  } catch {
    entries = [];
  }
  const pattern = globPattern(normal.startsWith('./') ? normal.slice(2) : normal);
  return entries
    .filter((entry) => !SKIPPED.test(`${posix.dirname(entry.split(sep).join('/'))}/`))
    .map((entry) => join(base, entry).split(sep).join('/'))
    .filter((path) => pattern.test(path))
    .sort();
}

/** Every file `patterns` name, in order, each once; a glob that matches nothing is a usage error. */
export async function expandFiles(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  if (patterns.length === 0) throw new CliError('name at least one .http file or glob', 2);
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!MAGIC.test(pattern)) {
      files.push(pattern);
      continue;
    }
    const matched = await expandGlob(pattern, cwd);
    if (matched.length === 0) throw new CliError(`no file matches ${pattern}`, 2);
    files.push(...matched);
  }
  return [...new Set(files)];
}
