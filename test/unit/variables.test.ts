// Variable resolution: file and environment variables, built-ins, request chaining (pure, and
// against the local sandbox where the referenced request is sent first), unresolved variables
// with their position, cycles, and line breaks where they would split a request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addOffset, builtinArguments, evaluateBuiltin, formatDate, parseDotenv, type BuiltinContext, type BuiltinResult } from '../../src/core/http/builtins';
import { parseJsonPath, selectJson } from '../../src/core/http/jsonPath';
import { parseHttpFile } from '../../src/core/http/parser';
import { RequestBuildError, sendRequest } from '../../src/core/http/sender';
import type { HttpResponse } from '../../src/core/http/response';
import {
  createResolver,
  UnresolvedVariableError,
  UnsafeValueError,
  VariableCycleError,
  type ChainedExchange,
  type VariableScope,
} from '../../src/core/http/variables';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const AT = { line: 0, column: 0 };
const NOW = Date.UTC(2025, 0, 31, 13, 4, 5, 678); // Friday 31 January 2025, 13:04:05.678 UTC

function resolve(text: string, scope: VariableScope = {}): string {
  return createResolver({ now: () => NOW, ...scope }).resolve(text, AT);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

describe('variables: file and environment variables', () => {
  const fileVariables = [
    { name: 'host', value: 'https://api.example.test', line: 0 },
    { name: 'users', value: '{{host}}/users', line: 1 },
    { name: 'id', value: '42', line: 2 },
    { name: 'id', value: '43', line: 3 },
  ];

  it('resolves a file variable whose value uses another one', () => {
    assert.equal(resolve('GET {{users}}/{{id}}', { fileVariables }), 'GET https://api.example.test/users/43');
  });

  it('lets the last definition of a file variable win', () => {
    assert.equal(resolve('{{id}}', { fileVariables }), '43');
  });

  it('allows blanks inside the braces', () => {
    assert.equal(resolve('{{ id }}|{{  host}}', { fileVariables }), '43|https://api.example.test');
  });

  it('reads environment variables, and environment values may use variables', () => {
    const scope = { environmentVariables: { tenant: 'acme', greeting: 'hello {{tenant}} {{id}}' }, fileVariables };
    assert.equal(resolve('{{greeting}}', scope), 'hello acme 43');
  });

  it('prefers a file variable to an environment variable of the same name', () => {
    assert.equal(resolve('{{id}}', { fileVariables, environmentVariables: { id: 'env' } }), '43');
  });

  it('resolves {{baseUrl}} to the active environment, unless a variable of that name exists', () => {
    assert.equal(resolve('{{baseUrl}}/securitymanagement/login', { baseUrl: 'https://t.fincode.software/api/v6/services' }), 'https://t.fincode.software/api/v6/services/securitymanagement/login');
    assert.equal(resolve('{{baseUrl}}', { baseUrl: 'https://a.test', environmentVariables: { baseUrl: 'https://b.test' } }), 'https://b.test');
  });

  it('URL-encodes {{%name}}', () => {
    assert.equal(resolve('q={{%query}}', { environmentVariables: { query: 'a b&c=d/é' } }), 'q=a%20b%26c%3Dd%2F%C3%A9');
  });

  it('leaves text without references untouched, including single braces', () => {
    assert.equal(resolve('{"a": {"b": 1}} { {x} }'), '{"a": {"b": 1}} { {x} }');
  });

  it('computes each variable once per resolver, so a $guid variable is the same everywhere in a request', () => {
    const resolver = createResolver({ fileVariables: [{ name: 'id', value: '{{$guid}}', line: 0 }] });
    const first = resolver.resolve('{{id}}', AT);
    assert.equal(resolver.resolve('{{id}}', AT), first);
    assert.notEqual(resolver.resolve('{{$guid}}', AT), resolver.resolve('{{$guid}}', AT));
  });
});

describe('variables: unresolved variables and their position', () => {
  it('names the variable and its 0-based line and column', () => {
    const error = caught(() => createResolver({}).resolve('GET https://x.test/{{missing}}', { line: 7, column: 0 }));
    assert.ok(error instanceof UnresolvedVariableError);
    assert.equal(error.variable, 'missing');
    assert.equal(error.line, 7);
    assert.equal(error.column, 19);
    assert.match(error.message, /\{\{missing\}\} at line 8, column 20/);
  });

  it('counts lines inside a multi-line text', () => {
    const error = caught(() => createResolver({}).resolve('{\n  "a": 1,\n  "b": "{{nope}}"\n}', { line: 10, column: 0 }));
    assert.ok(error instanceof UnresolvedVariableError);
    assert.deepEqual([error.line, error.column], [12, 8]);
  });

  it('reports a variable missing inside a file variable at that file variable\'s line', () => {
    const error = caught(() => resolve('{{url}}', { fileVariables: [{ name: 'url', value: '{{host}}/x', line: 3 }] }));
    assert.ok(error instanceof UnresolvedVariableError);
    assert.equal(error.variable, 'host');
    assert.equal(error.line, 3);
  });

  it('reports empty braces', () => {
    assert.ok(caught(() => resolve('{{}}')) instanceof UnresolvedVariableError);
  });

  it('is a FinCodeError with advice, so describeError shows it', () => {
    const error = caught(() => resolve('{{x}}')) as UnresolvedVariableError;
    assert.equal(error.code, 'validation');
    assert.ok(error.advice.length > 0);
  });
});

describe('variables: cycles', () => {
  it('detects a cycle between file variables instead of looping', () => {
    const fileVariables = [
      { name: 'a', value: 'x{{b}}', line: 0 },
      { name: 'b', value: 'y{{c}}', line: 1 },
      { name: 'c', value: 'z{{a}}', line: 2 },
    ];
    const error = caught(() => resolve('{{a}}', { fileVariables }));
    assert.ok(error instanceof VariableCycleError);
    assert.deepEqual(error.cycle, ['@a', '@b', '@c', '@a']);
  });

  it('detects a variable that refers to itself', () => {
    assert.ok(caught(() => resolve('{{me}}', { fileVariables: [{ name: 'me', value: '{{me}}!', line: 0 }] })) instanceof VariableCycleError);
  });

  it('detects a cycle through environment variables', () => {
    assert.ok(caught(() => resolve('{{a}}', { environmentVariables: { a: '{{b}}', b: '{{a}}' } })) instanceof VariableCycleError);
  });

  it('does not mistake a variable used twice for a cycle', () => {
    const fileVariables = [
      { name: 'x', value: '1', line: 0 },
      { name: 'pair', value: '{{x}}{{x}}', line: 1 },
    ];
    assert.equal(resolve('{{pair}}-{{x}}', { fileVariables }), '11-1');
  });
});

describe('variables: line breaks', () => {
  const scope = { environmentVariables: { evil: 'a\r\nX-Injected: yes', fine: 'ok' } };

  it('refuses a value with CR or LF in a single-line target, naming the target and the variable', () => {
    const error = caught(() => createResolver(scope).resolve('{{evil}}', AT, { singleLine: 'header "X-Id"' }));
    assert.ok(error instanceof UnsafeValueError);
    assert.equal(error.variable, 'evil');
    assert.equal(error.target, 'header "X-Id"');
    assert.match(error.message, /header "X-Id"/);
  });

  it('refuses a bare LF too', () => {
    assert.ok(caught(() => createResolver({ environmentVariables: { v: 'a\nb' } }).resolve('{{v}}', AT, { singleLine: 'the URL' })) instanceof UnsafeValueError);
  });

  it('allows line breaks in the body', () => {
    assert.equal(createResolver(scope).resolve('{{evil}}', AT), 'a\r\nX-Injected: yes');
  });
});

describe('variables: built-ins', () => {
  const context: BuiltinContext = {
    now: () => NOW,
    random: () => 0.5,
    processEnv: { HOME_DIR: '/home/me', POINTER: 'HOME_DIR' },
    dotenv: (name) => ({ API_KEY: 'dot-secret' })[name],
    environmentVariable: (name) => ({ which: 'HOME_DIR', key: 'API_KEY' })[name],
  };
  const value = (expression: string): string => {
    const result = evaluateBuiltin(expression, context);
    if (!result.ok) assert.fail(result.problem);
    return result.value;
  };
  const problem = (expression: string): string => {
    const result = evaluateBuiltin(expression, context);
    assert.equal(result.ok, false, `${expression} should fail`);
    return result.ok ? '' : result.problem;
  };

  it('$guid is a v4 UUID', () => {
    assert.match(value('guid'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('$randomInt min max is in [min, max)', () => {
    const withRandom = (random: () => number, expression: string): BuiltinResult => evaluateBuiltin(expression, { ...context, random });
    assert.equal(value('randomInt 10 20'), '15');
    assert.deepEqual(withRandom(() => 0, 'randomInt 10 20'), { ok: true, value: '10' });
    assert.deepEqual(withRandom(() => 0.999999, 'randomInt -5 -4'), { ok: true, value: '-5' });
    for (let i = 0; i < 200; i++) {
      const result = withRandom(Math.random, 'randomInt 0 3');
      assert.ok(result.ok && ['0', '1', '2'].includes(result.value));
    }
    assert.match(problem('randomInt 5'), /two integers/);
    assert.match(problem('randomInt 5 5'), /min < max/);
    assert.match(problem('randomInt a b'), /two integers/);
  });

  it('$timestamp is Unix seconds, with an optional offset in every unit', () => {
    const seconds = Math.floor(NOW / 1000);
    assert.equal(value('timestamp'), String(seconds));
    assert.equal(value('timestamp -1 d'), String(seconds - 86_400));
    assert.equal(value('timestamp 2 h'), String(seconds + 7200));
    assert.equal(value('timestamp 3 m'), String(seconds + 180));
    assert.equal(value('timestamp 4 s'), String(seconds + 4));
    assert.equal(value('timestamp 1 w'), String(seconds + 7 * 86_400));
    assert.equal(value('timestamp 1500 ms'), String(Math.floor((NOW + 1500) / 1000)));
    assert.equal(value('timestamp 1 M'), String(Date.UTC(2025, 1, 28, 13, 4, 5) / 1000));
    assert.equal(value('timestamp -1 y'), String(Date.UTC(2024, 0, 31, 13, 4, 5) / 1000));
    assert.match(problem('timestamp 1 fortnight'), /offset/);
    assert.match(problem('timestamp 1'), /offset/);
    assert.match(problem('timestamp x d'), /offset/);
  });

  it('$datetime rfc1123 / iso8601 / a quoted Day.js format, in UTC, with offsets', () => {
    assert.equal(value('datetime rfc1123'), 'Fri, 31 Jan 2025 13:04:05 GMT');
    assert.equal(value('datetime iso8601'), '2025-01-31T13:04:05.678Z');
    assert.equal(value('datetime "YYYY-MM-DD HH:mm:ss.SSS"'), '2025-01-31 13:04:05.678');
    assert.equal(value("datetime 'DD/MM/YY h:mm A' 1 d"), '01/02/25 1:04 PM');
    assert.equal(value('datetime iso8601 -2 h'), '2025-01-31T11:04:05.678Z');
    assert.equal(value('datetime "dddd D MMMM [at] H"'), 'Friday 31 January at 13');
    assert.match(problem('datetime'), /needs a format/);
    assert.match(problem('datetime iso8601 1'), /offset/);
  });

  it('$localDatetime formats in local time', () => {
    const local = new Date(NOW);
    const pad = (n: number): string => String(n).padStart(2, '0');
    assert.equal(value('localDatetime "YYYY-MM-DD HH:mm"'), `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}`);
    const offset = -local.getTimezoneOffset();
    const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    assert.ok(value('localDatetime iso8601').endsWith(zone));
    assert.match(value('localDatetime rfc1123'), /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
  });

  it('$processEnv reads the process environment, by name or through an environment variable (%name)', () => {
    assert.equal(value('processEnv HOME_DIR'), '/home/me');
    assert.equal(value('processEnv %which'), '/home/me');
    assert.match(problem('processEnv NOT_SET'), /NOT_SET is not set/);
    assert.match(problem('processEnv %nothing'), /no variable "nothing"/);
    assert.match(problem('processEnv'), /needs a variable name/);
  });

  it('$dotenv reads the .env lookup, by name or through an environment variable', () => {
    assert.equal(value('dotenv API_KEY'), 'dot-secret');
    assert.equal(value('dotenv %key'), 'dot-secret');
    assert.match(problem('dotenv MISSING'), /MISSING is not in the \.env file/);
  });

  it('reports unknown system variables', () => {
    assert.match(problem('aadToken'), /unknown system variable \$aadToken/);
  });

  it('an unresolvable built-in is an UnresolvedVariableError naming it', () => {
    const error = caught(() => createResolver({ processEnv: {} }).resolve('x {{$processEnv NOPE}}', { line: 2, column: 0 }));
    assert.ok(error instanceof UnresolvedVariableError);
    assert.equal(error.variable, '$processEnv NOPE');
    assert.deepEqual([error.line, error.column], [2, 2]);
  });

  it('splits arguments on blanks and keeps quoted groups', () => {
    assert.deepEqual(builtinArguments(`datetime "DD MM YYYY" 1 d`), ['datetime', 'DD MM YYYY', '1', 'd']);
    assert.deepEqual(builtinArguments(`datetime 'a b'`), ['datetime', 'a b']);
  });

  it('adds months and years keeping the day where it exists', () => {
    assert.equal(new Date(addOffset(Date.UTC(2024, 0, 31), 1, 'M', true)).toISOString().slice(0, 10), '2024-02-29');
    assert.equal(new Date(addOffset(Date.UTC(2024, 1, 29), 1, 'y', true)).toISOString().slice(0, 10), '2025-02-28');
    assert.equal(new Date(addOffset(Date.UTC(2025, 0, 15), -13, 'M', true)).toISOString().slice(0, 10), '2023-12-15');
    assert.equal(new Date(addOffset(Date.UTC(2025, 11, 15), 1, 'M', true)).toISOString().slice(0, 10), '2026-01-15');
  });

  it('formats every supported Day.js token', () => {
    const at = Date.UTC(2025, 2, 9, 0, 7, 3, 9); // Sunday
    assert.equal(formatDate(at, 'YYYY YY MMMM MMM MM M DD D dddd ddd dd d HH H hh h mm m ss s SSS Z ZZ A a X x [YYYY]', true), `2025 25 March Mar 03 3 09 9 Sunday Sun Su 0 00 0 12 12 07 7 03 3 009 +00:00 +0000 AM am ${Math.floor(at / 1000)} ${at} YYYY`);
  });

  it('reads .env text', () => {
    const parsed = parseDotenv('# comment\nA=1\nexport B = two words \nC="line\\nnext"\nD=\'$raw\'\nE=x # trailing\n\nbad line\n');
    assert.deepEqual({ ...parsed }, { A: '1', B: 'two words', C: 'line\nnext', D: '$raw', E: 'x' });
  });
});

describe('variables: request chaining (pure)', () => {
  const login: ChainedExchange = {
    requestHeaders: [{ name: 'Content-Type', value: 'application/json' }],
    requestBody: Buffer.from(JSON.stringify({ email: 'a@b.test', currentPassword: 'pw' })),
    headers: [
      { name: 'content-type', value: 'application/json' },
      { name: 'x-request-id', value: 'req-1' },
    ],
    text: JSON.stringify({ access_token: 'tok', expires_in: 3600, user: { role: 'AGENT', permissions: ['a', 'b'] }, items: [{ id: 1 }, { id: 2 }] }),
  };
  const chain = new Map([['login', login]]);

  it('reads the response body by JSONPath', () => {
    assert.equal(resolve('{{login.response.body.$.access_token}}', { chain }), 'tok');
    assert.equal(resolve('{{login.response.body.$.expires_in}}', { chain }), '3600');
    assert.equal(resolve('{{login.response.body.$.user.permissions[1]}}', { chain }), 'b');
    assert.equal(resolve("{{login.response.body.$['user']['role']}}", { chain }), 'AGENT');
    assert.equal(resolve('{{login.response.body.$.user}}', { chain }), '{"role":"AGENT","permissions":["a","b"]}');
    assert.equal(resolve('{{login.response.body.$.items[*].id}}', { chain }), '[1,2]');
    assert.equal(resolve('{{login.response.body.$.items[-1].id}}', { chain }), '2');
  });

  it('reads the whole body with * (or no path)', () => {
    assert.equal(resolve('{{login.response.body.*}}', { chain }), login.text);
    assert.equal(resolve('{{login.response.body}}', { chain }), login.text);
  });

  it('reads response headers case-insensitively', () => {
    assert.equal(resolve('{{login.response.headers.X-Request-Id}}', { chain }), 'req-1');
  });

  it('reads the request body and headers', () => {
    assert.equal(resolve('{{login.request.body.$.email}}', { chain }), 'a@b.test');
    assert.equal(resolve('{{login.request.headers.content-type}}', { chain }), 'application/json');
  });

  it('reports a path that matches nothing, a body that is not JSON, a missing header', () => {
    assert.match((caught(() => resolve('{{login.response.body.$.nope}}', { chain })) as Error).message, /matches nothing/);
    const textChain = new Map([['page', { ...login, text: '<html>' }]]);
    assert.match((caught(() => resolve('{{page.response.body.$.x}}', { chain: textChain })) as Error).message, /not JSON/);
    assert.match((caught(() => resolve('{{login.response.headers.X-None}}', { chain })) as Error).message, /has no header X-None/);
    assert.match((caught(() => resolve('{{login.response.body.$..deep}}', { chain })) as Error).message, /recursive descent/);
  });

  it('records a request without an exchange as needed, with the first reference\'s position', () => {
    const resolver = createResolver({ chain });
    const text = resolver.resolve('A{{other.response.body.$.id}}B{{other.response.headers.X}}{{login.response.body.$.access_token}}', { line: 5, column: 0 });
    assert.equal(text, 'ABtok');
    assert.deepEqual([...resolver.needs.keys()], ['other']);
    assert.deepEqual(resolver.needs.get('other'), { reference: 'other.response.body.$.id', at: { line: 5, column: 1 } });
  });

  it('uses chaining only for the request/response syntax', () => {
    assert.equal(resolve('{{login.responses}}', { environmentVariables: { 'login.responses': 'plain' } }), 'plain');
  });
});

describe('variables: JSONPath subset', () => {
  it('parses and rejects', () => {
    assert.equal(parseJsonPath('$.a[0].b').ok, true);
    assert.equal(parseJsonPath('a.b').ok, false);
    assert.equal(parseJsonPath('$.a[?(@.x)]').ok, false);
    assert.equal(parseJsonPath('$..a').ok, false);
  });

  it('never reaches the prototype', () => {
    const proto = parseJsonPath('$.__proto__');
    assert.ok(proto.ok);
    assert.deepEqual(selectJson(JSON.parse('{"a": 1}'), proto.steps), []);
    const ctor = parseJsonPath('$.constructor');
    assert.ok(ctor.ok);
    assert.deepEqual(selectJson({ a: 1 }, ctor.steps), []);
  });

  it('selects with wildcards over objects and arrays', () => {
    const parsed = parseJsonPath('$.*.id');
    assert.ok(parsed.ok);
    assert.deepEqual(selectJson({ a: { id: 1 }, b: { id: 2 }, c: 3 }, parsed.steps), [1, 2]);
  });
});

describe('variables: chaining against the local sandbox', () => {
  let t: TestSandbox;
  before(async () => {
    t = await withSandbox();
  });
  after(() => t.stop());

  const FILE = [
    '@email = hello@remitjunction.co.uk',
    '',
    '###',
    '# @name login',
    '# @no-auth',
    'PUT {{baseUrl}}/securitymanagement/login',
    'Content-Type: application/json',
    '',
    '{"email": "{{email}}", "currentPassword": "Password@1"}',
    '',
    '### echo the token',
    '# @name echo',
    'POST {{baseUrl}}/_emulator/echo/chained?role={{login.response.body.$.user.role}}',
    'X-Auth-Token: {{login.response.body.$.access_token}}',
    'X-Was: {{login.request.body.$.email}}',
    'X-Type: {{login.response.headers.content-type}}',
    '',
    '{"role": "{{login.response.body.$.user.role}}"}',
  ].join('\n');

  it('sends the referenced request first, once, and uses its response', async () => {
    const file = parseHttpFile(FILE);
    const chain = new Map<string, HttpResponse>();
    const before = await t.counters();
    const context = { environment: t.env, credential: { kind: 'none' as const }, fileVariables: file.variables, fileRequests: file.requests, chain };
    const echo = await sendRequest(file.requests[1] as never, context);
    assert.equal(echo.status, 200);
    const seen = JSON.parse(echo.text) as { headers: Record<string, string>; query: Record<string, string>; body: string };
    const login = chain.get('login');
    assert.ok(login);
    assert.equal(seen.headers['x-auth-token'], (JSON.parse(login.text) as { access_token: string }).access_token);
    assert.equal(seen.headers['x-was'], 'hello@remitjunction.co.uk');
    assert.equal(seen.headers['x-type'], 'application/json');
    assert.equal(seen.query.role, 'MANAGER');
    assert.equal(seen.body, '{"role": "MANAGER"}');
    assert.ok(chain.has('echo'), 'the sent request is recorded under its name');
    // Sending again reuses the recorded login.
    await sendRequest(file.requests[1] as never, context);
    assert.equal((await t.counters()).logins - before.logins, 1);
  });

  it('reports a chained request that is not in the file as an unresolved variable', async () => {
    const file = parseHttpFile('GET {{baseUrl}}/_emulator/echo\nX-T: {{ghost.response.body.$.x}}\n');
    const error = await sendRequest(file.requests[0] as never, { environment: t.env, credential: { kind: 'none' }, fileRequests: file.requests }).catch((e: unknown) => e);
    assert.ok(error instanceof UnresolvedVariableError);
    assert.equal(error.line, 1);
    assert.match(error.message, /no request named "ghost"/);
  });

  it('detects requests that depend on each other instead of looping', async () => {
    const file = parseHttpFile(
      ['# @name a', 'GET {{baseUrl}}/_emulator/echo?x={{b.response.body.$.x}}', '', '###', '# @name b', 'GET {{baseUrl}}/_emulator/echo?x={{a.response.body.$.x}}'].join('\n'),
    );
    const error = await sendRequest(file.requests[0] as never, { environment: t.env, credential: { kind: 'none' }, fileRequests: file.requests }).catch((e: unknown) => e);
    assert.ok(error instanceof RequestBuildError);
    assert.match(error.message, /a → b → a/);
  });

  it('reads $dotenv from the given lookup and $processEnv from the given environment when sending', async () => {
    const file = parseHttpFile('GET {{baseUrl}}/_emulator/echo?d={{$dotenv KEY}}&p={{$processEnv P}}\n');
    const response = await sendRequest(file.requests[0] as never, {
      environment: t.env,
      credential: { kind: 'none' },
      dotenv: (name) => (name === 'KEY' ? 'from-dotenv' : undefined),
      processEnv: { P: 'from-process' },
    });
    assert.deepEqual((JSON.parse(response.text) as { query: unknown }).query, { d: 'from-dotenv', p: 'from-process' });
  });
});
