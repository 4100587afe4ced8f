// The one architectural rule: the core, the sandbox and the CLI never import 'vscode', so they
// run in plain Node. Imports are found with the TypeScript parser, so comments and strings that
// merely mention 'vscode' do not count, and every syntactic form of import does.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const PURE_DIRS = ['src/core', 'src/sandbox', 'src/cli'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?tsx?$/.test(entry.name) ? [path] : [];
  });
}

function isVscode(node: ts.Node | undefined): boolean {
  return node !== undefined && ts.isStringLiteralLike(node) && node.text === 'vscode';
}

/** The lines (1-based) of every import, export-from, import(), import type or require() of 'vscode'. */
function vscodeImports(source: string, fileName = 'sample.ts'): number[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    const found =
      ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && isVscode(node.moduleSpecifier)) ||
      (ts.isExternalModuleReference(node) && isVscode(node.expression)) ||
      (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isVscode(node.argument.literal)) ||
      (ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
        isVscode(node.arguments[0]));
    if (found) lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
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

describe('layering: src/core, src/sandbox and src/cli never import vscode', () => {
  const files = PURE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));

  test('files were found to scan', () => {
    assert.ok(files.length > 0, `no source file under ${PURE_DIRS.join(', ')}`);
    assert.ok(files.some((file) => relative(ROOT, file).startsWith(join('src', 'core'))));
  });

  test(`no file imports 'vscode' (${files.length} scanned)`, () => {
    const offenders = files.flatMap((file) =>
      vscodeImports(readFileSync(file, 'utf8'), file).map((line) => `${relative(ROOT, file)}:${line}`),
    );
    assert.deepEqual(offenders, []);
  });
});
