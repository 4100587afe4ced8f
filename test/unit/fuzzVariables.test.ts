// Variable resolution, the built-ins and the environment files under fuzzed and 1 MB input:
// they never throw anything but the typed, positioned errors the user is shown, and they end in
// bounded time (generous limits; the speed targets are in bench/). The PRNG is seeded:
// VARIABLES_FUZZ_SEED=<seed> replays a run, and a failure names its seed and case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FinCodeError } from '../../src/core/fincode/errors';
import { evaluateBuiltin, parseDotenv, type BuiltinContext } from '../../src/core/http/builtins';
import { parseDotEnv, parseJetBrainsEnv, parseRestClientEnv, type EnvironmentFile } from '../../src/core/http/envFiles';
import { createResolver, UnresolvedVariableError, VariableCycleError } from '../../src/core/http/variables';
import { mulberry32 } from '../support/random';

const SEED = Number(process.env.VARIABLES_FUZZ_SEED ?? 20_251_124);
const MB = 1024 * 1024;
const AT = { line: 3, column: 0 };
type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

/** Runs `fn` and fails when it takes 2 s or more: linear work on 1 MB takes milliseconds. */
function bounded<T>(what: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 2000, `${what}: ${Math.round(elapsed)} ms`);
  return result;
}

/** The result, or the typed error the user would be shown; anything else fails the test. */
function outcome(fn: () => string, context: string): string | FinCodeError {
  try {
    return fn();
  } catch (error) {
    assert.ok(error instanceof FinCodeError, `${context}: threw ${String(error)}`);
    assert.ok(error.message.length > 0);
    return error;
  }
}

const SCOPE = {
  environmentVariables: { a: '1', b: '{{a}}{{a}}', host: 'https://h.example', self: '{{self}}', 'a.b': 'dotted' },
  fileVariables: [
    { name: 'f', value: '{{b}}-{{$timestamp}}', line: 0 },
    { name: 'loop', value: '{{loop2}}', line: 1 },
    { name: 'loop2', value: '{{loop}}', line: 2 },
  ],
  baseUrl: 'https://base.example/api',
  processEnv: { HOME: '/home/x' },
  dotenv: (name: string) => (name === 'SECRET' ? 's' : undefined),
  now: () => Date.UTC(2025, 0, 1),
  random: () => 0.5,
  guid: () => '00000000-0000-4000-8000-000000000000',
};

describe('variables: 1 MB texts resolve in bounded time', () => {
  const shapes: Readonly<Record<string, string>> = {
    'a "{{" then a 1 MB blank run (a backtracking regex takes minutes)': `{{a}{{a}}{{${' '.repeat(MB)}`,
    'a reference padded by 1 MB of blanks and line breaks': `{{${' \n'.repeat(MB / 2)}a}}`,
    '256 K unclosed "{{" lines and one "}}" at the end': `${'{{a\n'.repeat(MB / 4)}}}`,
    '512 K "{{" then a line break and "x}}"': `${'{{'.repeat(MB / 2)}\nx}}`,
    '200 K references': '{{a}}'.repeat(MB / 5),
    '100 K nested variable references': '{{b}}{{f}}'.repeat(MB / 10),
    '1 MB without references': 'x'.repeat(MB),
    '1 MB of braces': '{'.repeat(MB / 2) + '}'.repeat(MB / 2),
  };
  for (const [name, text] of Object.entries(shapes)) {
    test(name, () => {
      const result = bounded(name, () => outcome(() => createResolver(SCOPE).resolve(text, AT), name));
      if (typeof result === 'string') assert.ok(!result.includes('{{a}}'), 'every resolvable reference is replaced');
    });
  }

  test('the 1 MB reference padded by blanks resolves to its value', () => {
    assert.equal(createResolver(SCOPE).resolve(`x{{${' \n'.repeat(MB / 2)}a${' '.repeat(MB)}}}y`, AT), 'x1y');
  });
});

describe('variables: fuzz', () => {
  const PIECES = ['{{', '}}', '{', '}', ' ', '\n', '\r\n', '\t', '\u2028', 'a', 'b', 'f', 'self', 'loop', 'host', 'nope', '$guid', '$timestamp -1 d', '$randomInt 1 9', '$processEnv HOME', '$dotenv SECRET', '$nope', '%a', '%', 'login.response.body.$.x', 'a.b', '$datetime "YYYY"'];

  function randomText(random: Random): string {
    return Array.from({ length: int(random, 24) }, () => pick(random, PIECES)).join('');
  }

  /** REST Client's reference pattern: the oracle for where references are on small texts. */
  const REFERENCE = /\{\{\s*(.*?)\s*\}\}/g;

  test('5,000 random texts: the references REST Client would see, each resolved or a positioned error', (t) => {
    t.diagnostic(`VARIABLES_FUZZ_SEED=${SEED}`);
    const random = mulberry32(SEED);
    let resolved = 0;
    let failed = 0;
    for (let index = 0; index < 5000; index += 1) {
      const text = randomText(random);
      const context = `case ${index} (VARIABLES_FUZZ_SEED=${SEED}) ${JSON.stringify(text)}`;
      // Every reference evaluated as its own name in brackets: where the references are is all that differs.
      const names = createResolver({ environmentVariables: new Proxy({}, { get: (_t, key) => `<${String(key)}>`, has: () => true, getOwnPropertyDescriptor: (_t, key) => ({ value: `<${String(key)}>`, configurable: true, enumerable: true }) }) });
      const expected = text.replace(REFERENCE, (_match, name: string) => (name.startsWith('$') || name.startsWith('%') || /^[\w-]+\.(request|response)\./.test(name) ? _match : `<${name}>`));
      const plain = outcome(() => names.resolve(text, AT), context);
      if (typeof plain === 'string' && !/\{\{\s*[$%]|\{\{\s*[\w-]+\.(request|response)\./.test(text)) assert.equal(plain, expected, context);

      const result = outcome(() => createResolver(SCOPE).resolve(text, AT), context);
      if (typeof result === 'string') resolved += 1;
      else {
        failed += 1;
        if (result instanceof UnresolvedVariableError || result instanceof VariableCycleError) {
          // In the text (from AT on) or in a file variable's value (its own line).
          assert.ok(Number.isInteger(result.line) && result.line >= 0 && result.column >= 0, `${context}: position ${result.line}:${result.column}`);
        }
      }
    }
    assert.ok(resolved > 500 && failed > 100, `resolved ${resolved}, failed ${failed}: the generator must reach both`);
  });

  test('3,000 random built-in expressions: a value or a problem, never a throw', (t) => {
    t.diagnostic(`VARIABLES_FUZZ_SEED=${SEED}`);
    const random = mulberry32(SEED ^ 0xb17);
    const context: BuiltinContext = {
      now: () => Date.UTC(2025, 0, 31),
      random,
      processEnv: { A: 'x' },
      dotenv: () => undefined,
      environmentVariable: (name) => (name === 'n' ? 'A' : undefined),
    };
    const WORDS = ['guid', 'randomInt', 'timestamp', 'datetime', 'localDatetime', 'processEnv', 'dotenv', 'rfc1123', 'iso8601', '"YYYY-MM-DD[T]HH:mm"', "'x y'", '"', "'", '-1', '1e309', '9007199254740993', 'd', 'M', 'y', 'ms', '%n', '%', '%missing', 'A', '-99999999999', '+3', 'w'];
    for (let index = 0; index < 3000; index += 1) {
      const expression = Array.from({ length: int(random, 5) }, () => pick(random, WORDS)).join(pick(random, [' ', '  ', '\t']));
      let result: ReturnType<typeof evaluateBuiltin>;
      try {
        result = evaluateBuiltin(expression, context);
      } catch (error) {
        assert.fail(`case ${index} (VARIABLES_FUZZ_SEED=${SEED}) $${expression} threw ${String(error)}`);
      }
      if (result.ok) assert.equal(typeof result.value, 'string');
      else assert.ok(result.problem.length > 0 && result.problem.length < 2000);
    }
  });

  test('a 1 MB built-in format or argument list ends in bounded time', () => {
    const context: BuiltinContext = { now: () => 0, random: () => 0.5, processEnv: {}, dotenv: () => undefined, environmentVariable: () => undefined };
    for (const expression of [`datetime "${'YYYY [x] '.repeat(MB / 9)}"`, `randomInt ${'"'.repeat(MB)}`, `timestamp ${"' ".repeat(MB / 2)}`]) {
      bounded(expression.slice(0, 20), () => evaluateBuiltin(expression, context));
    }
  });
});

describe('environment files: fuzz and 1 MB', () => {
  const PARSERS: Readonly<Record<string, (text: string) => EnvironmentFile>> = {
    'http-client.env.json': (text) => parseJetBrainsEnv(text),
    'settings.json': (text) => parseRestClientEnv(text),
    '.env': (text) => parseDotEnv(text),
  };

  function checked(name: string, text: string, context: string): EnvironmentFile {
    let file: EnvironmentFile;
    try {
      file = (PARSERS[name] as (text: string) => EnvironmentFile)(text);
    } catch (error) {
      assert.fail(`${context} threw ${String(error)}`);
    }
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const diagnostic of file.diagnostics) {
      assert.ok(diagnostic.line >= 0 && diagnostic.line < lines, `${context}: diagnostic line ${diagnostic.line} of ${lines}`);
      assert.ok(diagnostic.message.length > 0);
    }
    for (const values of [file.shared, ...Object.values(file.environments)]) {
      for (const value of Object.values(values)) assert.equal(typeof value, 'string', context);
    }
    return file;
  }

  const SAMPLES = [
    '{"$shared": {"a": "1"}, "dev": {"host": "https://x", "n": 2, "o": {"k": [1]}}, "prod": {}}',
    '{\n  // comment\n  "rest-client.environmentVariables": {"$shared": {"a": "1",}, "dev": {"b": "2"}},\n  /* c */ "other": 1\n}',
    '# c\nA=1\nexport B = two words \nC="line\\nnext\nmore"\nD=\'$raw\'\nE=x # trailing\nF=`t`\n\nbad line\n1X=2',
  ];

  test('3,000 mutated environment files of each kind: diagnostics, never a throw', (t) => {
    t.diagnostic(`VARIABLES_FUZZ_SEED=${SEED}`);
    const random = mulberry32(SEED ^ 0xe4f);
    const INSERTS = ['{', '}', '[', ']', '"', "'", '`', ',', ':', '\n', '\r', '#', '=', '//', '/*', '*/', '\\', '\\u12', 'export ', '$shared', '__proto__', '\u0000', '\uD800'];
    for (let index = 0; index < 3000; index += 1) {
      for (const [name, parse] of Object.entries(PARSERS)) {
        let text = SAMPLES[int(random, SAMPLES.length)] as string;
        for (let edits = int(random, 6) + 1; edits > 0; edits -= 1) {
          const at = int(random, text.length + 1);
          text = int(random, 3) === 0 ? text.slice(0, at) + text.slice(at + int(random, 8)) : text.slice(0, at) + pick(random, INSERTS) + text.slice(at);
        }
        assert.ok(parse);
        checked(name, text, `${name} case ${index} (VARIABLES_FUZZ_SEED=${SEED}) ${JSON.stringify(text)}`);
      }
    }
  });

  const BIG: Readonly<Record<string, string>> = {
    'a value with a 1 MB blank run inside': `A=x${' '.repeat(MB)}y`,
    '128 K lines of KEY=value # comment': 'A=1 # c\n'.repeat(MB / 8),
    '256 K unterminated quotes': 'A="x\n'.repeat(MB / 5),
    '1 MB of "/*"': '/*'.repeat(MB / 2),
    '1 MB of "["': '['.repeat(MB),
    'a JSON object with 50 K variables': JSON.stringify({ dev: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, `v${i}`])) }),
    '1 MB of line comments': '//x\n'.repeat(MB / 4),
  };
  for (const [label, text] of Object.entries(BIG)) {
    test(`${label}: every format in bounded time`, () => {
      for (const name of Object.keys(PARSERS)) bounded(`${name}: ${label}`, () => checked(name, text, `${name}: ${label}`));
    });
  }

  test('{{$dotenv}} reads a .env with a 1 MB value in bounded time, as the .env environment files do', () => {
    const text = `A=x${' '.repeat(MB)}y # note\nB="q\\nr"`;
    const values = bounded('parseDotenv', () => parseDotenv(text));
    assert.deepEqual(values, { ...parseDotEnv(text).shared });
    assert.equal(values.A, `x${' '.repeat(MB)}y`);
    assert.equal(values.B, 'q\nr');
  });
});
