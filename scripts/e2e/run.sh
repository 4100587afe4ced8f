#!/usr/bin/env bash
# End-to-end suite: installs/checks the cached real VS Code (code-server) + Chromium, then runs
# every test/e2e/*.e2e.ts with Node's test runner. CI calls this after `npm test`.
# Screenshots land in test/e2e/screenshots/.  Usage: scripts/e2e/run.sh [extra node --test args]
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/e2e/setup.sh

# Resolved as test/e2e/harness.ts resolves it (from test/e2e upwards).
if ! node -e "require.resolve('playwright-core', { paths: ['test/e2e'] })" 2>/dev/null; then
  echo "[e2e] playwright-core is not installed: it is a devDependency of this project (npm ci)." >&2
  exit 1
fi

shopt -s nullglob
files=(test/e2e/*.e2e.ts)
if [ ${#files[@]} -eq 0 ]; then
  echo "[e2e] no test/e2e/*.e2e.ts files: that is a failure." >&2
  exit 1
fi

# Screenshots show this run only (failure-*.png of an earlier run would mislead).
rm -f test/e2e/screenshots/*.png

started=$(date +%s)
status=0
node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/summary-reporter.mjs --test-reporter-destination=stdout \
  "$@" "${files[@]}" || status=$?
echo "[e2e] scenarios finished in $(( $(date +%s) - started ))s (exit $status); screenshots in test/e2e/screenshots/"
exit $status
