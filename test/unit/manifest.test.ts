// The manifest is a real extension manifest and agrees with src/vscode/ids.ts both ways.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS, SETTINGS } from '../../src/vscode/ids';

interface Manifest {
  name: string;
  version: string;
  displayName: string;
  publisher: string;
  main: string;
  icon: string;
  license: string;
  homepage: string;
  bugs: { url: string };
  extensionKind: string[];
  scripts: Record<string, string>;
  engines: { vscode: string };
  categories: string[];
  keywords: string[];
  activationEvents: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string; description?: string }> };
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('names the extension and its entry point as the design says', () => {
    assert.equal(manifest.name, 'fincode-api-explorer');
    assert.equal(manifest.displayName, 'FinCode API Explorer');
    assert.ok(manifest.publisher);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.license, 'MIT');
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
  });

  it('targets a VS Code whose extension host runs Node 20 and matches @types/vscode', () => {
    const engine = /^\^1\.(\d+)\.0$/.exec(manifest.engines.vscode);
    assert.ok(engine, manifest.engines.vscode);
    assert.ok(Number(engine[1]) >= 90, 'VS Code 1.90 is the first on Node 20');
    assert.equal(manifest.devDependencies['@types/vscode'], `1.${engine[1]}.0`);
  });

  it('activates lazily', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });

  it('has only the runtime dependencies argued for: undici 7 and jwt-decode 4', () => {
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['jwt-decode', 'undici']);
    assert.match(manifest.dependencies.undici, /^\^7\./);
    assert.match(manifest.dependencies['jwt-decode'], /^\^4\./);
  });

  it('contributes exactly the commands the code registers, each with a category and an icon', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'FinCode', command.command);
      assert.match(command.icon ?? '', /^\$\([\w-]+\)$/, command.command);
    }
  });

  it('contributes exactly the settings the code reads, each with a scope and a description', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SETTINGS).sort());
    for (const [key, property] of Object.entries(properties)) {
      assert.ok(property.scope, `${key} has a scope`);
      assert.ok(property.markdownDescription ?? property.description, `${key} has a description`);
    }
  });

  it('only the .http variables can come from a workspace: every other setting is user-level (application scope)', () => {
    const properties = manifest.contributes.configuration.properties;
    const fromWorkspace = Object.entries(properties)
      .filter(([, property]) => property.scope !== 'application')
      .map(([key]) => key)
      .sort();
    // sharedWithPeers records which .http variables FinCode copied into a workspace's settings.json.
    assert.deepEqual(fromWorkspace, [SETTINGS.environmentVariables, SETTINGS.httpEnvironment, SETTINGS.sharedWithPeers].sort());
  });

  it('has a 256×256 PNG icon (the Marketplace shows it at 128 px on high-density screens)', () => {
    const png = readFileSync(manifest.icon);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 256);
    assert.equal(png.readUInt32BE(20), 256);
  });

  it('has a dated CHANGELOG entry for the version it is at', () => {
    const heading = /^## (\S+) — (.+)$/m.exec(readFileSync('CHANGELOG.md', 'utf8'));
    assert.ok(heading, 'CHANGELOG.md has a version heading');
    assert.equal(heading[1], manifest.version);
    assert.match(heading[2]!, /^\d{4}-\d{2}-\d{2}$/, 'the newest release is dated');
  });

  it('is ready to publish: prepublish build, where it runs, where to report bugs', () => {
    assert.equal(manifest.scripts['vscode:prepublish'], 'node esbuild.config.mjs --production');
    // It reads the workspace's .http and env files and sends from where they are (like httpYac).
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.match(manifest.bugs.url, /^https:\/\/github\.com\/.+\/issues$/);
    assert.match(manifest.homepage, /^https:\/\//);
  });
});
