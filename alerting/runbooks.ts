import { naming, type StackConfig } from "../config";
import type { GeneratedAlert } from "../rules";
import { expectedReceiver } from "./policy";

/** A rendered runbook: its path relative to the output directory and its Markdown. */
export interface Runbook {
  readonly alertName: string;
  readonly path: string;
  readonly content: string;
}

/** What an alert means and what to check first, per alert name; alerts not listed get the generic text. */
const GUIDANCE: Readonly<Record<string, { meaning: string; checks: readonly string[] }>> = {
  [naming.alert.errorRatio]: {
    meaning: "The service is failing more of its requests than its threshold allows: users see errors now.",
    checks: [
      "Open the service's dashboard: which routes and status codes make up the errors?",
      "Did a deploy or config change just roll out? `kubectl rollout history deployment/<service> -n <namespace>`; roll back if it lines up.",
      "Check the service's dependencies (database, downstream APIs) and its logs for the failing requests.",
      "If the target-down alert fires too, start there: this alert is inhibited by it.",
    ],
  },
  [naming.alert.latency]: {
    meaning: "The recorded latency quantile is above its threshold: requests are slow, not (yet) failing.",
    checks: [
      "Open the service's dashboard: is the latency on all routes or one? Did traffic rise?",
      "Check saturation: CPU throttling, memory, in-flight requests, connection pools.",
      "Check slow dependencies (database queries, downstream calls).",
    ],
  },
  [naming.alert.targetDown]: {
    meaning: "Prometheus cannot scrape some of the service's pods: they are down, crash-looping or do not answer on the metrics port.",
    checks: [
      "`kubectl get pods -n <namespace> -l <selector>`: are the pods Running and Ready? Look for restarts.",
      "`kubectl describe pod` and `kubectl logs --previous` for crashing pods.",
      "In Prometheus, Status → Targets: the scrape error says whether it is a timeout, a refused connection or a bad response.",
    ],
  },
  [naming.alert.targetAbsent]: {
    meaning: "Prometheus has no scrape target at all for the service: the ServiceMonitor selects nothing, or the Service has no endpoints.",
    checks: [
      "`kubectl get endpoints -n <namespace>`: does the Service have endpoints (are any pods ready)?",
      "Do the Service's labels still match the ServiceMonitor selector, and is the metrics port named as the spec says?",
      "Was the service scaled to zero or deleted on purpose? Then turn its alerts off in the stack config.",
    ],
  },
  [naming.alert.watchdog]: {
    meaning:
      "This alert always fires. It is routed to a dead-man's switch; the switch alerts when the Watchdog stops arriving. You only read this page when that happened.",
    checks: [
      "Is Prometheus running and evaluating rules? `kubectl get pods -n <monitoring namespace>`.",
      "Is Alertmanager running, and can it reach the heartbeat service (egress, DNS, credentials)? Check its logs for notify errors.",
      "Does Prometheus know the Alertmanager? Prometheus UI → Status → Runtime & Build Information → Alertmanagers.",
    ],
  },
  [naming.alert.remoteWriteLagging]: {
    meaning:
      "Prometheus has sent the remote-write endpoint nothing newer than minutes ago: the store is down, refuses the samples or cannot keep up. The samples wait in the WAL (about two hours); dashboards on the global store show a gap until the backlog drains. The chart's PrometheusRemoteWriteBehind pages if it lasts 15 minutes.",
    checks: [
      "Is the store up and reachable from Prometheus? Prometheus' log shows the remote-write errors (`kubectl logs -n <monitoring namespace> prometheus-<release>-prometheus-0 -c prometheus`).",
      "Compare `prometheus_remote_storage_samples_retried_total` (store unreachable, retried) with `prometheus_remote_storage_samples_failed_total` (refused: credentials, tenant, limits).",
      "If the store is up but slow, `prometheus_remote_storage_shards_desired` above `max_shards` says the queue needs more shards.",
    ],
  },
  [naming.slo.burnAlert]: {
    meaning:
      "The SLO's error budget is burning faster than the tier allows; the `slo_tier` label says how fast (page tiers: the budget is gone within days).",
    checks: [
      "Open the SLO row of the service's dashboard: which SLO, how much budget is left, since when does it burn?",
      "Treat it like the error-rate or latency alert of the same service: recent deploys, dependencies, saturation.",
      "A faster tier inhibits the slower ones: only the most urgent tier notifies.",
    ],
  },
  [naming.slo.absentAlert]: {
    meaning: "The series the SLO is computed from are absent: the SLO cannot be measured.",
    checks: ["Check that the service is scraped (target alerts) and still exports its request metrics under the configured names."],
  },
};

const GENERIC = {
  meaning: "See the alert's summary and description.",
  checks: ["Read the description of the firing alert; it names the service and the measured value."],
};

function table(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}

function page(stack: StackConfig, alertName: string, alerts: readonly GeneratedAlert[]): string {
  const g = GUIDANCE[alertName] ?? GENERIC;
  const first = alerts[0]?.rule;
  const labelValues = new Map<string, Set<string>>();
  for (const { labels } of alerts) {
    for (const [k, v] of Object.entries(labels)) {
      if (!labelValues.has(k)) labelValues.set(k, new Set());
      labelValues.get(k)?.add(v);
    }
  }
  const labelRows = [...labelValues.keys()].sort().map((k) => [
    `\`${k}\``,
    [...(labelValues.get(k) ?? [])]
      .sort()
      .map((v) => `\`${v}\``)
      .join(", "),
  ]);
  const out: string[] = [
    `# ${alertName}`,
    "",
    first?.annotations.summary ?? "",
    "",
    "## What it means",
    "",
    g.meaning,
    "",
    "## Labels",
    "",
    table([["label", "values in this stack"], ["---", "---"], ...labelRows]),
    "",
    "## First checks",
    "",
    ...g.checks.map((c, i) => `${i + 1}. ${c}`),
    "",
    "## Who is notified",
    "",
  ];
  const notify = alerts.map(({ service, rule, labels }) => {
    const receiver = stack.alerting ? expectedReceiver(stack.alerting, labels) : "the chart's Alertmanager configuration";
    return [owner(service), `\`${rule.labels[naming.label.severity] ?? ""}\``, `\`${receiver}\``];
  });
  out.push(table([["from", "severity", "receiver"], ["---", "---", "---"], ...notify]), "", "## PromQL", "");
  for (const { service, rule } of alerts) {
    out.push(
      `### ${owner(service)}`,
      "",
      rule.for !== undefined ? `Fires after the condition holds for ${rule.for}.` : "Fires at once.",
      "",
      "```promql",
      rule.expr,
      "```",
      "",
    );
    const d = rule.annotations.description;
    if (d !== undefined) out.push(`Description: ${d}`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

const owner = (service: string | undefined): string => service ?? "platform";

/** One runbook per alert name the stack's rules can emit (`alerts`, in rule file order), at the path its `runbook_url` ends in. */
export function runbooks(stack: StackConfig, alerts: readonly GeneratedAlert[]): Runbook[] {
  const byName = new Map<string, GeneratedAlert[]>();
  for (const alert of alerts) {
    const list = byName.get(alert.rule.alert) ?? [];
    list.push(alert);
    byName.set(alert.rule.alert, list);
  }
  return [...byName.keys()].sort().map((alertName) => ({
    alertName,
    path: naming.runbookFile(alertName),
    content: page(stack, alertName, byName.get(alertName) ?? []),
  }));
}
