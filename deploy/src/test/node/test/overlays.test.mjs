// Every overlay renders with the real kustomize (kubectl kustomize), and what it renders passes the Kubernetes API
// schemas and Signet's house rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { build, describe } from "../lib/kustomize.mjs";
import { validateAll, formatErrors } from "../lib/schema.mjs";
import { allRules, podTemplates, referencedSecrets } from "../lib/house-rules.mjs";
import { K8S_DIR, OVERLAYS, overlayDir } from "../lib/paths.mjs";

const rendered = new Map(OVERLAYS.map((o) => [o.name, build(overlayDir(o.name))]));

for (const overlay of OVERLAYS) {
  const objects = rendered.get(overlay.name);

  test(`${overlay.name}: every object passes the Kubernetes API schema`, async (t) => {
    const { errors, unvalidated } = await validateAll(objects);
    assert.equal(formatErrors(errors), "");
    for (const { object, reason } of unvalidated) {
      t.diagnostic(`not schema-validated: ${object.apiVersion} ${describe(object)} (${reason})`);
    }
  });

  test(`${overlay.name}: house rules`, () => {
    assert.deepEqual(allRules(objects, overlay), []);
  });

  test(`${overlay.name}: runs the three services and the monitor`, () => {
    const names = podTemplates(objects).map((t) => t.labels["app.kubernetes.io/name"]).sort();
    assert.deepEqual(names, ["amo-api", "autograph-signer", "signet-monitor", "validator-worker"]);
    const monitor = objects.find((o) => o.kind === "CronJob" && o.metadata.name === "signet-monitor");
    const container = monitor.spec.jobTemplate.spec.template.spec.containers[0];
    assert.deepEqual(container.args, ["http://autograph-signer:8000"]);
    assert.deepEqual(container.env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]),
      [["SIGNET_MONITOR_HAWK_ID", "signet-monitor-hawk", "id"], ["SIGNET_MONITOR_HAWK_KEY", "signet-monitor-hawk", "key"]]);
  });
}

test("the README tells the operator how to create every Secret the pods read", () => {
  const readme = readFileSync(path.join(K8S_DIR, "README.md"), "utf8");
  const names = new Set(OVERLAYS.flatMap((o) => referencedSecrets(rendered.get(o.name))));
  assert.ok(names.size >= 5, `found only ${[...names]}`);
  const undocumented = [...names].filter((name) => !readme.includes(name));
  assert.deepEqual(undocumented, []);
});

test("prod and engines create no Secret; dev creates only ones labelled dev-only", () => {
  for (const name of ["prod", "engines"]) {
    assert.deepEqual(rendered.get(name).filter((o) => o.kind === "Secret").map(describe), []);
  }
  const devSecrets = rendered.get("dev").filter((o) => o.kind === "Secret");
  assert.ok(devSecrets.length > 0);
  for (const secret of devSecrets) assert.equal(secret.metadata.labels["signet.dev/dev-only"], "true");
});
