// Load test of the sandbox and the send pipeline with the figures printed (throughput, latency,
// heap): by default 50 concurrent clients × 1,000 requests each (echo, whose answer is matched to
// its request by id, and a signed-in demo route), after a warm-up round, as the unit suite's
// test/unit/loadSend.test.ts does; any size can be given. Exits 1 on any error, lost or
// mismatched response, or heap growth over the bound.
// Run: npm run test:load [clients] [requests per client]
import { makeEnvironment } from '../src/core/fincode/environments';
import { startSandbox } from '../src/sandbox/server';
import { collector, heapAfterGc, loadRound, signedInManager } from '../test/support/load';

const MAX_HEAP_GROWTH_BYTES = 16 * 1024 * 1024;

async function main(): Promise<number> {
  const [clients = 50, perClient = 1000] = process.argv.slice(2).map(Number);
  const sandbox = await startSandbox();
  try {
    const env = makeEnvironment({ id: 'load', kind: 'custom', baseUrl: sandbox.baseUrl });
    const session = await signedInManager(env);
    const gc = collector();
    const warmUp = await loadRound(env, session, clients, Math.max(1, Math.floor(perClient / 10)));
    const baseline = heapAfterGc(gc);
    const round = await loadRound(env, session, clients, perClient);
    const heap = heapAfterGc(gc);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const errors = [...warmUp.errors, ...round.errors];
    console.log(`load: ${clients} clients × ${perClient} requests = ${round.requests} requests in ${(round.elapsedMs / 1000).toFixed(1)} s (${Math.round((round.requests * 1000) / round.elapsedMs)} requests/s)`);
    console.log(`latency: p50 ${round.latencyMs.p50.toFixed(1)} ms, p99 ${round.latencyMs.p99.toFixed(1)} ms, max ${round.latencyMs.max.toFixed(1)} ms`);
    console.log(`heap after gc: ${mb(baseline)} after the warm-up (${warmUp.requests} requests), ${mb(heap)} after the run (growth ${mb(heap - baseline)}, bound ${mb(MAX_HEAP_GROWTH_BYTES)})`);
    console.log(`errors: ${errors.length === 0 ? 'none' : errors.map(([problem, count]) => `${count} × ${problem}`).join('; ')}`);
    const ok = errors.length === 0 && round.requests === clients * perClient && heap - baseline < MAX_HEAP_GROWTH_BYTES;
    console.log(ok ? 'load: passed' : 'load: FAILED');
    return ok ? 0 : 1;
  } finally {
    await sandbox.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
