/**
 * The production shape a rendered stack asks for, read from its Helm values (Prometheus replicas,
 * shards, the replica label, remote write, Alertmanager replicas), and what the local HA stack makes
 * of it: the problems that stop `--ha` before anything starts, and each remote-write endpoint
 * rewritten to the local VictoriaMetrics.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { RemoteWriteKind } from "../../config";
import { isObject } from "../../format/guards";

/** One rendered remote-write endpoint (`prometheusSpec.remoteWrite[]`), as the operator reads it. */
export interface RenderedRemoteWrite {
  readonly name: string;
  readonly url: string;
  /** Queue settings in the operator's spelling (`maxShards`...), as rendered. */
  readonly queueConfig: Readonly<Record<string, unknown>>;
  /** Settings the local store needs no value for (headers, basicAuth, authorization), by key. */
  readonly dropped: readonly string[];
}

export interface HaShape {
  readonly prometheusReplicas: number;
  readonly shards: number;
  /** The external label the operator gives each replica its own value of. */
  readonly replicaLabel: string;
  readonly alertmanagerReplicas: number;
  readonly remoteWrite: readonly RenderedRemoteWrite[];
  /** The chart's release name, from which the operator names the Prometheus (`<release>-prometheus`). */
  readonly prometheusName: string;
  readonly namespace: string;
}

/** The operator's default replica label, when the values leave it out. */
const DEFAULT_REPLICA_LABEL = "prometheus_replica";

/** Reads the HA settings of a rendered stack's Helm values; the chart's defaults for what they leave out. */
export function readHaShape(outDir: string): HaShape {
  const file = path.join(outDir, "kubernetes", "helm-values.yaml");
  const values: unknown = fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) : {};
  const v = isObject(values) ? values : {};
  const prom = isObject(v.prometheus) ? v.prometheus : {};
  const spec = isObject(prom.prometheusSpec) ? prom.prometheusSpec : {};
  const am = isObject(v.alertmanager) ? v.alertmanager : {};
  const amSpec = isObject(am.alertmanagerSpec) ? am.alertmanagerSpec : {};
  const num = (x: unknown): number => (typeof x === "number" ? x : 1);
  const remoteWrite = (Array.isArray(spec.remoteWrite) ? spec.remoteWrite : []).filter(isObject).map((r): RenderedRemoteWrite => ({
    name: typeof r.name === "string" ? r.name : "",
    url: typeof r.url === "string" ? r.url : "",
    queueConfig: isObject(r.queueConfig) ? r.queueConfig : {},
    dropped: ["headers", "basicAuth", "authorization", "bearerTokenSecret"].filter((k) => r[k] !== undefined),
  }));
  const release = typeof v.fullnameOverride === "string" ? v.fullnameOverride : releaseFromValues(v);
  return {
    prometheusReplicas: num(spec.replicas),
    shards: num(spec.shards),
    replicaLabel: typeof spec.replicaExternalLabelName === "string" ? spec.replicaExternalLabelName : DEFAULT_REPLICA_LABEL,
    alertmanagerReplicas: num(amSpec.replicas),
    remoteWrite,
    prometheusName: `${release}-prometheus`,
    namespace: typeof v.namespaceOverride === "string" ? v.namespaceOverride : "monitoring",
  };
}

/** The release name the selectors carry (`release: <name>`), which the chart names its objects after. */
function releaseFromValues(v: Record<string, unknown>): string {
  const prom = isObject(v.prometheus) ? v.prometheus : {};
  const spec = isObject(prom.prometheusSpec) ? prom.prometheusSpec : {};
  const sel = isObject(spec.ruleSelector) && isObject(spec.ruleSelector.matchLabels) ? spec.ruleSelector.matchLabels : {};
  return typeof sel.release === "string" ? sel.release : "kube-prometheus-stack";
}

/** Thrown when a stack cannot run as the local HA stack; one line per problem, for the user as is. */
export class HaShapeError extends Error {
  override name = "HaShapeError";
}

/**
 * What the stack lacks for `--ha`: at least two Prometheus replicas and two Alertmanagers (something
 * to lose one of), and exactly one remote-write endpoint (the local store stands in for it).
 */
export function haShapeProblems(shape: HaShape, stackName: string): string[] {
  const out: string[] = [];
  const p = `stack ${stackName}: platform`;
  if (shape.prometheusReplicas < 2)
    out.push(`${p}.prometheus.replicas is ${shape.prometheusReplicas}; --ha runs the production shape and needs at least 2`);
  if (shape.alertmanagerReplicas < 2)
    out.push(`${p}.alertmanager.replicas is ${shape.alertmanagerReplicas}; --ha needs at least 2 (Pulumi.prod.yaml has 3)`);
  if (shape.remoteWrite.length === 0)
    out.push(`${p}.prometheus.remoteWrite is not set; --ha needs one endpoint, which the local stack maps to its VictoriaMetrics`);
  if (shape.remoteWrite.length > 1)
    out.push(
      `${p}.prometheus.remoteWrite has ${shape.remoteWrite.length} endpoints (${shape.remoteWrite.map((r) => r.name).join(", ")}); the local HA stack runs one store and maps one endpoint to it`,
    );
  for (const r of shape.remoteWrite) {
    const mapped = localRemoteWritePath(r.url);
    if (typeof mapped !== "string") out.push(`${p}.prometheus.remoteWrite[${r.name}].url: ${mapped.problem}`);
  }
  return out;
}

/**
 * Push paths of the engines Prometheus remote-writes to, by kind. VictoriaMetrics single node takes
 * the same protocol on `/api/v1/write`, so each maps there; the tenant (a header, or the cluster's
 * `/insert/<accountID>/` path) has no meaning for a single node and is dropped.
 */
const PUSH_PATHS: readonly { readonly kind: RemoteWriteKind; readonly pattern: RegExp; readonly shape: string }[] = [
  { kind: RemoteWriteKind.mimir, pattern: /^\/api\/v1\/push$/, shape: "/api/v1/push" },
  { kind: RemoteWriteKind.thanosReceive, pattern: /^\/api\/v1\/receive$/, shape: "/api/v1/receive" },
  { kind: RemoteWriteKind.victoriaMetrics, pattern: /^(\/prometheus)?\/api\/v1\/write$/, shape: "/api/v1/write" },
  {
    kind: RemoteWriteKind.victoriaMetrics,
    pattern: /^\/insert\/\d+(:\d+)?\/prometheus(\/api\/v1\/write)?$/,
    shape: "/insert/<tenant>/prometheus/api/v1/write",
  },
];

/** The local store's push path for a rendered URL, or why the URL cannot be mapped to it. */
export function localRemoteWritePath(url: string): string | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `${JSON.stringify(url.slice(0, 80))} is not a URL the local stack can map` };
  }
  const pathname = parsed.pathname.replace(/\/+$/, "");
  if (PUSH_PATHS.some((p) => p.pattern.test(pathname))) return "/api/v1/write";
  return {
    problem: `${JSON.stringify(url.slice(0, 80))}: the local stack cannot map path ${JSON.stringify(pathname.slice(0, 60))} to its VictoriaMetrics; it knows ${[...new Set(PUSH_PATHS.map((p) => `${p.shape} (${p.kind})`))].join(", ")}`,
  };
}

/** Prometheus's `queue_config` from the operator's `queueConfig`: the same settings, snake_case. */
export function queueConfig(q: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q).sort(([a], [b]) => a.localeCompare(b))) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}
