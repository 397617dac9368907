/** The generated dashboards keep the conventions, and their config is validated with clear errors. */
import { describe, expect, it } from "vitest";
import { dashboardJson, stackDashboards } from "../dashboards";
import { dashboardConfigMaps, helmValues } from "../manifests";
import { renderStack } from "../render";
import { checkStack, naming } from "../config";
import { baseConfig, devStack, stackOf, withValue } from "./support/config";

interface JsonPanel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  collapsed?: boolean;
  datasource?: { type?: string; uid?: string };
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: { value: number | null; color: string }[] } } };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: JsonPanel[];
}
interface JsonDashboard {
  uid?: string;
  tags?: string[];
  panels?: JsonPanel[];
  annotations?: { list?: { name?: string; expr?: string }[] };
  templating?: { list?: { name?: string; type?: string }[] };
  links?: { title?: string; url?: string }[];
}

const stack = devStack();
const dashboards = stackDashboards(stack);
const json = (uid: string): JsonDashboard => JSON.parse(dashboardJson(dashboards.find((d) => d.uid === uid)!.model)) as JsonDashboard;
const flat = (d: JsonDashboard): JsonPanel[] => (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
const visual = (d: JsonDashboard): JsonPanel[] => flat(d).filter((p) => p.type !== "row");
/** Rows with their panels, whether the row is open (panels follow it) or collapsed (panels inside). */
function rows(d: JsonDashboard): { title: string; panels: JsonPanel[] }[] {
  const out: { title: string; panels: JsonPanel[] }[] = [];
  for (const p of d.panels ?? []) {
    if (p.type === "row") out.push({ title: p.title ?? "", panels: [...(p.panels ?? [])] });
    else out[out.length - 1]?.panels.push(p);
  }
  return out;
}
const orders = json(naming.dashboardUid({ name: "orders-api" }));
const payments = json(naming.dashboardUid({ name: "payments-api" }));
const overview = json(naming.grafana.overviewUid);
const all = [orders, payments, overview];

describe("the service dashboard", () => {
  it("has a uid derived from the service name alone, and one dashboard per service plus the overview", () => {
    expect(dashboards.map((d) => d.uid)).toEqual(["ko--overview", "ko-orders-api", "ko-payments-api", "ko-storefront"]);
    expect(orders.uid).toBe(naming.dashboardUid({ name: "orders-api" }));
  });

  it("lays its rows out top to bottom in triage order", () => {
    expect(rows(orders).map((r) => r.title)).toEqual([
      "Status",
      "Traffic and errors",
      "Latency",
      "Saturation",
      "SLO",
      "Business",
      "Deploy comparison",
    ]);
    expect(rows(payments).map((r) => r.title)).toEqual([
      "Status",
      "Traffic and errors",
      "Latency",
      "Saturation",
      "SLO",
      "Deploy comparison",
    ]);
  });

  it("shows rate, error ratio, p99 and budget remaining in the status row", () => {
    expect(rows(orders)[0]?.panels.map((p) => p.title)).toEqual(["Request rate", "Error ratio", "p99 latency", "Error budget remaining"]);
  });

  it.each([
    ["orders-api, the default 1% error threshold: yellow at 0.5%, red at 1%", orders, "Error ratio", [0.005, 0.01]],
    ["orders-api, the default 0.5 s latency threshold", orders, "p99 latency", [0.25, 0.5]],
    ["payments-api, its own 1 s latency threshold", payments, "p99 latency", [0.5, 1]],
  ])("colours the status stats from the service's alert settings: %s", (_case, d, title, expected) => {
    const panel = rows(d)[0]?.panels.find((p) => p.title === title);
    expect(panel?.fieldConfig?.defaults?.thresholds?.steps?.map((s) => s.value)).toEqual([null, ...expected]);
    expect(panel?.fieldConfig?.defaults?.thresholds?.steps?.map((s) => s.color)).toEqual(["green", "yellow", "red"]);
  });

  it("reads golden signals from the recorded series, by their names in the naming module", () => {
    const exprs = visual(orders).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
    for (const name of [
      naming.record.requestRate,
      naming.record.errorRatio,
      naming.record.latencyQuantile,
      naming.record.requestRateByStatusClass,
      naming.record.inFlight,
    ]) {
      expect(exprs.some((e) => e.includes(name))).toBe(true);
    }
    expect(exprs.some((e) => e.includes(naming.slo.record.budgetRemaining))).toBe(true);
    expect(exprs.some((e) => e.includes(naming.slo.record.errorRatio("6h")) && e.includes(naming.slo.record.objective))).toBe(true);
  });

  it("builds the heatmap from the service's own raw histogram buckets with $__rate_interval", () => {
    const heat = visual(payments).find((p) => p.type === "heatmap");
    expect(heat?.targets?.[0]?.expr).toBe(
      'sum by (le) (rate(app_request_duration_seconds_bucket{job="payments-api",namespace="$namespace"}[$__rate_interval]))',
    );
  });

  it("omits the in-flight panel for a service that exports no in-flight gauge", () => {
    expect(visual(orders).some((p) => p.title === "Requests in flight")).toBe(true);
    expect(visual(payments).some((p) => p.title === "Requests in flight")).toBe(false);
  });

  it("shows the business panels declared in the service config", () => {
    const business = rows(orders).find((r) => r.title === "Business");
    expect(business?.panels.map((p) => [p.title, p.fieldConfig?.defaults?.unit, p.targets?.[0]?.expr])).toEqual([
      [
        "Orders created per minute",
        "cpm",
        'sum(rate(orders_created_total{job="orders-api",namespace="$namespace"}[$__rate_interval])) * 60',
      ],
      [
        "Payment failures by reason",
        "cpm",
        'sum by (reason) (rate(payment_failures_total{job="orders-api",namespace="$namespace"}[$__rate_interval])) * 60',
      ],
    ]);
  });

  it("compares the key signals with the same time a week ago", () => {
    const deploy = rows(orders).find((r) => r.title === "Deploy comparison");
    const rate = deploy?.panels.find((p) => p.title === "Request rate vs a week ago");
    expect(rate?.targets?.map((t) => t.expr)).toEqual([
      'sum(namespace_job:http_requests:rate5m{job="orders-api",namespace="$namespace"})',
      'sum(namespace_job:http_requests:rate5m{job="orders-api",namespace="$namespace"} offset 1w)',
    ]);
  });

  it("overlays the service's firing alerts and its rollouts", () => {
    expect(orders.annotations?.list?.map((a) => [a.name, a.expr])).toEqual([
      ["Firing alerts", 'ALERTS{alertstate="firing",service="orders-api"}'],
      ["Rollouts", 'changes(kube_deployment_status_observed_generation{namespace="$namespace",deployment="orders-api"}[$__interval]) > 0'],
    ]);
  });

  it("links the overview, the runbooks and the Alertmanager", () => {
    expect(orders.links?.map((l) => [l.title, l.url])).toEqual([
      ["Overview", "/d/ko--overview"],
      ["Runbooks", "https://runbooks.example.com/kube-observability"],
      ["Alertmanager", "/alerting/groups?alertmanager=alertmanager"],
    ]);
  });
});

describe("the overview", () => {
  it("has one table row per service, sorted by budget remaining (fastest burn first), linking each service's dashboard", () => {
    const table = visual(overview).find((p) => p.type === "table") as
      | (JsonPanel & {
          options?: { sortBy?: unknown[] };
          fieldConfig?: { overrides?: { matcher: { options: string }; properties: { id: string; value: unknown }[] }[] };
        })
      | undefined;
    expect(table?.targets?.map((t) => t.expr)).toEqual([
      'sum by (namespace, job) (namespace_job:http_requests:rate5m{job=~"orders-api|payments-api|storefront"})',
      'sum by (namespace, job) (namespace_job:http_requests_errors:ratio_rate5m{job=~"orders-api|payments-api|storefront"})',
      'max by (namespace, job) (namespace_job_quantile:http_request_duration_seconds:histogram_quantile_rate5m{job=~"orders-api|payments-api|storefront",quantile="0.99"})',
      'min by (namespace, job) (slo:error_budget:remaining_ratio{job=~"orders-api|payments-api|storefront"})',
    ]);
    expect(table?.options?.sortBy).toEqual([{ displayName: "Budget remaining", desc: false }]);
    const jobLinks = table?.fieldConfig?.overrides?.find((o) => o.matcher.options === "job")?.properties.find((p) => p.id === "links");
    expect(JSON.stringify(jobLinks?.value)).toContain("/d/ko-${__value.raw}");
    expect(overview.links?.map((l) => l.url).slice(0, 3)).toEqual(["/d/ko-orders-api", "/d/ko-payments-api", "/d/ko-storefront"]);
  });
});

describe("conventions of every dashboard", () => {
  it.each(all.map((d) => [d.uid, d] as const))("%s: every panel has the datasource variable, a unit and a description", (_uid, d) => {
    for (const p of visual(d)) {
      expect(p.datasource?.uid, p.title).toBe("${datasource}");
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe("${datasource}");
      expect(p.fieldConfig?.defaults?.unit, p.title).toMatch(/\S/);
      expect(p.description, p.title).toMatch(/\S/);
    }
    expect(d.templating?.list?.[0]).toMatchObject({ name: "datasource", type: "datasource" });
  });

  it.each(all.map((d) => [d.uid, d] as const))("%s: every rate or increase uses $__rate_interval, never a fixed window", (_uid, d) => {
    const exprs = visual(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
    for (const e of exprs) {
      // A range selector follows the series' matchers: `{...}[window]`.
      for (const m of e.matchAll(/\}\[([^\]]*)\]/g)) expect(m[1], e).toBe("$__rate_interval");
      if (/\b(rate|increase)\(/.test(e)) expect(e).toContain("[$__rate_interval]");
    }
  });

  it.each(all.map((d) => [d.uid, d] as const))("%s: is tagged, has unique panel ids and at most 10 panels in a row", (_uid, d) => {
    expect(d.tags?.[0]).toBe(naming.grafana.tag);
    const ids = flat(d).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rows(d)) expect(r.panels.length).toBeLessThanOrEqual(10);
  });

  it("files each service under its team's folder and the overview under the platform's", () => {
    expect(dashboards.map((d) => [d.uid, d.folder])).toEqual([
      ["ko--overview", "platform"],
      ["ko-orders-api", "backend"],
      ["ko-payments-api", "payments"],
      ["ko-storefront", "backend"],
    ]);
  });

  it("gives the same bytes on every build, keys sorted, without id or version", () => {
    const again = stackDashboards(devStack());
    expect(again.map((d) => dashboardJson(d.model))).toEqual(dashboards.map((d) => dashboardJson(d.model)));
    const text = dashboardJson(dashboards[1]!.model);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(JSON.parse(text) as object).sort());
    expect(JSON.parse(text)).not.toHaveProperty("id");
    expect(JSON.parse(text)).not.toHaveProperty("version");
  });
});

describe("sidecar delivery", () => {
  it("labels each ConfigMap with the label and folder annotation the Helm values give the sidecar", () => {
    const sidecar = (helmValues(stack.platform) as { grafana: { sidecar: { dashboards: Record<string, unknown> } } }).grafana.sidecar
      .dashboards;
    for (const cm of dashboardConfigMaps(stack, dashboards)) {
      expect(cm.metadata.namespace).toBe(stack.platform.namespace);
      expect(cm.metadata.labels?.[sidecar.label as string]).toBe(sidecar.labelValue);
      expect(Object.keys(cm.metadata.annotations ?? {})).toEqual([sidecar.folderAnnotation]);
    }
    expect(sidecar.provider).toEqual({ foldersFromFilesStructure: true });
  });

  it("renders <out>/grafana/dashboards/<uid>.json and one ConfigMap per team folder, the same JSON in both", () => {
    const files = renderStack(stack);
    const paths = files.map((f) => f.path);
    for (const d of dashboards) {
      const file = files.find((f) => f.path === `grafana/dashboards/${d.uid}.json`);
      expect(file?.content).toBe(dashboardJson(d.model));
      expect(paths).toContain(`kubernetes/configmap-${naming.dashboardConfigMapName(d.folder, 0)}.yaml`);
    }
    expect(paths.filter((p) => p.startsWith("kubernetes/configmap-grafana-dashboards-"))).toEqual([
      "kubernetes/configmap-grafana-dashboards-backend.yaml",
      "kubernetes/configmap-grafana-dashboards-payments.yaml",
      "kubernetes/configmap-grafana-dashboards-platform.yaml",
    ]);
  });

  it("renders no ConfigMaps when dashboards go through the Grafana API", () => {
    const api = stackOf(withValue(baseConfig(), "dashboards", { delivery: "grafanaApi" }));
    const paths = renderStack(api).map((f) => f.path);
    expect(paths).toContain("grafana/dashboards/ko-orders-api.json");
    expect(paths.filter((p) => p.includes("configmap-grafana-dashboard"))).toEqual([]);
  });
});

describe("dashboard config errors name the field, the value and what is allowed", () => {
  const panel = { title: "Orders", description: "Orders per minute.", metric: "orders_created_total", aggregation: "perMinute" };
  const problems = (config: Record<string, unknown>): string[] => {
    const r = checkStack({ stack: "test", config });
    return r.spec === undefined ? r.issues.map((i) => `${i.path}: ${i.message}`) : [];
  };
  it.each([
    [
      "an unknown delivery",
      "dashboards",
      { delivery: "ftp" },
      ['dashboards.delivery: "ftp" is not allowed; use one of sidecar, grafanaApi'],
    ],
    [
      "sidecar delivery without the chart's Grafana",
      "platform",
      { grafana: { enabled: false } },
      [
        'dashboards.delivery: "sidecar" needs the chart\'s Grafana, but platform.grafana.enabled is false; use "grafanaApi" for an external Grafana or turn Grafana on',
      ],
    ],
    [
      "a panel with neither expr nor metric",
      "services.0.dashboard",
      { panels: [{ title: "X", description: "Y" }] },
      ["services[0].dashboard.panels[0]: needs exactly one of expr (PromQL) or metric (a counter or gauge the service exports)"],
    ],
    [
      "a panel without a description",
      "services.0.dashboard",
      { panels: [{ ...panel, description: undefined }] },
      [
        "services[0].dashboard.panels[0].description: is required (what the panel shows and when to worry; the engineer paged at night reads it)",
      ],
    ],
    [
      "an expr with a fixed rate window",
      "services.0.dashboard",
      { panels: [{ title: "X", description: "Y", expr: "sum(rate(x_total[5m]))" }] },
      [
        'services[0].dashboard.panels[0].expr: "sum(rate(x_total[5m]))" uses a fixed range window; use [$__rate_interval] so the panel neither gaps nor over-smooths when zoomed',
      ],
    ],
    [
      "a per-minute gauge",
      "services.0.dashboard",
      { panels: [{ ...panel, metric: "queue_depth" }] },
      [
        'services[0].dashboard.panels[0].metric: "queue_depth" does not end in _total; perMinute applies to counters only (use aggregation gauge for a gauge)',
      ],
    ],
    [
      "an unknown aggregation",
      "services.0.dashboard",
      { panels: [{ ...panel, aggregation: "avg" }] },
      ['services[0].dashboard.panels[0].aggregation: "avg" is not allowed; use one of rate, perMinute, gauge'],
    ],
    [
      "a by label Prometheus refuses",
      "services.0.dashboard",
      { panels: [{ ...panel, by: ["re-ason"] }] },
      ['services[0].dashboard.panels[0].by[0]: "re-ason" is not a Prometheus label name; allowed: [a-zA-Z_][a-zA-Z0-9_]*'],
    ],
    [
      "two panels with one title",
      "services.0.dashboard",
      { panels: [panel, panel] },
      [
        'services[0].dashboard.panels[1].title: "Orders" is already the title of services[0].dashboard.panels[0]; panel titles must be unique in a dashboard',
      ],
    ],
  ])("%s", (_case, dotted, value, expected) => {
    expect(problems(withValue(baseConfig(), dotted, value))).toEqual(expected);
  });

  it("defaults to sidecar delivery, the workload to the service name and the unit to the aggregation's", () => {
    const s = stackOf(withValue(baseConfig(), "services.0.dashboard", { panels: [panel] }));
    expect(s.dashboards.delivery).toBe("sidecar");
    expect(s.services[0]?.dashboard.workload).toBe("orders-api");
    expect(s.services[0]?.dashboard.panels[0]?.unit).toBe("cpm");
  });
});
