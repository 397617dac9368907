/** The HA drill's report: its figures per scenario, then the drill's own report (timelines, charts, notifications). */
import * as fs from "node:fs";
import * as path from "node:path";
import { mdTable, reportMarkdown, writeReport } from "../report";
import { PAGE_DEADLINE_MS } from "../scenarios";
import { formatOffset } from "../timeline";
import type { PanelFigure } from "./context";
import type { HaDrillResult } from "./run";

const offset = (ms: number | undefined): string => (ms === undefined ? "" : formatOffset(ms));

/** One row per scenario: the figures the promises are read against. */
export function haFiguresTable(results: readonly HaDrillResult[]): string {
  return mdTable([
    [
      "scenario",
      "result",
      "rule engine",
      "fault → page",
      "recovery → resolved",
      "pages (duplicates)",
      "notifications per receiver (firing/resolved)",
      "samples: store vs replicas",
      "worst remote-write lag",
    ],
    ...results.map(({ scenario, ok, figures: f, ha }) => [
      `[${scenario}](#${scenario})`,
      ok ? "passed" : "FAILED",
      ha.ruleEngine,
      f.pageMs === undefined ? "none" : `${formatOffset(f.pageMs)} (${f.pageMs <= PAGE_DEADLINE_MS ? "within" : "**over**"} 5:00)`,
      offset(f.resolvedMs) || "none",
      `${ha.pages} (${ha.duplicatePages})`,
      Object.entries(ha.byReceiver)
        .map(([r, c]) => `${r} ${c.firing}/${c.resolved}`)
        .join(", "),
      ha.samples ? `${ha.samples.store} vs ${ha.samples.replicas.join(" and ")} (${ha.samples.series} series, ${ha.samples.rangeS} s)` : "",
      ha.worstLagS === undefined ? "" : `${ha.worstLagS.toFixed(0)} s`,
    ]),
  ]);
}

/** One row per panel query with data: the check's worst difference and the two figures beside it. */
export function panelTable(figures: readonly PanelFigure[]): string {
  const f = (x: number): string => `${x.toFixed(2)}%`;
  return mdTable([
    ["panel", "result", "store vs kept replica", "same text vs replica 0", "replica 0 vs replica 1"],
    ...figures
      .filter((p) => !p.empty)
      .map((p) => [p.title, p.ok ? "same" : "**differs**", f(p.checkPct), f(p.sameTextPct), f(p.replicasPct)]),
  ]);
}

export function haReportMarkdown(results: readonly HaDrillResult[]): string {
  const first = results[0];
  const extra = results.flatMap((r) => [
    ...(r.ha.remoteWriteAlertMs !== undefined
      ? [`- ${r.scenario}: fault → PrometheusRemoteWriteLagging firing ${formatOffset(r.ha.remoteWriteAlertMs)}`]
      : []),
    ...(r.ha.drainedMs !== undefined ? [`- ${r.scenario}: store back → backlog drained in ${(r.ha.drainedMs / 1000).toFixed(0)} s`] : []),
    ...(r.ha.vmalertPagesAfterRecovery !== undefined
      ? [
          `- ${r.scenario}: ${r.ha.vmalertPagesAfterRecovery} page notification(s) after the recovery (rules that read ALERTS, see the README)`,
        ]
      : []),
    ...(r.ha.panels
      ? [
          `- ${r.scenario}: ${r.ha.panels.same} of ${r.ha.panels.compared} dashboard panel queries the same within 1% (worst ${r.ha.panels.worstPct.toFixed(2)}% against the replica the store kept; the same query text against replica 0: worst ${r.ha.panels.sameTextWorstPct.toFixed(2)}%)`,
        ]
      : []),
  ]);
  const panels = results.flatMap((r) => (r.ha.panels ? [panelTable(r.ha.panels.figures)] : []));
  return [
    "# HA drill",
    "",
    first
      ? `Production-shaped local stack per scenario: ${first.ha.prometheusReplicas} Prometheus replicas (own replica label each, the label dropped from alerts), ${first.ha.alertmanagers} Alertmanagers in one gossip cluster, each replica sending to all; one VictoriaMetrics as the remote-write store, deduplicating the replicas. Remote write: ${first.remoteWriteNotes.join("; ")}.`
      : "",
    "",
    haFiguresTable(results),
    "",
    ...(extra.length ? [...extra, ""] : []),
    ...panels.flatMap((t) => [
      "Panel queries of global-query, worst difference per panel: the check (each store point against the replica whose sample the store kept, raw-counter rates read on Prometheus one scrape interval wider), the same query text against replica 0 (what a user switching a dashboard sees), and the two replicas between them:",
      "",
      t,
      "",
    ]),
    "Pages counts the page notifications of the service after the fault; duplicates are those for a group already paged. The lag is replica 0's newest ingested sample minus its newest sample sent, sampled every 15 s.",
    "",
    reportMarkdown(results).replace(/^# .*\n/, ""),
  ].join("\n");
}

/** Writes the drill's files (charts, JSON) and the HA report.md into `dir`; returns the paths. */
export async function writeHaReport(dir: string, results: readonly HaDrillResult[]): Promise<string[]> {
  const files = await writeReport(dir, results);
  const md = path.join(dir, "report.md");
  fs.writeFileSync(md, haReportMarkdown(results));
  return files;
}
