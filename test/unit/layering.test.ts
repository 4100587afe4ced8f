// The layer rules, each enforced on every source file (docs/ARCHITECTURE.md draws them):
// - src/core never imports 'vscode', src/sandbox, src/cli, src/vscode or src/extension.ts;
// - src/core/fincode and src/core/auth never import src/core/http;
// - src/core/net imports no other part of the core (only itself and the neutral src/core/*.ts);
// - src/sandbox never imports src/cli, src/vscode, src/extension.ts or 'vscode';
// - src/cli never imports src/vscode, src/extension.ts or 'vscode';
// - nothing under src/ imports a file under test/.
// Imports are found with the TypeScript parser, so comments and strings that merely mention a
// module do not count, and every syntactic form of import does (import, import type,
// export … from, import = require, import(), require(), import('x').T); relative specifiers are
// resolved against the importing file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { ROOT, sourceFiles } from '../support/sourceFiles';

const PURE_DIRS = ['src/core', 'src/sandbox', 'src/cli'];

interface ModuleImport {
  readonly specifier: string;
  /** 1-based. */
  readonly line: number;
}

function literal(node: ts.Node | undefined): string | undefined {
  return node !== undefined && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** Every import, export-from, import(), import type, import = require() or require() in `source`. */
function moduleImports(source: string, fileName = 'sample.ts'): ModuleImport[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: ModuleImport[] = [];
  const visit = (node: ts.Node): void => {
    let specifier: string | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = literal(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) specifier = literal(node.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = literal(node.argument.literal);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      specifier = literal(node.arguments[0]);
    }
    if (specifier !== undefined) found.push({ specifier, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The lines (1-based) of every import, export-from, import(), import type or require() of 'vscode'. */
function vscodeImports(source: string, fileName = 'sample.ts'): number[] {
  return moduleImports(source, fileName)
    .filter((entry) => entry.specifier === 'vscode')
    .map((entry) => entry.line);
}

/**
 * What an import in `from` (a repository path with '/') points at: a relative specifier as a
 * repository path without its extension (`src/core/net/transport`), a package as its name.
 */
function importTarget(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
}

const under = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

interface LayerRule {
  readonly name: string;
  readonly applies: (file: string) => boolean;
  readonly forbids: (target: string) => boolean;
}

const FRONT_ENDS = (target: string): boolean => target === 'vscode' || under(target, 'src/vscode') || target === 'src/extension';

const RULES: readonly LayerRule[] = [
  {
    name: "src/core never imports 'vscode', src/sandbox, src/cli or src/vscode",
    applies: (file) => under(file, 'src/core'),
    forbids: (target) => FRONT_ENDS(target) || under(target, 'src/sandbox') || under(target, 'src/cli'),
  },
  {
    name: 'src/core/fincode and src/core/auth never import src/core/http',
    applies: (file) => under(file, 'src/core/fincode') || under(file, 'src/core/auth'),
    forbids: (target) => under(target, 'src/core/http'),
  },
  {
    name: 'src/core/net imports no other part of the core (only the neutral src/core/*.ts)',
    applies: (file) => under(file, 'src/core/net'),
    forbids: (target) => under(target, 'src/core') && !under(target, 'src/core/net') && target.split('/').length > 3,
  },
  {
    name: "src/sandbox never imports src/cli, src/vscode or 'vscode'",
    applies: (file) => under(file, 'src/sandbox'),
    forbids: (target) => FRONT_ENDS(target) || under(target, 'src/cli'),
  },
  {
    name: "src/cli never imports src/vscode or 'vscode'",
    applies: (file) => under(file, 'src/cli'),
    forbids: FRONT_ENDS,
  },
  {
    name: 'nothing under src/ imports a test file',
    applies: (file) => under(file, 'src'),
    forbids: (target) => under(target, 'test'),
  },
];

interface SourceText {
  /** Repository path with '/', e.g. `src/core/net/transport.ts`. */
  readonly path: string;
  readonly text: string;
}

/** `path:line imports target (rule)` for every import that breaks a rule. */
function layerViolations(files: readonly SourceText[]): string[] {
  return files.flatMap(({ path, text }) =>
    moduleImports(text, path).flatMap(({ specifier, line }) => {
      const target = importTarget(path, specifier);
      return RULES.filter((rule) => rule.applies(path) && rule.forbids(target)).map((rule) => `${path}:${line} imports ${target} (${rule.name})`);
    }),
  );
}

describe('layering: the detector', () => {
  const imports = [
    "import * as vscode from 'vscode';",
    'import { window } from "vscode";',
    "import {\n  window,\n  Uri,\n} from 'vscode';",
    "import type { Uri } from 'vscode';",
    "import 'vscode';",
    "import vscode = require('vscode');",
    "export { window } from 'vscode';",
    "export * from 'vscode';",
    "export type { Uri } from 'vscode';",
    "const vscode = await import('vscode');",
    'void import ( "vscode" );',
    "type U = import('vscode').Uri;",
    "const { window } = require('vscode');",
    'const vscode = require(`vscode`);',
    "function lazy() { return require ( 'vscode' ).window; }",
    "const s = `${require('vscode')}`;",
  ];
  for (const sample of imports) {
    test(`catches ${JSON.stringify(sample)}`, () => {
      assert.equal(vscodeImports(sample).length, 1);
    });
  }

  const notImports = [
    "// src/core never import 'vscode', nor require('vscode')",
    "/* import * as vscode from 'vscode'; */",
    "const text = \"import 'vscode'; require('vscode')\";",
    "import { URI } from 'vscode-uri';",
    "import * as lsp from 'vscode-languageserver/node';",
    "const vscode = require('./vscode');",
    "const settings = { vscode: 'vscode' };",
  ];
  for (const sample of notImports) {
    test(`ignores ${JSON.stringify(sample)}`, () => {
      assert.deepEqual(vscodeImports(sample), []);
    });
  }

  test('reports the line of each import', () => {
    assert.deepEqual(vscodeImports("// header\nimport 'vscode';\n\nconst v = require('vscode');\n"), [2, 4]);
  });
});

describe('layering: the rules, on a synthetic tree', () => {
  const tree: SourceText[] = [
    { path: 'src/core/http/sender.ts', text: "import { send } from '../net/transport';\nimport type { Session } from '../auth/session';" },
    { path: 'src/core/fincode/endpoints.ts', text: "import { DEMO } from '../../sandbox/demo';" },
    { path: 'src/core/fincode/authClient.ts', text: "import type { Timeouts } from '../http/transport';\nimport { send } from '../net/transport';" },
    { path: 'src/core/auth/session.ts', text: "export { sendRequest } from '../http/sender';" },
    { path: 'src/core/net/transport.ts', text: "import { NetworkError } from '../errors';\nimport { CREDENTIALS } from '../fincode/headers';\nimport { x } from './proxy';" },
    { path: 'src/core/net/redirects.ts', text: "type R = import('../http/response').HttpResponse;" },
    { path: 'src/core/http/completions.ts', text: "const demo = require('../../sandbox/demo');" },
    { path: 'src/core/http/lenses.ts', text: "const ui = await import('../../vscode/http/lenses');\nimport type { Uri } from 'vscode';" },
    { path: 'src/sandbox/server.ts', text: "import { main } from '../cli/main';\nimport { createLog } from '../vscode/log';\nimport { ROLES } from '../core/fincode/roles';" },
    { path: 'src/cli/main.ts', text: "import { ids } from '../vscode/ids';\nimport { serve } from '../sandbox/server';\nimport { activate } from '../extension';" },
    { path: 'src/vscode/log.ts', text: "import { fakeClock } from '../../test/support/fakeClock';\nimport { redact } from '../core/redact';" },
    { path: 'src/core/redact.ts', text: "// import 'vscode' and require('../sandbox/x') in a comment\nconst text = \"import '../cli/main'\";" },
  ];

  test('reports each broken rule, with file and line, and nothing allowed', () => {
    assert.deepEqual(layerViolations(tree), [
      "src/core/fincode/endpoints.ts:1 imports src/sandbox/demo (src/core never imports 'vscode', src/sandbox, src/cli or src/vscode)",
      'src/core/fincode/authClient.ts:1 imports src/core/http/transport (src/core/fincode and src/core/auth never import src/core/http)',
      'src/core/auth/session.ts:1 imports src/core/http/sender (src/core/fincode and src/core/auth never import src/core/http)',
      'src/core/net/transport.ts:2 imports src/core/fincode/headers (src/core/net imports no other part of the core (only the neutral src/core/*.ts))',
      'src/core/net/redirects.ts:1 imports src/core/http/response (src/core/net imports no other part of the core (only the neutral src/core/*.ts))',
      "src/core/http/completions.ts:1 imports src/sandbox/demo (src/core never imports 'vscode', src/sandbox, src/cli or src/vscode)",
      "src/core/http/lenses.ts:1 imports src/vscode/http/lenses (src/core never imports 'vscode', src/sandbox, src/cli or src/vscode)",
      "src/core/http/lenses.ts:2 imports vscode (src/core never imports 'vscode', src/sandbox, src/cli or src/vscode)",
      "src/sandbox/server.ts:1 imports src/cli/main (src/sandbox never imports src/cli, src/vscode or 'vscode')",
      "src/sandbox/server.ts:2 imports src/vscode/log (src/sandbox never imports src/cli, src/vscode or 'vscode')",
      "src/cli/main.ts:1 imports src/vscode/ids (src/cli never imports src/vscode or 'vscode')",
      "src/cli/main.ts:3 imports src/extension (src/cli never imports src/vscode or 'vscode')",
      'src/vscode/log.ts:1 imports test/support/fakeClock (nothing under src/ imports a test file)',
    ]);
  });

  test('resolves relative specifiers against the importing file', () => {
    assert.equal(importTarget('src/core/net/transport.ts', '../errors'), 'src/core/errors');
    assert.equal(importTarget('src/core/net/transport.ts', './proxy.ts'), 'src/core/net/proxy');
    assert.equal(importTarget('src/vscode/http/lenses.ts', '../../core/http/index'), 'src/core/http');
    assert.equal(importTarget('src/cli/main.ts', 'undici'), 'undici');
  });
});

describe('layering: every source file keeps the rules', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  const texts: SourceText[] = files.map((file) => ({ path: relative(ROOT, file).split(sep).join('/'), text: readFileSync(file, 'utf8') }));

  test('files were found to scan', () => {
    assert.ok(files.length > 0, 'no source file under src');
    for (const dir of [...PURE_DIRS, 'src/core/net', 'src/core/fincode', 'src/core/auth', 'src/core/http', 'src/vscode']) {
      assert.ok(texts.some((file) => under(file.path, dir)), `no source file under ${dir}`);
    }
  });

  test(`no file breaks a layer rule (${files.length} scanned)`, () => {
    assert.deepEqual(layerViolations(texts), []);
  });

  test("no file under src/core, src/sandbox or src/cli imports 'vscode'", () => {
    const offenders = texts
      .filter((file) => PURE_DIRS.some((dir) => under(file.path, dir)))
      .flatMap((file) => vscodeImports(file.text, file.path).map((line) => `${file.path}:${line}`));
    assert.deepEqual(offenders, []);
  });
});
