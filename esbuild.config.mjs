// Bundles the extension (vscode external) and the CLI. `--production` minifies without
// source maps (what the VSIX ships); `--watch` rebuilds on change for development.
//
// The CLI is an ES module split at its commands (src/cli/main.ts imports each on use): dist/cli.mjs
// is the dispatcher, dist/cli/ the commands and the chunks they share. `fincode-http parse`
// loads only the parser's chunk, never undici nor the sandbox, so it starts fast.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { writeNotices } from './scripts/thirdPartyNotices.mjs';
import { undiciApart, undiciParts } from './scripts/undiciSplit.mjs';

function commonOptions(production) {
  return {
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
}

/** The CLI's build into `outdir` (`cli.mjs` and `cli/`); bench/parse.mjs times what it makes. */
export function cliBuildOptions(production, outdir) {
  return {
    ...commonOptions(production),
    entryPoints: { cli: join(import.meta.dirname, 'src/cli/main.ts') },
    outdir,
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'cli/[name]-[hash]',
    // undici is CommonJS and requires Node's modules: an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  };
}

async function buildAll(production, watch) {
  const common = commonOptions(production);
  // What the VSIX ships: its bundles' metafiles say whose licence notices go with them.
  const shipped = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [undiciApart], metafile: true },
    { ...common, stdin: undiciParts, outfile: 'dist/undici.js', metafile: true },
  ];
  const builds = [...shipped, cliBuildOptions(production, 'dist')];
  // The CLI's chunks are named by their hash: clear the last build's.
  rmSync('dist/cli', { recursive: true, force: true });
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
  } else {
    const results = await Promise.all(builds.map((options) => esbuild.build(options)));
    writeNotices(results.slice(0, shipped.length).map((result) => result.metafile), import.meta.dirname, 'dist/ThirdPartyNotices.txt');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildAll(process.argv.includes('--production'), process.argv.includes('--watch'));
}
