// Load through the send pipeline against the sandbox: 50 concurrent clients send 1,000 requests
// each (echo and a signed-in demo route, alternately): no errors, every response matched to its
// request by the id it echoes, and the heap flat between a warm-up round and the measured round.
// About 6 s on an idle 2-core machine, 20 s on a busy one. `npm run test:load` (scripts/load.ts)
// runs the same with the figures printed, at any size.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../src/core/auth/session';
import { collector, heapAfterGc, loadRound, signedInManager } from '../support/load';
import { withSandbox, type TestSandbox } from '../support/sandbox';

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 1000;
// Flat means no per-request growth: 50,000 requests leaking even 200 bytes each would add 10 MB.
const MAX_HEAP_GROWTH_BYTES = 8 * 1024 * 1024;

describe('load: the send pipeline against the sandbox', () => {
  let target: TestSandbox;
  let session: Session;
  before(async () => {
    target = await withSandbox();
    session = await signedInManager(target.env);
  });
  after(() => target.stop());

  test(`${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests: no error, no lost or mismatched response, heap flat`, async (t) => {
    const gc = collector();
    const warmUp = await loadRound(target.env, session, CLIENTS, REQUESTS_PER_CLIENT / 10);
    assert.deepEqual([...warmUp.errors], [], 'warm-up round');
    const baseline = heapAfterGc(gc);
    const round = await loadRound(target.env, session, CLIENTS, REQUESTS_PER_CLIENT);
    const heap = heapAfterGc(gc);
    t.diagnostic(
      `${round.requests} requests in ${Math.round(round.elapsedMs)} ms (${Math.round((round.requests * 1000) / round.elapsedMs)}/s), ` +
        `p50 ${round.latencyMs.p50.toFixed(1)} ms, p99 ${round.latencyMs.p99.toFixed(1)} ms, heap ${(baseline / 1e6).toFixed(1)} → ${(heap / 1e6).toFixed(1)} MB`,
    );
    assert.deepEqual([...round.errors], []);
    assert.equal(round.requests, CLIENTS * REQUESTS_PER_CLIENT, 'every request answered');
    assert.ok(heap - baseline < MAX_HEAP_GROWTH_BYTES, `heap grew by ${((heap - baseline) / 1e6).toFixed(1)} MB`);
    const counters = await target.counters();
    assert.equal(counters.logins, 1, 'one sign-in served every request: no re-login under load');
  });
});
