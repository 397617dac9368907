/**
 * Probe → Prometheus `scrape_config`, as the Prometheus Operator writes it for a Probe with static targets
 * (prometheus-operator's `generateProbeConfig`): job `probe/<namespace>/<name>`, the prober's path, the
 * module as a parameter, the Probe's static labels plus the Probe's `namespace` when they set none, and
 * the relabelings that send the target to the prober as `?target=` and keep it as `instance`. The local
 * stack points the prober at its own blackbox exporter and the target at the local process.
 */
import { isObject } from "../format/guards";
import type { ScrapeConfig } from "./scrape";

/** The fields of a Probe the translation reads (monitoring.coreos.com/v1). */
export interface ProbeObject {
  readonly name: string;
  readonly namespace: string;
  readonly jobName: string | undefined;
  readonly interval: string | undefined;
  readonly module: string | undefined;
  readonly proberPath: string;
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** Thrown when an object is not a Probe this translation understands. */
export class ProbeObjectError extends Error {
  override name = "ProbeObjectError";
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Reads a Probe object with a static target list; `source` names it in errors. */
export function readProbe(doc: unknown, source: string): ProbeObject {
  if (!isObject(doc) || doc.kind !== "Probe" || !isObject(doc.metadata) || !isObject(doc.spec)) {
    throw new ProbeObjectError(`${source}: not a Probe (want kind: Probe with metadata and spec)`);
  }
  const { spec } = doc;
  const name = str(doc.metadata.name);
  const namespace = str(doc.metadata.namespace);
  const staticConfig = isObject(spec.targets) && isObject(spec.targets.staticConfig) ? spec.targets.staticConfig : undefined;
  const targets = staticConfig?.static;
  if (name === undefined || namespace === undefined || !Array.isArray(targets) || !targets.every((t) => typeof t === "string")) {
    throw new ProbeObjectError(`${source}: a Probe needs metadata.name, metadata.namespace and spec.targets.staticConfig.static`);
  }
  const labels = isObject(staticConfig?.labels)
    ? Object.fromEntries(Object.entries(staticConfig.labels).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};
  return {
    name,
    namespace,
    jobName: str(spec.jobName),
    interval: str(spec.interval),
    module: str(spec.module),
    // The operator's default prober path.
    proberPath: (isObject(spec.prober) ? str(spec.prober.path) : undefined) ?? "/probe",
    targets: targets as string[],
    labels,
  };
}

/**
 * The scrape_config of a Probe with the prober at `prober` (`host:port`) and each target URL as `rewrite`
 * gives it (the local stack's address of the probed service).
 */
export function probeScrapeConfig(p: ProbeObject, prober: string, rewrite: (url: string) => string): ScrapeConfig {
  const c: Record<string, unknown> = {
    job_name: `probe/${p.namespace}/${p.name}`,
    honor_timestamps: true,
    metrics_path: p.proberPath,
    static_configs: [{ targets: p.targets.map(rewrite), labels: { namespace: p.namespace, ...p.labels } }],
    relabel_configs: [
      { source_labels: ["job"], target_label: "__tmp_prometheus_job_name" },
      ...(p.jobName !== undefined ? [{ target_label: "job", replacement: p.jobName }] : []),
      { source_labels: ["__address__"], target_label: "__param_target" },
      { source_labels: ["__param_target"], target_label: "instance" },
      { target_label: "__address__", replacement: prober },
    ],
  };
  if (p.interval !== undefined) c.scrape_interval = p.interval;
  if (p.module !== undefined) c.params = { module: [p.module] };
  return c;
}

/** A probe URL with its host and port replaced by `hostPort` (scheme, path and query kept). */
export function withHost(url: string, hostPort: string): string {
  const u = new URL(url);
  return `${u.protocol}//${hostPort}${u.pathname}${u.search}`;
}
