import path from "node:path";

// run-tests.sh passes the repository's deploy/k8s; the default serves a run from the source tree.
export const K8S_DIR = path.resolve(process.env.SIGNET_K8S_DIR ?? new URL("../../../../k8s", import.meta.url).pathname);

/** The overlays an operator applies, with the namespace each puts everything in. */
export const OVERLAYS = [
  { name: "dev", namespace: "signet-dev", devSecretsAllowed: true },
  { name: "prod", namespace: "signet", devSecretsAllowed: false },
  { name: "engines", namespace: "signet", devSecretsAllowed: false },
];

export function overlayDir(name) {
  return path.join(K8S_DIR, "overlays", name);
}
