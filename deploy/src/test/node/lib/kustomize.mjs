// Renders a kustomization with the real kubectl (its built-in kustomize) and parses the output, as `kubectl apply -k`
// would see it. KUBECTL is set by run-tests.sh (deploy/k8s/tools/kubectl.sh picks or installs one).
import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

export function kubectl() {
  const path = process.env.KUBECTL;
  if (!path) {
    throw new Error("KUBECTL is not set: run the tests through run-tests.sh, which finds a kubectl with kustomize v5+");
  }
  return path;
}

/** The objects `kubectl kustomize dir` renders; a failed build throws with kustomize's own message. */
export function build(dir) {
  let text;
  try {
    text = execFileSync(kubectl(), ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`kubectl kustomize ${dir}: ${(e.stderr || e.message).trim()}`);
  }
  return parseDocuments(text, dir);
}

export function parseDocuments(text, origin) {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`${origin}: document ${i}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    return doc.toJS();
  }).filter((obj) => obj !== null);
}

export function describe(obj) {
  return `${obj.kind}/${obj.metadata?.name ?? "?"}`;
}
