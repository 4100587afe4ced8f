// The parser's tricky details, one small file each, checked field by field. The corpus test
// (parserCorpus.test.ts) covers the syntax broadly; this file pins down the decisions.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isGraphQlRequest, splitGraphQlBody } from '../../src/core/http/graphQlBody';
import type { ParsedFile, ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile, requestAtLine } from '../../src/core/http/parser';

const CORPUS = join(__dirname, '..', 'fixtures', 'http');

function parse(...lines: string[]): ParsedFile {
  return parseHttpFile(lines.join('\n'));
}

function only(file: ParsedFile): ParsedRequest {
  assert.equal(file.requests.length, 1, 'exactly one request');
  return file.requests[0];
}

function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('parser: blocks, names and titles', () => {
  test('the first request needs no separator; ### starts the next, its text is the title', () => {
    const file = parse('GET https://a.example/1', '', '### Second one  ', 'GET https://a.example/2');
    assert.deepEqual(
      file.requests.map((request) => [request.url, request.title]),
      [
        ['https://a.example/1', undefined],
        ['https://a.example/2', 'Second one'],
      ],
    );
  });

  test('### @name x on the separator sets the name (and is metadata, not a title)', () => {
    const request = only(parse('### @name listTransactions', 'GET https://a.example/t'));
    assert.equal(request.name, 'listTransactions');
    assert.equal(request.title, undefined);
    assert.deepEqual(request.metadata, [{ key: 'name', value: 'listTransactions', line: 0 }]);
  });

  test('# @name and // @name, # @note and any # @key value are kept as metadata', () => {
    const request = only(parse('# @name first', '// @note', '# @timeout 30 s', '// @name second', 'GET https://a.example/'));
    assert.equal(request.name, 'second');
    assert.deepEqual(request.metadata, [
      { key: 'name', value: 'first', line: 0 },
      { key: 'note', value: '', line: 1 },
      { key: 'timeout', value: '30 s', line: 2 },
      { key: 'name', value: 'second', line: 3 },
    ]);
  });

  test('plain comments in both styles are neither metadata nor request text', () => {
    const request = only(parse('# just a comment', '// another # comment', '#no-at-sign', 'GET https://a.example/'));
    assert.deepEqual(request.metadata, []);
    assert.equal(request.range.start, 0);
  });

  test('a trailing ### without a request adds nothing', () => {
    assert.equal(parse('GET https://a.example/', '###', '', '###').requests.length, 1);
  });
});

describe('parser: file variables', () => {
  test('are read at the top, after a separator, and between requests after a body', () => {
    const file = parse(
      '@host = https://a.example',
      'GET {{host}}/1',
      '',
      '{"a": 1}',
      '',
      '@between = after the body',
      '',
      '###',
      '@id=7',
      'GET {{host}}/{{id}}',
    );
    assert.deepEqual(file.variables, [
      { name: 'host', value: 'https://a.example', line: 0 },
      { name: 'between', value: 'after the body', line: 5 },
      { name: 'id', value: '7', line: 8 },
    ]);
    assert.equal(file.requests[0].body?.raw, '{"a": 1}');
  });

  test('a variable line followed by more body text is body', () => {
    const request = only(parse('POST https://a.example/', '', '@x = 1', 'more text'));
    assert.equal(request.body?.raw, '@x = 1\nmore text');
  });
});

describe('parser: request line and URL', () => {
  test('METHOD URL with HTTP/1.1, HTTP/2, HTTP/2.0, and a bare URL meaning GET', () => {
    const file = parse('GET https://a.example/1 HTTP/1.1', '###', 'POST https://a.example/2 HTTP/2', '###', 'PUT https://a.example/3  HTTP/2.0', '###', 'https://a.example/4');
    assert.deepEqual(
      file.requests.map((request) => [request.method, request.url, request.httpVersion]),
      [
        ['GET', 'https://a.example/1', 'HTTP/1.1'],
        ['POST', 'https://a.example/2', 'HTTP/2'],
        ['PUT', 'https://a.example/3', 'HTTP/2.0'],
        ['GET', 'https://a.example/4', undefined],
      ],
    );
  });

  test('?/& lines and indented lines under the request line continue the URL', () => {
    const request = only(parse('GET https://a.example', '    /api', '\t/items', '?page=1', '    &size=10', 'Accept: */*'));
    assert.equal(request.url, 'https://a.example/api/items?page=1&size=10');
    assert.deepEqual(request.headers, [{ name: 'Accept', value: '*/*', line: 5 }]);
  });

  test('{{%name}} url-encoded variables are kept as written', () => {
    assert.equal(only(parse('GET https://a.example/?q={{%query}}')).url, 'https://a.example/?q={{%query}}');
  });

  test('GRAPHQL, WS, GRPC and other methods are parsed, with a "not supported for sending" warning on the method', () => {
    const file = parse('GRAPHQL https://a.example/gql', '###', 'WS wss://a.example/ws', '###', 'GRPC a.example:443/svc.S/M', '###', '  MKCOL https://a.example/dav');
    assert.deepEqual(
      file.requests.map((request) => request.method),
      ['GRAPHQL', 'WS', 'GRPC', 'MKCOL'],
    );
    assert.deepEqual(
      file.diagnostics.map(({ line, column, endColumn, severity }) => ({ line, column, endColumn, severity })),
      [
        { line: 0, column: 0, endColumn: 7, severity: 'warning' },
        { line: 2, column: 0, endColumn: 2, severity: 'warning' },
        { line: 4, column: 0, endColumn: 4, severity: 'warning' },
        { line: 6, column: 2, endColumn: 7, severity: 'warning' },
      ],
    );
    for (const diagnostic of file.diagnostics) assert.match(diagnostic.message, /not supported for sending/);
  });

  test('the sendable methods give no diagnostic, in any case', () => {
    const file = parse('get https://a.example/', '###', 'Post https://a.example/', '###', 'CONNECT a.example:443');
    assert.deepEqual(
      file.requests.map((request) => request.method),
      ['GET', 'POST', 'CONNECT'],
    );
    assert.deepEqual(file.diagnostics, []);
  });
});

describe('parser: headers', () => {
  test('are read until the first blank line, with their lines, values trimmed', () => {
    const request = only(parse('GET https://a.example/', 'Accept:application/json  ', 'X-Empty:', '# a comment among headers', '{{name}}: {{value}}', '', 'body'));
    assert.deepEqual(request.headers, [
      { name: 'Accept', value: 'application/json', line: 1 },
      { name: 'X-Empty', value: '', line: 2 },
      { name: '{{name}}', value: '{{value}}', line: 4 },
    ]);
    assert.equal(request.body?.raw, 'body');
  });

  test('a malformed header line is a diagnostic with its line and columns, and reading goes on', () => {
    const file = parse('GET https://a.example/', 'X-Ok: yes', '  Accept application/json ', 'X-Also: read');
    assert.deepEqual(only(file).headers, [
      { name: 'X-Ok', value: 'yes', line: 1 },
      { name: 'X-Also', value: 'read', line: 3 },
    ]);
    assert.equal(file.diagnostics.length, 1);
    assert.deepEqual({ ...file.diagnostics[0], message: undefined }, { line: 2, column: 2, endColumn: 25, severity: 'error', message: undefined });
  });
});

describe('parser: bodies', () => {
  test('# and // lines inside a JSON body are body; trailing blank lines are trimmed', () => {
    const request = only(parse('POST https://a.example/', 'Content-Type: application/json', '', '{', '  # not a comment', '  // nor this', '  "a": 1', '}', '', '', ''));
    assert.equal(request.body?.raw, '{\n  # not a comment\n  // nor this\n  "a": 1\n}');
    assert.deepEqual(request.metadata, []);
    assert.equal(request.range.end, 7);
  });

  test('a body ends before > {% %}, < {% %}, >> file, >>! file, ?? …, <> file and a pasted HTTP/1.1 200', () => {
    const endings = ['> {% client.log(1) %}', '> {%', '< {% request.x = 1 %}', '>> ./out.json', '>>! ./out.json', '?? status == 200', '<> ./previous.json', 'HTTP/1.1 200 OK'];
    for (const ending of endings) {
      const request = only(parse('POST https://a.example/', '', 'line 1', 'line 2', ending, 'not body', '%}', 'not body either'));
      assert.equal(request.body?.raw, 'line 1\nline 2', ending);
      assert.equal(request.range.end, 7, ending);
    }
  });

  test('script lines are kept as metadata: script, assert, output, response-ref', () => {
    const request = only(
      parse('< {%', '  request.variables.set("a", "1");', '%}', 'GET https://a.example/', '> ./check.js', '>> out.json', '?? status == 200', '<> prev.json'),
    );
    assert.deepEqual(request.metadata, [
      { key: 'script', value: '< {%\n  request.variables.set("a", "1");\n%}', line: 0 },
      { key: 'script', value: '> ./check.js', line: 4 },
      { key: 'output', value: '>> out.json', line: 5 },
      { key: 'assert', value: '?? status == 200', line: 6 },
      { key: 'response-ref', value: '<> prev.json', line: 7 },
    ]);
    assert.equal(request.range.start, 0);
    assert.equal(request.range.requestLine, 3);
  });

  test('a pasted response is ignored up to the next separator', () => {
    const file = parse('GET https://a.example/1', 'HTTP/1.1 200 OK', 'Content-Type: text/plain', '', '# @name ignored', 'GET not-a-request', '###', 'GET https://a.example/2');
    assert.deepEqual(
      file.requests.map((request) => [request.url, request.headers.length, request.name]),
      [
        ['https://a.example/1', 0, undefined],
        ['https://a.example/2', 0, undefined],
      ],
    );
    assert.deepEqual(file.diagnostics, []);
  });

  test('< and <@ include lines become file segments with their path and line; the text keeps the line breaks', () => {
    const request = only(parse('POST https://a.example/', '', '--b', '< ./a.png', '<@ {{dir}}/b.json', '<@latin1 c.txt', '--b--'));
    assert.deepEqual(request.body?.segments, [
      { kind: 'text', text: '--b\n' },
      { kind: 'file', path: './a.png', processVariables: false, line: 3 },
      { kind: 'text', text: '\n' },
      { kind: 'file', path: '{{dir}}/b.json', processVariables: true, line: 4 },
      { kind: 'text', text: '\n' },
      { kind: 'file', path: 'c.txt', processVariables: true, encoding: 'latin1', line: 5 },
      { kind: 'text', text: '\n--b--' },
    ]);
  });

  test('x-www-form-urlencoded and multipart bodies are kept raw', () => {
    const form = only(parse('POST https://a.example/', 'Content-Type: application/x-www-form-urlencoded', '', 'a=1', '&b=2'));
    assert.equal(form.body?.raw, 'a=1\n&b=2');
    assert.deepEqual(form.body?.segments, [{ kind: 'text', text: 'a=1\n&b=2' }]);
  });
});

describe('parser: GraphQL', () => {
  test('splitGraphQlBody: query, a blank line, then variables; blank lines inside the query stay in it', () => {
    assert.deepEqual(splitGraphQlBody('query { me { id } }'), { query: 'query { me { id } }' });
    assert.deepEqual(splitGraphQlBody('query Q($n: Int) {\n  items(n: $n) {\n\n    id\n  }\n}\n\n{"n": 3}\n'), {
      query: 'query Q($n: Int) {\n  items(n: $n) {\n\n    id\n  }\n}',
      variables: '{"n": 3}',
    });
    assert.deepEqual(splitGraphQlBody('\r\n{ a(s: "}") }\r\n\r\n{"x": 1}'), { query: '{ a(s: "}") }', variables: '{"x": 1}' });
    assert.deepEqual(splitGraphQlBody('{ a } # } comment\n\n{}'), { query: '{ a } # } comment', variables: '{}' });
  });

  test('isGraphQlRequest: method GRAPHQL or an X-REQUEST-TYPE: GraphQL header; the body stays raw', () => {
    const file = parse('GRAPHQL https://a.example/', '', 'query { a }', '###', 'POST https://a.example/', 'x-request-type: graphql', '', 'query { b }', '', '{"v": 1}', '###', 'POST https://a.example/');
    assert.deepEqual(file.requests.map(isGraphQlRequest), [true, true, false]);
    assert.equal(file.requests[1].body?.raw, 'query { b }\n\n{"v": 1}');
  });
});

describe('parser: FinCode annotations', () => {
  test('@profile, @role, @no-auth and @expect, in both comment styles', () => {
    const request = only(parse('# @profile sandbox-cashier', '// @role CASHIER', '# @no-auth', '// @expect MANAGER=200 AGENT=200 CASHIER=403 CUSTOMER=403', 'GET https://a.example/'));
    assert.deepEqual(request.annotations, {
      profile: 'sandbox-cashier',
      role: 'CASHIER',
      noAuth: true,
      expect: { MANAGER: 200, AGENT: 200, CASHIER: 403, CUSTOMER: 403 },
    });
    assert.deepEqual(
      request.metadata.map((entry) => entry.key),
      ['profile', 'role', 'no-auth', 'expect'],
    );
  });

  test('a request without annotations has noAuth false and nothing else', () => {
    assert.deepEqual(asJson(only(parse('GET https://a.example/')).annotations), { noAuth: false });
  });

  test('an unknown role is a diagnostic on the value, and is not kept', () => {
    const file = parse('# @role SUPERVISOR', 'GET https://a.example/');
    assert.equal(only(file).annotations.role, undefined);
    assert.deepEqual({ ...file.diagnostics[0], message: undefined }, { line: 0, column: 8, endColumn: 18, severity: 'error', message: undefined });
    assert.match(file.diagnostics[0].message, /Unknown role "SUPERVISOR".*MANAGER, AGENT, CASHIER, CUSTOMER/);
  });

  test('a malformed @expect pair is reported at its own column; valid pairs are kept', () => {
    const line = '# @expect MANAGER=200 AGENT=2000 CASHIER:403 CUSTOMER=099 sandbox=404';
    const file = parse(line, 'GET https://a.example/');
    assert.deepEqual(only(file).annotations.expect, { MANAGER: 200, sandbox: 404 });
    assert.deepEqual(
      file.diagnostics.map(({ column, endColumn }) => line.slice(column, endColumn)),
      ['AGENT=2000', 'CASHIER:403', 'CUSTOMER=099'],
    );
  });
});

describe('parser: FinCode annotation keys are data', () => {
  test('an @expect key named __proto__ is an own key, not a prototype', () => {
    const expect = only(parse('# @expect __proto__=200 MANAGER=201', 'GET https://a.example/')).annotations.expect;
    assert.equal(Object.getOwnPropertyDescriptor(expect, '__proto__')?.value, 200);
    assert.equal(Object.getPrototypeOf(expect), Object.prototype);
    assert.equal(expect?.MANAGER, 201);
  });
});

describe('parser: ranges and requestAtLine', () => {
  const text = [
    '@host = https://a.example', //   0
    '', //                             1
    '# File header comment', //        2
    '', //                             3
    '# @name first', //                4
    '', //                             5
    '# Directly above', //             6
    'GET {{host}}/1', //               7
    '', //                             8
    '{"a": 1}', //                     9
    '', //                            10
    '### second', //                  11
    '# @role AGENT', //               12
    'GET {{host}}/2', //              13
    '> {%', //                        14
    '  client.log(1);', //            15
    '%}', //                          16
    '', //                            17
    '', //                            18
    '###', //                         19
    '', //                            20
    'POST {{host}}/3', //             21
    '', //                            22
  ].join('\n');
  const file = parseHttpFile(text);

  test('start: the separator, or the first metadata / comment lines belonging to the request; end: the last non-blank line', () => {
    assert.deepEqual(
      file.requests.map((request) => request.range),
      [
        { start: 4, requestLine: 7, end: 9 },
        { start: 11, requestLine: 13, end: 16 },
        { start: 19, requestLine: 21, end: 21 },
      ],
    );
    assert.equal(file.lineCount, 23);
  });

  test('requestAtLine finds the request whose range holds the line, and nothing between ranges', () => {
    const at = (line: number): number | undefined => requestAtLine(file, line)?.index;
    assert.deepEqual([0, 3, 4, 7, 9, 10, 11, 15, 16, 17, 19, 20, 21, 22, 99].map(at), [
      undefined,
      undefined,
      0,
      0,
      0,
      undefined,
      1,
      1,
      1,
      undefined,
      2,
      2,
      2,
      undefined,
      undefined,
    ]);
    assert.equal(requestAtLine(parseHttpFile(''), 0), undefined);
  });
});

describe('parser: text shapes', () => {
  test('LF, CRLF, lone CR and a BOM give the same result for every corpus file', () => {
    for (const name of readdirSync(CORPUS).filter((file) => file.endsWith('.http'))) {
      const lf = readFileSync(join(CORPUS, name), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const expected = asJson(parseHttpFile(lf));
      for (const [shape, text] of [
        ['CRLF', lf.replace(/\n/g, '\r\n')],
        ['CR', lf.replace(/\n/g, '\r')],
        ['BOM', `\uFEFF${lf}`],
      ]) {
        assert.deepEqual(asJson(parseHttpFile(text)), expected, `${name} with ${shape}`);
      }
    }
  });

  test('tabs and trailing blanks: trimmed from URLs, headers and names, kept in bodies', () => {
    const request = only(parse('\t# @name  spaced \t', '\tGET\thttps://a.example/ \t', 'Accept:\t*/* \t', '', '\tbody\t ', ' \t'));
    assert.deepEqual([request.name, request.url, request.headers[0].value, request.body?.raw], ['spaced', 'https://a.example/', '*/*', '\tbody\t ']);
  });

  test('a 1 MB line is fine anywhere, and fast', () => {
    const big = 'x'.repeat(1024 * 1024);
    const started = performance.now();
    const file = parse(`### ${big}`, `# @expect ${big}`, `GET https://a.example/${big}`, `X-Big: ${big}`, '', big, `# ${big}`, ' '.repeat(1024 * 1024), `> {%${big}`);
    const request = only(file);
    // Lengths and booleans only: a failing assertion on 1 MB strings would print them.
    assert.equal(request.url.length, 'https://a.example/'.length + big.length);
    assert.equal(request.title?.length, big.length);
    assert.equal(request.headers[0].value.length, big.length);
    assert.ok(request.body?.raw === big, 'the body is the 1 MB line');
    assert.equal(request.metadata.length, 2);
    assert.deepEqual(
      file.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message.length < 200]),
      [
        [1, true],
        [8, true],
      ],
    );
    assert.ok(performance.now() - started < 2_000, 'a 10 MB file of 1 MB lines parses in well under 2 s');
  });

  test('input that cannot be a request does not throw', () => {
    for (const text of ['', '\uFEFF', '\r', '\n\n\n', '###', '#', '//', '@', '<', '>', '{%', '%}', '{{', 'HTTP/1.1 200', '\u2028', '\0\0\0', '### @', '# @ ', 'GET']) {
      assert.doesNotThrow(() => parseHttpFile(text), JSON.stringify(text));
    }
  });
});

describe('parser: speed stays linear on hostile input', () => {
  // Each case once took, or could take, a scan to the end of the text for each line.
  const cases: [string, string][] = [
    ['unclosed scripts', 'GET https://a.example/\n' + '> {%\n'.repeat(50_000)],
    ['headers without colons', 'GET https://a.example/\n' + 'no colon here\n'.repeat(50_000)],
    ['a lone CR far away', 'GET https://a.example/\n\n' + 'body line\n'.repeat(50_000) + '\r'],
    ['continuation lines', 'GET https://a.example/\n' + '  /x\n'.repeat(50_000)],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const started = performance.now();
      parseHttpFile(text);
      assert.ok(performance.now() - started < 1_000, `${name} took ${(performance.now() - started).toFixed(0)} ms`);
    });
  }
});

describe('parser: names (JetBrains, httpYac)', () => {
  test('### Title names the request; # @name, // @name, # @name = x and # @name=x name it instead', () => {
    const file = parse('### Title only', 'GET https://a.example/1', '### Title', '# @name wins', 'GET https://a.example/2', '###', '// @name = spaced', 'GET https://a.example/3', '###', '# @name=tight', 'GET https://a.example/4');
    assert.deepEqual(
      file.requests.map((request) => [request.name, request.title]),
      [
        ['Title only', 'Title only'],
        ['wins', 'Title'],
        ['spaced', undefined],
        ['tight', undefined],
      ],
    );
    assert.deepEqual(file.diagnostics, []);
  });

  test('a GraphQL body names its request by its operation (httpYac) when nothing else does', () => {
    const file = parse('POST https://a.example/gql', '', 'query Transactions($n: Int) {', '  t(n: $n) { id }', '}', '###', '# @name mine', 'GRAPHQL https://a.example/gql', '', 'mutation Pay { pay }', '###', 'POST https://a.example/gql', '', 'query { anonymous }');
    assert.deepEqual(
      file.requests.map((request) => request.name),
      ['Transactions', 'mine', undefined],
    );
  });
});

describe('parser: GraphQL outside a request (httpYac)', () => {
  test('a fragment or query above the request line is no request, up to a blank line; gql Name < file names the request', () => {
    const file = parse(
      'fragment Parts on Repository {',
      '  description',
      '}',
      '',
      'POST https://a.example/gql',
      '',
      'gql Named < ./query.gql',
      '###',
      'gql < ./fragments.gql',
      'query {',
      '  shared',
      '}',
      '',
      'POST https://a.example/gql',
      '',
      'gql < ./other.gql',
    );
    assert.deepEqual(
      file.requests.map((request) => [request.method, request.url, request.name, request.range.start]),
      [
        ['POST', 'https://a.example/gql', 'Named', 4],
        ['POST', 'https://a.example/gql', './other.gql', 7],
      ],
    );
    assert.deepEqual(file.diagnostics, []);
  });
});

describe('parser: a request line starts a request without ### (httpYac)', () => {
  test('after a blank line, right under another request line, and after a body: the comments and # @name above it are its own', () => {
    const file = parse(
      '# @name first', //                   0
      'GET https://a.example/1', //         1
      '', //                                2
      '# @name second', //                  3
      '# about the second', //              4
      'POST https://a.example/2', //        5
      'Content-Type: application/json', //  6
      '', //                                7
      '{"a": 1}', //                        8
      'PUT https://a.example/3', //         9
      'DELETE https://a.example/4', //     10
    );
    assert.deepEqual(
      file.requests.map((request) => [request.method, request.url, request.name, request.range.start, request.range.requestLine, request.range.end, request.body?.raw]),
      [
        ['GET', 'https://a.example/1', 'first', 0, 1, 1, undefined],
        ['POST', 'https://a.example/2', 'second', 3, 5, 8, '{"a": 1}'],
        ['PUT', 'https://a.example/3', undefined, 9, 9, 9, undefined],
        ['DELETE', 'https://a.example/4', undefined, 10, 10, 10, undefined],
      ],
    );
    assert.deepEqual(file.requests[1].metadata, [{ key: 'name', value: 'second', line: 3 }]);
    assert.deepEqual(file.diagnostics, []);
  });

  test('file variables above the next request are file variables, read once; a lower-case method or a bare URL starts nothing', () => {
    const file = parse('POST https://a.example/1', '', 'body', '', '@id = 7', 'GET https://a.example/{{id}}', '', 'get https://a.example/lower', 'https://a.example/bare');
    assert.deepEqual(
      file.requests.map((request) => [request.method, request.url, request.body?.raw]),
      [
        ['POST', 'https://a.example/1', 'body'],
        ['GET', 'https://a.example/{{id}}', 'get https://a.example/lower\nhttps://a.example/bare'],
      ],
    );
    assert.deepEqual(file.variables, [{ name: 'id', value: '7', line: 4 }]);
  });

  test('after a response handler, and among headers; not inside a multipart/mixed body before its closing boundary', () => {
    const file = parse(
      'GET https://a.example/1',
      '> {% client.log(1) %}',
      'GET https://a.example/2',
      'Accept: */*',
      'GET https://a.example/3',
      'Content-Type: multipart/mixed; boundary="batch"',
      '',
      '--batch',
      'GET /inner HTTP/1.1',
      '--batch--',
      'GET https://a.example/4',
    );
    assert.deepEqual(
      file.requests.map((request) => request.url),
      ['https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'https://a.example/4'],
    );
    assert.equal(file.requests[2].body?.raw, '--batch\nGET /inner HTTP/1.1\n--batch--');
  });

  test('a pasted response and a script swallow request lines up to the separator, as before', () => {
    const file = parse('GET https://a.example/1', 'HTTP/1.1 200 OK', '', 'GET https://a.example/no', '###', 'GET https://a.example/2', '> {%', 'GET https://a.example/no', '%}');
    assert.deepEqual(
      file.requests.map((request) => request.url),
      ['https://a.example/1', 'https://a.example/2'],
    );
  });
});

describe('parser: /* */ block comments', () => {
  test('one-line and multi-line, before a request, among headers and after a body; ### and request lines inside count for nothing', () => {
    const file = parse(
      '/* a one-line comment */', //  0
      '/*', //                        1
      '###', //                       2
      'GET https://a.example/old', // 3
      '*/', //                        4
      'GET https://a.example/1', //   5
      '/* among headers */', //       6
      'Accept: */*', //               7
      '', //                          8
      'body', //                      9
      '  /* commented out', //       10
      '###', //                      11
      'GET https://a.example/off', // 12
      'end of it */', //             13
      '###', //                      14
      'GET https://a.example/2', //  15
    );
    assert.deepEqual(
      file.requests.map((request) => [request.url, request.range.start, request.range.end, request.body?.raw]),
      [
        ['https://a.example/1', 0, 13, 'body'],
        ['https://a.example/2', 14, 15, undefined],
      ],
    );
    assert.deepEqual(file.requests[0].headers, [{ name: 'Accept', value: '*/*', line: 7 }]);
    assert.deepEqual(file.diagnostics, []);
  });

  test('a /* that no line below closes is a one-line comment, with a warning', () => {
    const file = parse('/* not closed', 'GET https://a.example/1', '###', 'GET https://a.example/2');
    assert.deepEqual(
      file.requests.map((request) => request.url),
      ['https://a.example/1', 'https://a.example/2'],
    );
    assert.deepEqual(
      file.diagnostics.map(({ line, column, endColumn, severity }) => ({ line, column, endColumn, severity })),
      [{ line: 0, column: 0, endColumn: 2, severity: 'warning' }],
    );
    assert.match(file.diagnostics[0].message, /Unclosed block comment/);
  });
});

describe('parser: the rest of httpYac\'s request-level syntax', () => {
  test('/path lines and ?/& lines among the headers are URL; an indented Name: value right under the request line is a header', () => {
    const file = parse('GET https://a.example', '/api', '  /v1', 'Accept: */*', '?page=1', '###', 'GET https://a.example/x', '    Accept: */*', '    &q=1');
    assert.deepEqual(
      file.requests.map((request) => [request.url, request.headers.map((header) => header.name)]),
      [
        ['https://a.example/api/v1?page=1', ['Accept']],
        ['https://a.example/x&q=1', ['Accept']],
      ],
    );
  });

  test('protocols: WSS, WEBSOCKET, MQTTS and EVENTSOURCE are their protocol; a bare ws://, grpc://, mqtt:// or amqp:// URL too', () => {
    const file = parse('WSS wss://a.example/1', '###', 'WEBSOCKET ws://a.example/2', '###', 'MQTTS mqtts://a.example', '###', 'EVENTSOURCE https://a.example/e', '###', 'wss://a.example/3', '###', 'grpc://a.example/S/M', '###', 'MQTT://a.example', '###', 'amqps://a.example', '###', 'https://a.example/get');
    assert.deepEqual(
      file.requests.map((request) => request.method),
      ['WS', 'WS', 'MQTT', 'SSE', 'WS', 'GRPC', 'MQTT', 'AMQP', 'GET'],
    );
    assert.deepEqual(file.requests[0].url, 'wss://a.example/1');
  });

  test('a ...headers spread among the headers and a proto < file definition above a request are no header, no request, no diagnostic', () => {
    const file = parse('proto < ./service.proto', 'keepCase: true', '', 'GRPC grpc.example/S/M', '###', 'GET https://a.example/', '...defaultHeaders', 'Accept: */*');
    assert.deepEqual(
      file.requests.map((request) => [request.method, request.url, request.headers.map((header) => header.name), request.range.start]),
      [
        ['GRPC', 'grpc.example/S/M', [], 3],
        ['GET', 'https://a.example/', ['Accept'], 4],
      ],
    );
    assert.deepEqual(
      file.diagnostics.map((diagnostic) => diagnostic.severity),
      ['warning'],
    );
  });

  test('httpYac variables: @name := value (lazy) and @name value', () => {
    const file = parse('@lazy := {{$uuid}}', '@spaced https://a.example', '@bad:x', 'GET {{spaced}}/{{lazy}}');
    assert.deepEqual(file.variables, [
      { name: 'lazy', value: '{{$uuid}}', line: 0 },
      { name: 'spaced', value: 'https://a.example', line: 1 },
    ]);
    assert.deepEqual(
      file.diagnostics.map((diagnostic) => diagnostic.line),
      [2],
    );
  });

  test('# @expect written for another tool (# @expect status 201) is a warning and nothing else: the request is read whole', () => {
    const file = parse('# @name create', '# @expect status 201', 'POST https://a.example/', 'Content-Type: application/json', '', '{}');
    const request = only(file);
    assert.equal(request.name, 'create');
    assert.equal(request.annotations.expect, undefined);
    assert.equal(request.body?.raw, '{}');
    assert.deepEqual(
      file.diagnostics.map(({ line, column, endColumn, severity }) => ({ line, column, endColumn, severity })),
      [{ line: 1, column: 10, endColumn: 20, severity: 'warning' }],
    );
    assert.match(file.diagnostics[0].message, /"@expect status 201" is not FinCode's @expect/);
  });
});

describe('parser: @expect values read once per file', () => {
  const block = (expect: string) => `###\n# @expect ${expect}\nGET https://x.test/\n`;

  test('requests with the same value get the same pairs; a second line adds to a copy, not to the shared pairs', () => {
    const file = parseHttpFile([block('MANAGER=200 CUSTOMER=403'), block('MANAGER=200 CUSTOMER=403'), '###\n# @expect MANAGER=200 CUSTOMER=403\n# @expect CUSTOMER=200 AGENT=201\nGET https://x.test/\n', block('MANAGER=200 CUSTOMER=403')].join(''));
    const expects = file.requests.map((request) => request.annotations.expect);
    assert.deepEqual(expects[0], { MANAGER: 200, CUSTOMER: 403 });
    assert.equal(expects[1], expects[0], 'the same value: the same pairs');
    assert.deepEqual(expects[2], { MANAGER: 200, CUSTOMER: 200, AGENT: 201 });
    assert.deepEqual(expects[3], { MANAGER: 200, CUSTOMER: 403 }, 'the merge changed no other request');
    assert.ok(Object.isFrozen(expects[0]));
  });

  test('a value with a bad pair is reported at every line that writes it', () => {
    const file = parseHttpFile([block('MANAGER=200 CUSTOMER=40'), block('MANAGER=200 CUSTOMER=40')].join(''));
    assert.deepEqual(file.diagnostics.map((diagnostic) => diagnostic.line), [1, 4]);
    assert.deepEqual(file.requests[1]?.annotations.expect, { MANAGER: 200 });
  });

  test('__proto__ is a role name like any other, also when the pairs are shared', () => {
    const file = parseHttpFile([block('__proto__=200'), block('__proto__=200')].join(''));
    const [first, second] = file.requests.map((request) => request.annotations.expect);
    assert.deepEqual(Object.entries(first ?? {}), [['__proto__', 200]]);
    assert.equal(second, first);
    assert.equal(Object.getPrototypeOf(first), Object.prototype);
  });
});
