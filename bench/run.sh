#!/usr/bin/env bash
# Signer benchmark: /sign/data contentsignature P-384 through HTTP + Hawk, side by side with `openssl speed`.
# Usage (from the repository root, after
#   ./mvnw -B -pl autograph-signer -am package -DskipTests && ./mvnw -B -f bench/pom.xml package):
#   bench/run.sh [extra JVM options for the signer, e.g. -Dsigner.jca-provider=BC]
# Env: DURATION (s, default 30), WARMUP (s, default 15), CONCURRENCY (default "8 32"), PORT (default 18000).
set -euo pipefail
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-15}
CONCURRENCY=${CONCURRENCY:-"8 32"}
PORT=${PORT:-18000}
work=$(mktemp -d)
trap 'kill "$signer_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# A throwaway P-384 key and bench-only credentials; nothing here grants anything anywhere.
openssl ecparam -name secp384r1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt > "$work/p384.pem"
key=$(openssl rand -hex 24)
{
  echo "signers:"
  echo "  - id: cs-p384"
  echo "    type: contentsignature"
  echo "    privatekey: |"
  sed 's/^/      /' "$work/p384.pem"
  echo "authorizations:"
  echo "  - id: bench"
  echo "    key: $key"
  echo "    signers: [cs-p384]"
} > "$work/signer.yaml"

java "$@" -Dsigner.config-file="$work/signer.yaml" -Dquarkus.http.port="$PORT" \
  -jar autograph-signer/target/quarkus-app/quarkus-run.jar > "$work/signer.log" 2>&1 &
signer_pid=$!
for _ in $(seq 1 60); do
  curl -sf "http://localhost:$PORT/__lbheartbeat__" > /dev/null && break
  sleep 0.5
done
echo "load: $(cat /proc/loadavg)"
grep -E "software keys sign with|started in" "$work/signer.log" || true

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$signer_pid/stat"; }
for c in $CONCURRENCY; do
  before=$(cpu)
  java -cp bench/target/classes dev.signet.bench.LoadDriver --host localhost --port "$PORT" --id bench \
    --key "$key" --keyid cs-p384 --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" --size 1024
  echo "signer CPU during warm-up + run: $(echo "$(cpu) - $before" | bc)s of $((WARMUP + DURATION))s"
done
kill "$signer_pid"; wait "$signer_pid" 2>/dev/null || true

echo "load: $(cat /proc/loadavg)"
echo "--- openssl speed (same session)"
openssl speed -seconds 5 ecdsap384 2>/dev/null | tail -2
openssl speed -seconds 5 -multi 2 ecdsap384 2>/dev/null | tail -2
# -multi 2 reports ~300 sign/s per child on this VM (an OpenSSL 3.0 reporting quirk); two plain processes in
# parallel measure the raw two-core rate.
openssl speed -seconds 5 ecdsap384 2>/dev/null | tail -1 > "$work/os1" &
openssl speed -seconds 5 ecdsap384 2>/dev/null | tail -1 > "$work/os2"
wait
echo "two processes in parallel:"; cat "$work/os1" "$work/os2"
