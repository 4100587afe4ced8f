// httpYac's side of the whole-process comparison (bench/parse.mjs): what its own CLI does with
// a .http file before it sends anything, then the list `fincode-http parse FILE` prints.
//
// httpYac has no parse-only command. `httpyac send FILE --all` would send all 10,000 requests;
// `httpyac send FILE` without --all/--name/--line parses the file and opens an interactive
// prompt to pick a request (it needs a terminal). So this runs the same steps its `send`
// command runs up to that choice (src/cli/send/send.ts: initIOProvider, then getHttpFiles:
// an HttpFileStore, getOrCreate over fs.readFile with the working directory and a config), from
// the same module its bin loads (httpyac/dist/index.js), and prints one line per request and
// the count, as ours does. It skips the bin's commander set-up and the glob of the file name:
// httpYac's real process does more, not less.
// Usage: node bench/httpyacList.mjs FILE
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

// As its bin loads it: CommonJS.
const httpyac = createRequire(new URL('../package.json', import.meta.url))('httpyac');

async function main() {
  await httpyac.cli.initIOProvider();
  const path = resolve(process.argv[2]);
  const store = new httpyac.store.HttpFileStore();
  const httpFile = await store.getOrCreate(path, () => readFile(path, 'utf8'), 0, { workingDir: process.cwd(), config: {} });
  const requests = httpFile.httpRegions.filter((region) => region.request);
  const lines = requests.map((region) => {
    const name = region.metaData.name ? `  @name ${region.metaData.name}` : '';
    return `${String(region.symbol.startLine + 1).padStart(5)}  ${region.request.method} ${region.request.url}${name}`;
  });
  // Its CLI ends with process.exit() (it may leave handles open); first the list is written out.
  await new Promise((done) => process.stdout.write(`${lines.join('\n')}${requests.length ? '\n' : ''}${requests.length} request(s)\n`, done));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
