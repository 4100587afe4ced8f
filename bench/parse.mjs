// Parse benchmark: our parser (src/core/http/parser.ts, bundled here with esbuild as the
// extension bundles it) against httpyac's on the same generated files in the same process.
// Prints median times and their ratio at 100 / 1,000 / 10,000 requests, a re-parse after a
// one-line edit, and the heap the 10,000-request result holds; exits 1 when a target is missed.
// Usage: node bench/parse.mjs   (installs bench/node_modules and re-runs itself with --expose-gc)
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateHttpFile } from './generate.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const SIZES = [100, 1_000, 10_000];
const TARGETS = { ratio: 100, medianMs: 25, heapMb: 30 };

if (typeof globalThis.gc !== 'function') {
  const { status } = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

installHttpyac();
const { parseHttpFile } = await bundleOurParser();
const httpyac = createRequire(join(BENCH_DIR, 'package.json'))('httpyac');
// httpyac's CLI file provider: HttpFileStore resolves paths through it.
httpyac.cli.initFileProvider();
const store = new httpyac.store.HttpFileStore();
const fileName = join(BENCH_DIR, 'generated.http');

/** httpyac's own parser on `text`: a fresh HttpFile (hooks set up, untimed), then its parseHttpFile (timed). */
async function httpyacParse(text) {
  const httpFile = await store.initHttpFile(fileName, { workingDir: BENCH_DIR, config: {} });
  const started = performance.now();
  await httpyac.store.parseHttpFile(httpFile, text, store);
  return { ms: performance.now() - started, regions: httpFile.httpRegions.filter((region) => region.request).length };
}

function oursParse(text) {
  const started = performance.now();
  const parsed = parseHttpFile(text);
  return { ms: performance.now() - started, regions: parsed.requests.length };
}

/**
 * Median of runs after warm-up: up to `maxRuns`, stopping once `budgetMs` is spent (at least 5).
 * Each series starts on a collected heap, so neither parser pays for the other's garbage; the
 * collections a parser's own allocations cause during its runs are part of its times.
 */
async function medianMs(parse, text, expected, { maxRuns, budgetMs }) {
  globalThis.gc();
  // Warm-up: at least 3 runs and 300 ms, so the measured code is the optimised one.
  const warming = performance.now();
  for (let i = 0; i < 3 || (i < maxRuns && performance.now() - warming < 300); i++) check(await parse(text), expected);
  const times = [];
  const started = performance.now();
  while (times.length < maxRuns && (times.length < 5 || performance.now() - started < budgetMs)) {
    times.push(check(await parse(text), expected).ms);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], runs: times.length };
}

function check(result, expected) {
  if (result.regions !== expected) throw new Error(`parsed ${result.regions} requests, expected ${expected}`);
  return result;
}

function oneLineEdits(text, count) {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate, index) => index > lines.length / 2 && candidate.startsWith('Accept:'));
  return Array.from({ length: count }, (_, i) => {
    lines[line] = `Accept: application/json; edit=${i}`;
    return lines.join('\n');
  });
}

function heapAddedMb(text) {
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const parsed = parseHttpFile(text);
  globalThis.gc();
  const added = process.memoryUsage().heapUsed - before;
  if (parsed.requests.length === 0) throw new Error('nothing parsed');
  return added / 1024 / 1024;
}

const rows = [];
for (const size of SIZES) {
  const text = generateHttpFile(size);
  const ours = await medianMs(oursParse, text, size, { maxRuns: 500, budgetMs: 3_000 });
  const theirs = await medianMs(httpyacParse, text, size, { maxRuns: 50, budgetMs: 10_000 });
  rows.push({ size, bytes: Buffer.byteLength(text), ours, theirs });
}

const big = generateHttpFile(10_000);
const edits = oneLineEdits(big, 41);
globalThis.gc();
const editTimes = edits.map((edited) => oursParse(edited).ms).sort((a, b) => a - b);
const editMedian = editTimes[Math.floor(editTimes.length / 2)];
const heapMb = heapAddedMb(big);

console.log(`Node ${process.version}, httpyac ${requireVersion()}\n`);
printTable(
  ['requests', 'size', 'ours (median)', 'httpyac (median)', 'ours faster by', 'runs ours/httpyac'],
  rows.map(({ size, bytes, ours, theirs }) => [
    size.toLocaleString('en'),
    `${(bytes / 1024).toFixed(0)} KiB`,
    `${ours.median.toFixed(3)} ms`,
    `${theirs.median.toFixed(1)} ms`,
    `${(theirs.median / ours.median).toFixed(0)}×`,
    `${ours.runs}/${theirs.runs}`,
  ]),
);
console.log(`\nre-parse of 10,000 requests after a one-line edit: ${editMedian.toFixed(3)} ms median over ${editTimes.length} edits`);
console.log(`heap held by the parsed 10,000 requests: ${heapMb.toFixed(1)} MiB`);

const last = rows[rows.length - 1];
const results = [
  [`ours ≥ ${TARGETS.ratio}× faster than httpyac at 10,000`, last.theirs.median / last.ours.median >= TARGETS.ratio],
  [`ours ≤ ${TARGETS.medianMs} ms median at 10,000`, last.ours.median <= TARGETS.medianMs],
  [`heap added ≤ ${TARGETS.heapMb} MiB at 10,000`, heapMb <= TARGETS.heapMb],
];
console.log('');
for (const [target, met] of results) console.log(`${met ? '✓' : '✗'} ${target}`);
process.exitCode = results.every(([, met]) => met) ? 0 : 1;

function installHttpyac() {
  if (existsSync(join(BENCH_DIR, 'node_modules', 'httpyac'))) return;
  console.log('Installing the benchmark dependencies (httpyac) into bench/node_modules…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { status } = spawnSync(npm, ['--prefix', BENCH_DIR, 'install', '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (status !== 0) process.exit(status ?? 1);
}

/** src/core/http/parser.ts as one ES module, imported from memory (it imports nothing at run time). */
async function bundleOurParser() {
  const esbuild = await import('esbuild');
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'core', 'http', 'parser.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`);
}

function requireVersion() {
  return createRequire(join(BENCH_DIR, 'package.json'))('httpyac/package.json').version;
}

function printTable(header, body) {
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ');
  console.log(format(header));
  console.log(widths.map((width) => '─'.repeat(width)).join('   '));
  for (const row of body) console.log(format(row));
}
