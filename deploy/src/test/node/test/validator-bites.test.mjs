// The checks reject broken manifests: each case is an overlay on top of a real one, rendered by kustomize like the
// real ones, with one mistake an editor could make. If a check stopped biting, its case would pass and fail here.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "../lib/kustomize.mjs";
import { validateAll, validatedCustomResources, formatErrors } from "../lib/schema.mjs";
import { allRules } from "../lib/house-rules.mjs";
import { OVERLAYS, overlayDir } from "../lib/paths.mjs";

const scratch = mkdtempSync(path.join(tmpdir(), "signet-k8s-negative-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let cases = 0;
/** Renders overlay `on` plus the given kustomization patches (inline, as kustomize takes them). */
function renderWith(on, patches, extraResources = {}) {
  const dir = path.join(scratch, `case-${cases++}`);
  // kustomize takes another kustomization only by a relative path.
  const resources = [path.relative(dir, overlayDir(on)), ...Object.keys(extraResources)];
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(extraResources)) writeFileSync(path.join(dir, file), text);
  const kustomization = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources,
    patches: patches.map(({ target, patch }) => ({ target, patch: typeof patch === "string" ? patch : JSON.stringify(patch) })),
  };
  writeFileSync(path.join(dir, "kustomization.yaml"), JSON.stringify(kustomization, null, 2));
  return build(dir);
}
const amoApi = { kind: "Deployment", name: "amo-api" };
const signer = { kind: "Deployment", name: "autograph-signer" };
const prod = OVERLAYS.find((o) => o.name === "prod");
const engines = OVERLAYS.find((o) => o.name === "engines");

async function schemaErrors(objects) {
  return formatErrors((await validateAll(objects)).errors);
}

test("schema: a field of the wrong type is rejected", async () => {
  const objects = renderWith("prod", [{ target: amoApi, patch: [{ op: "replace", path: "/spec/replicas", value: "two" }] }]);
  const errors = await schemaErrors(objects);
  assert.match(errors, /Deployment\/amo-api: \/spec\/replicas must be integer/);
});

test("schema: a malformed quantity is rejected", async () => {
  const objects = renderWith("prod", [{ target: signer, patch: [{ op: "replace",
    path: "/spec/template/spec/containers/0/resources/limits/memory", value: "384 megs" }] }]);
  assert.match(await schemaErrors(objects), /limits\/memory must match format "quantity"/);
});

test("schema: an unknown field is rejected (strict, as the API server's field validation)", async () => {
  const objects = renderWith("prod", [{ target: amoApi, patch: [{ op: "add",
    path: "/spec/template/spec/containers/0/imagePullPolcy", value: "Always" }] }]);
  assert.match(await schemaErrors(objects),
    /Deployment\/amo-api: spec\.template\.spec\.containers\[0\]\.imagePullPolcy: Object literal may only specify known properties/);
});

test("schema: an unknown field deep in a NetworkPolicy is rejected", async () => {
  const objects = renderWith("prod", [{ target: { kind: "NetworkPolicy", name: "autograph-signer" },
    patch: [{ op: "add", path: "/spec/ingress/0/from/0/podSelektor", value: {} }] }]);
  assert.match(await schemaErrors(objects), /NetworkPolicy\/autograph-signer: spec\.ingress\[0\]\.from\[0\]\.podSelektor/);
});

test("schema: a missing required field is rejected", async () => {
  const objects = renderWith("prod", [{ target: { kind: "Deployment", name: "validator-worker" },
    patch: [{ op: "remove", path: "/spec/template/spec/containers/0/name" }] }]);
  assert.match(await schemaErrors(objects),
    /Deployment\/validator-worker: \/spec\/template\/spec\/containers\/0 must have required property '?name'?/);
});

test("schema: a kind nobody knows is rejected, not skipped", async () => {
  const objects = renderWith("prod", [], { "thing.yaml": "apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: x\n" });
  assert.match(await schemaErrors(objects), /Thing\/x: no schema for example.com\/v1 Thing/);
});

test("house rules: a container without its securityContext", () => {
  const objects = renderWith("prod", [{ target: signer, patch: [{ op: "remove", path: "/spec/template/spec/containers/0/securityContext" }] }]);
  const problems = allRules(objects, prod);
  assert.ok(problems.includes("Deployment/autograph-signer container autograph-signer: allowPrivilegeEscalation is not false"), problems.join("\n"));
  assert.ok(problems.includes("Deployment/autograph-signer container autograph-signer: capabilities.drop lacks ALL"));
});

test("house rules: a service without a readiness probe or memory limit", () => {
  const objects = renderWith("prod", [{ target: amoApi, patch: [
    { op: "remove", path: "/spec/template/spec/containers/0/readinessProbe" },
    { op: "remove", path: "/spec/template/spec/containers/0/resources/limits/memory" }] }]);
  assert.deepEqual(allRules(objects, prod), [
    "Deployment/amo-api container amo-api: no limits.memory",
    "Deployment/amo-api container amo-api: readinessProbe is not GET /q/health/ready (is absent)",
  ]);
});

test("house rules: a Secret value in prod", () => {
  const secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: signet\nstringData:\n  key: hunter2\n";
  const objects = renderWith("prod", [], { "secret.yaml": secret });
  assert.deepEqual(allRules(objects, prod), ["Secret/leaked: a Secret with values in the manifests"]);
});

test("house rules: a credential as a plain environment value", () => {
  const objects = renderWith("prod", [{ target: amoApi, patch: [{ op: "replace",
    path: "/spec/template/spec/containers/0/env/2", value: { name: "AMO_SECRETS_KEY", value: "c2VjcmV0" } }] }]);
  assert.deepEqual(allRules(objects, prod),
    ["Deployment/amo-api container amo-api: AMO_SECRETS_KEY does not come from a Secret"]);
});

test("house rules: the signer admitting amo-api, or a whole namespace", () => {
  const objects = renderWith("prod", [{ target: { kind: "NetworkPolicy", name: "autograph-signer" }, patch: [
    { op: "add", path: "/spec/ingress/0/from/-", value: { podSelector: { matchLabels: { "app.kubernetes.io/name": "amo-api" } } } },
    { op: "add", path: "/spec/ingress/0/from/-", value: { namespaceSelector: {} } }] }]);
  const problems = allRules(objects, prod);
  assert.deepEqual(problems, [
    `NetworkPolicy/autograph-signer: admits {"podSelector":{"matchLabels":{"app.kubernetes.io/name":"amo-api"}}} to the signer`,
    `NetworkPolicy/autograph-signer: admits {"namespaceSelector":{}} to the signer`,
    "NetworkPolicy/autograph-signer: opens autograph-signer to every source",
  ]);
});

test("house rules: a policy opening the signer to everyone, and no default deny", () => {
  const objects = renderWith("prod", [
    { target: { kind: "NetworkPolicy", name: "autograph-signer" }, patch: [{ op: "remove", path: "/spec/ingress/0/from" }] },
    { target: { kind: "NetworkPolicy", name: "default-deny-ingress" }, patch: "$patch: delete\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: any\n" }]);
  const problems = allRules(objects, prod);
  assert.ok(problems.includes("no default-deny ingress NetworkPolicy"), problems.join("\n"));
  assert.ok(problems.includes("NetworkPolicy/autograph-signer: admits every source to the signer"));
  assert.ok(problems.includes("NetworkPolicy/autograph-signer: opens autograph-signer to every source"));
});

test("house rules: the signer exposed outside the cluster", () => {
  const objects = renderWith("prod", [{ target: { kind: "Service", name: "autograph-signer" },
    patch: [{ op: "add", path: "/spec/type", value: "LoadBalancer" }] }]);
  assert.deepEqual(allRules(objects, prod), ["Service/autograph-signer: exposed as LoadBalancer"]);
});

test("house rules: more worker consumers than partitions of signet.upload-jobs", () => {
  const objects = renderWith("engines", [{ target: { kind: "HorizontalPodAutoscaler", name: "validator-worker" },
    patch: [{ op: "replace", path: "/spec/maxReplicas", value: 7 }] }]);
  assert.deepEqual(allRules(objects, engines),
    ["validator-worker: up to 7 replicas x 4 consumers > 24 partitions of signet.upload-jobs"]);
});

test("house rules: replicas on a Deployment the HPA scales", () => {
  const objects = renderWith("prod", [{ target: amoApi, patch: [{ op: "add", path: "/spec/replicas", value: 3 }] }]);
  assert.deepEqual(allRules(objects, prod), ["Deployment/amo-api: sets replicas, but a HorizontalPodAutoscaler scales it"]);
});

// Strimzi's objects, against the CRDs its CRD generator made from its API classes (skipped where that needs a Java
// 21+ this machine lacks; run-tests.sh says so).
const strimzi = validatedCustomResources().includes("kafka.strimzi.io/v1 KafkaTopic")
  ? {} : { skip: "Strimzi's CRDs were not generated (no Java 21+)" };

test("CRD schema: a KafkaTopic with partitions of the wrong type is rejected", strimzi, async () => {
  const objects = renderWith("engines", [{ target: { kind: "KafkaTopic", name: "signet-upload-jobs" },
    patch: [{ op: "replace", path: "/spec/partitions", value: "many" }] }]);
  assert.match(await schemaErrors(objects), /KafkaTopic\/signet-upload-jobs: \/spec\/partitions must be integer/);
});

test("CRD schema: an unknown field in a Kafka listener is rejected", strimzi, async () => {
  const objects = renderWith("engines", [{ target: { kind: "Kafka", name: "signet-kafka" },
    patch: [{ op: "add", path: "/spec/kafka/listeners/0/tsl", value: false }] }]);
  assert.match(await schemaErrors(objects),
    /Kafka\/signet-kafka: \/spec\/kafka\/listeners\/0 must NOT have additional properties \(tsl\)/);
});

test("CRD schema: a KafkaNodePool without roles is rejected, an unknown role too", strimzi, async () => {
  const without = renderWith("engines", [{ target: { kind: "KafkaNodePool", name: "dual-role" },
    patch: [{ op: "remove", path: "/spec/roles" }] }]);
  assert.match(await schemaErrors(without), /KafkaNodePool\/dual-role: \/spec must have required property 'roles'/);
  const unknown = renderWith("engines", [{ target: { kind: "KafkaNodePool", name: "dual-role" },
    patch: [{ op: "replace", path: "/spec/roles", value: ["controller", "borker"] }] }]);
  assert.match(await schemaErrors(unknown), /KafkaNodePool\/dual-role: \/spec\/roles\/1 must be equal to one of the allowed values/);
});
