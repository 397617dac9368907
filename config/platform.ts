import { DEFAULTS } from "./defaults";
import { show, type IssueList } from "./errors";
import { k8sLabelValueProblem } from "./names";
import { dnsLabelProblem, urlProblem } from "./sinks";
import { K8S_CPU, PROMETHEUS_SIZE, prometheusSizeBytes, quantityBytes, K8S_QUANTITY, wholeGigabytes } from "./quantity";
import { Fields } from "./read";
import { parseRemoteWrite } from "./remote-write";
import {
  Distribution,
  PlatformComponent,
  type NetworkPolicyConfig,
  type PlatformConfig,
  type ResourceQuantities,
  type ResourcesConfig,
  type StorageConfig,
  type ThanosSidecarConfig,
} from "./types";

export const dnsLabel = (s: string): string | undefined => dnsLabelProblem(s);
export const url = (s: string): string | undefined => urlProblem(s);

/**
 * Namespaces the platform must not be put in: its default-deny NetworkPolicies would cut off every
 * other pod there, and the chart's objects would mix with the cluster's own.
 */
export const FORBIDDEN_PLATFORM_NAMESPACES: Readonly<Record<string, string>> = {
  "kube-system":
    "it holds the cluster's own components (DNS, CNI, kube-proxy), which the platform's default-deny NetworkPolicies would cut off",
  "kube-public": "it is readable by every client, unauthenticated ones included, and holds the cluster-info ConfigMap",
  "kube-node-lease": "it holds the nodes' heartbeat Leases; the kubelets need it untouched",
  default: "the default-deny NetworkPolicies would cut off every workload that was deployed without a namespace",
};

const platformNamespace = (s: string): string | undefined => {
  const why = FORBIDDEN_PLATFORM_NAMESPACES[s];
  return why !== undefined
    ? `is refused as the monitoring namespace: ${why}; use a namespace of its own such as monitoring`
    : dnsLabelProblem(s);
};
const quantity = (s: string): string | undefined => (K8S_QUANTITY.test(s) ? undefined : "is not a Kubernetes quantity such as 50Gi");
const cpu = (s: string): string | undefined => (K8S_CPU.test(s) ? undefined : "is not a CPU quantity such as 500m or 2");
const byteSize = (s: string): string | undefined =>
  PROMETHEUS_SIZE.test(s) ? undefined : "is not a Prometheus size such as 40GB (units B, KB, MB, GB, TB, PB, EB)";
const cidr = (s: string): string | undefined => {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  if (v4 && v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32) return undefined;
  if (/^[0-9a-fA-F:]+\/\d{1,3}$/.test(s) && s.includes(":") && Number(s.split("/")[1]) <= 128) return undefined;
  return "is not a CIDR such as 10.0.0.0/8";
};

const PLATFORM_KEYS = [
  "namespace",
  "releaseName",
  "environment",
  "cluster",
  "runbookBaseUrl",
  "production",
  "distribution",
  "prometheus",
  "alertmanager",
  "grafana",
  "resources",
  "networkPolicy",
] as const;
const PROMETHEUS_KEYS = [
  "retention",
  "retentionSize",
  "storage",
  "scrapeInterval",
  "evaluationInterval",
  "replicas",
  "shards",
  "remoteWrite",
  "thanosSidecar",
] as const;

function parseStorage(parent: Fields | undefined): StorageConfig | undefined {
  if (!parent?.has("storage")) return undefined;
  const s = parent.object("storage", ["size", "storageClassName"]);
  const size = s?.string("size", { hint: "a volume size such as 50Gi", check: quantity });
  const storageClassName = s?.optionalString("storageClassName", { check: dnsLabel });
  return size !== undefined ? { size, storageClassName } : undefined;
}

function millicores(text: string): number {
  const m = K8S_CPU.exec(text);
  return m ? Number(m[1]) * (m[2] === "m" ? 1 : 1000) : 0;
}

function parseResources(f: Fields): PlatformConfig["resources"] | undefined {
  const r = f.object("resources", Object.values(PlatformComponent), { optional: true });
  if (!r) return undefined;
  const out: Partial<Record<PlatformComponent, ResourcesConfig>> = {};
  let ok = true;
  for (const component of Object.values(PlatformComponent)) {
    if (!r.has(component)) continue;
    const c = r.object(component, ["requests", "limits"]);
    const read = (key: "requests" | "limits"): ResourceQuantities | undefined => {
      const q = c?.object(key, ["cpu", "memory"], { optional: true });
      if (!q) return undefined;
      const before = q.issues.items.length;
      const value = { cpu: q.optionalString("cpu", { check: cpu }), memory: q.optionalString("memory", { check: quantity }) };
      return q.issues.items.length === before ? value : undefined;
    };
    const requests = read("requests");
    const limits = read("limits");
    if (!c || !requests || !limits) {
      ok = false;
      continue;
    }
    // Kubernetes refuses a request above its limit; say so here rather than at the first rollout.
    const above = (what: "cpu" | "memory", n: (t: string) => number): boolean => {
      const req = requests[what];
      const lim = limits[what];
      if (req === undefined || lim === undefined || n(req) <= n(lim)) return false;
      c.issues.add(
        `${c.path}.requests.${what}`,
        `${show(req)} is above the limit ${show(lim)}; Kubernetes refuses a request above its limit`,
      );
      return true;
    };
    const cpuAbove = above("cpu", millicores);
    const memoryAbove = above("memory", (t) => quantityBytes(t) ?? 0);
    if (cpuAbove || memoryAbove) ok = false;
    else out[component] = { requests, limits };
  }
  return ok ? out : undefined;
}

function parseNetworkPolicy(f: Fields): NetworkPolicyConfig | undefined {
  const n = f.object("networkPolicy", ["enabled", "uiNamespace", "scrapeCidrs", "apiServerCidrs"], { optional: true });
  if (!n) return undefined;
  const enabled = n.boolean("enabled", DEFAULTS.networkPolicy.enabled);
  const uiNamespace = n.optionalString("uiNamespace", { check: dnsLabel });
  const cidrs = (key: "scrapeCidrs" | "apiServerCidrs"): string[] | undefined => {
    if (!n.has(key)) return [...DEFAULTS.networkPolicy[key]];
    const list = n.list(key, { nonEmpty: true, hint: "CIDRs such as 10.0.0.0/8" });
    if (!list) return undefined;
    const out: string[] = [];
    for (const { value, path } of list) {
      const why = typeof value === "string" ? cidr(value) : "must be a string";
      if (why !== undefined) n.issues.add(path, `${show(value)} ${why}`);
      else out.push(value as string);
    }
    return out.length === list.length ? out.sort() : undefined;
  };
  const scrapeCidrs = cidrs("scrapeCidrs");
  const apiServerCidrs = cidrs("apiServerCidrs");
  if (enabled === undefined || scrapeCidrs === undefined || apiServerCidrs === undefined) return undefined;
  return { enabled, uiNamespace, scrapeCidrs, apiServerCidrs };
}

function parseThanosSidecar(p: Fields | undefined): ThanosSidecarConfig | undefined | null {
  if (!p?.has("thanosSidecar")) return undefined;
  const t = p.object("thanosSidecar", ["queryNamespace"]);
  if (!t) return null;
  const before = t.issues.items.length;
  const queryNamespace = t.optionalString("queryNamespace", { check: dnsLabel });
  return t.issues.items.length === before ? { queryNamespace } : null;
}

/** Checks that a production stack is highly available and that the retention size fits its volume. */
function checkCapacity(spec: PlatformConfig, issues: IssueList): void {
  const p = spec.prometheus;
  const P = DEFAULTS.production;
  if (spec.production) {
    if (p.replicas < P.minPrometheusReplicas) {
      issues.add(
        "platform.prometheus.replicas",
        `${p.replicas} is below what a production stack needs: at least ${P.minPrometheusReplicas}, so one Prometheus scrapes and evaluates while the other restarts (platform.production is true)`,
      );
    }
    if (spec.alertmanagerReplicas < P.minAlertmanagerReplicas) {
      issues.add(
        "platform.alertmanager.replicas",
        `${spec.alertmanagerReplicas} is below what a production stack needs: at least ${P.minAlertmanagerReplicas}, a gossip cluster that keeps deduplicating and notifying while one restarts (platform.production is true)`,
      );
    }
    if (p.storage === undefined) {
      issues.add(
        "platform.prometheus.storage",
        "is required in a production stack (platform.production is true): without a persistent volume every restart loses the TSDB; set size (e.g. 100Gi) and optionally storageClassName",
      );
    } else if (p.retentionSize === undefined) {
      const cap = wholeGigabytes((quantityBytes(p.storage.size) ?? 0) * P.maxRetentionShareOfVolume);
      issues.add(
        "platform.prometheus.retentionSize",
        `is required in a production stack (platform.production is true): without it the volume fills and Prometheus stops ingesting; use at most ${cap} for the ${p.storage.size} volume`,
      );
    }
  }
  if (p.storage !== undefined && p.retentionSize !== undefined) {
    const volume = quantityBytes(p.storage.size) ?? 0;
    const size = prometheusSizeBytes(p.retentionSize) ?? 0;
    if (size > volume * P.maxRetentionShareOfVolume) {
      issues.add(
        "platform.prometheus.retentionSize",
        `${show(p.retentionSize)} is more than ${P.maxRetentionShareOfVolume * 100}% of the ${p.storage.size} volume (platform.prometheus.storage.size): the WAL and compaction need the rest; use at most ${wholeGigabytes(volume * P.maxRetentionShareOfVolume)} (Prometheus sizes are powers of 1024)`,
      );
    }
  }
}

/** Parses `kube-observability:platform`. */
export function parsePlatform(raw: unknown, stack: string, issues: IssueList): PlatformConfig | undefined {
  const f = Fields.open(raw ?? {}, "platform", issues, PLATFORM_KEYS);
  if (!f) return undefined;
  const namespace = f.string("namespace", { default: DEFAULTS.platform.namespace, check: platformNamespace });
  // Helm refuses release names longer than 53 characters.
  const releaseName = f.string("releaseName", { default: DEFAULTS.platform.releaseName, check: (s) => dnsLabelProblem(s, 53) });
  // The default is the stack's name, which the user did not write here: say so when it does not fit.
  const stackNameProblem = f.has("environment") ? undefined : k8sLabelValueProblem(stack);
  if (stackNameProblem !== undefined) {
    f.problem(
      "environment",
      `defaults to the stack name ${show(stack)}, which ${stackNameProblem}; set platform.environment (and platform.cluster) explicitly`,
    );
  }
  const environment = stackNameProblem === undefined ? f.string("environment", { default: stack, check: k8sLabelValueProblem }) : undefined;
  const cluster = f.string("cluster", { default: environment ?? stack, check: k8sLabelValueProblem });
  const runbookBaseUrl = f.optionalString("runbookBaseUrl", { check: url });
  const production = f.boolean("production", DEFAULTS.platform.production);
  const distribution = f.string("distribution", { default: DEFAULTS.platform.distribution, oneOf: Object.values(Distribution) }) as
    Distribution | undefined;

  const p = f.object("prometheus", PROMETHEUS_KEYS, { optional: true });
  const retention = p?.duration("retention", { default: DEFAULTS.prometheus.retention, positive: true });
  const retentionSize = p?.optionalString("retentionSize", { check: byteSize });
  const storage = parseStorage(p);
  const storageBad = p?.has("storage") === true && storage === undefined;
  const scrapeInterval = p?.duration("scrapeInterval", { default: DEFAULTS.prometheus.scrapeInterval, min: 1 });
  const evaluationInterval = p?.duration("evaluationInterval", { default: DEFAULTS.prometheus.evaluationInterval, min: 1 });
  const replicas = p?.number("replicas", { default: DEFAULTS.prometheus.replicas, integer: true, min: 1 });
  const shards = p?.number("shards", { default: DEFAULTS.prometheus.shards, integer: true, min: 1 });
  const remoteWrite = p ? parseRemoteWrite(p) : undefined;
  const thanosSidecar = parseThanosSidecar(p);

  const am = f.object("alertmanager", ["replicas", "storage"], { optional: true });
  const alertmanagerReplicas = am?.number("replicas", { default: DEFAULTS.platform.alertmanagerReplicas, integer: true, min: 1 });
  const alertmanagerStorage = parseStorage(am);
  const amStorageBad = am?.has("storage") === true && alertmanagerStorage === undefined;
  const g = f.object("grafana", ["enabled"], { optional: true });
  const grafanaEnabled = g?.boolean("enabled", DEFAULTS.platform.grafanaEnabled);
  const resources = parseResources(f);
  const networkPolicy = parseNetworkPolicy(f);

  if (
    namespace === undefined ||
    releaseName === undefined ||
    environment === undefined ||
    cluster === undefined ||
    production === undefined ||
    distribution === undefined ||
    storageBad ||
    amStorageBad ||
    retention === undefined ||
    scrapeInterval === undefined ||
    evaluationInterval === undefined ||
    replicas === undefined ||
    shards === undefined ||
    remoteWrite === undefined ||
    thanosSidecar === null ||
    alertmanagerReplicas === undefined ||
    grafanaEnabled === undefined ||
    resources === undefined ||
    networkPolicy === undefined
  ) {
    return undefined;
  }
  const spec: PlatformConfig = {
    namespace,
    releaseName,
    environment,
    cluster,
    runbookBaseUrl,
    production,
    distribution,
    chart: DEFAULTS.chart,
    prometheus: { retention, retentionSize, storage, scrapeInterval, evaluationInterval, replicas, shards, remoteWrite, thanosSidecar },
    alertmanagerReplicas,
    alertmanagerStorage,
    grafanaEnabled,
    resources,
    networkPolicy,
  };
  const before = issues.items.length;
  checkCapacity(spec, issues);
  return issues.items.length === before ? spec : undefined;
}
