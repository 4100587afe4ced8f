// Bundles the extension (vscode external) and the CLI. `--production` minifies without
// source maps (what the VSIX ships); `--watch` rebuilds on change for development.
//
// The CLI is an ES module split at its commands (src/cli/main.ts imports each on use): dist/cli.mjs
// is the dispatcher, dist/cli/ the commands and the chunks they share. `fincode-http parse`
// loads only the parser's chunk, never undici nor the sandbox, so it starts fast.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { undiciApart, undiciParts } from './scripts/undiciSplit.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciApart] },
  { ...common, stdin: undiciParts, outfile: 'dist/undici.js' },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli/[name]-[hash]',
    // undici is CommonJS and requires Node's modules: an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  },
];

// The CLI's chunks are named by their hash: clear the last build's.
rmSync('dist/cli', { recursive: true, force: true });

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
