/**
 * The rendered stack as the local stack runs it: the generation `render` wrote to `outDir`, mapped
 * to what the processes need (the rule files' paths, the ServiceMonitors, the chart values' global
 * scrape and evaluation intervals, the Alertmanager configuration file and the dashboards). Nothing
 * is read back from the files but the Alertmanager configuration, which holds render's placeholders
 * where the local stack puts its sink.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { naming } from "../config";
import { generatedRuleFiles, type Generated } from "../generate";
import { objectKey } from "../manifests";
import { readProbe, type ProbeObject } from "./probe";
import { readServiceMonitor, type ServiceMonitor } from "./scrape";
import { isObject } from "../format/guards";

export interface RenderedStack {
  readonly outDir: string;
  /** Rule files by file name (`platform.yaml`, `<service>.yaml`), absolute paths. */
  readonly ruleFiles: Readonly<Record<string, string>>;
  readonly monitors: readonly ServiceMonitor[];
  /** The services' Probes, run locally against the blackbox exporter. */
  readonly probes: readonly ProbeObject[];
  /** The blackbox exporter's configuration (the chart's `config`: the modules a probe may name); undefined without probes. */
  readonly blackboxConfig: Readonly<Record<string, unknown>> | undefined;
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The Alertmanager configuration, when the stack renders one. */
  readonly alertmanager: { readonly path: string; readonly config: Readonly<Record<string, unknown>> } | undefined;
  /** Grafana dashboards by uid. */
  readonly dashboards: Readonly<Record<string, unknown>>;
}

function prometheusSpec(helmValues: unknown): Record<string, unknown> {
  if (isObject(helmValues) && isObject(helmValues.prometheus) && isObject(helmValues.prometheus.prometheusSpec))
    return helmValues.prometheus.prometheusSpec;
  return {};
}

/** The stack `g` as rendered into `outDir` (by `renderGenerated(g)`). */
export function readRendered(outDir: string, g: Generated): RenderedStack {
  const rulesDir = path.join(outDir, "prometheus", "rules");
  const ruleFiles = Object.fromEntries(generatedRuleFiles(g).map(({ ruleFile: f }) => [f.fileName, path.join(rulesDir, f.fileName)]));
  const monitors = g.services
    .flatMap((s) => s.objects)
    .filter((o) => o.kind === "ServiceMonitor")
    .map((o) => readServiceMonitor(o, `kubernetes/${objectKey(o)}.yaml`));
  const probes = g.services
    .flatMap((s) => s.objects)
    .filter((o) => o.kind === "Probe")
    .map((o) => readProbe(o, `kubernetes/${objectKey(o)}.yaml`));
  const blackboxValues = g.platform.blackbox?.values;
  const blackboxConfig = blackboxValues !== undefined && isObject(blackboxValues.config) ? blackboxValues.config : undefined;
  const spec = prometheusSpec(g.platform.helmValues);
  const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);
  const externalLabels = isObject(spec.externalLabels)
    ? Object.fromEntries(Object.entries(spec.externalLabels).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};
  const amFile = path.join(outDir, "alertmanager", "alertmanager.yaml");
  let alertmanager: RenderedStack["alertmanager"];
  if (g.stack.alerting !== undefined) {
    const config = yaml.load(fs.readFileSync(amFile, "utf8"));
    if (isObject(config)) alertmanager = { path: amFile, config };
  }
  const dashboards = Object.fromEntries(g.dashboards.dashboards.map((d) => [d.uid, JSON.parse(d.json) as unknown]));
  return {
    outDir,
    ruleFiles,
    monitors,
    probes,
    blackboxConfig,
    // The chart's defaults when the values leave them out.
    scrapeInterval: str(spec.scrapeInterval, "30s"),
    evaluationInterval: str(spec.evaluationInterval, "30s"),
    externalLabels,
    alertmanager,
    dashboards,
  };
}

/** The rule files Prometheus loads locally: the platform's and those of the services that run locally. */
export function localRuleFiles(r: RenderedStack, localServices: readonly string[]): string[] {
  const names = [naming.ruleFileName("platform"), ...localServices.map((name) => naming.ruleFileName({ name }))];
  return names.flatMap((n) => (r.ruleFiles[n] !== undefined ? [r.ruleFiles[n]] : []));
}
