// Checks rendered objects against the Kubernetes API schemas that the npm package kubernetes-models generates from
// Kubernetes' OpenAPI document, in two ways:
// - its validate() (ajv, compiled from the JSON schemas): types, required fields, formats (quantities, int-or-string,
//   ports), enums;
// - TypeScript's checker on the package's generated interfaces, which rejects what the OpenAPI schemas let through
//   but the API server refuses under strict field validation (kubectl apply's default since 1.27): unknown fields,
//   at any depth. This is kubeconform's --strict.
// Custom resources are checked against their CRDs' schemas where those could be had (crd-schema.mjs: Strimzi's,
// generated from its Maven artifacts); the others are reported as not validated, never passed silently.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe } from "./kustomize.mjs";
import { crdErrors, loadCrdValidators } from "./crd-schema.mjs";

const require = createRequire(import.meta.url);
const modelsDir = path.dirname(require.resolve("kubernetes-models/package.json"));
const projectDir = path.dirname(modelsDir).replace(/node_modules$/, "");

/** Custom resources that have no schema here without the CRDs, and why. */
export const UNVALIDATED_CUSTOM_RESOURCES = new Map([
  ["postgresql.cnpg.io/v1 Cluster",
    "CloudNativePG publishes its CRDs in its release manifests only, no package on npm, Maven Central or Debian"],
  ...["Kafka", "KafkaNodePool", "KafkaTopic"].map((kind) => [`kafka.strimzi.io/v1 ${kind}`,
    "Strimzi's CRDs were not generated: its CRD generator needs Java 21+"]),
]);

const crdValidators = loadCrdValidators(process.env.SIGNET_CRD_DIR);

/** The custom resources validated against their CRDs in this run (e.g. "kafka.strimzi.io/v1 KafkaTopic"). */
export function validatedCustomResources() {
  return [...crdValidators.keys()];
}

/** The kubernetes-models module of a built-in kind, e.g. apps/v1/Deployment; null when the package has none. */
export function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
  return existsSync(path.join(modelsDir, `${module}.d.ts`)) ? module : null;
}

/**
 * Validates every object; returns {errors: [{object, message}], unvalidated: [{object, reason}]}. An object whose
 * kind is neither built in nor listed above is an error: nothing passes unchecked by accident.
 */
export async function validateAll(objects) {
  const errors = [];
  const unvalidated = [];
  const typed = [];
  for (const object of objects) {
    const key = `${object.apiVersion} ${object.kind}`;
    const module = object.apiVersion && object.kind ? modelModule(object.apiVersion, object.kind) : null;
    if (module) {
      typed.push({ object, module });
      errors.push(...(await ajvErrors(object, module)).map((message) => ({ object, message })));
    } else if (crdValidators.has(key)) {
      errors.push(...crdErrors(crdValidators.get(key), object).map((message) => ({ object, message })));
    } else if (UNVALIDATED_CUSTOM_RESOURCES.has(key)) {
      unvalidated.push({ object, reason: UNVALIDATED_CUSTOM_RESOURCES.get(key) });
      errors.push(...customResourceShape(object).map((message) => ({ object, message })));
    } else {
      errors.push({ object, message: `no schema for ${key}` });
    }
  }
  errors.push(...typeErrors(typed));
  return { errors, unvalidated };
}

async function ajvErrors(object, module) {
  const exported = await import(`kubernetes-models/${module}`);
  const Model = exported[object.kind];
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return e.message.split(/, (?=data)/).map((line) => line.replace(/^data/, ""));
  }
}

function customResourceShape(object) {
  const problems = [];
  if (!object.metadata?.name) problems.push("metadata.name is missing");
  if (typeof object.spec !== "object" || object.spec === null) problems.push("spec is missing");
  return problems;
}

/** One TypeScript program assigning each object, as a literal, to its kind's interface. */
function typeErrors(typed) {
  if (typed.length === 0) return [];
  const file = path.join(projectDir, "__rendered_manifests__.ts");
  const lines = typed.map(({ module, object }, i) =>
    `import { I${object.kind} as T${i} } from "kubernetes-models/${module}";`);
  const first = lines.length;
  typed.forEach(({ object }, i) => lines.push(`export const d${i}: T${i} = ${JSON.stringify(object)};`));
  const source = lines.join("\n");
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = ((exists) => (name) => name === file || exists(name))(host.fileExists.bind(host));
  host.getSourceFile = (name, language) => (name === file
    ? ts.createSourceFile(name, source, language, true) : getSourceFile(name, language));
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file?.fileName !== file) return { object: null, message: `type check: ${message}` };
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const entry = typed[line - first];
    if (!entry) return { object: null, message: `type check: ${message}` };
    return { object: entry.object, message: `${pathAt(sourceFile, d.start)}: ${firstLine(message)}` };
  });
}

function firstLine(message) {
  const lines = message.split("\n");
  const known = lines.find((l) => l.includes("Object literal may only specify known properties"));
  return (known ?? lines[lines.length - 1]).trim();
}

/** The field path (spec.template.spec.containers[0].name) of a position inside an object literal. */
function pathAt(sourceFile, position) {
  const parts = [];
  let node = sourceFile;
  for (;;) {
    const child = ts.forEachChild(node, (c) => (c.getStart(sourceFile) <= position && position < c.getEnd() ? c : undefined));
    if (!child) break;
    if (ts.isPropertyAssignment(child)) parts.push(`.${child.name.text}`);
    if (ts.isArrayLiteralExpression(node)) parts.push(`[${node.elements.indexOf(child)}]`);
    node = child;
  }
  return parts.join("").replace(/^\./, "") || "(object)";
}

export function formatErrors(errors) {
  return errors.map(({ object, message }) => `${object ? describe(object) : "?"}: ${message}`).join("\n");
}
