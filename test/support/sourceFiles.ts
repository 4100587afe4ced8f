// The TypeScript files under a folder of this repository, for the structure tests that read
// the source as text (layering, function length).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const ROOT = join(__dirname, '..', '..');

/** Every .ts/.tsx (also .mts/.cts) file below `dir`, at any depth; none when `dir` does not exist. */
export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?tsx?$/.test(entry.name) ? [path] : [];
  });
}
