/**
 * The drill's chart: error ratio, 1h burn rate and p99 latency over time, the service's firing
 * page alerts shaded, notifications marked (red: page, orange: other, green: resolved), the drill's
 * actions as dashed lines, and every alert's firing time (and the Watchdog's heartbeats) as bars below.
 * A Vega-Lite spec, rendered to SVG by Vega's headless view and to PNG by resvg, with real text.
 *
 * Vega 5 and Vega-Lite 5 rather than 6: version 6 is ESM only and its canvas module awaits at the top
 * level, which this CommonJS program cannot load.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { naming } from "../../config";
import type { Sample } from "./api";
import type { DrillResult } from "./run";

// Vega-Lite exports only the top-level spec type; the types of a panel, a layer and a y encoding come from it.
type Panel = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"][number];
type LayerChild = Extract<Panel, { layer: unknown }>["layer"][number];
type PositionDef = Extract<NonNullable<Extract<Panel, { encoding?: unknown }>["encoding"]>["y"], { field?: unknown }>;

/** Width of the PNG, pixels; its height follows from the panels. */
export const CHART_WIDTH = 1200;
/** Width of each panel's plot area in the spec; the PNG is scaled to {@link CHART_WIDTH}. */
const PANEL_WIDTH = 1000;
const PANEL_HEIGHT = 150;
/** Step of the series the drill gathers (`ALERTS` included), ms. */
const STEP_MS = 15_000;
const MINUTE_MS = 60_000;

/** The font every text is set in, from Debian's fonts-dejavu-core (`.ci/run` and `npm run setup` install it). */
const FONT_FAMILY = "DejaVu Sans";
const FONT_DIR = "/usr/share/fonts/truetype/dejavu";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] as const;

const Colour = {
  page: "#d62728",
  other: "#ff7f0e",
  resolved: "#2ca02c",
  beat: "#969696",
  ink: "#1e1e1e",
  line: "#1f77b4",
} as const;

/** Colours of the SLOs' lines: none of them red, orange or green, which mark notifications. */
const SERIES_PALETTE = ["#1f77b4", "#9467bd", "#8c564b", "#17becf"] as const;

/** Firing intervals of an ALERTS series, in ms, from its samples (one per step). */
export function intervals(s: Sample, stepMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [t] of s.values) {
    const at = t * 1000;
    const last = out[out.length - 1];
    if (last && at - last[1] <= stepMs * 1.5) last[1] = at;
    else out.push([at, at]);
  }
  return out;
}

/** One point of a line; `v: null` breaks the line (a missing sample or a gap of more than a step and a half). */
interface Point {
  readonly t: number;
  readonly v: number | null;
  readonly series: string;
}

function points(series: readonly Sample[], minutes: (ms: number) => number): Point[] {
  return series.flatMap((s) => {
    const name = s.metric[naming.slo.label] ?? "";
    const out: Point[] = [];
    let prev: number | undefined;
    for (const [t, v] of s.values) {
      const at = t * 1000;
      if (prev !== undefined && at - prev > STEP_MS * 1.5) out.push({ t: minutes(prev + STEP_MS), v: null, series: name });
      out.push({ t: minutes(at), v: Number.isFinite(v) ? v : null, series: name });
      prev = at;
    }
    return out;
  });
}

/** The chart of one drill scenario as a Vega-Lite spec: data inline, no timestamps but minutes since the fault. */
export function chartSpec(r: DrillResult): TopLevelSpec {
  const t0 = r.startedAt;
  const t1 = Math.max(r.endedAt, t0 + 1);
  const fault = Number.isNaN(r.faultAt) ? t0 : r.faultAt;
  const minutes = (ms: number): number => (ms - fault) / MINUTE_MS;
  // Every panel's x: the same minutes, so the panels line up.
  const x = {
    type: "quantitative" as const,
    scale: { domain: [minutes(t0), minutes(t1)], nice: false, zero: false },
    axis: { title: "Minutes since the fault", tickMinStep: 1, grid: true },
  };

  const isWatchdog = (labels: Readonly<Record<string, string>>): boolean => labels.alertname === naming.alert.watchdog;
  const pages = r.series.alerts
    .filter((a) => a.metric.severity === "page")
    .flatMap((a) => intervals(a, STEP_MS))
    .map(([s, e]) => ({ start: minutes(s), end: minutes(e + STEP_MS) }));
  const notifications = r.notifications
    .filter((n) => !n.alerts.every((a) => isWatchdog(a.labels)))
    .map((n) => ({
      t: minutes(n.at),
      kind: n.status === "resolved" ? "resolved" : n.alerts.some((a) => a.labels.severity === "page") ? "page" : "other",
    }));
  const actions = r.marks.map((m, i) => ({ t: minutes(m.at), label: m.label, row: i % 2 }));

  const overlays = (legend: boolean): LayerChild[] => [
    {
      data: { values: pages },
      // Clipped: an interval ends a step after its last sample, which may be past the end of the run.
      mark: { type: "rect", color: Colour.page, opacity: 0.15, clip: true },
      encoding: { x: { field: "start", ...x }, x2: { field: "end" } },
    },
    {
      data: { values: notifications },
      mark: { type: "rule", strokeWidth: 2 },
      encoding: {
        x: { field: "t", ...x },
        color: {
          field: "kind",
          type: "nominal",
          scale: { domain: ["page", "other", "resolved"], range: [Colour.page, Colour.other, Colour.resolved] },
          legend: legend ? { title: "Notifications" } : null,
        },
      },
    },
    {
      data: { values: actions },
      mark: { type: "rule", color: Colour.ink, strokeDash: [4, 4] },
      encoding: { x: { field: "t", ...x } },
    },
  ];
  const panel = (title: string, series: readonly Sample[], yAxis: Partial<PositionDef>, first = false): Panel => ({
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      ...overlays(first),
      {
        data: { values: points(series, minutes) },
        // Vega-Lite breaks a line at a null value (its `defined` channel) rather than drawing it at zero.
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x: { field: "t", ...x },
          y: { field: "v", type: "quantitative", title, ...yAxis },
          // One colour per SLO (burn rates); the service-wide series have no name and no legend.
          color: series.some((s) => s.metric[naming.slo.label] !== undefined)
            ? { field: "series", type: "nominal", title: naming.slo.label, scale: { range: [...SERIES_PALETTE] } }
            : { value: Colour.line },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  });

  const alertRows = r.series.alerts.flatMap((a) => {
    const tier = a.metric[naming.slo.tierLabel];
    const name = `${a.metric.alertname ?? "?"}${tier ? ` ${tier}` : ""}`;
    const severity = a.metric.severity === "page" ? "page" : "other";
    return intervals(a, STEP_MS).map(([s, e]) => ({ name, severity, start: minutes(s), end: minutes(e + STEP_MS) }));
  });
  const beats = r.notifications
    .filter((n) => n.alerts.some((a) => isWatchdog(a.labels)))
    .map((n) => ({ t: minutes(n.at), name: "Watchdog heartbeat" }));
  const names = [...new Set([...alertRows.map((a) => a.name), ...(beats.length > 0 ? ["Watchdog heartbeat"] : [])])];
  const y = { field: "name", type: "nominal" as const, title: null, scale: { domain: names }, axis: { labelLimit: 320 } };
  const alertsPanel: Panel = {
    title: { text: "Alerts firing in Prometheus, and the Watchdog's heartbeats", anchor: "start", fontSize: 12 },
    width: PANEL_WIDTH,
    height: Math.max(1, names.length) * 22,
    layer: [
      {
        data: { values: alertRows },
        mark: { type: "bar", height: 14, clip: true },
        encoding: {
          x: { field: "start", ...x },
          x2: { field: "end" },
          y,
          color: {
            field: "severity",
            type: "nominal",
            scale: { domain: ["page", "other"], range: [Colour.page, Colour.other] },
            legend: { title: "Alert severity" },
          },
        },
      },
      {
        data: { values: beats },
        mark: { type: "tick", color: Colour.beat, thickness: 2 },
        encoding: { x: { field: "t", ...x }, y },
      },
      {
        data: { values: actions },
        mark: { type: "rule", color: Colour.ink, strokeDash: [4, 4] },
        encoding: { x: { field: "t", ...x } },
      },
    ],
  };
  const actionsPanel: Panel = {
    width: PANEL_WIDTH,
    height: 36,
    data: { values: actions },
    mark: { type: "text", align: "left", dx: 3, color: Colour.ink },
    encoding: {
      x: { field: "t", ...x },
      y: { field: "row", type: "ordinal", axis: null },
      text: { field: "label" },
    },
    title: { text: "Drill actions (dashed lines)", anchor: "start", fontSize: 12 },
  };

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: `Drill ${r.scenario}: ${r.ok ? "passed" : "FAILED"}`,
      subtitle: [`${r.title}. Shaded: page alerts firing. Lines across the panels: notifications and, dashed, the drill's actions.`],
      anchor: "start",
      fontSize: 20,
      subtitleFontSize: 13,
    },
    background: "white",
    padding: 12,
    config: { font: FONT_FAMILY, view: { stroke: "#bbbbbb" }, axis: { labelFontSize: 11, titleFontSize: 12 } },
    spacing: 18,
    // Each panel keeps its own colours and legend: series, notification kinds and severities differ.
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
    vconcat: [
      panel("Error ratio (5m)", r.series.errorRatio, { scale: { domain: [0, 1] }, axis: { format: ".0%" } }, true),
      panel("Burn rate (1h)", r.series.burnRate, {}),
      panel("p99 latency (s)", r.series.latency, {}),
      ...(names.length > 0 ? [alertsPanel] : []),
      ...(actions.length > 0 ? [actionsPanel] : []),
    ],
  };
}

/** The chart as SVG, from Vega's headless view (no canvas: text is measured from font metrics estimates). */
export async function chartSvg(r: DrillResult): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(r)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The DejaVu files that exist. Without them (a machine without fonts-dejavu-core) resvg falls back
 * to the system's fonts, so the chart still has text wherever any font is installed.
 */
function fontFiles(): string[] {
  return FONT_FILES.map((f) => path.join(FONT_DIR, f)).filter((f) => fs.existsSync(f));
}

/** Rasterises an SVG to a PNG {@link CHART_WIDTH} pixels wide. */
export function svgToPng(svg: string): Buffer {
  const files = fontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: CHART_WIDTH },
    background: "white",
    font: { fontFiles: files, loadSystemFonts: files.length === 0, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

/** The chart of one drill scenario as SVG and PNG. */
export async function renderChart(r: DrillResult): Promise<{ svg: string; png: Buffer }> {
  const svg = await chartSvg(r);
  return { svg, png: svgToPng(svg) };
}
