// Bundles the extension (vscode external) and the CLI. `--production` minifies without
// source maps (what the VSIX ships); `--watch` rebuilds on change for development.
//
// The CLI is CommonJS split at its commands (src/cli/main.ts imports each on use): dist/cli.js is
// the dispatcher, dist/cli/ one bundle per command. `fincode-http parse` loads the dispatcher and
// the parse bundle only, never undici nor the sandbox, so it starts fast. CommonJS, not an ES
// module: Node starts its ES module loader for an ES module, some 15-20 ms of every run.
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

const CLI_COMMANDS = ['parseCommand', 'sendCommand', 'matrixCommand', 'testCommand', 'sandboxCommand'];

/** The dispatcher's `import('./parseCommand')` and the like load the command's own bundle when it runs. */
const commandsApart = {
  name: 'commands-apart',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^\\./(${CLI_COMMANDS.join('|')})$`) }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: `./cli/${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

/**
 * Every `import * as vscode from 'vscode'` shares one namespace object. esbuild otherwise makes one
 * per importing file (some 70), each a copy of the API's ~300 properties as getters, when
 * dist/extension.js loads: some milliseconds of every activation.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** The extension loads the sandbox when it is first started (src/vscode/sandboxCommands.ts), from a file of its own. */
const sandboxApart = {
  name: 'sandbox-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/sandbox\/server$/ }, (args) =>
      args.importer.endsWith(join('src', 'vscode', 'sandboxCommands.ts')) ? { path: './sandbox.js', external: true } : undefined,
    );
  },
};

/** The CLI's build into `outdir` (`cli.js` and `cli/`); bench/parse.mjs times what it makes. */
export function cliBuildOptions(production, outdir) {
  return {
    ...commonOptions(production),
    entryPoints: {
      cli: join(import.meta.dirname, 'src/cli/main.ts'),
      ...Object.fromEntries(CLI_COMMANDS.map((name) => [`cli/${name}`, join(import.meta.dirname, `src/cli/${name}.ts`)])),
    },
    outdir,
    plugins: [commandsApart],
    // import() of a command becomes require(): a dynamic import would start the ES module loader.
    supported: { 'dynamic-import': false },
  };
}

async function buildAll(production, watch) {
  const common = commonOptions(production);
  // What the VSIX ships: its bundles' metafiles say whose licence notices go with them.
  const shipped = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [vscodeOnce, undiciApart, sandboxApart], metafile: true },
    { ...common, stdin: undiciParts, outfile: 'dist/undici.js', metafile: true },
    { ...common, entryPoints: ['src/sandbox/server.ts'], outfile: 'dist/sandbox.js', metafile: true },
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
