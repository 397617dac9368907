/** What the drill needs to know from the rendered rules, dashboards and routing. */
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { isObject } from "../../format/guards";
import { runTool } from "../../render/tools";
import { durationMs } from "./timeline";

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly forMs: number;
  /** `keep_firing_for`, ms (0 without). */
  readonly holdMs: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** Every alerting rule of a rendered rule file. */
export function alertRules(file: string): AlertRule[] {
  const doc = yaml.load(fs.readFileSync(file, "utf8"));
  const groups = isObject(doc) && Array.isArray(doc.groups) ? doc.groups : [];
  return groups.flatMap((g: unknown) =>
    (isObject(g) && Array.isArray(g.rules) ? g.rules : []).flatMap((r: unknown) =>
      isObject(r) && typeof r.alert === "string" && typeof r.expr === "string"
        ? [
            {
              alert: r.alert,
              expr: r.expr,
              forMs: typeof r.for === "string" ? durationMs(r.for) : 0,
              holdMs: typeof r.keep_firing_for === "string" ? durationMs(r.keep_firing_for) : 0,
              labels: isObject(r.labels) ? (r.labels as Record<string, string>) : {},
            },
          ]
        : [],
    ),
  );
}

/** The number a threshold alert compares against: the last `> N` of its expression. */
export function threshold(rule: AlertRule): number | undefined {
  const all = [...rule.expr.matchAll(/>\s*([0-9.]+(?:e-?\d+)?)/g)];
  const last = all[all.length - 1]?.[1];
  return last === undefined ? undefined : Number(last);
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
