/**
 * Reads what `renderStack` wrote, by file format only: Prometheus rule files, ServiceMonitors, the
 * chart's Helm values (global scrape and evaluation intervals), the Alertmanager configuration and
 * Grafana dashboard JSON. The local stack runs exactly these files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { naming } from "../config";
import { readServiceMonitor, type ServiceMonitor } from "./scrape";
import { isObject } from "../format/guards";

export interface RenderedStack {
  readonly outDir: string;
  /** Rule files by file name (`platform.yaml`, `<service>.yaml`), absolute paths. */
  readonly ruleFiles: Readonly<Record<string, string>>;
  readonly monitors: readonly ServiceMonitor[];
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  readonly externalLabels: Readonly<Record<string, string>>;
  /** The Alertmanager configuration, when the stack renders one. */
  readonly alertmanager: { readonly path: string; readonly config: Readonly<Record<string, unknown>> } | undefined;
  /** Grafana dashboards by uid. */
  readonly dashboards: Readonly<Record<string, unknown>>;
}

function listFiles(dir: string, suffix: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(suffix))
    .sort();
}

function prometheusSpec(helmValues: unknown): Record<string, unknown> {
  if (isObject(helmValues) && isObject(helmValues.prometheus) && isObject(helmValues.prometheus.prometheusSpec))
    return helmValues.prometheus.prometheusSpec;
  return {};
}

/** Reads a rendered stack from `outDir`. */
export function readRendered(outDir: string): RenderedStack {
  const rulesDir = path.join(outDir, "prometheus", "rules");
  const ruleFiles = Object.fromEntries(listFiles(rulesDir, ".yaml").map((f) => [f, path.join(rulesDir, f)]));
  const kubeDir = path.join(outDir, "kubernetes");
  const monitors = listFiles(kubeDir, ".yaml", "servicemonitor-").map((f) =>
    readServiceMonitor(yaml.load(fs.readFileSync(path.join(kubeDir, f), "utf8")), `kubernetes/${f}`),
  );
  const valuesFile = path.join(kubeDir, "helm-values.yaml");
  const spec = fs.existsSync(valuesFile) ? prometheusSpec(yaml.load(fs.readFileSync(valuesFile, "utf8"))) : {};
  const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);
  const externalLabels = isObject(spec.externalLabels)
    ? Object.fromEntries(Object.entries(spec.externalLabels).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};
  const amFile = path.join(outDir, "alertmanager", "alertmanager.yaml");
  let alertmanager: RenderedStack["alertmanager"];
  if (fs.existsSync(amFile)) {
    const config = yaml.load(fs.readFileSync(amFile, "utf8"));
    if (isObject(config)) alertmanager = { path: amFile, config };
  }
  const dashDir = path.join(outDir, "grafana", "dashboards");
  const dashboards = Object.fromEntries(
    listFiles(dashDir, ".json").map((f) => [
      f.replace(/\.json$/, ""),
      JSON.parse(fs.readFileSync(path.join(dashDir, f), "utf8")) as unknown,
    ]),
  );
  return {
    outDir,
    ruleFiles,
    monitors,
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
