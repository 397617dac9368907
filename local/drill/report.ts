/** The drill's report: markdown with the timelines, production timings and notifications, one PNG chart per scenario, and the raw data as JSON. */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderChart } from "./chart";
import type { DrillResult } from "./run";
import { PAGE_DEADLINE_MS } from "./scenarios";
import { alertNames, formatOffset } from "./timeline";

export function mdTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (!head) return "";
  const esc = (s: string): string => s.replace(/\|/g, "\\|");
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...body.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

const offset = (ms: number | undefined): string => (ms === undefined ? "never" : formatOffset(ms));

/** Fault → page and recovery → resolved per scenario, beside the seed's threshold alert on the same fault. */
export function figuresTable(results: readonly DrillResult[]): string {
  return mdTable([
    [
      "scenario",
      "result",
      "fault → page notification",
      "recovery → resolved notification",
      "seed threshold alert",
      "fault → it fires",
      "recovery → it resolves",
    ],
    ...results.map(({ scenario, ok, figures: f }) => [
      `[${scenario}](#${scenario})`,
      ok ? "passed" : "FAILED",
      f.pageMs === undefined
        ? "never"
        : `${formatOffset(f.pageMs)} (${f.pageAlerts.join(", ")}; ${f.pageMs <= PAGE_DEADLINE_MS ? "within" : "**over**"} 5:00)`,
      offset(f.resolvedMs),
      f.thresholdAlert,
      offset(f.thresholdFiringMs),
      f.thresholdFiringMs === undefined
        ? ""
        : f.thresholdResolvedMs === undefined
          ? "still firing at the end"
          : formatOffset(f.thresholdResolvedMs),
    ]),
  ]);
}

export function reportMarkdown(results: readonly DrillResult[]): string {
  const out: string[] = ["# Production-readiness drill", ""];
  out.push(
    figuresTable(results),
    "",
    "The seed's threshold alert is read from Prometheus (`ALERTS`, sampled every 15 s); while an SLO page of the service fires, Alertmanager holds it back, so its own notification would come a group_wait later.",
    "",
  );
  const first = results[0];
  if (first) {
    out.push(
      "## The stack",
      "",
      `Real Prometheus and Alertmanager on 127.0.0.1, running the rendered rules (evaluated every ${first.evaluationInterval}) and ${first.alertmanagerSource === "rendered" ? "the rendered Alertmanager configuration, each receiver pointed at a local sink" : "a one-receiver Alertmanager configuration (the stack renders none)"}. Scraped: ${first.scraped.join(", ")}.${first.leftOut.length ? ` Left out (no local process): ${first.leftOut.join(", ")}.` : ""}`,
      "",
      "Notification timings, production values, run unchanged locally:",
      "",
      mdTable([
        ["receiver", "matchers", "group_wait", "group_interval", "repeat_interval"],
        ...first.routes.map((t) => [t.receiver, t.matchers.join(", ") || "(root)", t.groupWait, t.groupInterval, t.repeatInterval]),
      ]),
      "",
    );
  }
  for (const r of results) {
    out.push(`## ${r.scenario}`, "", `**${r.title}** — ${r.ok ? "passed" : "FAILED"}. ${r.description}`, "");
    out.push(
      mdTable([
        ["event", "since fault", "deadline", "result", "detail"],
        ...r.rows.map((x) => [
          x.event,
          x.atMs === undefined ? "never" : formatOffset(x.atMs),
          x.deadlineMs === undefined ? "" : `≤ ${formatOffset(x.deadlineMs)}`,
          x.ok ? "pass" : "**FAIL**",
          x.detail,
        ]),
      ]),
      "",
    );
    out.push(`![${r.scenario}](${r.scenario}.png)`, "");
    const fault = Number.isNaN(r.faultAt) ? r.startedAt : r.faultAt;
    const shown = r.notifications.filter((n) => !n.alerts.every((a) => a.labels.alertname === "Watchdog"));
    const beats = r.notifications.length - shown.length;
    out.push(`Notifications (${shown.length}, plus ${beats} Watchdog heartbeats):`, "");
    out.push(
      mdTable([
        ["since fault", "receiver", "status", "alerts"],
        ...shown.map((n) => [formatOffset(n.at - fault), n.receiver, n.status, alertNames(n).join(", ")]),
      ]),
      "",
    );
    out.push(`Data, configuration and logs of this run: \`${r.dataDir}\``, "");
  }
  return out.join("\n");
}

/** Writes report.md, <scenario>.png and <scenario>.json into `dir`; returns the paths. */
export async function writeReport(dir: string, results: readonly DrillResult[]): Promise<string[]> {
  const files: string[] = [];
  for (const r of results) {
    const json = path.join(dir, `${r.scenario}.json`);
    fs.writeFileSync(json, `${JSON.stringify(r, null, 1)}\n`);
    const png = path.join(dir, `${r.scenario}.png`);
    fs.writeFileSync(png, (await renderChart(r)).png);
    files.push(png);
  }
  const md = path.join(dir, "report.md");
  fs.writeFileSync(md, reportMarkdown(results));
  return [md, ...files];
}
