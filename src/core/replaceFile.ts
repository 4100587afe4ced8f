// Replacing a file so that a reader never finds it missing and a crash never leaves it half written.
// Not vscode.workspace.fs.rename: with `overwrite` VS Code's file service deletes the target
// first, then renames, so for a moment there is no file at all (and a crash there loses it).
import { randomUUID } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';

/** Writes `data` beside `path`, then renames it over: the old content or the new one, never none. */
export async function replaceFile(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  // A name of its own: two writers (windows) never share a half-written temporary file.
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, data, mode === undefined ? undefined : { mode });
    await rename(temporary, path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
