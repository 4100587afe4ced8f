// One cold parse: run by bench/parse.mjs in a fresh node process per sample. Loads the parser
// (untimed), then times its first parse of the file, what a user opening the file gets, and
// prints the milliseconds: wall time, and on Linux also the CPU time of the parsing thread alone
// (from /proc: what the parse costs whatever else the machine runs, the compiler's and the
// garbage collector's helper threads aside). With V8 flags after the bundle (bench/parse.mjs gives
// fincode-http's, src/cli/v8Flags.ts), they are set before the parser loads, as fincode-http sets them.
// `json` instead times JSON.parse of a file holding the requests a first parse returns (a scale:
// what V8's native parser takes to make objects like those, in the same kind of process).
// Usage: node bench/coldParse.mjs ours|httpyac|json <file.http|file.json> <parser bundle> [V8 flags]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [which, file, bundle, v8Flags] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/** Milliseconds this (the main) thread has run, or undefined where /proc has no such file. */
function threadCpuMs() {
  return existsSync(SCHEDSTAT) ? Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6 : undefined;
}

if (which === 'ours') {
  if (v8Flags) setFlagsFromString(v8Flags);
  const { parseHttpFile } = await import(pathToFileURL(bundle).href);
  const cpuBefore = threadCpuMs();
  const started = performance.now();
  const parsed = parseHttpFile(text);
  const ms = performance.now() - started;
  const cpuAfter = threadCpuMs();
  report(ms, parsed.requests.length, cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
} else if (which === 'json') {
  const cpuBefore = threadCpuMs();
  const started = performance.now();
  const requests = JSON.parse(text);
  const ms = performance.now() - started;
  const cpuAfter = threadCpuMs();
  report(ms, requests.length, cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
} else {
  const httpyac = createRequire(join(BENCH_DIR, '..', 'package.json'))('httpyac');
  httpyac.cli.initFileProvider();
  const store = new httpyac.store.HttpFileStore();
  const httpFile = await store.initHttpFile(join(BENCH_DIR, 'generated.http'), { workingDir: BENCH_DIR, config: {} });
  const started = performance.now();
  await httpyac.store.parseHttpFile(httpFile, text, store);
  report(performance.now() - started, httpFile.httpRegions.filter((region) => region.request).length);
}

function report(ms, regions, cpuMs) {
  process.stdout.write(JSON.stringify({ ms, regions, cpuMs }));
}
