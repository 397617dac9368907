/** Parsing of the dashboard settings: the stack's delivery and each service's dashboard. */
import { show, type IssueList } from "./errors";
import { labelNameProblem, metricNameProblem } from "./names";
import { grafana } from "./naming";
import { Fields } from "./read";
import { LIMITS, promqlProblem, textProblem, urlProblem } from "./sinks";
import {
  DashboardDelivery,
  PanelAggregation,
  type BusinessPanelQuery,
  type BusinessPanelConfig,
  type DashboardsConfig,
  type PlatformConfig,
  type ServiceDashboardConfig,
} from "./types";

/** Defaults of the dashboard settings; field TSDoc in types.ts names the same values. */
export const DASHBOARD_DEFAULTS = {
  delivery: DashboardDelivery.sidecar,
  /** Grafana's alert groups page on the Alertmanager data source the chart provisions. */
  alertmanagerUrl: `/alerting/groups?alertmanager=${grafana.alertmanagerDatasourceUid}`,
  unit: { rate: "cps", perMinute: "cpm", gauge: "short", expr: "short" },
} as const;

const DELIVERIES: readonly string[] = Object.values(DashboardDelivery);
const AGGREGATIONS: readonly string[] = Object.values(PanelAggregation);
const PANEL_KEYS = ["title", "description", "unit", "legend", "expr", "metric", "aggregation", "by"] as const;

/** A range selector with a fixed window (`[5m]`): it shows gaps or over-smooths when the time range changes. */
const FIXED_RANGE = /\[(?!\$__rate_interval\])[^\]]*\]/;

const absoluteOrGrafanaUrl = (s: string): string | undefined => urlProblem(s, { sitePath: true });
/** Panel text is JSON data that Grafana renders as Markdown; Go templates never see it. */
const panelText = (max: number) => (s: string) => textProblem(s, { max, template: false });

/** The stack's `dashboards` key. */
export function parseDashboards(raw: unknown, platform: PlatformConfig | undefined, issues: IssueList): DashboardsConfig | undefined {
  const f = Fields.open(raw ?? {}, "dashboards", issues, ["delivery", "alertmanagerUrl"]);
  if (!f) return undefined;
  const delivery = f.string("delivery", { default: DASHBOARD_DEFAULTS.delivery, oneOf: DELIVERIES }) as DashboardDelivery | undefined;
  const alertmanagerUrl = f.string("alertmanagerUrl", { default: DASHBOARD_DEFAULTS.alertmanagerUrl, check: absoluteOrGrafanaUrl });
  if (delivery === DashboardDelivery.sidecar && platform !== undefined && !platform.grafanaEnabled) {
    f.problem(
      "delivery",
      `${show(delivery)} needs the chart's Grafana, but platform.grafana.enabled is false; use ${show(DashboardDelivery.grafanaApi)} for an external Grafana or turn Grafana on`,
    );
    return undefined;
  }
  if (delivery === undefined || alertmanagerUrl === undefined) return undefined;
  return { delivery, alertmanagerUrl };
}

function parsePanel(value: unknown, path: string, issues: IssueList): BusinessPanelConfig | undefined {
  const p = Fields.open(value, path, issues, PANEL_KEYS);
  if (!p) return undefined;
  const title = p.string("title", { hint: "the panel title", check: panelText(LIMITS.shortText) });
  const description = p.string("description", {
    hint: "what the panel shows and when to worry; the engineer paged at night reads it",
    check: panelText(LIMITS.freeText),
  });
  let query: BusinessPanelQuery | undefined;
  let defaultUnit: string = DASHBOARD_DEFAULTS.unit.expr;
  let defaultLegend: string | undefined;
  if (p.has("expr") === p.has("metric")) {
    p.issues.add(path, "needs exactly one of expr (PromQL) or metric (a counter or gauge the service exports)");
  } else if (p.has("expr")) {
    for (const key of ["aggregation", "by"]) {
      if (p.has(key)) p.problem(key, "applies to metric only; write the aggregation into expr");
    }
    const expr = p.string("expr", {
      check: (s) =>
        promqlProblem(s) ??
        (FIXED_RANGE.test(s)
          ? "uses a fixed range window; use [$__rate_interval] so the panel neither gaps nor over-smooths when zoomed"
          : undefined),
    });
    if (expr !== undefined) query = { kind: "expr", expr };
  } else {
    const metric = p.string("metric", { check: (s) => metricNameProblem(s) });
    const aggregation = p.string("aggregation", { hint: `one of ${AGGREGATIONS.join(", ")}`, oneOf: AGGREGATIONS }) as
      PanelAggregation | undefined;
    if (metric !== undefined && aggregation !== undefined && aggregation !== PanelAggregation.gauge && !metric.endsWith("_total")) {
      p.problem(
        "metric",
        `${show(metric)} does not end in _total; ${aggregation} applies to counters only (use aggregation gauge for a gauge)`,
      );
    }
    const list = p.list("by", { optional: true }) ?? [];
    const by: string[] = [];
    let byOk = true;
    for (const { value: l, path: lp } of list) {
      const why = typeof l === "string" ? labelNameProblem(l) : "is not a label name";
      if (why !== undefined) {
        issues.add(lp, `${show(l)} ${why}`);
        byOk = false;
      } else if (typeof l === "string") {
        by.push(l);
      }
    }
    if (
      metric !== undefined &&
      aggregation !== undefined &&
      byOk &&
      (aggregation === PanelAggregation.gauge || metric.endsWith("_total"))
    ) {
      query = { kind: "metric", metric, aggregation, by };
      defaultUnit = DASHBOARD_DEFAULTS.unit[aggregation];
      if (by.length > 0) defaultLegend = by.map((l) => `{{${l}}}`).join(" ");
    }
  }
  const unit = p.string("unit", {
    default: defaultUnit,
    check: (s) =>
      /^[\x20-\x7e]{1,64}$/.test(s) && s.trim() !== "" ? undefined : "is not a Grafana unit id such as short, reqps or percentunit",
  });
  // Grafana's legend template `{{label}}` is the point of a legend; it is JSON data, never a Go template.
  const legend = p.string("legend", { default: defaultLegend ?? title ?? "", check: panelText(LIMITS.shortText) });
  if (title === undefined || description === undefined || query === undefined || unit === undefined || legend === undefined)
    return undefined;
  return { title, description, unit, legend, query };
}

/** A service's `dashboard` key; `name` is the service name, the default workload. */
export function parseServiceDashboard(f: Fields, name: string | undefined): ServiceDashboardConfig | undefined {
  const d = f.object("dashboard", ["workload", "panels"], { optional: true });
  if (!d) return undefined;
  // Without a valid service name there is no default; the name's own problem is reported already.
  const workload =
    name === undefined && !d.has("workload")
      ? undefined
      : d.string("workload", {
          ...(name !== undefined ? { default: name } : {}),
          hint: "the name of the service's Deployment",
          check: (s) =>
            /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && s.length <= 63 ? undefined : "is not a Deployment name (a DNS label)",
        });
  const panels: BusinessPanelConfig[] = [];
  let ok = true;
  const titles = new Map<string, string>();
  for (const { value, path } of d.list("panels", { optional: true, max: LIMITS.panels }) ?? []) {
    const panel = parsePanel(value, path, d.issues);
    if (!panel) {
      ok = false;
      continue;
    }
    const first = titles.get(panel.title);
    if (first !== undefined) {
      d.issues.add(`${path}.title`, `${show(panel.title)} is already the title of ${first}; panel titles must be unique in a dashboard`);
      ok = false;
      continue;
    }
    titles.set(panel.title, path);
    panels.push(panel);
  }
  if (workload === undefined || !ok) return undefined;
  return { workload, panels };
}
