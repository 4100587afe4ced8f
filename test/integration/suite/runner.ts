// A tiny test runner for the extension host (no mocha, no new dependency): named async test
// functions run in order, each line reported, and the run rejects when any failed, which is
// what @vscode/test-electron's `run()` contract asks for.
export type TestFunction = () => Promise<void> | void;

export interface TestCase {
  readonly name: string;
  readonly fn: TestFunction;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function withTimeout(promise: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every case in order; prints ✔/✖ lines and a summary; rejects when one failed. */
export async function runCases(suite: string, cases: readonly TestCase[]): Promise<void> {
  const failures: { name: string; error: unknown }[] = [];
  const started = Date.now();
  console.log(`▶ ${suite}`);
  for (const testCase of cases) {
    const t0 = Date.now();
    try {
      await withTimeout(Promise.resolve().then(testCase.fn), testCase.timeoutMs ?? DEFAULT_TIMEOUT_MS, testCase.name);
      console.log(`  ✔ ${testCase.name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failures.push({ name: testCase.name, error });
      console.log(`  ✖ ${testCase.name} (${Date.now() - t0} ms)`);
      console.log(`    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.replace(/\n/g, '\n    '));
    }
  }
  const passed = cases.length - failures.length;
  console.log(`${passed} passed, ${failures.length} failed, 0 skipped (${Date.now() - started} ms)`);
  if (cases.length === 0) throw new Error('No integration test ran: that is a failure.');
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed: ${failures.map((f) => f.name).join('; ')}`);
}
