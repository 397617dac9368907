/**
 * ServiceMonitor → Prometheus `scrape_config`, as the Prometheus Operator would write it for a
 * static target: same interval, timeout, path, scheme, limits and relabelings, the operator's job
 * name, and the `namespace` label it adds from service discovery.
 */
import { isObject } from "../format/guards";

/** The fields of a ServiceMonitor endpoint the translation reads (monitoring.coreos.com/v1). */
export interface MonitorEndpoint {
  readonly port?: string;
  readonly path?: string;
  readonly scheme?: string;
  readonly interval?: string;
  readonly scrapeTimeout?: string;
  readonly honorLabels?: boolean;
  readonly params?: Readonly<Record<string, readonly string[]>>;
  readonly relabelings?: readonly Readonly<Record<string, unknown>>[];
  readonly metricRelabelings?: readonly Readonly<Record<string, unknown>>[];
}

export interface ServiceMonitor {
  readonly name: string;
  readonly namespace: string;
  readonly endpoints: readonly MonitorEndpoint[];
  readonly sampleLimit?: number;
  readonly labelLimit?: number;
}

/** A Prometheus scrape_config, in Prometheus' own field names. */
export type ScrapeConfig = Readonly<Record<string, unknown>>;

/** Thrown when a file is not a ServiceMonitor this translation understands. */
export class ServiceMonitorError extends Error {
  override name = "ServiceMonitorError";
}

/** Reads a parsed ServiceMonitor object; `source` names it in errors. */
export function readServiceMonitor(doc: unknown, source: string): ServiceMonitor {
  if (!isObject(doc) || doc.kind !== "ServiceMonitor" || !isObject(doc.metadata) || !isObject(doc.spec)) {
    throw new ServiceMonitorError(`${source}: not a ServiceMonitor (want kind: ServiceMonitor with metadata and spec)`);
  }
  const { name, namespace } = doc.metadata;
  const endpoints = doc.spec.endpoints;
  if (typeof name !== "string" || typeof namespace !== "string" || !Array.isArray(endpoints) || !endpoints.every(isObject)) {
    throw new ServiceMonitorError(`${source}: a ServiceMonitor needs metadata.name, metadata.namespace and a spec.endpoints list`);
  }
  const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
  return {
    name,
    namespace,
    endpoints: endpoints as MonitorEndpoint[],
    sampleLimit: num(doc.spec.sampleLimit),
    labelLimit: num(doc.spec.labelLimit),
  };
}

/** Operator relabel fields (camelCase) → Prometheus relabel_config fields (snake_case). */
const RELABEL_FIELDS: Readonly<Record<string, string>> = {
  action: "action",
  sourceLabels: "source_labels",
  separator: "separator",
  targetLabel: "target_label",
  regex: "regex",
  modulus: "modulus",
  replacement: "replacement",
};

export function relabelConfig(r: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const field = RELABEL_FIELDS[k];
    if (field === undefined)
      throw new ServiceMonitorError(`relabeling field ${k} is not supported locally; allowed: ${Object.keys(RELABEL_FIELDS).join(", ")}`);
    // The operator lower-cases actions (`Replace` and `replace` are the same to it).
    out[field] = k === "action" && typeof v === "string" ? v.toLowerCase() : v;
  }
  return out;
}

/**
 * One scrape_config per endpoint of the monitor, all scraping `target` (`host:port`). The job name
 * is the operator's `serviceMonitor/<namespace>/<name>/<index>`; the monitor's relabelings then
 * set `job` as they do on a cluster.
 */
export function scrapeConfigs(m: ServiceMonitor, target: string): ScrapeConfig[] {
  return m.endpoints.map((e, i) => {
    const c: Record<string, unknown> = {
      job_name: `serviceMonitor/${m.namespace}/${m.name}/${i}`,
      static_configs: [{ targets: [target], labels: { namespace: m.namespace, ...(e.port !== undefined ? { endpoint: e.port } : {}) } }],
    };
    if (e.interval !== undefined) c.scrape_interval = e.interval;
    if (e.scrapeTimeout !== undefined) c.scrape_timeout = e.scrapeTimeout;
    if (e.path !== undefined) c.metrics_path = e.path;
    if (e.scheme !== undefined) c.scheme = e.scheme;
    if (e.honorLabels !== undefined) c.honor_labels = e.honorLabels;
    if (e.params !== undefined) c.params = e.params;
    if (m.sampleLimit !== undefined) c.sample_limit = m.sampleLimit;
    if (m.labelLimit !== undefined) c.label_limit = m.labelLimit;
    if (e.relabelings !== undefined && e.relabelings.length > 0) c.relabel_configs = e.relabelings.map(relabelConfig);
    if (e.metricRelabelings !== undefined && e.metricRelabelings.length > 0)
      c.metric_relabel_configs = e.metricRelabelings.map(relabelConfig);
    return c;
  });
}
