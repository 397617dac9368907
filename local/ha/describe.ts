/** What `npm start -- --ha` prints about a running HA stack. */
import * as path from "node:path";
import { routeTable } from "../describe";
import type { HaStack } from "./stack";

/** URLs of every process, the remote-write mapping and the routing, for the user. */
export function describeHaStack(stack: HaStack): string {
  const rel = (p: string): string => path.relative(process.cwd(), p) || ".";
  const s = stack.shape;
  const lines = [
    "Local HA stack running on 127.0.0.1:",
    ...stack.ha.prometheus.map(
      (u, i) => `  Prometheus ${i}   ${u}   (${s.replicaLabel}="${stack.replicaName(i)}"; alerts: ${u}/alerts, targets: /targets)`,
    ),
    ...stack.ha.alertmanager.map((u, i) => `  Alertmanager ${i} ${u}   (cluster: ${u}/#/status)`),
    `  VictoriaMetrics  ${stack.ha.victoria}   (the global view: ${stack.ha.victoria}/vmui, Prometheus query API at /api/v1/query)`,
    ...(stack.ha.vmalert
      ? [`  vmalert          ${stack.ha.vmalert}   (evaluates ${stack.scraped.join(", ")}'s rules against VictoriaMetrics)`]
      : []),
    `  ${stack.scraped.join(", ") || "no service"}       ${stack.urls.service}   (metrics: /metrics, state: /admin/state), with steady load`,
    `  Notifications    ${stack.urls.sink}/notifications   (every receiver posts here)`,
    "",
    `Rules and scrape jobs from ${rel(stack.rendered.outDir)}; ${s.prometheusReplicas} replicas, each sending to all ${s.alertmanagerReplicas} Alertmanagers with ${s.replicaLabel} dropped from alerts (as the operator does).`,
    `Remote write: ${stack.remoteWriteNotes.join("; ")}. VictoriaMetrics drops ${s.replicaLabel} and deduplicates the replicas.`,
    ...stack.ruleEngineNotes,
  ];
  if (s.shards > 1) lines.push(`Shards: the stack asks for ${s.shards}; the local stack runs one shard (every target on every replica).`);
  if (stack.leftOut.length > 0) lines.push(`Left out (no local process): ${stack.leftOut.join(", ")}.`);
  lines.push(
    `Alertmanager routing as rendered; each receiver (${stack.receivers.join(", ")}) posts to the sink:`,
    routeTable(stack).replace(/^/gm, "  "),
    "",
    "Try:",
    `  curl -X POST ${stack.urls.service}/admin/database/break     # the page comes once, from three Alertmanagers`,
    `  curl -X POST ${stack.urls.service}/admin/database/restore`,
    "  npm run drill -- --ha                                 # the HA drill",
    "",
    `Data, configuration and logs: ${stack.dataDir} (kept after exit)`,
    "Press Ctrl-C to stop everything.",
  );
  return lines.join("\n");
}
