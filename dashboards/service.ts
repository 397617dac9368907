/**
 * The triage dashboard of one service, top to bottom in the order an engineer paged at night asks:
 * is it broken (status), how (traffic and errors, latency), why (saturation, SLO burn, business
 * signals, the last rollout).
 */
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { naming, type ServiceConfig, type StackConfig } from "../config";
import { humanSeconds, percent } from "../rules/promql";
import * as q from "./queries";
import {
  DATASOURCE,
  addRows,
  baseDashboard,
  headerLink,
  heatmapPanel,
  higherIsWorse,
  promAnnotation,
  statPanel,
  thresholds,
  timeseriesPanel,
  type PanelBuilder,
  type Row,
} from "./style";

const { grafana, label } = naming;

/** Budget remaining: red when spent, yellow under a quarter left. */
const budgetColours = (): dashboard.ThresholdsConfigBuilder =>
  thresholds("red", [
    [0, "yellow"],
    [0.25, "green"],
  ]);

/** `p99` for 0.99. */
function quantileName(quantile: number): string {
  return `p${Number((quantile * 100).toPrecision(6))}`;
}

function statusRow(s: ServiceConfig): Row {
  const err = s.alerts.errorRatio.threshold;
  const lat = s.alerts.latency;
  const p = quantileName(lat.quantile);
  const panels: PanelBuilder[] = [
    statPanel(
      {
        title: "Request rate",
        unit: "reqps",
        description: `Requests per second served by ${s.name}, all statuses (recorded 5m rate). A drop to zero with no errors usually means traffic stopped reaching it.`,
      },
      [{ expr: q.requestRate(s), legend: "requests/s" }],
    ),
    statPanel(
      {
        title: "Error ratio",
        unit: "percentunit",
        description: `Share of requests that failed (status matching ${s.http.requests.errorStatusRegex}). Yellow from ${percent(err / 2)}, red from ${percent(err)}, the alert threshold.`,
      },
      [{ expr: q.errorRatio(s), legend: "error ratio" }],
      higherIsWorse(err / 2, err),
    ),
    statPanel(
      {
        title: `${p} latency`,
        unit: "s",
        description: `${p} request latency from the recorded histogram quantile. Yellow from ${humanSeconds(lat.threshold / 2)}, red from ${humanSeconds(lat.threshold)}, the latency alert threshold.`,
      },
      [{ expr: q.latency(s, lat.quantile), legend: p }],
      higherIsWorse(lat.threshold / 2, lat.threshold),
    ),
  ];
  if (s.slos.length > 0) {
    panels.push(
      statPanel(
        {
          title: "Error budget remaining",
          unit: "percentunit",
          description: "Share of the error budget left in the SLO period, for the SLO that has the least left. Red when spent.",
        },
        [{ expr: q.budgetRemainingMin(s), legend: "budget remaining" }],
        budgetColours(),
      ),
    );
  }
  return { title: "Status", collapsed: false, panels };
}

function trafficRow(s: ServiceConfig): Row {
  const err = s.alerts.errorRatio.threshold;
  return {
    title: "Traffic and errors",
    collapsed: false,
    panels: [
      timeseriesPanel(
        {
          title: "Requests by status class",
          unit: "reqps",
          description: "Requests per second by HTTP status class, stacked: the height is the total traffic, the colours how it ends.",
        },
        [{ expr: q.ratesByStatusClass(s), legend: `{{${label.statusClass}}}` }],
        { stacked: true, span: 8, min: 0 },
      ),
      timeseriesPanel(
        {
          title: "Error ratio",
          unit: "percentunit",
          description: `Share of failed requests over time; dashed lines at ${percent(err / 2)} and ${percent(err)} (the alert threshold).`,
        },
        [{ expr: q.errorRatio(s), legend: "error ratio" }],
        { limits: higherIsWorse(err / 2, err), span: 8, min: 0 },
      ),
      timeseriesPanel(
        {
          title: `Errors by ${s.http.requests.routeLabel}`,
          unit: "reqps",
          description: `Failed requests per second by ${s.http.requests.routeLabel}, from the raw counter ${s.http.requests.metric}: which route is failing.`,
        },
        [{ expr: q.errorsByRoute(s), legend: `{{${s.http.requests.routeLabel}}}` }],
        { span: 8, min: 0 },
      ),
    ],
  };
}

function latencyRow(s: ServiceConfig): Row {
  const lat = s.alerts.latency;
  const p = quantileName(lat.quantile);
  return {
    title: "Latency",
    collapsed: false,
    panels: [
      timeseriesPanel(
        {
          title: "Latency quantiles",
          unit: "s",
          description: `${naming.RECORDED_QUANTILE_VALUES.map(quantileName).join(", ")} latency from the recorded histogram quantiles; dashed lines at half and at the ${p} alert threshold (${humanSeconds(lat.threshold)}).`,
        },
        [{ expr: q.latencyQuantiles(s), legend: `{{${label.quantile}}}` }],
        { limits: higherIsWorse(lat.threshold / 2, lat.threshold), span: 8, min: 0 },
      ),
      heatmapPanel(
        {
          title: "Latency distribution",
          unit: "s",
          description: `Requests per latency bucket over time, from the raw histogram ${s.http.duration.metric}: shows whether slowness is everyone or a tail.`,
        },
        { expr: q.bucketRates(s), legend: `{{${label.le}}}` },
      ).span(8),
      timeseriesPanel(
        {
          title: `${p} latency by ${s.http.requests.routeLabel}`,
          unit: "s",
          description: `${p} latency per ${s.http.requests.routeLabel}, from the raw histogram: which route is slow.`,
        },
        [{ expr: q.latencyByRoute(s, lat.quantile), legend: `{{${s.http.requests.routeLabel}}}` }],
        { span: 8, min: 0 },
      ),
    ],
  };
}

function saturationRow(s: ServiceConfig): Row {
  const panels: PanelBuilder[] = [];
  if (s.http.inFlight !== undefined) {
    panels.push(
      timeseriesPanel(
        {
          title: "Requests in flight",
          unit: "short",
          description: `Requests being served right now, summed over pods (${s.http.inFlight}). Climbing while the rate is flat means requests are queueing.`,
        },
        [{ expr: q.inFlight(s), legend: "in flight" }],
        { span: 6, min: 0 },
      ),
    );
  }
  const span = s.http.inFlight !== undefined ? 6 : 8;
  panels.push(
    timeseriesPanel(
      { title: "CPU by pod", unit: "short", description: `CPU cores used by each pod of Deployment ${s.dashboard.workload} (cAdvisor).` },
      [{ expr: q.cpuByPod(s), legend: "{{pod}}" }],
      { span, min: 0 },
    ),
    timeseriesPanel(
      {
        title: "Memory by pod",
        unit: "bytes",
        description: `Working-set memory of each pod of Deployment ${s.dashboard.workload} (cAdvisor), what the OOM killer judges against the limit.`,
      },
      [{ expr: q.memoryByPod(s), legend: "{{pod}}" }],
      { span, min: 0 },
    ),
    timeseriesPanel(
      {
        title: "Pod restarts",
        unit: "short",
        description: `Container restarts of each pod of Deployment ${s.dashboard.workload} (kube-state-metrics). Any restart during an incident is a lead: crash, OOM kill or failed probe.`,
      },
      [{ expr: q.restartsByPod(s), legend: "{{pod}}" }],
      { span, min: 0 },
    ),
  );
  return { title: "Saturation", collapsed: false, panels };
}

function sloRow(s: ServiceConfig): Row {
  if (s.slos.length === 0) return { title: "SLO", collapsed: false, panels: [] };
  return {
    title: "SLO",
    collapsed: false,
    panels: [
      timeseriesPanel(
        {
          title: "Burn rate by window",
          unit: "short",
          description:
            "How fast each SLO spends its error budget, per window: 1 spends exactly the budget over the period; the burn-rate alerts page when a short and a long window both run far above 1.",
        },
        grafana.burnRateWindows.map((w) => ({ expr: q.burnRateBySlo(s, w), legend: `{{${naming.slo.label}}} ${w}` })),
        { span: 12, min: 0 },
      ),
      timeseriesPanel(
        {
          title: "Error budget remaining",
          unit: "percentunit",
          description: "Share of each SLO's error budget left over its period; below zero the objective is missed.",
        },
        [{ expr: q.budgetRemainingBySlo(s), legend: `{{${naming.slo.label}}}` }],
        { limits: budgetColours(), span: 12 },
      ),
    ],
  };
}

function businessRow(s: ServiceConfig): Row {
  return {
    title: "Business",
    collapsed: false,
    panels: s.dashboard.panels.map((p) =>
      timeseriesPanel({ title: p.title, unit: p.unit, description: p.description }, [{ expr: q.businessQuery(s, p), legend: p.legend }], {
        span: s.dashboard.panels.length === 1 ? 24 : 12,
        min: 0,
      }),
    ),
  };
}

function deployRow(s: ServiceConfig): Row {
  const lat = s.alerts.latency;
  const p = quantileName(lat.quantile);
  // Each query is built twice from its parts: as it is now, and with its selector read a week ago.
  const compare = (query: (offset?: string) => string, legend: string): { expr: string; legend: string }[] => [
    { expr: query(), legend: `${legend} now` },
    { expr: query(q.WEEK_AGO), legend: `${legend} a week ago` },
  ];
  return {
    title: "Deploy comparison",
    collapsed: true,
    panels: [
      statPanel(
        {
          title: "Since last rollout",
          unit: "s",
          description: `Time since the newest ReplicaSet of Deployment ${s.dashboard.workload} was created (kube-state-metrics). Recent and the trouble started with it: roll back first.`,
        },
        [{ expr: q.sinceLastRollout(s), legend: "since rollout" }],
      ),
      timeseriesPanel(
        {
          title: "Ready pods by ReplicaSet",
          unit: "short",
          description:
            "Ready pods of each ReplicaSet: around a rollout the old one drains while the new one fills; signals that move with the new one point at the release.",
        },
        [{ expr: q.readyPodsByReplicaSet(s), legend: "{{replicaset}}" }],
        { span: 18, min: 0 },
      ),
      timeseriesPanel(
        {
          title: "Request rate vs a week ago",
          unit: "reqps",
          description: "Requests per second now and at the same time a week ago: tells a traffic change from a regression.",
        },
        compare((o) => q.requestRate(s, o), "requests/s"),
        { span: 8, min: 0 },
      ),
      timeseriesPanel(
        { title: "Error ratio vs a week ago", unit: "percentunit", description: "Error ratio now and at the same time a week ago." },
        compare((o) => q.errorRatio(s, o), "error ratio"),
        { span: 8, min: 0 },
      ),
      timeseriesPanel(
        { title: `${p} latency vs a week ago`, unit: "s", description: `${p} latency now and at the same time a week ago.` },
        compare((o) => q.latency(s, lat.quantile, o), p),
        { span: 8, min: 0 },
      ),
    ],
  };
}

/** Header links: the overview, the runbooks and the Alertmanager. */
function links(s: ServiceConfig, stack: StackConfig): dashboard.DashboardLinkBuilder[] {
  const out = [
    headerLink("Overview", `/d/${grafana.overviewUid}`, { tooltip: "Every service of the stack", icon: "dashboard", keepTime: true }),
  ];
  if (s.runbookBaseUrl !== undefined) {
    out.push(headerLink("Runbooks", s.runbookBaseUrl, { tooltip: `Runbooks of ${s.name}'s alerts`, icon: "doc" }));
  }
  out.push(headerLink("Alertmanager", stack.dashboards.alertmanagerUrl, { tooltip: "Firing and silenced alerts", icon: "bolt" }));
  return out;
}

/** The triage dashboard of one service, ready for `.build()`. */
export function serviceDashboard(s: ServiceConfig, stack: StackConfig): dashboard.DashboardBuilder {
  const d = baseDashboard(
    naming.dashboardUid(s),
    `${s.name} triage`,
    `Triage of ${s.name} (namespace ${s.namespace}, team ${s.team}): golden signals, saturation, SLO burn, business signals and the last rollout.`,
    [s.team, s.name],
  )
    .withVariable(
      new dashboard.QueryVariableBuilder(grafana.variable.namespace)
        .label("Namespace")
        .datasource(DATASOURCE)
        .query(q.namespaceValues(s))
        .definition(q.namespaceValues(s))
        .current({ text: s.namespace, value: s.namespace })
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    )
    .annotation(
      promAnnotation("Firing alerts", q.firingAlerts(s), { colour: "red", title: "{{alertname}}", text: "{{severity}}: {{alertname}}" }),
    )
    .annotation(
      promAnnotation("Rollouts", q.rollouts(s), {
        colour: "blue",
        title: "Rollout of {{deployment}}",
        text: "Deployment {{deployment}} rolled out",
      }),
    )
    .links(links(s, stack));
  return addRows(d, [statusRow(s), trafficRow(s), latencyRow(s), saturationRow(s), sloRow(s), businessRow(s), deployRow(s)]);
}
