// tools/kubectl.sh hands out only a kubectl whose kustomize can render deploy/k8s (v5+): an old one, such as
// Debian's kubernetes-client (kubectl 1.20, kustomize v2.0.3), is refused.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { kubectl } from "../lib/kustomize.mjs";
import { K8S_DIR } from "../lib/paths.mjs";

const script = path.join(K8S_DIR, "tools", "kubectl.sh");
const scratch = mkdtempSync(path.join(tmpdir(), "signet-kubectl-tool-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(env) {
  return spawnSync("bash", [script], { encoding: "utf8", env: { ...process.env, ...env } });
}

test("a kubectl with kustomize v2 is refused", () => {
  const old = path.join(scratch, "kubectl-1.20");
  writeFileSync(old, "#!/bin/sh\necho 'Client Version: v1.20.2'\necho 'Kustomize Version: v2.0.3'\n");
  chmodSync(old, 0o755);
  const result = run({ KUBECTL: old });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /has no kustomize v5\+/);
});

test("the kubectl the tests use is accepted and renders with kustomize v5+", () => {
  const result = run({ KUBECTL: kubectl() });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), kubectl());
  const version = spawnSync(kubectl(), ["version", "--client"], { encoding: "utf8" }).stdout;
  assert.match(version, /Kustomize Version: v([5-9]|\d{2,})\./);
});
