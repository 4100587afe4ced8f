// Send-pipeline benchmark (the measurements are in bench/sendBench.ts), measured in one run
// against one sandbox process:
// 1. overhead: N sequential requests to the sandbox echo endpoint through our pipeline
//    (parse → resolve → inject → send → decode) vs raw undici with the same headers and body;
//    target: median latency ratio ≤ 1.15;
// 2. role matrix over the 4 documented users vs one request, with the sandbox answering after
//    a realistic server latency; target: wall time ≤ 1.5× one request.
//
// The extension and the CLI ship esbuild bundles, so the benchmark runs as they do: this file
// bundles bench/sendBench.ts with the options of esbuild.config.mjs (bundle, node20, cjs) into
// node_modules/.cache and runs it with plain node. Packages stay external: raw undici (and the
// pipeline's undici) is loaded from node_modules exactly as it is. Both sides of each comparison
// run in that one bundled process. `--tsx` runs the sources under tsx instead (slower: tsx
// wraps every function for keepNames).
// Run with `node --import tsx bench/send.mts [requests] [--tsx]` (.mts: an ES module, for its
// top-level await, although the package is CommonJS).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--tsx');

if (process.argv.includes('--tsx')) {
  const { main } = (await import('./sendBench.ts')) as { main: (args: readonly string[]) => Promise<number> };
  process.exitCode = await main(args);
} else {
  const outfile = join(root, 'node_modules', '.cache', 'fincode-bench', 'send.cjs');
  await build({
    stdin: {
      contents: "import { main } from './sendBench';\nmain(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      sourcefile: 'send-entry.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const child = spawn(process.execPath, [outfile, ...args], { cwd: root, stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  process.exitCode = code ?? 1;
}
