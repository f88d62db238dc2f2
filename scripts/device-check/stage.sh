#!/usr/bin/env bash
# Stages what scripts/device-check/check.sh needs on a GPU machine that has no Node: this
# machine's node binary (xz), the built CLI bundle and the spec validators, in .devicecheck/
# (git-ignored through .git/info/exclude). Then, with the device tool:
#   run(command="bash .devicecheck/check.sh", carry=[".devicecheck"], timeout_s=300)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
npm run build >/dev/null
grep -qx '/.devicecheck/' .git/info/exclude 2>/dev/null || echo '/.devicecheck/' >> .git/info/exclude
mkdir -p .devicecheck/bin .devicecheck/dist/validators
cp scripts/device-check/check.sh .devicecheck/check.sh
cp bin/trainyard.js .devicecheck/bin/trainyard.js
cp dist/cli.js .devicecheck/dist/cli.js
cp dist/validators/spec.js dist/validators/index.json .devicecheck/dist/validators/
if [ ! -f .devicecheck/node.tar.xz ]; then
  tmp=$(mktemp -d)
  cp "$(readlink -f "$(command -v node)")" "$tmp/node"
  tar -C "$tmp" -cf - node | xz -T0 -9 > .devicecheck/node.tar.xz
  rm -rf "$tmp"
fi
du -sh .devicecheck
