// The build ships the licence notices of exactly the packages its bundles contain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledPackages, noticesText } from '../../scripts/thirdPartyNotices.mjs';

describe('third-party notices', () => {
  it('finds the packages, scoped or not, among a bundle\'s inputs; our own sources are not one', () => {
    const metafiles = [
      { inputs: { 'src/extension.ts': {}, 'node_modules/jwt-decode/build/esm/index.js': {} } },
      { inputs: { 'node_modules/undici/lib/api/api-request.js': {}, 'node_modules/@scope/pkg/index.js': {}, 'undici-parts.js': {} } },
      { inputs: { 'node_modules/undici/node_modules/inner/x.js': {} } },
    ];
    assert.deepEqual(bundledPackages(metafiles), ['@scope/pkg', 'inner', 'jwt-decode', 'undici']);
  });

  it('writes each package\'s name, version, licence and licence text', () => {
    const text = noticesText(['jwt-decode', 'undici'], '.');
    assert.match(text, /^jwt-decode 4\.\d+\.\d+ \(MIT\)$/m);
    assert.match(text, /^undici 7\.\d+\.\d+ \(MIT\)$/m);
    assert.equal(text.match(/Permission is hereby granted/g)?.length, 2);
  });

  it('refuses to build without a package\'s notice rather than ship without it', () => {
    assert.throws(() => noticesText(['no-such-package'], '.'), /no-such-package is bundled but not installed/);
  });
});
