// cURL export and import: the FinCode guide's examples, browser "Copy as cURL" output, quoting,
// flags and warnings, a fuzz that it never throws, and round trips — the exported command run
// by a real shell and curl against a real server, and export → import → send giving the same bytes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { COOKIE_VARIABLE, fromCurl, shellQuote, shellWords, toCurl, TOKEN_VARIABLE } from '../../src/core/http/curl';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import type { OutgoingRequest } from '../../src/core/net/headers';
import { prepareRequest, sendRequest } from '../../src/core/http/sender';
import { recordingServer, type RecordingServer } from '../support/throwawayServer';

const run = promisify(execFile);

function parsed(httpText: string): ParsedRequest {
  const file = parseHttpFile(httpText);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), [], httpText);
  const request = file.requests[0];
  assert.ok(request, httpText);
  return request;
}

const headersOf = (request: ParsedRequest): [string, string][] => request.headers.map((header) => [header.name, header.value]);

// The FinCode authentication guide and login endpoint page, as published.
const GUIDE_API_TOKEN = `curl -X GET "https://{domain}.fincode.software/api/v6/services/your-endpoint" \\
-H "Content-Type: application/json" \\
-H "X-Auth-Token: your-api-token-here" \\
-H "platform: fincode" \\
-H "uuid: 200"`;

const guideLogin = (email: string, password: string): string => `curl -X PUT "https://{domain}.fincode.software/api/v6/services/securitymanagement/login" \\
-H "Content-Type: application/json" \\
-H "platform: fincode" \\
-H "uuid: 200" \\
-d '{
"email": "${email}",
"currentPassword": "${password}"
}'`;

const LOGIN_PAGE_REFERENCE = `curl --request PUT \\
  --url https://{tenant}.fincode.software/api/v6/services/securitymanagement/login \\
  --header 'Content-Type: application/json' \\
  --header 'platform: <platform>' \\
  --header 'uuid: <uuid>' \\
  --data '
{
  "email": "<string>",
  "currentPassword": "<string>"
}
'`;

const LOGIN_PAGE_EXAMPLE = `curl -X PUT "https://remitjunction.fincode.software/api/v6/services/securitymanagement/login" \\
  -H "Content-Type: application/json" \\
  -H "platform: fincode" \\
  -H "uuid: 200" \\
  -d '{
    "email": "manager@yourcompany.com",
    "currentPassword": "Password@1"
  }'`;

describe('curl import: the FinCode guide examples', () => {
  it('the API token example: {{baseUrl}}, the placeholder token dropped', () => {
    const { httpText, warnings } = fromCurl(GUIDE_API_TOKEN);
    const request = parsed(httpText);
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '{{baseUrl}}/your-endpoint');
    assert.deepEqual(headersOf(request), [
      ['Content-Type', 'application/json'],
      ['platform', 'fincode'],
      ['uuid', '200'],
    ]);
    assert.ok(warnings.some((w) => /X-Auth-Token: the placeholder value was dropped/.test(w)));
    assert.ok(warnings.some((w) => /\{\{baseUrl\}\}/.test(w)));
  });

  for (const [role, email, password] of [
    ['MANAGER', 'manager@yourcompany.com', 'your-secure-password'],
    ['AGENT', 'agent@yourcompany.com', 'your-secure-password'],
    ['CASHIER', 'cashier@yourcompany.com', 'your-secure-password'],
    ['CUSTOMER', 'customer@example.com', 'customer-password'],
  ] as const) {
    it(`the ${role} login example`, () => {
      const request = parsed(fromCurl(guideLogin(email, password)).httpText);
      assert.equal(request.method, 'PUT');
      assert.equal(request.url, '{{baseUrl}}/securitymanagement/login');
      assert.deepEqual(JSON.parse(request.body?.raw ?? ''), { email, currentPassword: password });
      assert.deepEqual(headersOf(request), [
        ['Content-Type', 'application/json'],
        ['platform', 'fincode'],
        ['uuid', '200'],
      ]);
    });
  }

  it('the login page reference (--request, --url, --header, --data with blank lines, <placeholders>)', () => {
    const { httpText, warnings } = fromCurl(LOGIN_PAGE_REFERENCE);
    const request = parsed(httpText);
    assert.equal(request.method, 'PUT');
    assert.equal(request.url, '{{baseUrl}}/securitymanagement/login');
    assert.deepEqual(headersOf(request), [['Content-Type', 'application/json']]);
    assert.deepEqual(JSON.parse(request.body?.raw ?? ''), { email: '<string>', currentPassword: '<string>' });
    assert.equal(warnings.filter((w) => /placeholder value was dropped/.test(w)).length, 2);
  });

  it('the login page example keeps a real tenant URL as written', () => {
    const request = parsed(fromCurl(LOGIN_PAGE_EXAMPLE).httpText);
    assert.equal(request.url, 'https://remitjunction.fincode.software/api/v6/services/securitymanagement/login');
    assert.deepEqual(JSON.parse(request.body?.raw ?? ''), { email: 'manager@yourcompany.com', currentPassword: 'Password@1' });
  });
});

describe('curl import: browsers and flags', () => {
  it('Chrome "Copy as cURL (bash)" with $\'…\', cookies, --compressed', () => {
    const chrome = `curl 'https://tenant.fincode.software/api/v6/services/transactions?page=2' \\
  -H 'accept: application/json, text/plain, */*' \\
  -H 'accept-language: en-GB,en;q=0.9' \\
  -b 'session=abc; theme=dark' \\
  -H 'content-type: application/json' \\
  -H 'origin: https://tenant.fincode.software' \\
  --data-raw $'{"note":"it\\'s \\u00e9\\\\n","n":1}' \\
  --compressed`;
    const { httpText, warnings } = fromCurl(chrome);
    const request = parsed(httpText);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://tenant.fincode.software/api/v6/services/transactions?page=2');
    assert.deepEqual(headersOf(request), [
      ['accept', 'application/json, text/plain, */*'],
      ['accept-language', 'en-GB,en;q=0.9'],
      ['Cookie', 'session=abc; theme=dark'],
      ['content-type', 'application/json'],
      ['origin', 'https://tenant.fincode.software'],
      ['Accept-Encoding', 'gzip, deflate, br'],
    ]);
    // $'…' turns \\ into one backslash: the JSON text holds the escape \n, a line break once parsed.
    assert.deepEqual(JSON.parse(request.body?.raw ?? ''), { note: "it's é\n", n: 1 });
    assert.ok(warnings.some((w) => /Cookie is kept/.test(w)));
  });

  it('Firefox "Copy as cURL" (URL first, -X after)', () => {
    const firefox = `curl 'https://api.example.test/v1/items' -X PUT -H 'User-Agent: Mozilla/5.0' -H 'Content-Type: application/json' --data-raw '{"a":1}'`;
    const request = parsed(fromCurl(firefox).httpText);
    assert.equal(request.method, 'PUT');
    assert.equal(request.body?.raw, '{"a":1}');
  });

  it('-u user:pass becomes a Basic header; --oauth2-bearer a Bearer header', () => {
    assert.deepEqual(headersOf(parsed(fromCurl('curl -u ada:s3cr:et https://x.test/').httpText)), [['Authorization', `Basic ${Buffer.from('ada:s3cr:et').toString('base64')}`]]);
    const noPassword = fromCurl('curl --user ada https://x.test/');
    assert.deepEqual(headersOf(parsed(noPassword.httpText)), [['Authorization', `Basic ${Buffer.from('ada:').toString('base64')}`]]);
    assert.ok(noPassword.warnings.some((w) => /no password/.test(w)));
    assert.deepEqual(headersOf(parsed(fromCurl('curl --oauth2-bearer abc.def https://x.test/').httpText)), [['Authorization', 'Bearer abc.def']]);
  });

  it('-G puts the data in the query and sends a GET', () => {
    const request = parsed(fromCurl(`curl -G https://x.test/search -d q=fin --data-urlencode 'name=a b&c'`).httpText);
    assert.equal(request.method, 'GET');
    assert.equal(request.url, 'https://x.test/search?q=fin&name=a%20b%26c');
    assert.equal(request.body, undefined);
  });

  it('several -d join with &, with the form content type curl sends', () => {
    const request = parsed(fromCurl(`curl https://x.test/form -d a=1 --data b=2 --data-urlencode '=x y' --data-urlencode 'raw text'`).httpText);
    assert.equal(request.method, 'POST');
    assert.equal(request.body?.raw, 'a=1&b=2&x%20y&raw%20text');
    assert.deepEqual(headersOf(request), [['Content-Type', 'application/x-www-form-urlencoded']]);
  });

  it('--json sets the JSON content type and accept', () => {
    const request = parsed(fromCurl(`curl --json '{"a":1}' https://x.test/`).httpText);
    assert.deepEqual(headersOf(request), [
      ['Accept', 'application/json'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('-d @file and --data-binary @file become includes', () => {
    const request = parsed(fromCurl(`curl -H 'Content-Type: application/octet-stream' --data-binary @./payload.bin https://x.test/up`).httpText);
    assert.deepEqual(request.body?.segments, [{ kind: 'file', path: './payload.bin', processVariables: false, line: 3 }]);
    const warned = fromCurl('curl -d @body.json https://x.test/');
    assert.ok(warned.warnings.some((w) => /strips line breaks/.test(w)));
    assert.ok(fromCurl('curl --data-binary @- https://x.test/').warnings.some((w) => /standard input/.test(w)));
  });

  it('-F builds a multipart body with file includes', () => {
    const request = parsed(fromCurl(`curl -F 'who=ada' -F 'doc=@./id.png;type=image/png' --form-string 'note=@literal' https://x.test/upload`).httpText);
    assert.equal(request.method, 'POST');
    assert.match(request.headers[0]?.value ?? '', /^multipart\/form-data; boundary=/);
    const raw = request.body?.raw ?? '';
    assert.match(raw, /name="who"\n\nada\n/);
    assert.match(raw, /name="doc"; filename="id.png"\nContent-Type: image\/png\n\n< \.\/id\.png\n/);
    assert.match(raw, /name="note"\n\n@literal\n/);
    assert.ok(request.body?.segments.some((segment) => segment.kind === 'file' && segment.path === './id.png'));
  });

  it('combined and attached short options: -sSLk, -XDELETE, -H\'…\'', () => {
    const { httpText, warnings } = fromCurl(`curl -sSLk -XDELETE -H'X-A: 1' https://x.test/item/1`);
    const request = parsed(httpText);
    assert.equal(request.method, 'DELETE');
    assert.deepEqual(headersOf(request), [['X-A', '1']]);
    assert.ok(warnings.some((w) => /-k: TLS certificate verification stays on/.test(w)));
    assert.ok(warnings.some((w) => /-L: redirects/.test(w)));
  });

  it('-I is a HEAD; -A and -e set User-Agent and Referer', () => {
    const request = parsed(fromCurl(`curl -I -A 'bot/1' -e https://ref.test/ https://x.test/`).httpText);
    assert.equal(request.method, 'HEAD');
    assert.deepEqual(headersOf(request), [
      ['User-Agent', 'bot/1'],
      ['Referer', 'https://ref.test/'],
    ]);
  });

  it('warns about unknown options and ignored arguments, and picks the URL-looking word', () => {
    const { httpText, warnings } = fromCurl(`curl --frobnicate value https://x.test/ -o out.json --max-time 5`);
    assert.equal(parsed(httpText).url, 'https://x.test/');
    assert.ok(warnings.some((w) => /Unknown option --frobnicate/.test(w)));
    assert.ok(warnings.some((w) => /"value" was ignored/.test(w)));
    assert.ok(warnings.some((w) => /-o out\.json: not part of the request/.test(w)));
  });

  it('an empty header (Name;) is kept, a removed one (Name:) is not, Content-Length is dropped', () => {
    const { httpText, warnings } = fromCurl(`curl -H 'X-Empty;' -H 'Accept:' -H 'Content-Length: 5' https://x.test/`);
    assert.deepEqual(headersOf(parsed(httpText)), [['X-Empty', '']]);
    assert.ok(warnings.some((w) => /curl removes this header/.test(w)));
    assert.ok(warnings.some((w) => /Content-Length was dropped/.test(w)));
  });

  it('a real token value is kept with a warning', () => {
    const { httpText, warnings } = fromCurl(`curl -H 'X-Auth-Token: eyJhbGciOiJIUzI1NiJ9.e30.sig' https://x.test/`);
    assert.deepEqual(headersOf(parsed(httpText)), [['X-Auth-Token', 'eyJhbGciOiJIUzI1NiJ9.e30.sig']]);
    assert.ok(warnings.some((w) => /carries a credential/.test(w)));
  });

  it('takes the curl command out of a pipeline and says so', () => {
    const { httpText, warnings } = fromCurl(`echo hi | curl https://x.test/ && echo done`);
    assert.equal(parsed(httpText).url, 'https://x.test/');
    assert.ok(warnings.some((w) => /Only the curl command/.test(w)));
  });

  it('never throws: not curl, empty, no URL, unclosed quotes, random input', () => {
    assert.match(fromCurl('wget https://x.test').warnings.join(), /not a curl command/);
    assert.equal(fromCurl('').httpText, '');
    assert.match(fromCurl('curl -H "A: b"').warnings.join(), /No URL/);
    assert.match(fromCurl(`curl 'https://x.test/`).warnings.join(), /never closed/);
    const alphabet = ` \t\n\\'"$-xXdHu:@;|&=curl{}<>`;
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(random() * 60);
      const text = 'curl ' + Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const result = fromCurl(text);
      assert.equal(typeof result.httpText, 'string');
      assert.ok(Array.isArray(result.warnings));
    }
  });
});

describe('curl: shell words', () => {
  it('reads POSIX quoting, ANSI-C quoting and line continuations', () => {
    const { words } = shellWords(`curl 'a b' "c \\"d\\" \\$e \\x" $'f\\tg\\x41\\101\\u00e9\\'' h\\ i \\\n j"k"'l'`);
    assert.deepEqual(words, ['curl', 'a b', 'c "d" $e \\x', "f\tgAAé'", 'h i', 'jkl']);
  });

  it('keeps CRLF continuations working', () => {
    assert.deepEqual(shellWords('curl \\\r\n  https://x.test/').words, ['curl', 'https://x.test/']);
  });
});

describe('curl export', () => {
  const request: OutgoingRequest = {
    method: 'PUT',
    url: "https://x.test/a'b?q=1&r=2",
    headers: [
      { name: 'X-Auth-Token', value: 'real-token' },
      { name: 'Authorization', value: 'Bearer real-token' },
      { name: 'Cookie', value: 'sid=real' },
      { name: 'X-Empty', value: '' },
      { name: 'Content-Length', value: '99' },
      { name: 'Content-Type', value: 'application/json' },
    ],
    body: Buffer.from(`{"it's": "$HOME \`x\`"}`),
  };

  it('uses shell variables for credentials unless asked, and quotes everything else', () => {
    const command = toCurl(request);
    assert.ok(!command.includes('real-token') && !command.includes('sid=real'));
    assert.ok(command.includes(`-H "X-Auth-Token: ${TOKEN_VARIABLE}"`));
    assert.ok(command.includes(`-H "Authorization: Bearer ${TOKEN_VARIABLE}"`));
    assert.ok(command.includes(`-H "Cookie: ${COOKIE_VARIABLE}"`));
    assert.ok(command.includes(`-H 'X-Empty;'`));
    assert.ok(!/Content-Length/i.test(command));
    assert.ok(command.startsWith(`curl -X PUT 'https://x.test/a'\\''b?q=1&r=2' \\\n  -H`));
    const withCredentials = toCurl(request, { includeCredentials: true, compressed: true });
    assert.ok(withCredentials.includes(`-H 'X-Auth-Token: real-token'`));
    assert.ok(withCredentials.includes('--compressed'));
  });

  it('chooses -X, --head and the default methods like curl', () => {
    const url = 'https://x.test/';
    assert.equal(toCurl({ method: 'GET', url, headers: [] }), `curl 'https://x.test/'`);
    assert.equal(toCurl({ method: 'HEAD', url, headers: [] }), `curl --head 'https://x.test/'`);
    assert.equal(toCurl({ method: 'DELETE', url, headers: [] }), `curl -X DELETE 'https://x.test/'`);
    assert.match(toCurl({ method: 'POST', url, headers: [], body: Buffer.from('a') }), /^curl 'https:\/\/x\.test\/' \\\n {2}--data-raw 'a'$/);
    assert.match(toCurl({ method: 'GET', url, headers: [], body: Buffer.from('a') }), /^curl -X GET /);
    assert.match(toCurl({ method: 'POST', url, headers: [], body: Buffer.from('x'), bodyFile: '/tmp/my file.bin' }), /--data-binary '@\/tmp\/my file\.bin'$/);
  });

  it('single quoting survives a real shell', async () => {
    const samples = [`it's`, `$HOME "\\n" \`id\` $(id)`, `'''`, 'tab\tnew\nline', 'é ✓ 🎉', ''];
    for (const text of samples) {
      const { stdout } = await run('sh', ['-c', `printf '%s' ${shellQuote(text)}`]);
      assert.equal(stdout, text);
    }
  });
});

const hasCurl = ((): boolean => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('curl round trips over real HTTP', () => {
  let server: RecordingServer;
  let env: Environment;
  before(async () => {
    server = await recordingServer((_req, res) => void res.end('{}'));
    env = makeEnvironment({ id: 'c', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
  });
  after(() => server.close());

  const FILE = `PATCH {{baseUrl}}/items/7?note={{%note}}
Content-Type: application/json
X-Quote: it's "quoted" $HOME

{"name": "Ada's \`item\`", "tags": ["a", "b"], "n": 1}`;
  const context = () => ({ environment: env, credential: { kind: 'apiToken' as const, token: 'the-token' }, environmentVariables: { note: 'a b' } });

  it('the exported command, run by sh and curl, sends what the sender sends', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const request = parsed(FILE);
    await sendRequest(request, context());
    const sent = server.requests.at(-1);
    const prepared = await prepareRequest(request, context());
    await run('sh', ['-c', toCurl(prepared)], { env: { ...process.env, FINCODE_TOKEN: 'the-token' } });
    const viaCurl = server.requests.at(-1);
    assert.ok(sent && viaCurl && sent !== viaCurl);
    assert.equal(viaCurl.method, sent.method);
    assert.equal(viaCurl.url, sent.url);
    assert.deepEqual(viaCurl.body, sent.body);
    for (const name of ['content-type', 'x-quote', 'x-auth-token', 'platform', 'uuid']) assert.equal(viaCurl.headers[name], sent.headers[name], name);
  });

  it('binary bodies go through printf and standard input', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const bytes = Buffer.from([0, 1, 2, 10, 13, 39, 92, 0x7f, 0x80, 0xff]);
    await run('sh', ['-c', toCurl({ method: 'POST', url: `${env.baseUrl}/bin`, headers: [{ name: 'Content-Type', value: 'application/octet-stream' }], body: bytes })]);
    assert.deepEqual(server.requests.at(-1)?.body, bytes);
  });

  it('export → import → send gives the same request', async () => {
    const request = parsed(FILE);
    await sendRequest(request, context());
    const original = server.requests.at(-1);
    const { httpText, warnings } = fromCurl(toCurl(await prepareRequest(request, context())));
    assert.ok(warnings.some((w) => /X-Auth-Token: the placeholder value was dropped/i.test(w)), warnings.join('\n'));
    await sendRequest(parsed(httpText), context());
    const again = server.requests.at(-1);
    assert.ok(original && again && original !== again);
    assert.equal(again.method, original.method);
    assert.equal(again.url, original.url);
    assert.deepEqual(again.body, original.body);
    for (const name of ['content-type', 'x-quote', 'x-auth-token', 'platform', 'uuid']) assert.equal(again.headers[name], original.headers[name], name);
  });
});
