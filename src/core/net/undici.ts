// undici, loaded on first use: the extension activates without loading the HTTP client, which
// its build ships as a file of its own (dist/undici.js) outside the activation bundle.
import type * as Undici from 'undici';

let undiciModule: typeof Undici | undefined;

export function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
  return (undiciModule ??= require('undici') as typeof Undici);
}
