/**
 * The look every generated dashboard shares: the data source, the default stat, timeseries, heatmap
 * and table, thresholds. Dashboard files own their layout and row order; these helpers own the style.
 */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { naming } from "../config";

/** Every query goes to the data source the viewer picks. */
export const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: `\${${naming.grafana.variable.datasource}}` };

/** A panel builder that can take an id: every panel builder of the SDK. */
export type PanelBuilder = cog.Builder<dashboard.Panel> & { id(id: number): unknown };

/** One Prometheus query of a panel. */
export interface Query {
  readonly expr: string;
  readonly legend: string;
  /** Instant query (stats and tables); a range query otherwise. */
  readonly instant?: boolean;
  readonly format?: prometheus.PromQueryFormat;
}

/** What every panel must say: a title, what it shows (the description) and its unit. */
export interface PanelText {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function target(q: Query, i: number): prometheus.DataqueryBuilder {
  const b = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(REF_IDS[i] ?? `Q${i}`)
    .expr(q.expr)
    .legendFormat(q.legend)
    .format(q.format ?? prometheus.PromQueryFormat.TimeSeries);
  return q.instant ? b.instant() : b.range();
}

/** A threshold ladder: the base colour, then each colour from its value on. */
export function thresholds(base: string, steps: readonly (readonly [number, string])[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Green below `warn`, yellow from `warn`, red from `critical`: for signals where higher is worse. */
export function higherIsWorse(warn: number, critical: number): dashboard.ThresholdsConfigBuilder {
  return thresholds("green", [
    [warn, "yellow"],
    [critical, "red"],
  ]);
}

/** A single number, coloured by its thresholds, with a sparkline. */
export function statPanel(text: PanelText, queries: readonly Query[], colour?: dashboard.ThresholdsConfigBuilder): stat.PanelBuilder {
  const p = new stat.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .targets(queries.map(target))
    .span(6)
    .height(4)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(colour ?? thresholds("blue", []));
  return p;
}

/** Lines over time; `stacked` stacks them (shares of a whole), `limits` draws thresholds as dashed lines. */
export function timeseriesPanel(
  text: PanelText,
  queries: readonly Query[],
  opts: { stacked?: boolean; limits?: dashboard.ThresholdsConfigBuilder; span?: number; min?: number } = {},
): timeseries.PanelBuilder {
  const p = new timeseries.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .targets(queries.map(target))
    .span(opts.span ?? 12)
    .height(8)
    .lineWidth(1)
    .fillOpacity(opts.stacked ? 60 : 10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (opts.min !== undefined) p.min(opts.min);
  if (opts.stacked) p.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (opts.limits) {
    p.thresholds(opts.limits).thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  return p;
}

/** A heatmap of pre-bucketed Prometheus histogram rates (one series per `le`). */
export function heatmapPanel(text: PanelText, query: Query): heatmap.PanelBuilder {
  return new heatmap.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .targets([target({ ...query, format: prometheus.PromQueryFormat.Heatmap }, 0)])
    .span(12)
    .height(8)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(text.unit))
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le))
    .color(new heatmap.HeatmapColorOptionsBuilder().mode(heatmap.HeatmapColorMode.Scheme).scheme("Oranges").steps(64));
}

/** A table of instant values, one row per series, merged across queries. */
export function tablePanel(text: PanelText, queries: readonly Query[]): table.PanelBuilder {
  return new table.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .targets(queries.map((q, i) => target({ ...q, instant: true, format: prometheus.PromQueryFormat.Table }, i)))
    .span(24)
    .height(10)
    .withTransformation({ id: "merge", options: {} });
}

/** A link in the dashboard's header. */
export function headerLink(
  title: string,
  url: string,
  opts: { tooltip: string; icon: string; keepTime?: boolean },
): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(title)
    .type(dashboard.DashboardLinkType.Link)
    .url(url)
    .tooltip(opts.tooltip)
    .icon(opts.icon)
    .keepTime(opts.keepTime ?? false)
    .includeVars(false)
    .targetBlank(false)
    .asDropdown(false);
}

/** The datasource picker every dashboard starts with. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(naming.grafana.variable.datasource).label("Data source").type("prometheus");
}

/** An annotation drawn from a PromQL query: one marker per step where the query returns a series. */
export function promAnnotation(
  name: string,
  expr: string,
  opts: { colour: string; title: string; text: string },
): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name(name)
    .datasource(DATASOURCE)
    .enable(true)
    .hide(false)
    .iconColor(opts.colour)
    .expr(expr)
    .titleFormat(opts.title)
    .textFormat(opts.text)
    .step("1m");
}

/** A row of a dashboard: its title, whether it starts collapsed, and its panels in order. */
export interface Row {
  readonly title: string;
  readonly collapsed: boolean;
  readonly panels: readonly PanelBuilder[];
}

/**
 * Adds rows to a dashboard in order, numbering panels from 1 so ids are stable. An open row's
 * panels follow it on the grid; a collapsed row carries its panels, as Grafana stores them.
 */
export function addRows(d: dashboard.DashboardBuilder, rows: readonly Row[]): dashboard.DashboardBuilder {
  let id = 1;
  for (const r of rows) {
    if (r.panels.length === 0) continue;
    const row = new dashboard.RowBuilder(r.title).id(id++).collapsed(r.collapsed);
    for (const p of r.panels) p.id(id++);
    if (r.collapsed) {
      for (const p of r.panels) row.withPanel(p as cog.Builder<dashboard.Panel>);
      d.withRow(row);
    } else {
      d.withRow(row);
      for (const p of r.panels) d.withPanel(p);
    }
  }
  return d;
}

/** The dashboard settings every generated dashboard shares. */
export function baseDashboard(uid: string, title: string, description: string, tags: readonly string[]): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([naming.grafana.tag, ...tags])
    .editable()
    .timezone("browser")
    .time({ from: "now-3h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable());
}
