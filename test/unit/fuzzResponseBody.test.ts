// A body whose Content-Type says JSON but that is not (whole) JSON — cut by fincode.maxResponseBytes,
// cut by the server, a truncated gzip stream, a proxy's HTML error page, JSON nested too deeply
// to print — is shown as received with a note saying why, never formatted from a prefix, never a
// crash: over real HTTP through the send pipeline, the response view model and the page script.
// Then a seeded fuzz of the body shaping (RESPONSE_FUZZ_SEED=<seed> replays it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { ParsedRequest } from '../../src/core/http/model';
import { parseHttpFile } from '../../src/core/http/parser';
import { sendRequest } from '../../src/core/http/sender';
import { MAX_PRETTY_TEXT, responseViewModel, shapeBody, type HostToPage } from '../../src/vscode/http/responseViewModel';
import { loadPage } from '../support/fakePage';
import { mulberry32 } from '../support/random';
import { httpServer, type Throwaway } from '../support/throwawayServer';

const JSON_TEXT = JSON.stringify({ items: Array.from({ length: 300 }, (_, id) => ({ id, name: `item ${id}` })) });
const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>';
const DEEP = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;

const BODIES: Readonly<Record<string, { body: Buffer; headers?: Record<string, string> }>> = {
  '/whole': { body: Buffer.from(JSON_TEXT) },
  '/cut-by-server': { body: Buffer.from(JSON_TEXT.slice(0, 1000)) },
  '/html': { body: Buffer.from(HTML) },
  '/truncated-gzip': { body: zlib.gzipSync(JSON_TEXT).subarray(0, 300), headers: { 'content-encoding': 'gzip' } },
  '/deep': { body: Buffer.from(DEEP) },
  // A prefix of this body is valid JSON: only a cut that is not parsed shows it right.
  '/valid-prefix': { body: Buffer.from(`[${'1'.repeat(4000)}, 2]`) },
};

let server: Throwaway;
let env: Environment;

before(async () => {
  server = await httpServer((req, res) => {
    const found = BODIES[(req.url ?? '').replace('/api/v6/services', '')];
    if (!found) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(found.body.length), ...found.headers });
    res.end(found.body);
  });
  env = makeEnvironment({ id: 'bodies', kind: 'custom', baseUrl: `${server.origin}/api/v6/services` });
});

after(() => server.close());

async function shown(path: string, maxResponseBytes = 10 * 1024 * 1024) {
  const request = parseHttpFile(`GET {{baseUrl}}${path}`).requests[0] as ParsedRequest;
  const response = await sendRequest(request, { environment: env, credential: { kind: 'none' }, settings: { maxResponseBytes } });
  const model = responseViewModel(response, { id: path });
  const page = loadPage<HostToPage>('responseView.js');
  page.send({ type: 'response', model });
  const bodySection = page.app.find((node) => node.id === 'body')[0];
  assert.ok(bodySection, 'the page shows a body section');
  const notes = page.app.find((node) => node.id === 'notes')[0]?.children.map((item) => item.textContent) ?? [];
  return { response, model, page, bodySection, notes };
}

/** The page shows the body raw (one plain <pre>, no JSON highlighting) and the note about it. */
function assertShownRaw(result: Awaited<ReturnType<typeof shown>>, note: RegExp): void {
  const { model, bodySection, notes } = result;
  assert.equal(model.body.pretty, undefined, 'not formatted');
  assert.match(model.body.notFormatted ?? '', note);
  assert.ok(model.notes.includes(model.body.notFormatted ?? ''), 'the reason is among the notes');
  assert.ok(notes.includes(model.body.notFormatted ?? ''), 'and the page shows it');
  const pres = bodySection.find((node) => node.tagName === 'pre');
  assert.deepEqual(pres.map((node) => node.className), ['body']);
  assert.equal(pres[0]?.textContent, model.body.text);
  assert.equal(bodySection.find((node) => node.tagName === 'span').length, 0, 'no JSON tokens highlighted');
}

describe('a body labelled JSON that is not JSON is shown raw with a note', () => {
  test('whole JSON is formatted, with no note (the control case)', async () => {
    const result = await shown('/whole');
    assert.equal(result.model.body.pretty, JSON.stringify(JSON.parse(JSON_TEXT), null, 2));
    assert.equal(result.model.body.notFormatted, undefined);
    assert.deepEqual(result.notes, []);
    assert.ok(result.bodySection.find((node) => node.className === 'tok-key').length > 0);
  });

  test('cut at fincode.maxResponseBytes', async () => {
    const result = await shown('/whole', 2048);
    assert.equal(result.response.truncated, true);
    assert.equal(result.model.body.text, JSON_TEXT.slice(0, 2048));
    assertShownRaw(result, /^The body is labelled application\/json but was cut before its end, so it is shown as received, not formatted as JSON\.$/);
    assert.ok(result.notes.some((note) => /cut at 2\.0 KB \(fincode\.maxResponseBytes\)/.test(note)));
  });

  test('a cut body whose prefix happens to be valid JSON is not formatted either', async () => {
    const result = await shown('/valid-prefix', 1024);
    assertShownRaw(result, /was cut before its end/);
  });

  test('cut by the server (a complete response holding half a document)', async () => {
    const result = await shown('/cut-by-server');
    assert.equal(result.model.body.text, JSON_TEXT.slice(0, 1000));
    assertShownRaw(result, /^The body is labelled application\/json but is not valid JSON: it is shown as received\.$/);
  });

  test('a truncated gzip stream: what was decoded, the decoding problem and the note', async () => {
    const result = await shown('/truncated-gzip');
    assert.ok(JSON_TEXT.startsWith(result.response.text) && result.response.text.length > 0);
    assertShownRaw(result, /not valid JSON/);
  });

  test('an HTML error page sent as application/json stays text: no element made from it', async () => {
    const result = await shown('/html');
    assertShownRaw(result, /^The body is labelled application\/json but is not valid JSON \(it looks like HTML or XML, e\.g\. an error page from a proxy\): it is shown as received\.$/);
    assert.equal(result.model.body.text, HTML);
    assert.equal(result.page.created.filter((node) => ['script', 'html', 'h1', 'title'].includes(node.tagName)).length, 0);
  });

  test('JSON nested 200,000 deep: parsed, too deep to print, shown as received', async () => {
    const result = await shown('/deep');
    assertShownRaw(result, /nested too deeply to format/);
    assert.equal(result.model.body.text.length, DEEP.length);
  });
});

describe('body shaping fuzz', () => {
  const SEED = Number(process.env.RESPONSE_FUZZ_SEED ?? 20_251_123);
  const TYPES = [undefined, 'application/json', 'application/problem+json; charset=utf-8', 'text/html', 'APPLICATION/JSON', 'text/plain', 'application/jsonp'];

  function randomBody(random: () => number): string {
    const int = (below: number) => Math.floor(random() * below);
    switch (int(5)) {
      case 0:
        return JSON_TEXT.slice(0, int(JSON_TEXT.length));
      case 1:
        return HTML.slice(int(HTML.length));
      case 2:
        return Array.from({ length: int(200) }, () => String.fromCharCode(int(0x3000))).join('');
      case 3: {
        // Mostly shallow, sometimes thousands deep.
        const depth = int(int(6000));
        return `${'{"a":'.repeat(depth)}1${'}'.repeat(int(2) === 0 ? depth : int(depth + 1))}`;
      }
      default:
        return JSON.stringify({ n: random(), s: 'x'.repeat(int(100)) });
    }
  }

  test('3,000 random bodies: formatted exactly when they are whole JSON, else a note when labelled JSON; never a throw', (t) => {
    t.diagnostic(`RESPONSE_FUZZ_SEED=${SEED}`);
    const random = mulberry32(SEED);
    let formatted = 0;
    let noted = 0;
    for (let index = 0; index < 3000; index += 1) {
      const text = randomBody(random);
      const contentType = TYPES[Math.floor(random() * TYPES.length)];
      const truncated = random() < 0.2;
      const maxText = random() < 0.2 ? Math.floor(random() * 200) : undefined;
      const context = `case ${index} (RESPONSE_FUZZ_SEED=${SEED}): ${contentType} ${JSON.stringify(text.slice(0, 80))}`;
      let body: ReturnType<typeof shapeBody>;
      try {
        body = shapeBody(text, contentType, truncated, maxText);
      } catch (error) {
        assert.fail(`${context} threw ${String(error)}`);
      }
      const cut = truncated || text.length > (maxText ?? Infinity);
      let whole = false;
      try {
        JSON.parse(text);
        whole = true;
      } catch {
        whole = false;
      }
      if (body.pretty !== undefined) {
        formatted += 1;
        assert.ok(whole && !cut && text.length <= MAX_PRETTY_TEXT, `${context} formatted a body that is not whole JSON`);
      }
      const labelledJson = contentType !== undefined && /[/+]json\b/i.test(contentType);
      assert.equal(body.notFormatted !== undefined, labelledJson && body.pretty === undefined && text.trim() !== '', context);
      if (body.notFormatted !== undefined) noted += 1;
    }
    assert.ok(formatted > 200 && noted > 200, `formatted ${formatted}, noted ${noted}: the generator must reach both`);
  });
});
