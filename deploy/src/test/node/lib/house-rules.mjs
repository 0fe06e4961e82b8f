// Signet's rules for its manifests, beyond what the API schemas say. Each rule returns its violations as strings.
import { describe } from "./kustomize.mjs";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const SIGNER = "autograph-signer";
const SIGNER_CLIENTS = new Set(["validator-worker", "signet-monitor"]);
const EXPOSED = "amo-api";
// Environment variables and ConfigMap keys that hold a credential: they must come from a Secret.
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|HAWK_KEY|_KEY$)/i;

/** The pod templates of the workloads and CronJobs, with the kind that decides which probes apply. */
export function podTemplates(objects) {
  const templates = [];
  for (const object of objects) {
    if (WORKLOADS.has(object.kind) || object.kind === "Job") {
      templates.push({ owner: object, longRunning: WORKLOADS.has(object.kind), spec: object.spec?.template?.spec,
        labels: object.spec?.template?.metadata?.labels ?? {} });
    } else if (object.kind === "CronJob") {
      const template = object.spec?.jobTemplate?.spec?.template;
      templates.push({ owner: object, longRunning: false, spec: template?.spec, labels: template?.metadata?.labels ?? {} });
    }
  }
  return templates;
}

/** runAsNonRoot, no privilege escalation, read-only root, capabilities dropped, seccomp RuntimeDefault. */
export function securityContexts(objects) {
  const problems = [];
  for (const { owner, spec } of podTemplates(objects)) {
    const pod = spec?.securityContext ?? {};
    if (spec?.automountServiceAccountToken !== false) problems.push(`${describe(owner)}: automountServiceAccountToken is not false`);
    for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      const where = `${describe(owner)} container ${container.name}`;
      const sc = container.securityContext ?? {};
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (sc.privileged === true) problems.push(`${where}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${where}: capabilities.drop lacks ALL`);
      if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities`);
      if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== "RuntimeDefault") {
        problems.push(`${where}: seccompProfile is not RuntimeDefault`);
      }
    }
  }
  return problems;
}

/** Requests and limits of CPU and memory everywhere; the three probes on every long-running container. */
export function resourcesAndProbes(objects) {
  const problems = [];
  for (const { owner, spec, longRunning } of podTemplates(objects)) {
    for (const container of spec?.containers ?? []) {
      const where = `${describe(owner)} container ${container.name}`;
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (container.resources?.[kind]?.[resource] === undefined) problems.push(`${where}: no ${kind}.${resource}`);
        }
      }
      if (!longRunning) continue;
      const paths = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
      for (const [probe, healthPath] of Object.entries(paths)) {
        const actual = container[probe]?.httpGet?.path;
        if (actual !== healthPath) problems.push(`${where}: ${probe} is not GET ${healthPath} (is ${actual ?? "absent"})`);
      }
    }
  }
  return problems;
}

/**
 * No secret value in the manifests: no Secret object (except, in dev, generated ones labelled dev-only), no
 * credential as a plain env value or in a ConfigMap, every credential env var from a secretKeyRef.
 */
export function noSecretValues(objects, { devSecretsAllowed }) {
  const problems = [];
  for (const object of objects) {
    if (object.kind === "Secret") {
      const devOnly = object.metadata?.labels?.["signet.dev/dev-only"] === "true";
      if (!(devSecretsAllowed && devOnly)) problems.push(`${describe(object)}: a Secret with values in the manifests`);
    }
    if (object.kind === "ConfigMap") {
      for (const key of Object.keys(object.data ?? {})) {
        if (SECRET_NAME.test(key)) problems.push(`${describe(object)}: ${key} looks like a credential in a ConfigMap`);
      }
    }
  }
  for (const { owner, spec } of podTemplates(objects)) {
    for (const container of spec?.containers ?? []) {
      for (const env of container.env ?? []) {
        if (SECRET_NAME.test(env.name) && !env.valueFrom?.secretKeyRef) {
          problems.push(`${describe(owner)} container ${container.name}: ${env.name} does not come from a Secret`);
        }
      }
    }
  }
  return problems;
}

function selects(policy, labels) {
  const selector = policy.spec?.podSelector ?? {};
  const matchLabels = selector.matchLabels ?? {};
  if ((selector.matchExpressions ?? []).length > 0) return true; // not evaluated here: treat as selecting
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

function podLabelsOf(objects, name) {
  const template = podTemplates(objects).find((t) => t.labels["app.kubernetes.io/name"] === name);
  return template?.labels;
}

/**
 * The signer admits the worker and the monitor only: a default deny exists, and every ingress rule of every policy
 * that selects the signer's pods names those pods (same namespace) and nothing else. Only amo-api is open to all.
 */
export function networkIsolation(objects) {
  const problems = [];
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const denyAll = policies.some((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0
    && (p.spec?.policyTypes ?? []).includes("Ingress") && (p.spec?.ingress ?? []).length === 0);
  if (!denyAll) problems.push("no default-deny ingress NetworkPolicy");
  const signerLabels = podLabelsOf(objects, SIGNER);
  if (!signerLabels) problems.push("no autograph-signer pods");
  for (const policy of policies) {
    const ingress = policy.spec?.ingress ?? [];
    if (signerLabels && selects(policy, signerLabels)) {
      for (const rule of ingress) {
        const peers = rule.from ?? [];
        if (peers.length === 0) problems.push(`${describe(policy)}: admits every source to the signer`);
        for (const peer of peers) {
          const name = peer.podSelector?.matchLabels?.["app.kubernetes.io/name"];
          if (peer.namespaceSelector || peer.ipBlock || !SIGNER_CLIENTS.has(name)) {
            problems.push(`${describe(policy)}: admits ${JSON.stringify(peer)} to the signer`);
          }
        }
      }
    }
    const open = ingress.some((rule) => (rule.from ?? []).length === 0
      || rule.from.some((peer) => peer.ipBlock || (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0
        && !peer.podSelector)));
    const target = policy.spec?.podSelector?.matchLabels?.["app.kubernetes.io/name"];
    if (open && target !== EXPOSED) problems.push(`${describe(policy)}: opens ${target ?? "every pod"} to every source`);
  }
  for (const object of objects) {
    if (object.kind === "Service" && ["LoadBalancer", "NodePort"].includes(object.spec?.type)
      && object.metadata.name !== EXPOSED) {
      problems.push(`${describe(object)}: exposed as ${object.spec.type}`);
    }
    if (object.kind === "Ingress") {
      for (const rule of object.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          if (p.backend?.service?.name !== EXPOSED) problems.push(`${describe(object)}: routes to ${p.backend?.service?.name}`);
        }
      }
    }
  }
  return problems;
}

/** Every namespaced object is in the overlay's namespace. */
export function namespaced(objects, namespace) {
  const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"]);
  return objects.filter((o) => !clusterScoped.has(o.kind) && o.metadata?.namespace !== namespace)
    .map((o) => `${describe(o)}: in namespace ${o.metadata?.namespace ?? "(none)"}, not ${namespace}`);
}

/** Images name a tag (not latest): an apply never pulls something else than what was tested. */
export function pinnedImages(objects) {
  const problems = [];
  for (const { owner, spec } of podTemplates(objects)) {
    for (const container of spec?.containers ?? []) {
      const tag = container.image?.split("/").pop().split(":")[1];
      if (!tag || tag === "latest") problems.push(`${describe(owner)} container ${container.name}: image ${container.image} has no fixed tag`);
    }
  }
  return problems;
}

/**
 * The worker's consumers never outnumber the partitions of signet.upload-jobs (idle consumers): at most replicas
 * (the HPA's maxReplicas, else the Deployment's) x WORKER_KAFKA_CONSUMERS. Checked where the topic is defined.
 */
export function workerFitsPartitions(objects) {
  const topic = objects.find((o) => o.kind === "KafkaTopic" && (o.spec?.topicName ?? o.metadata.name) === "signet.upload-jobs");
  if (!topic) return [];
  const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "validator-worker");
  const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec?.scaleTargetRef?.name === "validator-worker");
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "validator-worker");
  const consumers = Number(config?.data?.WORKER_KAFKA_CONSUMERS ?? 4);
  const replicas = hpa ? hpa.spec.maxReplicas : (deployment?.spec?.replicas ?? 1);
  const partitions = topic.spec.partitions;
  return replicas * consumers <= partitions ? []
    : [`validator-worker: up to ${replicas} replicas x ${consumers} consumers > ${partitions} partitions of signet.upload-jobs`];
}

/** A Deployment an HPA scales sets no replicas: each apply would reset the count the HPA chose. */
export function autoscaledWithoutReplicas(objects) {
  const scaled = new Set(objects.filter((o) => o.kind === "HorizontalPodAutoscaler")
    .map((o) => `${o.spec?.scaleTargetRef?.kind}/${o.spec?.scaleTargetRef?.name}`));
  return objects.filter((o) => scaled.has(describe(o)) && o.spec?.replicas !== undefined)
    .map((o) => `${describe(o)}: sets replicas, but a HorizontalPodAutoscaler scales it`);
}

/** The names of the Secrets the pods read, that the manifests themselves do not create. */
export function referencedSecrets(objects) {
  const created = new Set(objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name));
  const names = new Set();
  for (const { spec } of podTemplates(objects)) {
    for (const container of spec?.containers ?? []) {
      for (const env of container.env ?? []) if (env.valueFrom?.secretKeyRef) names.add(env.valueFrom.secretKeyRef.name);
      for (const from of container.envFrom ?? []) if (from.secretRef) names.add(from.secretRef.name);
    }
    for (const volume of spec?.volumes ?? []) if (volume.secret) names.add(volume.secret.secretName);
  }
  for (const object of objects) {
    for (const tls of object.kind === "Ingress" ? object.spec?.tls ?? [] : []) names.add(tls.secretName);
  }
  return [...names].filter((n) => !created.has(n)).sort();
}

export function allRules(objects, { namespace, devSecretsAllowed }) {
  return [
    ...securityContexts(objects), ...resourcesAndProbes(objects), ...noSecretValues(objects, { devSecretsAllowed }),
    ...networkIsolation(objects), ...namespaced(objects, namespace), ...pinnedImages(objects),
    ...workerFitsPartitions(objects), ...autoscaledWithoutReplicas(objects),
  ];
}
