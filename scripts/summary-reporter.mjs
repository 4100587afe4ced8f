// A node:test reporter that ends the run with one line CI can read: "N passed, N failed, N skipped".
// Suites are not counted; only tests. Zero tests executed is reported as a failure.
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) {
      skipped += 1;
    } else if (event.type === 'test:pass') {
      passed += 1;
    } else {
      failed += 1;
      failures.push(`${event.data.file ?? ''} › ${event.data.name}`);
    }
  }
  if (failures.length > 0) yield `\nFailed tests:\n${failures.map((f) => `  ✖ ${f}`).join('\n')}\n`;
  if (passed + failed === 0) yield '\nNo test was executed: that is a failure.\n';
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
