import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../src/sandbox/server';
import { sandboxFor } from '../support/sandbox';

describe('sandbox latency option', () => {
  it('delays every answer by latencyMs, and refuses a negative delay', async (t) => {
    const sandbox = await sandboxFor(t, { latencyMs: 120 });
    const started = performance.now();
    const response = await fetch(`${sandbox.baseUrl}/_emulator/echo`);
    await response.arrayBuffer();
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 115, 'answered after the delay');
    await assert.rejects(startSandbox({ latencyMs: -1 }), /latencyMs must be an integer from 0/);
  });
});
