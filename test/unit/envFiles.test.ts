import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  dotEnvEnvironment,
  environmentVariables,
  listEnvironments,
  loadEnvironmentFiles,
  mergeEnvironmentFiles,
  parseDotEnv,
  parseJetBrainsEnv,
  parseRestClientEnv,
} from '../../src/core/http/envFiles';

const PUBLIC_ENV = `{
  "$shared": { "baseUrl": "https://remitjunction.fincode.software/sandbox/api/v6/services", "platform": "fincode" },
  "sandbox": { "tenant": "remitjunction", "timeout": 30, "verbose": true, "nothing": null, "ids": [1, 2], "nested": { "a": "b" } },
  "production": { "baseUrl": "https://remitjunction.fincode.software/api/v6/services", "password": "public-placeholder" }
}`;

const PRIVATE_ENV = `{
  "$shared": { "platform": "fincode-private", "username": "manager@example.com" },
  "production": { "password": "s3cret" }
}`;

describe('envFiles: JetBrains http-client.env.json', () => {
  const publicFile = parseJetBrainsEnv(PUBLIC_ENV);

  test('lists the environments in file order, $shared not among them', () => {
    assert.deepEqual(listEnvironments(publicFile), ['sandbox', 'production']);
    assert.deepEqual(publicFile.diagnostics, []);
  });

  test('an environment is $shared overridden by its own variables; other JSON values are stringified', () => {
    assert.deepEqual(environmentVariables(publicFile, 'sandbox'), {
      baseUrl: 'https://remitjunction.fincode.software/sandbox/api/v6/services',
      platform: 'fincode',
      tenant: 'remitjunction',
      timeout: '30',
      verbose: 'true',
      nothing: 'null',
      ids: '[1,2]',
      nested: '{"a":"b"}',
    });
    assert.equal(environmentVariables(publicFile, 'production').baseUrl, 'https://remitjunction.fincode.software/api/v6/services');
  });

  test('private values override public ones per environment, private $shared overrides public $shared', () => {
    const merged = mergeEnvironmentFiles(publicFile, parseJetBrainsEnv(PRIVATE_ENV, 'http-client.private.env.json'));
    assert.deepEqual(environmentVariables(merged, 'production'), {
      baseUrl: 'https://remitjunction.fincode.software/api/v6/services',
      platform: 'fincode-private',
      username: 'manager@example.com',
      password: 's3cret',
    });
    assert.equal(environmentVariables(merged, 'sandbox').platform, 'fincode-private');
    assert.equal(environmentVariables(merged, 'sandbox').password, undefined);
  });

  test('an unknown environment has only the $shared variables', () => {
    assert.deepEqual(environmentVariables(publicFile, 'staging'), { baseUrl: 'https://remitjunction.fincode.software/sandbox/api/v6/services', platform: 'fincode' });
    assert.deepEqual(environmentVariables(publicFile, 'toString'), environmentVariables(publicFile, 'staging'));
  });

  test('invalid JSON is a diagnostic with the line and column of the problem, never an exception', () => {
    const file = parseJetBrainsEnv('{\n  "dev": {\n    "a": "1",\n  }\n  "x"\n}', 'http-client.env.json');
    assert.deepEqual(listEnvironments(file), []);
    assert.equal(file.diagnostics.length, 1);
    const [diagnostic] = file.diagnostics;
    assert.equal(diagnostic.file, 'http-client.env.json');
    assert.equal(diagnostic.severity, 'error');
    assert.match(diagnostic.message, /http-client\.env\.json is not valid JSON/);
    assert.deepEqual([diagnostic.line, diagnostic.column], [4, 2]);
    for (const text of ['', '{', 'null', '[]', '"text"', '{"dev": ', '\u0000']) {
      assert.doesNotThrow(() => parseJetBrainsEnv(text), JSON.stringify(text));
      assert.equal(parseJetBrainsEnv(text).diagnostics.length, 1, JSON.stringify(text));
    }
  });

  test('an environment that is not an object is reported where its key stands, the others are kept', () => {
    const file = parseJetBrainsEnv('{\n  "dev": {"a": "1"},\n  "bad": "not an object"\n}');
    assert.deepEqual(listEnvironments(file), ['dev']);
    assert.deepEqual(
      file.diagnostics.map(({ line, column, message }) => [line, column, message]),
      [[2, 2, 'Environment "bad" must be an object of variables, not a string.']],
    );
  });
});

describe('envFiles: REST Client rest-client.environmentVariables', () => {
  const bare = '{"$shared": {"version": "v6"}, "local": {"host": "http://127.0.0.1:8787", "version": "v7"}, "production": {"host": "https://api.example"}}';

  test('the bare object', () => {
    const file = parseRestClientEnv(bare);
    assert.deepEqual(listEnvironments(file), ['local', 'production']);
    assert.deepEqual(environmentVariables(file, 'local'), { version: 'v7', host: 'http://127.0.0.1:8787' });
    assert.deepEqual(environmentVariables(file, 'production'), { version: 'v6', host: 'https://api.example' });
  });

  test('inside a settings.json, with its comments and trailing commas', () => {
    const settings = `{
  // Editor settings are not environments.
  "editor.fontSize": 14,
  /* REST Client */
  "rest-client.environmentVariables": {
    "$shared": { "version": "v6", },
    "local": { "host": "http://127.0.0.1:8787", "note": "// not a comment, /* nor this */" },
  },
}`;
    const file = parseRestClientEnv(settings, '.vscode/settings.json');
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(listEnvironments(file), ['local']);
    assert.deepEqual(environmentVariables(file, 'local'), { version: 'v6', host: 'http://127.0.0.1:8787', note: '// not a comment, /* nor this */' });
  });

  test('bad JSON and a setting that is not an object are diagnostics', () => {
    const broken = parseRestClientEnv('{\n  "rest-client.environmentVariables": {\n    "local": {"a": 1}}}}\n', 'settings.json');
    assert.equal(broken.diagnostics.length, 1);
    assert.equal(broken.diagnostics[0].line, 2);
    const wrong = parseRestClientEnv('{"rest-client.environmentVariables": []}');
    assert.match(wrong.diagnostics[0].message, /must be an object of environments/);
  });
});

describe('envFiles: .env files', () => {
  const text = [
    '# a comment',
    '',
    'PLAIN=value',
    'export EXPORTED = with spaces around  ',
    'EMPTY=',
    'DOUBLE="line one\\nline two \\"quoted\\" \\\\ # not a comment"',
    "SINGLE='raw \\n kept # too'",
    'BACKTICK=`back tick`',
    'INLINE=value # a comment',
    'HASH=value#not-a-comment',
    'MULTI="first',
    'second"',
    'URL=https://example.com/?a=1&b=2',
    '   INDENTED=yes',
  ].join('\r\n');

  test('KEY=value, export, quotes, escapes, comments, empty lines; nothing expanded', () => {
    const file = parseDotEnv(text);
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(file.shared, {
      PLAIN: 'value',
      EXPORTED: 'with spaces around',
      EMPTY: '',
      DOUBLE: 'line one\nline two "quoted" \\ # not a comment',
      SINGLE: 'raw \\n kept # too',
      BACKTICK: 'back tick',
      INLINE: 'value',
      HASH: 'value#not-a-comment',
      MULTI: 'first\nsecond',
      URL: 'https://example.com/?a=1&b=2',
      INDENTED: 'yes',
    });
  });

  test('for a named environment, the variables belong to it', () => {
    const file = parseDotEnv('TOKEN=abc', '.env.sandbox', 'sandbox');
    assert.deepEqual(listEnvironments(file), ['sandbox']);
    assert.deepEqual(environmentVariables(file, 'sandbox'), { TOKEN: 'abc' });
  });

  test('malformed lines are diagnostics with their line; the rest is read', () => {
    const file = parseDotEnv('GOOD=1\nno equals sign\n1BAD=2\nOPEN="never closed\nLAST=3', 'sandbox.env');
    assert.deepEqual(file.shared, { GOOD: '1', LAST: '3' });
    assert.deepEqual(
      file.diagnostics.map(({ file: name, line, column }) => [name, line, column]),
      [
        ['sandbox.env', 1, 0],
        ['sandbox.env', 2, 0],
        ['sandbox.env', 3, 5],
      ],
    );
  });

  test('file names: .env for every environment, .env.NAME and NAME.env for one', () => {
    assert.deepEqual(['.env', '.env.sandbox', 'production.env', 'env', '.envrc', 'notes.txt', '.env.'].map(dotEnvEnvironment), [
      '',
      'sandbox',
      'production',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('envFiles: loading the files next to a .http file', () => {
  test('reads settings, the JetBrains pair and .env files, in that order of precedence', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'fincode-env-'));
    try {
      await mkdir(join(directory, '.vscode'));
      await writeFile(join(directory, '.vscode', 'settings.json'), '{"rest-client.environmentVariables": {"sandbox": {"from": "settings", "onlySettings": "1"}}}');
      await writeFile(join(directory, 'http-client.env.json'), PUBLIC_ENV);
      await writeFile(join(directory, 'http-client.private.env.json'), `\uFEFF${PRIVATE_ENV}`);
      await writeFile(join(directory, '.env'), 'FROM_DOTENV=shared\nplatform=dotenv');
      await writeFile(join(directory, '.env.sandbox'), 'tenant=from-dotenv');
      await writeFile(join(directory, 'requests.http'), 'GET https://example.com');
      const file = await loadEnvironmentFiles(directory);
      assert.deepEqual(file.diagnostics, []);
      assert.deepEqual(listEnvironments(file).sort(), ['production', 'sandbox']);
      const sandbox = environmentVariables(file, 'sandbox');
      assert.equal(sandbox.onlySettings, '1');
      assert.equal(sandbox.tenant, 'from-dotenv');
      assert.equal(sandbox.platform, 'dotenv');
      assert.equal(sandbox.FROM_DOTENV, 'shared');
      assert.equal(environmentVariables(file, 'production').password, 's3cret');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test('a directory without environment files, or none at all, gives nothing and no diagnostic', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'fincode-env-'));
    try {
      await writeFile(join(directory, '.vscode'), 'a file where a folder was expected');
      for (const path of [directory, join(directory, 'missing')]) {
        const file = await loadEnvironmentFiles(path);
        assert.deepEqual([listEnvironments(file), file.shared, file.diagnostics], [[], {}, []]);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test('a broken env file is a diagnostic naming it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'fincode-env-'));
    try {
      await writeFile(join(directory, 'http-client.env.json'), '{"dev": {');
      const file = await loadEnvironmentFiles(directory);
      assert.equal(file.diagnostics.length, 1);
      assert.equal(file.diagnostics[0].file, join(directory, 'http-client.env.json'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('envFiles: keys are data', () => {
  test('__proto__ and friends are ordinary names, in every format', () => {
    const jetBrains = parseJetBrainsEnv('{"__proto__": {"__proto__": "x", "constructor": "y"}, "$shared": {"__proto__": "s"}}');
    assert.deepEqual(listEnvironments(jetBrains), ['__proto__']);
    assert.equal(environmentVariables(jetBrains, '__proto__')['__proto__'], 'x');
    assert.equal(Object.getPrototypeOf(jetBrains.environments), Object.prototype);
    const dotEnv = parseDotEnv('__proto__=1\nconstructor=2');
    assert.deepEqual(Object.keys(dotEnv.shared), ['__proto__', 'constructor']);
    const merged = mergeEnvironmentFiles(jetBrains, dotEnv, jetBrains);
    assert.deepEqual(Object.keys(merged.shared), ['__proto__', 'constructor']);
    assert.equal(merged.shared['__proto__'], 's');
  });
});
