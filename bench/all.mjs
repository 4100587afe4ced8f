// `npm run bench`: every benchmark in turn, each in its own process so none warms another's
// code. A missed target does not stop the others: all figures are printed, and the exit code
// is 1 when any of them missed a target or failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RUNS = [
  ['--expose-gc', join(BENCH_DIR, 'parse.mjs')],
  ['--import', 'tsx', join(BENCH_DIR, 'send.mts')],
  [join(BENCH_DIR, 'test.mjs')],
];

const failed = RUNS.filter((args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status !== 0).map((args) => args[args.length - 1]);
if (failed.length > 0) console.log(`\nnpm run bench: ${failed.length} benchmark(s) missed a target or failed: ${failed.map((file) => file.slice(BENCH_DIR.length + 1)).join(', ')}.`);
process.exitCode = failed.length > 0 ? 1 : 0;
