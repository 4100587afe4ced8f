// Standard output for a command that prints its result in one go (`parse`): one synchronous
// write to file descriptor 1. process.stdout on a pipe is a net.Socket, and creating it loads
// Node's network and stream modules, some 10 ms of a run that otherwise takes about 100.
// A pipe or terminal in non-blocking mode may refuse part of the text (EAGAIN): the rest then
// goes through process.stdout, which waits for it.
import { writeSync } from 'node:fs';

export function printAll(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(written));
  }
}
