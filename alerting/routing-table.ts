import { SEVERITIES, naming, type AlertingConfig } from "../config";
import type { GeneratedAlert } from "../rules";
import { expectedReceiver } from "./policy";

/** One alert label set and the one receiver it must reach. */
export interface RoutingRow {
  /** Sentence naming the case, e.g. `ServiceErrorRatioHigh of orders-api (team backend, page)`. */
  readonly name: string;
  /** Where the case comes from: a generated rule (SLO tiers included), the chart's rules, or a severity probe. */
  readonly source: "rule" | "chart" | "probe";
  readonly labels: Readonly<Record<string, string>>;
  readonly receiver: string;
}

/** Alerts of the chart's own rules (kube-prometheus): no team label, the chart's severities. */
const CHART_ALERTS = [
  { alertname: "KubeAPIDown", severity: naming.alerting.chartCriticalSeverity, namespace: "kube-system" },
  { alertname: "KubePodCrashLooping", severity: "warning", namespace: "kube-system" },
  { alertname: "KubeQuotaAlmostFull", severity: "info", namespace: "kube-system" },
  { alertname: naming.alerting.infoInhibitor, severity: naming.WATCHDOG_SEVERITY, namespace: "kube-system" },
] as const;

/** A team name that no stack declares: proves the default route. */
export const UNKNOWN_TEAM = "no-such-team";

function describe(labels: Readonly<Record<string, string>>, what: string): string {
  const team = labels[naming.label.team] ?? "no team";
  const sev = labels[naming.label.severity] ?? "no severity";
  return `${labels.alertname ?? "?"} ${what} (team ${team}, severity ${sev})`;
}

/**
 * Every label set a stack's alerts can carry, with the receiver each must reach: every alerting rule
 * the stack generates (every SLO tier of every SLO included), the chart's severities, and each team with each
 * severity (a service may set any severity on its alerts), plus a team nobody declared. Derived from
 * the generators (the labels each alert carries, as its generator says), deduplicated by label set,
 * sorted by name.
 */
export function routingTable(a: AlertingConfig, alerts: readonly GeneratedAlert[]): RoutingRow[] {
  const rows = new Map<string, RoutingRow>();
  const add = (source: RoutingRow["source"], labels: Record<string, string>, what: string): void => {
    const key = JSON.stringify(Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : 1)));
    if (!rows.has(key)) rows.set(key, { name: describe(labels, what), source, labels, receiver: expectedReceiver(a, labels) });
  };
  for (const alert of alerts) add("rule", { ...alert.labels }, alert.service !== undefined ? `of ${alert.service}` : "of the platform");
  for (const c of CHART_ALERTS) add("chart", { ...c }, "of the chart's rules");
  const probeTeams = [...a.teams.map((t) => t.name), UNKNOWN_TEAM];
  for (const team of probeTeams) {
    for (const severity of SEVERITIES) {
      add("probe", { alertname: naming.alert.errorRatio, namespace: "probe", service: "probe", team, severity }, "probe");
    }
  }
  return [...rows.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
