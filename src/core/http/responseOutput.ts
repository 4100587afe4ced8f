// Saving a response body where the .http file says (JetBrains and httpYac): `>> ./out.json`
// writes a new file, adding `-1`, `-2`… before the extension when the name is taken (httpYac's
// numbering; it also overwrote a file without an extension, which we never do); `>>! ./out.json`
// overwrites. A path is relative to the .http file (variables resolved), and the file must land
// inside one of the roots the front end allows, checked on real paths: `..` and symbolic links
// that lead outside are refused. An incomplete body (cut or stalled) is not saved.
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FinCodeError } from '../fincode/errors';
import type { ParsedRequest } from './model';
import type { HttpResponse } from './response';

export interface OutputTarget {
  /** As written after `>>` / `>>!`, variables unresolved. */
  readonly path: string;
  /** `>>!`: an existing file is replaced. */
  readonly overwrite: boolean;
  readonly line: number;
}

export interface SaveOptions {
  /** Absolute path of the .http file (relative targets start beside it). */
  readonly httpFilePath: string | undefined;
  /** Absolute folders a file may be written under. */
  readonly roots: readonly string[];
  /** Resolves `{{…}}` in the path the way the request's own text is resolved. */
  readonly resolve: (text: string) => string;
}

export class OutputRefusedError extends FinCodeError {
  override readonly name = 'OutputRefusedError';
  readonly code = 'validation';
  readonly advice: readonly string[];
  constructor(message: string, line: number, advice: readonly string[] = []) {
    super(`The response was not saved: ${message} (line ${line + 1}).`);
    this.advice = advice;
  }
}

const OUTPUT_LINE = /^>>(!)?\s+(.+?)\s*$/s;

/** The request's `>> file` and `>>! file` lines, in order. */
export function outputTargets(request: ParsedRequest): OutputTarget[] {
  const targets: OutputTarget[] = [];
  for (const entry of request.metadata) {
    if (entry.key !== 'output') continue;
    const match = OUTPUT_LINE.exec(entry.value);
    if (match?.[2]) targets.push({ path: match[2], overwrite: match[1] === '!', line: entry.line });
  }
  return targets;
}

function inside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

/** The nearest existing folder at or above `path`, as a real path. */
async function realAncestor(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      return await realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}

/** Throws unless `path` (normalised, absolute) lands inside a root, also through any symbolic link on the way. */
async function checkedPath(path: string, roots: readonly string[], line: number): Promise<void> {
  const outside = (): OutputRefusedError =>
    new OutputRefusedError(`${path} is outside the workspace`, line, ['Write the path relative to the .http file, inside the workspace folder']);
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  const within = (candidate: string): boolean => realRoots.some((root) => inside(root, candidate));
  if (!roots.some((root) => inside(root, path)) && !within(path)) throw outside();
  if (!within(await realAncestor(dirname(path)))) throw outside();
  const existing = await lstat(path).catch(() => undefined);
  // `>>!` writes through a link: where it leads must be inside too (a dangling one is refused).
  if (existing?.isSymbolicLink()) {
    const target = await realpath(path).catch(() => undefined);
    if (target === undefined || !within(target)) throw outside();
  }
  if (existing?.isDirectory()) throw new OutputRefusedError(`${path} is a folder`, line, ['Name a file, e.g. >> ./out.json']);
}

/** `name-1.ext`, `name-2.ext`… beside `path` (httpYac's numbering). */
function numbered(path: string, n: number): string {
  const extension = extname(path);
  return join(dirname(path), `${basename(path, extension)}-${n}${extension}`);
}

/** Writes `body` to `path`, or (not overwriting) to the first free numbered name; the path written. */
async function write(path: string, body: Buffer, overwrite: boolean): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  for (let n = 0; ; n += 1) {
    const candidate = n === 0 ? path : numbered(path, n);
    try {
      // 'wx' fails on any existing name, a dangling link included: nothing is ever replaced by `>>`.
      const file = await open(candidate, overwrite ? 'w' : 'wx');
      try {
        await file.writeFile(body);
      } finally {
        await file.close();
      }
      return candidate;
    } catch (error) {
      if (overwrite || (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Saves the response body for each `>>` line of the request; the absolute paths written. */
export async function saveResponse(request: ParsedRequest, response: HttpResponse, options: SaveOptions): Promise<string[]> {
  const written: string[] = [];
  for (const target of outputTargets(request)) {
    if (response.truncated) {
      throw new OutputRefusedError('the body is incomplete (cut at the size limit or stalled)', target.line, ['Raise the response size limit or the body timeout, and send again']);
    }
    const resolved = options.resolve(target.path).trim();
    if (!isAbsolute(resolved) && options.httpFilePath === undefined) {
      throw new OutputRefusedError(`${resolved} is relative, but the .http file has no folder`, target.line, ['Save the .http file in the workspace first']);
    }
    const path = options.httpFilePath === undefined ? resolve(resolved) : resolve(dirname(options.httpFilePath), resolved);
    await checkedPath(path, options.roots, target.line);
    try {
      written.push(await write(path, response.body, target.overwrite));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new OutputRefusedError(`${path} could not be written${typeof code === 'string' ? ` (${code})` : ''}`, target.line);
    }
  }
  return written;
}
