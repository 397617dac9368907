/**
 * The drill's chart: error ratio, 1h burn rate and p99 latency over time, the service's firing
 * alerts shaded (and as bars below), notifications marked (red: page, orange: other, green:
 * resolved, grey ticks: Watchdog heartbeats) and the drill's actions as dashed lines.
 */
import { naming } from "../../config";
import type { Sample } from "./api";
import { Canvas, type Rgba } from "./png";
import type { DrillResult } from "./run";

const W = 1200;
const LEFT = 230;
const RIGHT = 30;
const PANEL_H = 170;
const GAP = 46;
const TOP = 104;
const BAR_H = 24;

const INK: Rgba = [30, 30, 30, 255];
const GRID: Rgba = [225, 225, 225, 255];
const LINE: Rgba = [31, 119, 180, 255];
const PAGE: Rgba = [214, 39, 40, 255];
const OTHER: Rgba = [255, 127, 14, 255];
const RESOLVED: Rgba = [44, 160, 44, 255];
const BEAT: Rgba = [150, 150, 150, 255];
const PALETTE: readonly Rgba[] = [
  [31, 119, 180, 255],
  [148, 103, 189, 255],
  [140, 86, 75, 255],
  [23, 190, 207, 255],
];

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

function fmtNumber(v: number): string {
  if (v === 0) return "0";
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

export function renderChart(r: DrillResult): Buffer {
  const alerts = r.series.alerts;
  const height = TOP + 3 * (PANEL_H + GAP) + alerts.length * BAR_H + 90;
  const c = new Canvas(W, height);
  const t0 = r.startedAt;
  const t1 = Math.max(r.endedAt, t0 + 1);
  const fault = Number.isNaN(r.faultAt) ? t0 : r.faultAt;
  const x = (t: number): number => LEFT + ((t - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  c.text(4, 12, `Drill ${r.scenario}: ${r.ok ? "passed" : "FAILED"}`, INK, 3);
  c.text(4, 44, "Minutes since the fault. Shaded: page alerts firing. Dashed lines: drill actions.", INK);
  c.text(4, 60, "Notifications: red page, orange other, green resolved. Bars: alerts firing in Prometheus. Ticks: heartbeats.", INK);

  const panels: { title: string; series: readonly Sample[]; unit: (v: number) => string; fixedMax?: number }[] = [
    { title: "Error ratio (5m)", series: r.series.errorRatio, unit: (v) => `${fmtNumber(v * 100)}%`, fixedMax: 1 },
    { title: `Burn rate (1h), by ${naming.slo.label}`, series: r.series.burnRate, unit: fmtNumber },
    { title: "p99 latency (s)", series: r.series.latency, unit: fmtNumber },
  ];
  const stepMs = 15_000;
  const pageIntervals = alerts.filter((a) => a.metric.severity === "page").flatMap((a) => intervals(a, stepMs));

  panels.forEach((p, i) => {
    const top = TOP + i * (PANEL_H + GAP);
    const bottom = top + PANEL_H;
    const values = p.series.flatMap((s) => s.values.map(([, v]) => v)).filter((v) => Number.isFinite(v));
    const max = p.fixedMax ?? Math.max(1e-9, ...values) * 1.1;
    const y = (v: number): number => bottom - (Math.min(v, max) / max) * PANEL_H;
    for (const [a, b] of pageIntervals) c.rect(x(a), top, Math.max(2, x(b) - x(a)), PANEL_H, [214, 39, 40, 40]);
    for (let g = 0; g <= 4; g++) {
      const gy = top + (g * PANEL_H) / 4;
      c.line(LEFT, gy, W - RIGHT, gy, GRID);
      const label = p.unit(max * (1 - g / 4));
      c.text(LEFT - 8 - Canvas.textWidth(label), gy - 4, label, INK);
    }
    c.text(LEFT, top - 16, p.title, INK, 2);
    p.series.forEach((s, k) => {
      const colour = PALETTE[k % PALETTE.length] ?? LINE;
      let prev: [number, number] | undefined;
      for (const [t, v] of s.values) {
        if (!Number.isFinite(v)) {
          prev = undefined;
          continue;
        }
        const pt: [number, number] = [x(t * 1000), y(v)];
        if (prev && pt[0] - prev[0] <= x(t0 + stepMs * 1.5) - x(t0)) c.line(prev[0], prev[1], pt[0], pt[1], colour, 2);
        else c.plot(pt[0], pt[1], colour);
        prev = pt;
      }
      const name = s.metric[naming.slo.label];
      if (name !== undefined) c.text(LEFT + 8, top + 8 + k * 14, name, colour);
    });
    c.line(LEFT, bottom, W - RIGHT, bottom, INK);
    c.line(LEFT, top, LEFT, bottom, INK);
    for (const n of r.notifications) {
      if (n.alerts.every((a) => a.labels.alertname === naming.alert.watchdog)) continue;
      const colour = n.status === "resolved" ? RESOLVED : n.alerts.some((a) => a.labels.severity === "page") ? PAGE : OTHER;
      c.line(x(n.at), top, x(n.at), bottom, colour, 2);
    }
    for (const m of r.marks) c.line(x(m.at), top, x(m.at), bottom, INK, 1, 4);
  });

  // Time axis: a tick each minute relative to the fault.
  const axisY = TOP + 3 * (PANEL_H + GAP) - GAP + 4;
  for (let m = Math.ceil((t0 - fault) / 60_000); fault + m * 60_000 <= t1; m++) {
    const tx = x(fault + m * 60_000);
    c.line(tx, axisY - 4, tx, axisY, INK);
    const label = m > 0 ? `+${m}` : String(m);
    c.text(tx - Canvas.textWidth(label) / 2, axisY + 6, label, INK);
  }
  r.marks.forEach((m, i) => c.text(Math.min(x(m.at) + 3, W - RIGHT - Canvas.textWidth(m.label)), axisY + 22 + (i % 2) * 14, m.label, INK));

  // Alert bars, then heartbeat ticks.
  const barsTop = axisY + 56;
  alerts.forEach((a, i) => {
    const by = barsTop + i * BAR_H;
    const colour = a.metric.severity === "page" ? PAGE : OTHER;
    const tier = a.metric[naming.slo.tierLabel];
    c.text(4, by + 4, `${a.metric.alertname ?? "?"}${tier ? ` ${tier}` : ""}`.slice(0, 28), INK);
    for (const [s, e] of intervals(a, stepMs)) c.rect(x(s), by, Math.max(2, x(e) - x(s)), BAR_H - 6, colour);
  });
  const beatsY = barsTop + alerts.length * BAR_H + 6;
  c.text(4, beatsY, "Watchdog", INK);
  for (const n of r.notifications)
    if (n.alerts.some((a) => a.labels.alertname === naming.alert.watchdog)) c.line(x(n.at), beatsY - 2, x(n.at), beatsY + 10, BEAT, 2);
  return c.png();
}
