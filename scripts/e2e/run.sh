#!/usr/bin/env bash
# End-to-end suite: installs/checks the cached real VS Code (code-server) + Chromium, then runs
# every test/e2e/*.e2e.ts with Node's test runner. CI calls this after `npm test`.
# Screenshots land in test/e2e/screenshots/. FINCODE_E2E_PEERS (a folder with rest-client.vsix and
# httpyac.vsix; .ci/run sets it) lets test/e2e/peers.e2e.ts install them beside ours.
# Usage: scripts/e2e/run.sh [FILE.e2e.ts …] [extra node --test args]
#   files named: only those run (e.g. scripts/e2e/run.sh test/e2e/accounts.e2e.ts); none: all of them.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/e2e/setup.sh

# Resolved as test/e2e/harness.ts resolves it (from test/e2e upwards).
if ! node -e "require.resolve('playwright-core', { paths: ['test/e2e'] })" 2>/dev/null; then
  echo "[e2e] playwright-core is not installed: it is a devDependency of this project (npm ci)." >&2
  exit 1
fi

shopt -s nullglob
files=()
args=()
for arg in "$@"; do
  if [[ "$arg" == *.e2e.ts ]]; then
    if [ ! -f "$arg" ]; then
      echo "[e2e] $arg does not exist." >&2
      exit 1
    fi
    files+=("$arg")
  else
    args+=("$arg")
  fi
done
if [ ${#files[@]} -eq 0 ]; then files=(test/e2e/*.e2e.ts); fi
if [ ${#files[@]} -eq 0 ]; then
  echo "[e2e] no test/e2e/*.e2e.ts files: that is a failure." >&2
  exit 1
fi

# One VSIX for every scenario file (each would otherwise build its own: buildVsix in harness.ts).
if [ -z "${FINCODE_E2E_VSIX:-}" ]; then
  vsix_started=$(date +%s)
  package_log="$(mktemp)"
  npm run --silent package >"$package_log" 2>&1 || { cat "$package_log" >&2; rm -f "$package_log"; echo "[e2e] npm run package failed" >&2; exit 1; }
  rm -f "$package_log"
  export FINCODE_E2E_VSIX="$PWD/fincode-api-explorer.vsix"
  echo "[e2e] VSIX built once in $(( $(date +%s) - vsix_started ))s: $FINCODE_E2E_VSIX"
fi

# Screenshots show this run only (failure-*.png of an earlier run would mislead).
rm -f test/e2e/screenshots/*.png

started=$(date +%s)
status=0
node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/summary-reporter.mjs --test-reporter-destination=stdout \
  "${args[@]}" "${files[@]}" || status=$?
echo "[e2e] scenarios finished in $(( $(date +%s) - started ))s (exit $status); screenshots in test/e2e/screenshots/"
# Said again at the very end, where a reader of the log looks: a skipped coexistence proof is no pass.
if [ -z "${FINCODE_E2E_PEERS:-}" ] && [[ " ${files[*]} " == *"peers.e2e.ts"* ]]; then
  echo "[e2e] !!! PEERS SCENARIO DID NOT RUN: FINCODE_E2E_PEERS not set (REST Client and httpYac were not installed; reported as skipped) !!!" >&2
elif [ -n "${FINCODE_E2E_PEERS:-}" ]; then
  echo "[e2e] peers installed from FINCODE_E2E_PEERS=$FINCODE_E2E_PEERS"
fi
exit $status
