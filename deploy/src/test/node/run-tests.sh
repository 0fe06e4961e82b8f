#!/usr/bin/env bash
# deploy's tests (./mvnw verify runs this in the test phase): renders every overlay of deploy/k8s with the real
# kustomize (kubectl kustomize) and checks the output against the Kubernetes API schemas (npm kubernetes-models,
# pinned by package-lock.json) and the house rules, then checks that broken manifests are rejected.
# Installs the pinned packages into WORK_DIR with npm ci (only when the lockfile changed since the last run).
# Without Node.js, npm or a kubectl with kustomize v5+ the tests are skipped with one line; with CI=true that is a
# failure. Usage: run-tests.sh WORK_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s="$(cd "$here/../../../k8s" && pwd)"
work="${1:?usage: run-tests.sh WORK_DIR}"

unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "deploy: $1; CI=true, so this is a failure" >&2
    exit 1
  fi
  echo "deploy: manifest tests SKIPPED: $1" >&2
  exit 0
}

command -v node >/dev/null 2>&1 || unavailable "no Node.js (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || unavailable "no npm (apt-get install npm)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$major" -ge 20 ] || unavailable "Node.js 20+ is needed, found $(node --version 2>&1)"
kubectl="$(bash "$k8s/tools/kubectl.sh")" || unavailable "no kubectl with kustomize v5+ (deploy/k8s/tools/kubectl.sh)"
echo "deploy: $("$kubectl" version --client 2>/dev/null | tr '\n' ' ')($kubectl)"

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$work/"
rm -rf "$work/lib" "$work/test"
cp -r "$here/lib" "$here/test" "$work/"
stamp="$work/node_modules/.signet-installed-lock"
if ! { [ -f "$stamp" ] && cmp -s "$here/package-lock.json" "$stamp"; }; then
  echo "deploy: installing the schema packages into $work (npm ci)"
  (cd "$work" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  cp "$here/package-lock.json" "$stamp"
fi
cd "$work"
KUBECTL="$kubectl" SIGNET_K8S_DIR="$k8s" node --test test/*.test.mjs
