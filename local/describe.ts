/** What `npm start` and `npm run drill` print about a running local stack. */
import * as path from "node:path";
import type { LocalStack } from "./stack";

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The routes that notify someone, with their timing, as a table. */
export function routeTable(stack: Pick<LocalStack, "routes">): string {
  const rows = [["receiver", "matchers", "group_wait", "group_interval", "repeat_interval"]];
  const seen = new Set<string>();
  for (const r of stack.routes) {
    const row = [r.receiver, r.matchers.join(", ") || "(root)", r.groupWait, r.groupInterval, r.repeatInterval];
    const key = row.join("|");
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return table(rows);
}

/** URLs, what runs, what is left out and the routing, for the user. */
export function describeStack(stack: LocalStack): string {
  const rel = (p: string): string => path.relative(process.cwd(), p) || ".";
  const lines = [
    "Local stack running on 127.0.0.1:",
    `  Prometheus     ${stack.urls.prometheus}   (alerts: ${stack.urls.prometheus}/alerts, rules: /rules, targets: /targets)`,
    `  Alertmanager   ${stack.urls.alertmanager}   (alerts: ${stack.urls.alertmanager}/#/alerts)`,
    `  ${stack.scraped.join(", ") || "no service"}     ${stack.urls.service}   (metrics: /metrics, state: /admin/state), with steady load`,
    `  Notifications  ${stack.urls.sink}/notifications   (every receiver posts here)`,
    ...(stack.urls.blackbox !== undefined
      ? [
          `  Blackbox       ${stack.urls.blackbox}   (probes ${(stack.probed ?? []).join(", ") || "nothing"}, as the Probes say; Prometheus scrapes /probe)`,
        ]
      : []),
    "",
    `Rules and scrape jobs from ${rel(stack.rendered.outDir)}: scrape every ${stack.rendered.scrapeInterval} (per-service intervals from the ServiceMonitors), evaluate every ${stack.rendered.evaluationInterval}.`,
  ];
  if (stack.leftOut.length > 0) {
    lines.push(
      `Left out (no local process, so neither scraped nor their rules loaded; their absent alerts would only fire): ${stack.leftOut.join(", ")}.`,
    );
  }
  lines.push(
    stack.alertmanagerSource === "rendered"
      ? `Alertmanager: the rendered routing, inhibitions and timings, unchanged; each receiver (${stack.receivers.join(", ")}) now posts to the sink:`
      : "Alertmanager: the stack renders no Alertmanager configuration (no `alerting` section), so every alert goes to one receiver, `default`:",
    routeTable(stack).replace(/^/gm, "  "),
    "",
    "Try:",
    `  curl -X POST ${stack.urls.service}/admin/database/break     # errors: the page alert fires within minutes`,
    `  curl -X POST ${stack.urls.service}/admin/database/restore   # and resolves`,
    `  curl -X POST '${stack.urls.service}/admin/slow?ms=800'      # latency; /admin/slow/off ends it`,
    `  curl ${stack.urls.sink}/notifications                       # what the receivers got`,
    "  npm run drill                                    # the automated production-readiness drill",
    "",
    `Data, configuration and logs: ${stack.dataDir} (kept after exit)`,
    "Press Ctrl-C to stop everything.",
  );
  return lines.join("\n");
}
