// The request history's entries against real responses from the sandbox on 127.0.0.1: a login's
// tokens, an echo of the injected credential and a typed password, cookies and query tokens never
// reach an entry; caps by count and size; the stored file read back; a request found again after
// edits; the rows and the comparison text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { historyEntry, historyResponse, type HistoryEntry } from '../../src/core/http/history';
import { capHistory, entryBytes, maxBodyChars, parseHistory, serializeHistory, DEFAULT_HISTORY_CAPS } from '../../src/core/http/historyFile';
import { findRequestAgain } from '../../src/core/http/historyFind';
import { comparisonText, comparisonTitle, historyRow, shortUrl, whenText } from '../../src/core/http/historyText';
import type { HttpResponse } from '../../src/core/http/response';
import { makeEnvironment } from '../../src/core/fincode/environments';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest, type SendContext } from '../../src/core/http/sender';
import { REDACTED } from '../../src/core/redact';
import { documentedUser, login, withSandbox, type TestSandbox } from '../support/sandbox';
import { recordingServer, type RecordingServer } from '../support/throwawayServer';

const CANARY_PASSWORD = 'Canary-History-Pass-9';
const CANARY_API_KEY = 'canaryApiKey0123456789abcdef0123456789';

async function send(text: string, context: SendContext): Promise<HttpResponse> {
  const request = parseHttpFile(text).requests[0];
  assert.ok(request);
  return sendRequest(request, context);
}

function entryOf(response: HttpResponse, requestText: string, extra: Partial<Parameters<typeof historyEntry>[0]> = {}): HistoryEntry {
  return historyEntry({ id: 'h1', at: Date.now(), response, sentAs: 'CASHIER (cashier)', profileId: 'p-cashier', requestText, maxBodyChars: maxBodyChars(DEFAULT_HISTORY_CAPS), ...extra });
}

/** The entry as stored: every canary must be absent from this text. */
const stored = (entry: HistoryEntry): string => serializeHistory([entry]);

describe('history entries from real sandbox responses keep no credential', () => {
  let sandbox: TestSandbox;
  let accessToken: string;
  before(async () => {
    sandbox = await withSandbox();
    accessToken = (await login(sandbox.baseUrl, 'CASHIER')).access_token;
  });
  after(() => sandbox.stop());

  it('a login: the typed password in the request, the access and refresh tokens in the response are masked', async () => {
    const { email, password } = documentedUser('MANAGER');
    const text = `PUT {{baseUrl}}/securitymanagement/login\ncontent-type: application/json\n\n{"email": "${email}", "currentPassword": "${password}"}`;
    const response = await send(text, { environment: sandbox.env, credential: { kind: 'none' } });
    assert.equal(response.status, 200);
    const body = JSON.parse(response.text) as { access_token: string; refresh_token: string };
    const entry = entryOf(response, text);
    const kept = stored(entry);
    for (const secret of [password, body.access_token, body.refresh_token]) assert.ok(!kept.includes(secret), `${secret.slice(0, 12)}… is not kept`);
    const keptBody = JSON.parse(entry.response.body) as Record<string, unknown>;
    assert.equal(keptBody.access_token, REDACTED);
    assert.equal(keptBody.refresh_token, REDACTED);
    assert.equal(keptBody.expires_in, 3600, 'ordinary fields stay');
    assert.match(entry.request.body ?? '', /"currentPassword": "‹redacted›"/);
    assert.match(entry.requestText, /"currentPassword": "‹redacted›"/);
    assert.equal(entry.status, 200);
    assert.equal(entry.method, 'PUT');
  });

  it('an echo with the injected token, a typed password, a cookie and an API key in the query: none is kept', async () => {
    const text = [
      `POST {{baseUrl}}/_emulator/echo?api_key=${CANARY_API_KEY}&page=2`,
      'content-type: application/json',
      `Cookie: sid=${CANARY_PASSWORD}`,
      `X-Api-Key: ${CANARY_API_KEY}`,
      '',
      `{"note": "password=${CANARY_PASSWORD}", "pin": {"password": "${CANARY_PASSWORD}"}, "author": "Ada"}`,
    ].join('\n');
    const response = await send(text, { environment: sandbox.env, credential: { kind: 'apiToken', token: accessToken } });
    assert.equal(response.status, 200);
    assert.ok(response.text.includes(accessToken), 'the echo carries the injected token: the test can fail');
    assert.ok(response.text.includes(CANARY_PASSWORD), 'the echo carries the password: the test can fail');
    const entry = entryOf(response, text);
    const kept = stored(entry);
    for (const secret of [accessToken, CANARY_PASSWORD, CANARY_API_KEY]) assert.ok(!kept.includes(secret), `${secret.slice(0, 12)}… is not kept`);
    assert.ok(!entry.request.headers.some((header) => response.injectedHeaders.includes(header.name.toLowerCase())), 'injected headers are dropped');
    assert.ok(!entry.request.headers.some((header) => /^(x-auth-token|authorization)$/i.test(header.name)));
    assert.deepEqual(entry.request.headers.find((header) => header.name === 'Cookie'), { name: 'Cookie', value: REDACTED });
    assert.match(entry.url, /\?api_key=‹redacted›&page=2$/);
    const echoed = JSON.parse((JSON.parse(entry.response.body) as { body: string }).body) as { author: string; pin: { password: string } };
    assert.equal(echoed.author, 'Ada', 'ordinary fields stay readable (and the body is still JSON)');
    assert.equal(echoed.pin.password, REDACTED);
  });

  it('a known secret (a typed password) is masked wherever it appears, also outside a credential key', async () => {
    const text = `POST {{baseUrl}}/_emulator/echo\ncontent-type: text/plain\n\nhello ${CANARY_PASSWORD} there`;
    const response = await send(text, { environment: sandbox.env, credential: { kind: 'none' } });
    const entry = entryOf(response, text, { knownSecrets: [CANARY_PASSWORD] });
    assert.ok(!stored(entry).includes(CANARY_PASSWORD));
  });
});

describe('history entries: headers, bodies and sizes', () => {
  let server: RecordingServer;
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
  before(async () => {
    server = await recordingServer((req, res) => {
      if (req.url?.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`${'a'.repeat(5000)} token=${jwt}`);
        return;
      }
      if (req.url?.startsWith('/png')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
        return;
      }
      res.setHeader('Set-Cookie', [`session=${CANARY_PASSWORD}; Path=/; HttpOnly`, 'theme=dark; Max-Age=60']);
      res.writeHead(200, { 'content-type': 'application/json', 'x-refresh-token': 'def50200abcdef0123', 'x-request-id': 'r-1' });
      res.end(JSON.stringify({ id_token: jwt, nested: { apiKey: CANARY_API_KEY }, message: `Bearer ${jwt}`, count: 3 }));
    });
  });
  after(() => server.close());

  const environment = () => makeEnvironment({ id: 'x', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });

  it('masks Set-Cookie values (names and attributes stay), credential-named headers and JSON credentials', async () => {
    const response = await send(`GET ${server.origin}/json\nAuthorization: Basic dXNlcjpwYXNz`, { environment: environment(), credential: { kind: 'none' } });
    const entry = entryOf(response, 'GET /json');
    const cookies = entry.response.headers.filter((header) => header.name === 'set-cookie').map((header) => header.value);
    assert.deepEqual(cookies, [`session=${REDACTED}; Path=/; HttpOnly`, `theme=${REDACTED}; Max-Age=60`]);
    assert.equal(entry.response.headers.find((header) => header.name === 'x-refresh-token')?.value, REDACTED);
    assert.equal(entry.response.headers.find((header) => header.name === 'x-request-id')?.value, 'r-1');
    assert.ok(!entry.request.headers.some((header) => /authorization/i.test(header.name)), 'a typed Authorization header is dropped too');
    const kept = stored(entry);
    for (const secret of [jwt, CANARY_API_KEY, CANARY_PASSWORD, 'dXNlcjpwYXNz', 'def50200abcdef0123']) assert.ok(!kept.includes(secret), secret);
    assert.equal((JSON.parse(entry.response.body) as { count: number }).count, 3);
  });

  it('cuts a long body after masking it (a token at the cut is not left half visible) and keeps no binary body', async () => {
    const big = await send(`GET ${server.origin}/big`, { environment: environment(), credential: { kind: 'none' } });
    const entry = entryOf(big, 'GET /big', { maxBodyChars: 5010 });
    assert.equal(entry.response.cut, true);
    assert.equal(entry.response.body.length, 5010);
    assert.ok(!entry.response.body.includes('eyJhbGci'), entry.response.body.slice(5000));
    const png = await send(`GET ${server.origin}/png`, { environment: environment(), credential: { kind: 'none' } });
    const image = entryOf(png, 'GET /png');
    assert.equal(image.response.binary, true);
    assert.equal(image.response.body, '');
    assert.equal(image.response.bodyBytes, 7);
    assert.match(historyResponse(image).notes.join(' '), /not text/);
  });

  it('re-opens as a response with the same status, headers and body, noting where it came from', async () => {
    const response = await send(`GET ${server.origin}/json`, { environment: environment(), credential: { kind: 'none' } });
    const entry = entryOf(response, 'GET /json');
    const again = historyResponse(entry);
    assert.equal(again.status, 200);
    assert.equal(again.text, entry.response.body);
    assert.deepEqual(again.headers, entry.response.headers);
    assert.deepEqual(again.injectedHeaders, entry.request.injected, 'the names of the injected headers (never their values)');
    assert.ok(entry.request.injected.includes('platform'));
    assert.match(again.notes[0] ?? '', /From the request history/);
  });
});

function fakeEntry(id: string, bodyChars: number, at = 0): HistoryEntry {
  return {
    id,
    at,
    method: 'GET',
    url: 'http://127.0.0.1:1/api/v6/services/x?page=1',
    status: 200,
    reason: 'OK',
    timeMs: 12,
    sentAs: 'CASHIER (cashier)',
    profileId: 'p',
    requestText: 'GET {{baseUrl}}/x?page=1',
    request: { headers: [], injected: [] },
    response: { httpVersion: '1.1', headers: [{ name: 'content-type', value: 'application/json' }], body: 'x'.repeat(bodyChars), bodyBytes: bodyChars, truncated: false, cut: false, binary: false },
  };
}

describe('history caps and storage', () => {
  it('keeps the newest entries within the count', () => {
    const entries = ['a', 'b', 'c', 'd'].map((id) => fakeEntry(id, 10));
    assert.deepEqual(capHistory(entries, { maxEntries: 2, maxBytes: 1e6 }).map((entry) => entry.id), ['a', 'b']);
    assert.deepEqual(capHistory(entries, { maxEntries: 0, maxBytes: 1e6 }), [], '0 keeps none');
  });

  it('keeps the newest entries within the size, dropping the oldest', () => {
    const entries = ['a', 'b', 'c'].map((id) => fakeEntry(id, 1000));
    const one = entryBytes(entries[0]!);
    assert.deepEqual(capHistory(entries, { maxEntries: 10, maxBytes: 2 * one + 10 }).map((entry) => entry.id), ['a', 'b']);
    assert.equal(maxBodyChars({ maxEntries: 1, maxBytes: 4 * 1024 * 1024 }), 1024 * 1024);
  });

  it('reads back what it wrote and leaves out what does not fit the shape', () => {
    const entries = [fakeEntry('a', 3), fakeEntry('b', 3)];
    assert.deepEqual(parseHistory(serializeHistory(entries)), entries);
    const tampered = JSON.parse(serializeHistory(entries)) as { entries: unknown[] };
    tampered.entries.push({ id: 'x' }, null, 'text');
    assert.deepEqual(parseHistory(JSON.stringify(tampered)).map((entry) => entry.id), ['a', 'b']);
    assert.deepEqual(parseHistory('{"format":"other","entries":[]}'), []);
    assert.deepEqual(parseHistory('{"format":"fincode-history/1","entries":[{"id"'), [], 'a file cut by a crash');
  });
});

describe('history: finding the request again, rows and comparisons', () => {
  const file = parseHttpFile(['### a', '# @name list', 'GET {{baseUrl}}/x?page=1', '', '### b', 'POST {{baseUrl}}/y', '', '{}', ''].join('\n'));
  const source = { uri: 'file:///w/api.http', line: 2, rawUrl: '{{baseUrl}}/x?page=1' };

  it('finds it by name, else at its line, else by method and URL; nothing when it is gone', () => {
    const entry = { ...fakeEntry('a', 1), source: { ...source, name: 'list' } };
    assert.equal(findRequestAgain(file, entry)?.index, 0);
    const moved = { ...fakeEntry('a', 1), source: { ...source, line: 40 } };
    assert.equal(findRequestAgain(file, moved)?.index, 0, 'found by method and URL after the line moved');
    const gone = { ...fakeEntry('a', 1), source: { ...source, rawUrl: '{{baseUrl}}/deleted' } };
    assert.equal(findRequestAgain(file, gone), undefined);
    assert.equal(findRequestAgain(file, fakeEntry('a', 1)), undefined, 'no source: nothing to find');
  });

  it('a row shows status, method, URL, profile and time; the tooltip the full URL and the file', () => {
    const at = new Date(2026, 11, 7, 14, 3, 7).getTime();
    const row = historyRow({ ...fakeEntry('a', 1, at), source }, at + 1000);
    assert.equal(row.label, '200 GET /api/v6/services/x?page=1');
    assert.equal(row.description, 'CASHIER (cashier) · 14:03:07 · 12 ms');
    assert.ok(row.tooltip.includes('GET http://127.0.0.1:1/api/v6/services/x?page=1'));
    assert.ok(row.tooltip.includes('From api.http, line 3'));
    assert.equal(whenText(at, at + 2 * 86_400_000), '2026-12-07 14:03:07');
    assert.equal(shortUrl('not a url'), 'not a url');
    assert.equal(shortUrl('http://h:1/x?api_key=‹redacted›'), '/x?api_key=‹redacted›', 'the mask is not percent-encoded');
    assert.equal(shortUrl('https://h?x=1'), '/?x=1');
  });

  it('the comparison text has the request line, the status line, the headers and the body re-indented', () => {
    const entry = { ...fakeEntry('a', 0), response: { ...fakeEntry('a', 0).response, body: '{"a":1}' } };
    const text = comparisonText(entry);
    assert.match(text, /^GET http:\/\/127\.0\.0\.1:1\/api\/v6\/services\/x\?page=1\n# sent as CASHIER \(cashier\) at /);
    assert.match(text, /\nHTTP\/1\.1 200 OK\ncontent-type: application\/json\n\n\{\n {2}"a": 1\n\}$/);
    assert.match(comparisonTitle(entry, { ...entry, status: 403 }, 0), /^200 GET .* ↔ 403 GET /);
  });
});
