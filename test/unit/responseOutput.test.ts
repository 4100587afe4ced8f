// `>> file` and `>>! file`: where a response body is saved, never over an existing file with `>>`,
// never outside the allowed roots (`..`, absolute paths, symbolic links), never incomplete.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttpFile } from '../../src/core/http/parser';
import type { HttpResponse } from '../../src/core/http/response';
import { OutputRefusedError, outputTargets, saveResponse } from '../../src/core/http/responseOutput';

function response(text: string, truncated = false): HttpResponse {
  return { body: Buffer.from(text), text, truncated } as HttpResponse;
}

function request(...lines: string[]) {
  return parseHttpFile(['GET https://api.example.test/x', '', ...lines].join('\n')).requests[0]!;
}

describe('response output: the >> lines', () => {
  it('reads >> and >>! lines with their paths and lines, in order', () => {
    assert.deepEqual(outputTargets(request('>> ./out.json', '>>! {{dir}}/b.txt')), [
      { path: './out.json', overwrite: false, line: 2 },
      { path: '{{dir}}/b.txt', overwrite: true, line: 3 },
    ]);
    assert.deepEqual(outputTargets(request('> {% client.log(1) %}')), []);
  });
});

describe('response output: saving', () => {
  let base: string;
  let workspace: string;
  let httpFile: string;
  let outsideDir: string;
  before(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'fincode-output-')));
    workspace = join(base, 'ws');
    outsideDir = join(base, 'outside');
    mkdirSync(join(workspace, 'api'), { recursive: true });
    mkdirSync(outsideDir);
    httpFile = join(workspace, 'api', 'requests.http');
    writeFileSync(httpFile, '');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const save = (lines: string[], body = '{"ok":true}', resolve = (text: string) => text, truncated = false) =>
    saveResponse(request(...lines), response(body, truncated), { httpFilePath: httpFile, roots: [workspace], resolve });

  it('writes beside the .http file, then -1, -2… with >> (never over a file), and replaces with >>!', async () => {
    assert.deepEqual(await save(['>> ./out.json'], 'one'), [join(workspace, 'api', 'out.json')]);
    assert.deepEqual(await save(['>> ./out.json'], 'two'), [join(workspace, 'api', 'out-1.json')]);
    assert.deepEqual(await save(['>> out.json'], 'three'), [join(workspace, 'api', 'out-2.json')]);
    assert.equal(readFileSync(join(workspace, 'api', 'out.json'), 'utf8'), 'one');
    assert.equal(readFileSync(join(workspace, 'api', 'out-2.json'), 'utf8'), 'three');
    assert.deepEqual(await save(['>>! ./out.json'], 'four'), [join(workspace, 'api', 'out.json')]);
    assert.equal(readFileSync(join(workspace, 'api', 'out.json'), 'utf8'), 'four');
  });

  it('numbers a name without an extension too, creates missing folders, and resolves variables in the path', async () => {
    await save(['>> ./plain'], 'a');
    assert.deepEqual(await save(['>> ./plain'], 'b'), [join(workspace, 'api', 'plain-1')]);
    const written = await save(['>> ../saved/{{name}}.json'], 'c', (text) => text.replace('{{name}}', 'orders'));
    assert.deepEqual(written, [join(workspace, 'saved', 'orders.json')]);
  });

  it('refuses a path that leaves the workspace, with .. or absolute, and writes nothing', async () => {
    for (const line of ['>> ../../outside/escape.json', `>>! ${join(outsideDir, 'abs.json')}`, '>> ../../../../../../tmp/x.json']) {
      await assert.rejects(save([line]), (error: unknown) => error instanceof OutputRefusedError && /outside the workspace/.test(error.message) && /line 3/.test(error.message));
    }
    assert.deepEqual(readdirSync(outsideDir), []);
  });

  it('refuses a symbolic link that leads outside, as a folder or as the file', async () => {
    symlinkSync(outsideDir, join(workspace, 'api', 'linked'));
    symlinkSync(join(outsideDir, 'target.json'), join(workspace, 'api', 'dangling.json'));
    await assert.rejects(save(['>> ./linked/x.json']), /outside the workspace/);
    await assert.rejects(save(['>>! ./dangling.json']), /outside the workspace/);
    await assert.rejects(save(['>> ./dangling.json']), /outside the workspace/);
    assert.deepEqual(readdirSync(outsideDir), []);
  });

  it('allows an absolute path inside the workspace, and refuses a relative one without a .http file path', async () => {
    const absolute = join(workspace, 'abs.json');
    assert.deepEqual(await save([`>> ${absolute}`]), [absolute]);
    await assert.rejects(saveResponse(request('>> ./x.json'), response('x'), { httpFilePath: undefined, roots: [workspace], resolve: (t) => t }), /has no folder/);
  });

  it('saves nothing of an incomplete body', async () => {
    await assert.rejects(save(['>> ./cut.json'], 'partial', (t) => t, true), /incomplete/);
    assert.equal(existsSync(join(workspace, 'api', 'cut.json')), false);
  });
});
