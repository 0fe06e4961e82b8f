#!/usr/bin/env bash
# Installs the warm linter server and the pinned addons-linter (package-lock.json) into DIR, the directory
# validator-worker's worker.linter.dir points at. Runs `npm ci` only when the lockfile changed since the last
# install, so a rebuild is offline and instant. Usage: install.sh DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: install.sh DIR}"
command -v node >/dev/null 2>&1 || { echo "validator-worker: Node.js 20+ is required to run addons-linter (e.g. apt-get install nodejs npm)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "validator-worker: npm is required to install addons-linter (e.g. apt-get install npm)" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$major" -ge 20 ] || { echo "validator-worker: Node.js 20+ is required by addons-linter, found $(node --version 2>&1)" >&2; exit 1; }
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$here/linter-server.cjs" "$dir/"
stamp="$dir/node_modules/.signet-installed-lock"
if [ -f "$stamp" ] && cmp -s "$here/package-lock.json" "$stamp"; then
  exit 0
fi
echo "validator-worker: installing addons-linter into $dir (npm ci)"
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error)
cp "$here/package-lock.json" "$stamp"
