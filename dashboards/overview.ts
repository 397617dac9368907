/**
 * The overview: every service of the stack in one table, the one burning its error budget fastest
 * on top, each linking to its triage dashboard; trends by service below.
 */
import * as common from "@grafana/grafana-foundation-sdk/common";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { naming, type StackConfig } from "../config";
import * as q from "./queries";
import { addRows, baseDashboard, headerLink, tablePanel, timeseriesPanel, type PanelBuilder } from "./style";

const { grafana, label } = naming;

/** The quantile the overview shows: the one most services alert on. */
const OVERVIEW_QUANTILE = 0.99;

/** Column titles of the services table. */
const COLUMN = {
  rate: "Request rate",
  errors: "Error ratio",
  latency: "p99 latency",
  budget: "Budget remaining",
} as const;

function servicesTable(stack: StackConfig, sel: string): PanelBuilder {
  const withSlos = stack.services.some((s) => s.slos.length > 0);
  const queries = [
    { expr: q.overview.requestRate(sel), legend: COLUMN.rate },
    { expr: q.overview.errorRatio(sel), legend: COLUMN.errors },
    { expr: q.overview.latency(sel, OVERVIEW_QUANTILE), legend: COLUMN.latency },
    ...(withSlos ? [{ expr: q.overview.budgetRemaining(sel), legend: COLUMN.budget }] : []),
  ];
  // Merged instant tables name value columns `Value #<refId>`; organize gives them their titles.
  const renameByName: Record<string, string> = {};
  queries.forEach((query, i) => (renameByName[`Value #${String.fromCharCode(65 + i)}`] = query.legend));
  const p = tablePanel(
    {
      title: "Services",
      unit: "short",
      description:
        "One row per service: request rate, error ratio, p99 latency and error budget left (the SLO with the least). Sorted by budget left, the service burning fastest first. Click a service for its triage dashboard.",
    },
    queries,
  )
    .withTransformation({
      id: "organize",
      options: { excludeByName: { Time: true }, indexByName: {}, renameByName },
    })
    .sortBy([new common.TableSortByFieldStateBuilder().displayName(withSlos ? COLUMN.budget : COLUMN.errors).desc(!withSlos)])
    .overrideByName(COLUMN.rate, [{ id: "unit", value: "reqps" }])
    .overrideByName(COLUMN.errors, [{ id: "unit", value: "percentunit" }])
    .overrideByName(COLUMN.latency, [{ id: "unit", value: "s" }])
    .overrideByName(label.job, [
      { id: "displayName", value: "Service" },
      {
        id: "links",
        value: [
          {
            title: "Triage dashboard of ${__value.raw}",
            url: `/d/${naming.dashboardUid({ name: "${__value.raw}" })}?\${__url_time_range}`,
          },
        ],
      },
    ]);
  if (withSlos) p.overrideByName(COLUMN.budget, [{ id: "unit", value: "percentunit" }]);
  return p;
}

function trends(stack: StackConfig, sel: string): PanelBuilder[] {
  const byService = `{{${label.job}}}`;
  const panels: PanelBuilder[] = [
    timeseriesPanel(
      { title: "Request rate by service", unit: "reqps", description: "Requests per second of each service (recorded 5m rate)." },
      [{ expr: q.overview.requestRate(sel), legend: byService }],
      { min: 0 },
    ),
    timeseriesPanel(
      { title: "Error ratio by service", unit: "percentunit", description: "Share of failed requests of each service." },
      [{ expr: q.overview.errorRatio(sel), legend: byService }],
      { min: 0 },
    ),
    timeseriesPanel(
      { title: "p99 latency by service", unit: "s", description: "p99 request latency of each service." },
      [{ expr: q.overview.latency(sel, OVERVIEW_QUANTILE), legend: byService }],
      { min: 0 },
    ),
  ];
  if (stack.services.some((s) => s.slos.length > 0)) {
    panels.push(
      timeseriesPanel(
        {
          title: "Error budget remaining by service",
          unit: "percentunit",
          description: "Error budget left of each service (its SLO with the least left), over the period.",
        },
        [{ expr: q.overview.budgetRemaining(sel), legend: byService }],
      ),
    );
  }
  return panels;
}

/** One header link per service, by its uid: the table's links and these always agree. */
function serviceLinks(stack: StackConfig): dashboard.DashboardLinkBuilder[] {
  return stack.services.map((s) =>
    headerLink(s.name, `/d/${naming.dashboardUid(s)}`, {
      tooltip: `Triage dashboard of ${s.name} (team ${s.team})`,
      icon: "dashboard",
      keepTime: true,
    }),
  );
}

/** The overview of a stack, ready for `.build()`. */
export function overviewDashboard(stack: StackConfig): dashboard.DashboardBuilder {
  const sel = q.overviewSelector(stack.services);
  const d = baseDashboard(
    grafana.overviewUid,
    "Services overview",
    `Every service of stack ${stack.stack}: traffic, errors, latency and error budget; the one burning its budget fastest first.`,
    ["overview"],
  ).links([
    ...serviceLinks(stack),
    headerLink("Alertmanager", stack.dashboards.alertmanagerUrl, { tooltip: "Firing and silenced alerts", icon: "bolt" }),
  ]);
  return addRows(d, [
    { title: "Services", collapsed: false, panels: [servicesTable(stack, sel)] },
    { title: "Trends", collapsed: false, panels: trends(stack, sel) },
  ]);
}
