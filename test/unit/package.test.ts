// `npm run package` yields a VSIX under 1 MB holding only what runs, and the licence notices of
// the code bundled into it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** File names from a zip's central directory. */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('VSIX package', () => {
  it('is under 1 MB and contains no source, test, map or node_modules file', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fincode-vsix-'));
    try {
      const out = join(dir, 'fincode.vsix');
      // vsce runs the manifest's vscode:prepublish (the production build) first.
      execFileSync(join('node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', out], { stdio: 'pipe' });
      assert.ok(statSync(out).size < 1024 * 1024, `VSIX is ${statSync(out).size} bytes`);
      const files = zipEntries(readFileSync(out)).filter((name) => name.startsWith('extension/'));
      // vsce writes readme.md, changelog.md and LICENSE.txt whatever their case in the repository.
      const allowed = /^extension\/(dist\/((extension|undici|sandbox)\.js|ThirdPartyNotices\.txt)|media\/.+|samples\/[\w-]+\.(http|md)|syntaxes\/[\w.-]+\.json|language-configuration\.json|readme\.md|license(\.txt)?|changelog\.md|package\.json)$/i;
      for (const file of files) assert.match(file, allowed);
      const lower = files.map((f) => f.toLowerCase());
      for (const needed of ['dist/extension.js', 'dist/undici.js', 'dist/sandbox.js', 'dist/thirdpartynotices.txt', 'package.json', 'media/icon.png', 'samples/echo.http', 'readme.md', 'changelog.md']) {
        assert.ok(lower.includes(`extension/${needed}`), `${needed} is in the VSIX`);
      }
      assert.ok(lower.some((f) => /^extension\/license/.test(f)));
      assert.ok(!files.some((f) => /\.(ts|map)$|\/src\/|\/test\/|node_modules/.test(f)));
      // The bundles carry the runtime dependencies' code: their licence notices go with it.
      const notices = readFileSync(join('dist', 'ThirdPartyNotices.txt'), 'utf8');
      const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
      for (const name of Object.keys(manifest.dependencies)) {
        const licence = readdirSync(join('node_modules', name)).find((file) => /^licen[cs]e/i.test(file));
        assert.ok(licence, `${name} has a licence file`);
        assert.ok(notices.includes(readFileSync(join('node_modules', name, licence), 'utf8').trim()), `${name}'s licence is in the notices`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      // Leave a development build behind, as `npm test` built it.
      execFileSync('node', ['esbuild.config.mjs'], { stdio: 'pipe' });
    }
  });
});
