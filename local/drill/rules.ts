/** What the drill needs to know of the generated rules, and of the rendered dashboards and routing. */
import { isObject } from "../../format/guards";
import type { GeneratedAlert } from "../../rules";
import { runTool } from "../../render/tools";
import { durationMs } from "./timeline";

/** An alerting rule as the drill waits for it: from the generation the local stack runs, not read back from its files. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly forMs: number;
  /** `keep_firing_for`, ms (0 without). */
  readonly holdMs: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The number its expression compares against (threshold alerts), as its generator says. */
  readonly threshold: number | undefined;
}

/** The drill's view of generated alerts. */
export function alertRules(alerts: readonly GeneratedAlert[]): AlertRule[] {
  return alerts.map(({ rule, threshold }) => ({
    alert: rule.alert,
    expr: rule.expr,
    forMs: rule.for !== undefined ? durationMs(rule.for) : 0,
    holdMs: rule.keep_firing_for !== undefined ? durationMs(rule.keep_firing_for) : 0,
    labels: rule.labels,
    threshold,
  }));
}

/** The receivers `amtool config routes test` picks for an alert with these labels. */
export function expectedReceivers(configFile: string, labels: Readonly<Record<string, string>>): string[] {
  const run = runTool("amtool", [
    "config",
    "routes",
    "test",
    `--config.file=${configFile}`,
    ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
  ]);
  // amtool prints the receivers on the first line, then a warning about --config.file.
  return (run.output.split("\n")[0] ?? "").split(/[\s,]+/).filter((s) => s !== "");
}

/** Grafana's variables in a query, replaced by what a local query needs. */
export function substituteVariables(expr: string, vars: Readonly<Record<string, string>>): string {
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => vars[braced ?? bare ?? ""] ?? whole,
  );
}

export interface DashboardQueries {
  /** Panel title and query of each panel target whose expression contains `needle`. */
  readonly panels: readonly { readonly title: string; readonly expr: string }[];
  /** Annotation name and query of each Prometheus annotation. */
  readonly annotations: readonly { readonly name: string; readonly expr: string }[];
}

/** Panel queries containing `needle`, and every annotation query, of a Grafana dashboard model. */
export function dashboardQueries(model: unknown, needle: string): DashboardQueries {
  const panels: { title: string; expr: string }[] = [];
  const visit = (p: unknown): void => {
    if (!isObject(p)) return;
    for (const t of Array.isArray(p.targets) ? p.targets : []) {
      if (isObject(t) && typeof t.expr === "string" && t.expr.includes(needle))
        panels.push({ title: typeof p.title === "string" ? p.title : "?", expr: t.expr });
    }
    for (const c of Array.isArray(p.panels) ? p.panels : []) visit(c);
  };
  const m = isObject(model) ? model : {};
  for (const p of Array.isArray(m.panels) ? m.panels : []) visit(p);
  const list = isObject(m.annotations) && Array.isArray(m.annotations.list) ? m.annotations.list : [];
  const annotations = list.flatMap((a: unknown) =>
    isObject(a) && typeof a.expr === "string" ? [{ name: typeof a.name === "string" ? a.name : "?", expr: a.expr }] : [],
  );
  return { panels, annotations };
}
