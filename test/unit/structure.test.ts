// No function in src/ is longer than 150 lines (the project's rule; a data table is not a
// function). Functions are found with the TypeScript parser: declarations, expressions, arrow
// functions, methods, constructors and accessors. A function's length is its own span, from its
// first token to its last, so an outer function counts the closures inside it, and an object or
// array literal counts only as part of the function it stands in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { ROOT, sourceFiles } from '../support/sourceFiles';

const MAX_LINES = 150;

interface LongFunction {
  readonly name: string;
  /** 1-based line of its first token. */
  readonly line: number;
  readonly lines: number;
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

/** The functions in `source` longer than `limit` lines, in source order. */
function longFunctions(source: string, fileName = 'sample.ts', limit = MAX_LINES): LongFunction[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      const lines = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1 - line + 1;
      if (lines > limit) found.push({ name: nameOf(node as ts.FunctionLikeDeclaration), line, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** `count` lines: an opening line, statements, and a closing line. */
function body(open: string, count: number, close = '}'): string {
  return [open, ...Array.from({ length: count - 2 }, (_, i) => `  total += ${i};`), close].join('\n');
}

describe('structure: the function-length checker', () => {
  test('a 151-line function of every kind is found, with its line and length; 150 lines pass', () => {
    const kinds: [string, string, string][] = [
      ['declared', 'function declared() {', '}'],
      ['arrow', 'const arrow = () => {', '};'],
      ['expression', 'const expression = function () {', '};'],
      ['method', 'class Holder {\n  method() {', '  }\n}'],
      ['objectMethod', 'const holder = {\n  objectMethod() {', '  },\n};'],
      ['asyncArrow', 'export const asyncArrow = async (n: number): Promise<void> => {', '};'],
    ];
    for (const [name, open, close] of kinds) {
      const lead = open.split('\n').length - 1;
      const source = `// leading comment\n${body(open, 151, close)}\n`;
      assert.deepEqual(longFunctions(source), [{ name, line: 2 + lead, lines: 151 }], name);
      assert.deepEqual(longFunctions(`// leading comment\n${body(open, 150, close)}\n`), [], `${name} at 150 lines`);
    }
  });

  test('a data table is not a function, however long; a function holding one is measured whole', () => {
    const table = ['export const TABLE = [', ...Array.from({ length: 400 }, (_, i) => `  { id: ${i}, label: 'row ${i}' },`), '];'].join('\n');
    assert.deepEqual(longFunctions(table), []);
    const wrapped = ['function rows() {', `  return ${table.replace('export const TABLE = ', '')}`, '}'].join('\n');
    assert.deepEqual(longFunctions(wrapped), [{ name: 'rows', line: 1, lines: 404 }]);
  });

  test('a closure is measured on its own and inside the function around it', () => {
    const source = body('function outer() {\n  const inner = () => {', 160, '  };\n}');
    assert.deepEqual(longFunctions(source), [
      { name: 'outer', line: 1, lines: 162 },
      { name: 'inner', line: 2, lines: 160 },
    ]);
  });
});

describe('structure: src/', () => {
  test(`no function in src/ is longer than ${MAX_LINES} lines`, (t) => {
    const files = sourceFiles(join(ROOT, 'src'));
    assert.ok(files.length > 50, `src/ holds ${files.length} files: the walk found the source`);
    const offenders = files.flatMap((path) =>
      longFunctions(readFileSync(path, 'utf8'), path).map((found) => `${relative(ROOT, path)}:${found.line} ${found.name}: ${found.lines} lines`),
    );
    for (const offender of offenders) t.diagnostic(offender);
    assert.deepEqual(offenders, [], `functions over ${MAX_LINES} lines:\n${offenders.join('\n')}`);
  });
});
