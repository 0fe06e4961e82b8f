#!/usr/bin/env bash
# deploy's tests (./mvnw verify runs this in the test phase): renders every overlay of deploy/k8s with the real
# kustomize (kubectl kustomize) and checks the output against the Kubernetes API schemas (npm kubernetes-models,
# pinned by package-lock.json) and the house rules, then checks that broken manifests are rejected.
# Installs the pinned packages into WORK_DIR with npm ci (only when the lockfile changed since the last run).
# Without Node.js, npm or a kubectl with kustomize v5+ the tests are skipped with one line; with CI=true that is a
# failure. Strimzi's CRDs are generated with its CRD generator (classpath from Maven, CLASSPATH_FILE), which needs
# Java 21+: JAVA21_HOME, the java on the PATH, or the newest JDK under /usr/lib/jvm. Without one the Strimzi objects
# are reported as not schema-validated (Debian 12, CI's system, has no JDK 21 to install).
# Usage: run-tests.sh WORK_DIR [CLASSPATH_FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s="$(cd "$here/../../../k8s" && pwd)"
work="${1:?usage: run-tests.sh WORK_DIR [CLASSPATH_FILE]}"
strimzi_classpath="${2:-}"

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
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

java21() {
  local candidate
  for candidate in ${JAVA21_HOME:+"$JAVA21_HOME/bin/java"} "$(command -v java || true)" \
      $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null && { echo "$candidate"; return 0; }
  done
  return 1
}

crd_dir=""
if [ -n "$strimzi_classpath" ] && [ -f "$strimzi_classpath" ]; then
  if java="$(java21)"; then
    crd_dir="$work/strimzi-crds"
    if ! { [ -f "$crd_dir/.classpath" ] && cmp -s "$strimzi_classpath" "$crd_dir/.classpath"; }; then
      echo "deploy: generating Strimzi's CRDs with its CRD generator ($java)"
      rm -rf "$crd_dir"
      mkdir -p "$crd_dir"
      "$java" -cp "$(cat "$strimzi_classpath")" io.strimzi.crdgenerator.CrdGenerator --yaml --crd-api-version v1 \
        --api-versions v1 --storage-version v1 \
        "io.strimzi.api.kafka.model.kafka.Kafka=$crd_dir/kafka.yaml" \
        "io.strimzi.api.kafka.model.nodepool.KafkaNodePool=$crd_dir/kafkanodepool.yaml" \
        "io.strimzi.api.kafka.model.topic.KafkaTopic=$crd_dir/kafkatopic.yaml"
      cp "$strimzi_classpath" "$crd_dir/.classpath"
    fi
  else
    echo "deploy: no Java 21+ for Strimzi's CRD generator (set JAVA21_HOME): the Strimzi objects are not schema-validated" >&2
  fi
fi

cd "$work"
KUBECTL="$kubectl" SIGNET_K8S_DIR="$k8s" SIGNET_CRD_DIR="$crd_dir" node --test test/*.test.mjs
