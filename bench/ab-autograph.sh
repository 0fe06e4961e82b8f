#!/usr/bin/env bash
# A/B of our signer against Autograph itself: alternating runs of the same Java Hawk load driver against both,
# same key types under the same signer ids (Autograph's dev config: appkey1 = P-384 content signature,
# dummyrsapss = genericrsa PSS-2048, SHA-1, salt = hash length), two rounds per case.
#
# Autograph is not part of this repository: build it from its public source first (its Go modules are vendored;
# Go >= 1.25, e.g. Debian trixie-backports' golang-1.25-go) and point AUTOGRAPH_DIR at its checkout (the dev
# autograph-service.yaml / autograph-signer.yaml are read from there) and AUTOGRAPH_BIN at the binary.
# Usage (from the repository root, after
#   ./mvnw -B -pl autograph-signer -am package -DskipTests && ./mvnw -B -f bench/pom.xml package):
#   AUTOGRAPH_DIR=/path/to/autograph AUTOGRAPH_BIN=/path/to/autograph/binary bench/ab-autograph.sh [signer JVM options]
# Env: DURATION (s, default 20), WARMUP (s, default 8), CASES (default "appkey1:8 appkey1:32 dummyrsapss:16").
set -euo pipefail
: "${AUTOGRAPH_DIR:?set AUTOGRAPH_DIR to an Autograph checkout}" "${AUTOGRAPH_BIN:?set AUTOGRAPH_BIN}"
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-8}
CASES=${CASES:-"appkey1:8 appkey1:32 dummyrsapss:16"}
OURS_PORT=18767
AG_PORT=18765
# Autograph's dev user alice (its autograph-signer.yaml): a test credential that grants nothing anywhere.
KEY=fs5wgcer9qj819kfptdlp8gm227ewxnzvsuj9ztycsx08hfhzu
work=$(mktemp -d)
trap 'kill "${ours:-}" "${ag:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# Our signer: throwaway keys of the same types, under Autograph's ids and alice's dev key.
openssl ecparam -name secp384r1 -genkey -noout -out "$work/p384.pem" 2>/dev/null
openssl genrsa -traditional -out "$work/rsa.pem" 2048 2>/dev/null || openssl genrsa -out "$work/rsa.pem" 2048 2>/dev/null
{
  echo "signers:"
  echo "  - id: appkey1"
  echo "    type: contentsignature"
  echo "    privatekey: |"
  sed 's/^/      /' "$work/p384.pem"
  echo "  - id: dummyrsapss"
  echo "    type: genericrsa"
  echo "    mode: pss"
  echo "    hash: sha1"
  echo "    saltlength: -1"
  echo "    privatekey: |"
  sed 's/^/      /' "$work/rsa.pem"
  echo "authorizations:"
  echo "  - id: alice"
  echo "    key: $KEY"
  echo "    signers: [appkey1, dummyrsapss]"
} > "$work/signer.yaml"

java "${@:--Xmx512m}" -Dsigner.config-file="$work/signer.yaml" -Dquarkus.http.port=$OURS_PORT \
  -Dsigner.idempotency.dir="$work/idempotency" -jar autograph-signer/target/quarkus-app/quarkus-run.jar \
  > "$work/ours.log" 2>&1 &
ours=$!
(cd "$AUTOGRAPH_DIR" && exec "$AUTOGRAPH_BIN" -c autograph-service.yaml -s autograph-signer.yaml -p $AG_PORT) \
  > "$work/autograph.log" 2>&1 &
ag=$!
for port in $OURS_PORT $AG_PORT; do
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/__lbheartbeat__" > /dev/null && break; sleep 0.5; done
done
echo "load before: $(cat /proc/loadavg)"

ticks() { awk '{print ($14 + $15)}' "/proc/$1/stat"; }
for spec in $CASES; do
  IFS=: read -r keyid c <<< "$spec"
  for round in 1 2; do
    for target in "ours:$OURS_PORT:$ours" "autograph:$AG_PORT:$ag"; do
      IFS=: read -r name port pid <<< "$target"
      before=$(ticks "$pid")
      out=$(java -cp bench/target/classes dev.signet.bench.LoadDriver --host 127.0.0.1 --port "$port" --id alice \
        --key "$KEY" --keyid "$keyid" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" --size 1024)
      after=$(ticks "$pid")
      rps=$(echo "$out" | sed -n 's/.*requests\/s=\([0-9]*\).*/\1/p')
      total=$(echo "$out" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
      # Server CPU (ticks of 10 ms) over warm-up + run, per request, assuming the warm-up ran at the same rate.
      per=$(echo "scale=3; ($after - $before) * 10 / ($total * ($WARMUP + $DURATION) / $DURATION)" | bc)
      echo "$keyid c=$c round $round $name: $rps req/s $(echo "$out" | grep -o 'p50=[^ ]* p90=[^ ]* p99=[^ ]*')" \
        "cpu/req=${per}ms rss=$(ps -o rss= -p "$pid")kB"
    done
  done
done
