// Validators for custom resources from the openAPIV3Schema of their CustomResourceDefinitions (the YAML files in
// SIGNET_CRD_DIR, which run-tests.sh generates with Strimzi's CRD generator). The API server prunes or, under strict
// field validation, rejects fields a structural schema does not name; here every object schema that names its
// properties and does not preserve unknown fields gets additionalProperties: false to the same effect.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

export function loadCrdValidators(dir) {
  const validators = new Map();
  if (!dir) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), "utf8"))) {
      const crd = doc.toJS();
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const version of crd.spec.versions.filter((v) => v.served)) {
        const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
        validators.set(key, ajv.compile(strict(version.schema.openAPIV3Schema)));
      }
    }
  }
  return validators;
}

function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "properties"
    ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, strict(s)])) : strict(v)]));
  if (copy.properties && copy.additionalProperties === undefined && copy["x-kubernetes-preserve-unknown-fields"] !== true) {
    copy.additionalProperties = false;
  }
  return copy;
}

export function crdErrors(validate, object) {
  if (validate(object)) return [];
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty
    ? ` (${e.params.additionalProperty})` : ""}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""}`);
}
