// CR or LF can never split a request on the wire: a header value or URL that would carry one —
// written through an environment variable, a file variable built from one, {{$processEnv}},
// {{$dotenv}} or a chained response's JSON — is refused before anything is sent, with the
// variable and the target named. A seeded fuzz of values and sources against a real server that
// records every request (HEADER_FUZZ_SEED=<seed> replays it).
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import { FinCodeError } from '../../src/core/fincode/errors';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type SendContext } from '../../src/core/http/sender';
import { HeaderValueError, UnsafeValueError } from '../../src/core/http/variables';
import { mulberry32 } from '../support/random';
import { httpServer, type Throwaway } from '../support/throwawayServer';

const SEED = Number(process.env.HEADER_FUZZ_SEED ?? 20_251_125);
const received: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Throwaway;
let env: Environment;

before(async () => {
  server = await httpServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    // The chained source: a JSON string holding a line break is legal JSON.
    res.end(JSON.stringify({ value: 'a\r\nX-Injected: chained', plain: 'fine' }));
  });
  env = makeEnvironment({ id: 'inj', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
});

after(() => server.close());

type Source = 'environment' | 'file variable' | '$processEnv' | '$dotenv';

/** A .http file whose request puts `value` (from `source`) into `target`, and the context that supplies it. */
function requestWith(value: string, source: Source, target: 'header' | 'url'): { request: ParsedRequest; context: SendContext } {
  const reference = { environment: '{{v}}', 'file variable': '{{fv}}', $processEnv: '{{$processEnv V}}', $dotenv: '{{$dotenv V}}' }[source];
  const line = target === 'header' ? `GET {{baseUrl}}/x\nX-Value: ${reference}` : `GET {{baseUrl}}/x/${reference}`;
  const text = `@fv = pre-{{v}}\n\n${line}`;
  const request = parseHttpFile(text).requests[0] as ParsedRequest;
  return {
    request,
    context: {
      environment: env,
      credential: { kind: 'apiToken', token: 'tok-123' },
      fileVariables: parseHttpFile(text).variables,
      environmentVariables: { v: value },
      processEnv: { V: value },
      dotenv: (name) => (name === 'V' ? value : undefined),
    },
  };
}

async function attempt(value: string, source: Source, target: 'header' | 'url'): Promise<{ error?: unknown; sent: number }> {
  const before = received.length;
  const { request, context } = requestWith(value, source, target);
  const error = await sendRequest(request, context).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, sent: received.length - before };
}

describe('CR/LF in a header value or the URL is refused before sending', () => {
  const SOURCES: readonly Source[] = ['environment', 'file variable', '$processEnv', '$dotenv'];
  for (const source of SOURCES) {
    for (const [label, value] of [['CR LF', 'a\r\nX-Injected: 1'], ['LF', 'a\nX-Injected: 1'], ['CR', 'a\rX-Injected: 1']] as const) {
      test(`${label} through ${source}, in a header and in the URL`, async () => {
        for (const target of ['header', 'url'] as const) {
          const { error, sent } = await attempt(value, source, target);
          assert.ok(error instanceof UnsafeValueError, `${target}: ${String(error)}`);
          assert.equal(sent, 0, `${target}: nothing sent`);
          assert.match(error.message, target === 'header' ? /header "X-Value"/ : /the URL/);
          assert.match(error.message, /line break \(CR or LF\)/);
          assert.ok(!error.message.includes('X-Injected'), 'the value itself is not echoed');
        }
      });
    }
  }

  test('a line break from a chained response body ({{login.response.body.$.value}})', async () => {
    const text = '# @name login\nGET {{baseUrl}}/login\n\n###\nGET {{baseUrl}}/next\nX-Value: {{login.response.body.$.value}}';
    const file = parseHttpFile(text);
    const before = received.length;
    const error = await sendRequest(file.requests[1] as ParsedRequest, { environment: env, credential: { kind: 'none' }, fileRequests: file.requests }).catch((caught: unknown) => caught);
    assert.ok(error instanceof UnsafeValueError, String(error));
    assert.equal(error.variable, 'login.response.body.$.value');
    assert.deepEqual(received.slice(before).map((request) => request.url), ['/api/v6/services/login'], 'only the chained request went out');
  });

  test('the same request with a clean value is sent, one request, the header intact', async () => {
    const { error, sent } = await attempt('a: X-Injected 1', 'file variable', 'header');
    assert.equal(error, undefined);
    assert.equal(sent, 1);
    assert.equal(received.at(-1)?.headers['x-value'], 'pre-a: X-Injected 1');
    assert.equal(received.at(-1)?.headers['x-injected'], undefined);
  });

  test('other characters HTTP forbids in a header (controls, beyond Latin-1) are refused by code point, the value never shown', async () => {
    for (const [character, named] of [['\u0000', 'U+0000 (a control character)'], ['\u007f', 'U+007F (a control character)'], ['\u2028', 'U+2028 (beyond Latin-1)'], ['日', 'U+65E5 (beyond Latin-1)']] as const) {
      const { error, sent } = await attempt(`secret-${character}-value`, 'environment', 'header');
      assert.ok(error instanceof HeaderValueError, String(error));
      assert.equal(error.message, `The value of header "X-Value" contains ${named}, which HTTP does not allow in a header.`);
      assert.equal(sent, 0);
    }
    const { error, sent } = await attempt('tab\tand é are fine', 'environment', 'header');
    assert.equal(error, undefined);
    assert.equal(sent, 1);
  });

  test('fuzz: 400 random values and sources; a line break is always refused, nothing else ever splits a request', async (t) => {
    t.diagnostic(`HEADER_FUZZ_SEED=${SEED}`);
    const random = mulberry32(SEED);
    const PIECES = ['\r\n', '\n', '\r', '\r\n\r\n', 'X-Injected: 1', ':', ' ', '\t', 'abc', 'é', '\u2028', '\u0000', '\u007f', '%0d%0a', 'GET / HTTP/1.1', '{{', '}}', '\\r\\n'];
    let refused = 0;
    let sentCount = 0;
    for (let index = 0; index < 400; index += 1) {
      const value = Array.from({ length: 1 + Math.floor(random() * 5) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
      const source = SOURCES[Math.floor(random() * SOURCES.length)] as Source;
      const target = random() < 0.5 ? 'header' : 'url';
      const context = `case ${index} (HEADER_FUZZ_SEED=${SEED}) ${source} → ${target}: ${JSON.stringify(value)}`;
      const { error, sent } = await attempt(value, source, target);
      if (/[\r\n]/.test(value) && !value.includes('{{')) {
        assert.ok(error instanceof UnsafeValueError, `${context}: ${String(error)}`);
        refused += 1;
      }
      if (error === undefined) {
        assert.equal(sent, 1, `${context}: exactly one request`);
        sentCount += 1;
        assert.equal(received.at(-1)?.headers['x-injected'], undefined, `${context}: a header was injected`);
      } else {
        assert.ok(error instanceof FinCodeError, `${context}: ${String(error)}`);
        assert.equal(sent, 0, `${context}: a refused request sent nothing`);
      }
    }
    assert.ok(refused > 100 && sentCount > 50, `refused ${refused}, sent ${sentCount}`);
  });
});
