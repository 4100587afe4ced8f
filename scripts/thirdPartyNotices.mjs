// The licence notices of every npm package bundled into what the VSIX ships. Bundling strips the
// packages' LICENSE files (their MIT terms ask that the notice travel with the code), so the build
// writes them, found from esbuild's metafiles, to dist/ThirdPartyNotices.txt beside the bundles.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The package is named after the last node_modules/ of the path (a nested copy is a package too).
const PACKAGE_IN_PATH = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/;

/** Names of the node_modules packages whose files are inputs of the given esbuild metafiles, sorted. */
export function bundledPackages(metafiles) {
  const names = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = PACKAGE_IN_PATH.exec(input);
      if (match) names.add(match[1]);
    }
  }
  return [...names].sort();
}

function licenceText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  if (!file) throw new Error(`${dir} has no LICENSE file: its notice cannot be shipped`);
  return readFileSync(join(dir, file), 'utf8').trim();
}

/** The notices file's text for `packages`, read from `root`/node_modules. */
export function noticesText(packages, root) {
  const sections = packages.map((name) => {
    const dir = join(root, 'node_modules', name);
    if (!existsSync(dir)) throw new Error(`${name} is bundled but not installed in ${root}/node_modules`);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const source = manifest.homepage ?? manifest.repository?.url ?? manifest.repository ?? '';
    return [`${name} ${manifest.version} (${manifest.license})`, source, '', licenceText(dir)].join('\n');
  });
  return [
    'FinCode API Explorer includes the following third-party software.',
    'Each is distributed under the licence whose text follows its name.',
    '',
    ...sections.map((section) => `${'='.repeat(72)}\n${section}\n`),
  ].join('\n');
}

export function writeNotices(metafiles, root, outfile) {
  writeFileSync(outfile, noticesText(bundledPackages(metafiles), root));
}
