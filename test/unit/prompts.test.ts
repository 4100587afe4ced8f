// Prompt variables: REST Client's `# @prompt` and httpYac's `{{$input}}`, `{{$password}}`,
// `{{$pick}}` (pure parsing and the prompter), and sending with them against the local sandbox:
// the typed password goes on the wire and nowhere else (response model, cURL, error messages).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt } from '../../src/core/http/completions';
import { toCurl } from '../../src/core/http/curl';
import { unresolvedVariables } from '../../src/core/http/undefinedVariables';
import { parseHttpFile } from '../../src/core/http/parser';
import {
  createPrompter,
  declaredPrompts,
  maskedPlaceholder,
  PASSWORD_NAMES,
  PromptCancelledError,
  promptReference,
  PromptUnavailableError,
  type PromptAsk,
  type PromptQuestion,
} from '../../src/core/http/prompts';
import { prepareRequest, sendRequest, type SendContext } from '../../src/core/http/sender';
import { createResolver, UnresolvedVariableError } from '../../src/core/http/variables';
import { REDACTED } from '../../src/core/redact';
import { DOCUMENTED_SANDBOX_USERS } from '../../src/core/fincode/testUsers';
import { PROMPTED_LOGIN } from '../support/promptedLogin';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const AT = { line: 0, column: 0 };

function question(expression: string): PromptQuestion {
  const reference = promptReference(expression);
  assert.ok(reference && 'question' in reference, `${expression} is a prompt`);
  return reference.question;
}

/** An ask that answers from a table and records what it was asked. */
function scripted(answers: Record<string, string | undefined>): { ask: PromptAsk; asked: PromptQuestion[] } {
  const asked: PromptQuestion[] = [];
  return {
    asked,
    ask: async (q) => {
      asked.push(q);
      return answers[q.key];
    },
  };
}

describe('prompts: httpYac references', () => {
  it('reads $input, $prompt and $password with their label, -askonce and a $value: prefill', () => {
    assert.deepEqual(question('input Auth Token? $value: jwt.something'), {
      key: 'Auth Token?',
      kind: 'input',
      prompt: 'Auth Token?',
      masked: false,
      askOnce: false,
      value: 'jwt.something',
    });
    assert.equal(question('prompt Customer id').kind, 'input');
    const password = question('password-askonce Your password');
    assert.equal(password.kind, 'password');
    assert.equal(password.masked, true);
    assert.equal(password.askOnce, true);
    assert.equal(password.key, 'Your password');
  });

  it('reads $pick with its comma-separated choices, and $pick-askonce', () => {
    const pick = question('pick Currency $value: USD, EUR,JPY');
    assert.deepEqual(pick.items, ['USD', 'EUR', 'JPY']);
    assert.equal(pick.kind, 'pick');
    assert.equal(pick.masked, false);
    assert.equal(question('pick-askonce Currency $value: USD').askOnce, true);
  });

  it('reports a prompt without a label or a pick without choices, and leaves other $names alone', () => {
    assert.match((promptReference('input') as { problem: string }).problem, /\$input needs a label/);
    assert.match((promptReference('password ') as { problem: string }).problem, /\$password needs a label/);
    assert.match((promptReference('pick Currency') as { problem: string }).problem, /\$pick needs a label and its choices/);
    assert.equal(promptReference('inputs'), undefined);
    assert.equal(promptReference('guid'), undefined);
    assert.equal(promptReference('randomInt 1 9'), undefined);
  });
});

describe('prompts: REST Client # @prompt', () => {
  const file = parseHttpFile(
    [
      '# @prompt email Your e-mail address',
      '// @prompt password',
      '# @prompt userPassword',
      '# @prompt secret',
      '# @prompt email again',
      'POST https://api.example.test/login',
      '',
      '###',
      'GET https://api.example.test/other',
    ].join('\n'),
  );

  it('declares the request\'s names in file order (the first of a name wins), the description as placeholder', () => {
    const [login, other] = file.requests;
    const declared = declaredPrompts(login!);
    assert.deepEqual(
      declared.map((q) => [q.key, q.prompt, q.placeholder]),
      [
        ['email', 'Input value for "email"', 'Your e-mail address'],
        ['password', 'Input value for "password"', undefined],
        ['userPassword', 'Input value for "userPassword"', undefined],
        ['secret', 'Input value for "secret"', undefined],
      ],
    );
    assert.deepEqual(declaredPrompts(other!), []);
  });

  it('masks exactly the names REST Client masks', () => {
    const masked = declaredPrompts(file.requests[0]!).filter((q) => q.masked).map((q) => q.key);
    assert.deepEqual(masked, ['password']);
    assert.deepEqual(PASSWORD_NAMES, ['password', 'Password', 'PASSWORD', 'passwd', 'Passwd', 'PASSWD', 'pass', 'Pass', 'PASS']);
  });
});

describe('prompts: the editor knows them', () => {
  it('does not report a # @prompt name inside the request that declares it, and does elsewhere', () => {
    const text = ['# @prompt customerId The customer', 'GET https://api.example.test/c/{{customerId}}', '', '###', 'GET https://api.example.test/c/{{customerId}}'].join('\n');
    const diagnostics = unresolvedVariables(text, parseHttpFile(text), []);
    assert.deepEqual(
      diagnostics.map((d) => d.line),
      [4],
    );
    assert.deepEqual(unresolvedVariables('GET https://x.test/{{$input id}}/{{$password pw}}', parseHttpFile('GET https://x.test/{{$input id}}/{{$password pw}}'), []), []);
  });

  it('reports a prompt that cannot be asked, where it stands, as an error', () => {
    const text = 'GET https://x.test/{{$input}}?c={{ $pick Currency }}&g={{$guid}}';
    assert.deepEqual(
      unresolvedVariables(text, parseHttpFile(text), []).map((d) => [d.column, d.endColumn, d.severity, d.message]),
      [
        [19, 29, 'error', '{{$input}}: $input needs a label, e.g. {{$input Customer id}}'],
        [32, 52, 'error', '{{$pick Currency}}: $pick needs a label and its choices, e.g. {{$pick Currency $value: USD,EUR,JPY}}'],
      ],
    );
  });

  it('completes the request\'s prompt names, and the prompt variables once {{$ is typed', () => {
    const names = completionsAt('GET {{', 6, { promptNames: ['customerId'] })!.items.map((item) => item.label);
    assert.equal(names[0], 'customerId');
    assert.ok(!names.includes('$input'));
    const dollar = completionsAt('GET {{$', 7)!.items;
    const input = dollar.find((item) => item.label === '$password');
    assert.ok(input?.snippet);
    assert.equal(input.insertText, '\\$password ${1:label}');
    assert.deepEqual(
      dollar.filter((item) => item.sortText?.startsWith('4')).map((item) => item.label),
      ['$input', '$password', '$pick', '$input-askonce', '$pick-askonce'],
    );
  });
});

describe('prompts: the prompter', () => {
  it('asks one key once per action, also when concurrent sends ask together', async () => {
    const { ask, asked } = scripted({ id: '42' });
    const prompter = createPrompter(ask);
    const q = question('input id');
    const answers = await Promise.all([prompter.answer(q), prompter.answer(q), prompter.answer(q)]);
    assert.deepEqual(answers, ['42', '42', '42']);
    assert.equal(asked.length, 1);
    assert.equal(prompter.known(q), '42');
  });

  it('stops at the first dismissed question and asks nothing more in that action', async () => {
    const { ask, asked } = scripted({ b: 'B' });
    const prompter = createPrompter(ask);
    await assert.rejects(prompter.answer(question('input a')), PromptCancelledError);
    await assert.rejects(prompter.answer(question('input b')), PromptCancelledError);
    assert.equal(asked.length, 1);
  });

  it('remembers askonce answers for the next action, prefills the last answer, and never keeps a masked one', async () => {
    const memory = new Map<string, string>();
    const first = scripted({ Tenant: 'acme', id: '7', Password: 'Sup3rSecret!' });
    const one = createPrompter(first.ask, memory);
    await one.answer(question('input-askonce Tenant'));
    await one.answer(question('input id'));
    await one.answer(question('password-askonce Password'));
    assert.deepEqual([...memory.entries()], [['Tenant', 'acme'], ['id', '7']]);
    assert.deepEqual(one.secrets(), ['Sup3rSecret!']);

    const second = scripted({ id: '8', Password: 'again' });
    const two = createPrompter(second.ask, memory);
    assert.equal(await two.answer(question('input-askonce Tenant')), 'acme');
    assert.equal(await two.answer(question('input id')), '8');
    await two.answer(question('password-askonce Password'));
    assert.deepEqual(
      second.asked.map((q) => [q.key, q.value]),
      [['id', '7'], ['Password', undefined]],
    );
  });

  it('without an ask function, says what it needed', async () => {
    await assert.rejects(createPrompter(undefined).answer(question('input id')), PromptUnavailableError);
  });
});

describe('prompts: resolution', () => {
  it('lets a # @prompt name win over a file variable of that name', () => {
    const resolver = createResolver({ fileVariables: [{ name: 'id', value: 'file', line: 0 }], promptedVariables: new Map([['id', 'typed']]) });
    assert.equal(resolver.resolve('{{id}}', AT), 'typed');
  });

  it('collects unanswered prompts as "" and resolves answered ones', () => {
    const answers = new Map([['Currency', 'EUR']]);
    const resolver = createResolver({ promptAnswer: (q) => answers.get(q.key) });
    assert.equal(resolver.resolve('{{$pick Currency $value: USD,EUR}}/{{$input id}}/{{ $password  pw }}', AT), 'EUR//');
    assert.deepEqual([...resolver.asks.keys()], ['id', 'pw']);
  });

  it('answers an askonce input from a variable named like its label (httpYac)', () => {
    const resolver = createResolver({ environmentVariables: { token: 'from-env' }, promptAnswer: () => undefined });
    assert.equal(resolver.resolve('{{$input-askonce token}}', AT), 'from-env');
    assert.equal(resolver.asks.size, 0);
  });

  it('is an unresolved variable where nothing can ask, and a malformed prompt is reported where it stands', () => {
    const noAsk = assert.throws(() => createResolver({}).resolve('x {{$input id}}', AT), UnresolvedVariableError);
    void noAsk;
    try {
      createResolver({ promptAnswer: () => undefined }).resolve('ab {{$input}}', { line: 3, column: 0 });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof UnresolvedVariableError);
      assert.equal(error.line, 3);
      assert.equal(error.column, 3);
      assert.match(error.message, /needs a label/);
    }
  });
});

describe('prompts: sending against the sandbox', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await withSandbox();
  });
  after(() => sandbox.stop());

  const cashier = DOCUMENTED_SANDBOX_USERS.find((user) => user.role === 'CASHIER')!;

  function context(file: ReturnType<typeof parseHttpFile>, ask?: PromptAsk): SendContext {
    return {
      environment: sandbox.env,
      credential: { kind: 'none' },
      fileVariables: file.variables,
      fileRequests: file.requests,
      ...(ask ? { prompter: createPrompter(ask) } : {}),
    };
  }


  it('sends the typed password (FinCode accepts the login) and keeps only its placeholder', async () => {
    const file = parseHttpFile(PROMPTED_LOGIN);
    const { ask, asked } = scripted({ email: cashier.email, Password: cashier.password });
    const response = await sendRequest(file.requests[0]!, context(file, ask));
    assert.equal(response.status, 200);
    assert.deepEqual(
      asked.map((q) => [q.key, q.masked]),
      [['email', false], ['Password', true]],
    );
    const kept = JSON.stringify({ ...response, body: response.body.toString('utf8'), requestBody: response.requestBody?.toString('utf8') });
    assert.ok(!kept.includes(cashier.password), 'the password is nowhere in the response model');
    assert.match(response.requestBody!.toString('utf8'), new RegExp(maskedPlaceholder('Password')));
    assert.match(response.requestBody!.toString('utf8'), /excel\.nwachukwu/);
  });

  it('masks an echoed password in the response body, headers and URL as well', async () => {
    const file = parseHttpFile(
      [
        '# @prompt password',
        'POST {{baseUrl}}/_emulator/echo/x?pw={{password}}',
        'X-Pin: {{$password Pin}}',
        '',
        '{{password}}',
      ].join('\n'),
    );
    const { ask } = scripted({ password: 'Sup3rSecret!', Pin: '98765' });
    const response = await sendRequest(file.requests[0]!, context(file, ask));
    assert.equal(response.status, 200);
    const echoed = JSON.parse(response.text) as { headers: Record<string, string>; body: string; query: Record<string, string> };
    assert.equal(echoed.body, REDACTED, 'the password arrived and its echo is masked');
    assert.equal(echoed.headers['x-pin'], REDACTED);
    assert.equal(echoed.query.pw, REDACTED);
    const kept = JSON.stringify({ ...response, body: response.body.toString('utf8'), requestBody: response.requestBody?.toString('utf8') });
    assert.ok(!kept.includes('Sup3rSecret!') && !kept.includes('98765'));
    assert.ok(response.requestUrl.includes(encodeURIComponent(maskedPlaceholder('password'))) || response.requestUrl.includes(maskedPlaceholder('password')));
    assert.equal(response.requestHeaders.find((header) => header.name === 'X-Pin')?.value, maskedPlaceholder('Pin'));
  });

  it('asks before anything is sent, and a dismissed prompt sends nothing', async () => {
    const file = parseHttpFile(PROMPTED_LOGIN);
    const before = (await sandbox.counters()).logins;
    await assert.rejects(sendRequest(file.requests[0]!, context(file, scripted({ email: cashier.email }).ask)), PromptCancelledError);
    assert.equal((await sandbox.counters()).logins, before);
  });

  it('asks a prompt in the URL before building it (an empty host is not an error)', async () => {
    const file = parseHttpFile('GET {{$pick Server $value: ' + sandbox.baseUrl + ',https://unused.example.test}}/_emulator/echo/picked');
    const { ask } = scripted({ Server: sandbox.baseUrl });
    const response = await sendRequest(file.requests[0]!, context(file, ask));
    assert.equal(response.status, 200);
    assert.match(response.text, /"path":"[^"]*_emulator\/echo\/picked"/);
  });

  it('fails with PromptUnavailableError when nothing can ask', async () => {
    const file = parseHttpFile(PROMPTED_LOGIN);
    await assert.rejects(sendRequest(file.requests[0]!, context(file)), PromptUnavailableError);
  });

  it('gives a cURL copy the placeholder without asking for the password', async () => {
    const file = parseHttpFile(PROMPTED_LOGIN);
    const { ask, asked } = scripted({ email: cashier.email });
    const prepared = await prepareRequest(file.requests[0]!, context(file, ask));
    const command = toCurl(prepared);
    assert.deepEqual(asked.map((q) => q.key), ['email']);
    assert.ok(command.includes(maskedPlaceholder('Password')));
    assert.ok(!command.includes(cashier.password));

    const declared = parseHttpFile(['# @prompt user', '# @prompt password', 'POST {{baseUrl}}/x', '', '{{user}}:{{password}}'].join('\n'));
    const asked2 = scripted({ user: 'ana' });
    const prepared2 = await prepareRequest(declared.requests[0]!, context(declared, asked2.ask));
    assert.deepEqual(asked2.asked.map((q) => q.key), ['user'], 'a masked # @prompt name is not asked for a copy');
    assert.equal(prepared2.body?.toString('utf8'), `ana:${maskedPlaceholder('password')}`);
  });

  it('masks the typed values themselves where the placeholder cannot stand (a host name)', async () => {
    const { host, pathname } = new URL(sandbox.baseUrl);
    const file = parseHttpFile(`GET http://{{$password Host}}${pathname}/_emulator/echo/host`);
    const response = await sendRequest(file.requests[0]!, context(file, scripted({ Host: host }).ask));
    assert.equal(response.status, 200, 'the real host was used');
    assert.equal(response.requestUrl, `http://${REDACTED}${pathname}/_emulator/echo/host`);
    assert.ok(!JSON.stringify(response.requestHeaders).includes(host), 'not in the Host header either');
  });

  it('keeps a typed password out of error messages', async () => {
    const file = parseHttpFile('GET {{$password Password}}/x');
    const { ask } = scripted({ Password: 'not a url Sup3rSecret!' });
    const error = await sendRequest(file.requests[0]!, context(file, ask)).then(
      () => assert.fail('expected an error'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof Error);
    assert.ok(!error.message.includes('Sup3rSecret!'), error.message);
    assert.ok(!String(error.stack).includes('Sup3rSecret!'), String(error.stack));
  });
});
