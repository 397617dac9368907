import { Severity, naming, type AlertingConfig, type TeamAlertingConfig } from "../config";

/**
 * The routing policy in plain words, separate from the routing tree that implements it: the routing
 * table's expected receivers come from here, and amtool checks the tree against them.
 */

/** Severities that page: ours and the chart's. */
export const PAGING_SEVERITIES: readonly string[] = [Severity.page, naming.alerting.chartCriticalSeverity];
/** Severities that notify nobody: info, and the chart's `none` (InfoInhibitor). */
export const SILENT_SEVERITIES: readonly string[] = [Severity.info, naming.WATCHDOG_SEVERITY];

/** The team an alert's `team` label names, or the default team when it names none we know. */
export function owningTeam(a: AlertingConfig, team: string | undefined): TeamAlertingConfig {
  const known = a.teams.find((t) => t.name === team);
  const fallback = a.teams.find((t) => t.name === a.defaultTeam);
  const out = known ?? fallback;
  if (!out) throw new Error(`default team ${a.defaultTeam} has no receivers; the spec refuses this`);
  return out;
}

/** The receiver an alert with these labels must reach. */
export function expectedReceiver(a: AlertingConfig, labels: Readonly<Record<string, string>>): string {
  const alertname = labels.alertname;
  if (alertname === naming.alert.watchdog) return a.heartbeat ? naming.alerting.heartbeatReceiver : naming.alerting.nullReceiver;
  if (alertname === naming.alerting.infoInhibitor) return naming.alerting.nullReceiver;
  const severity = labels[naming.label.severity];
  if (severity !== undefined && SILENT_SEVERITIES.includes(severity)) return naming.alerting.nullReceiver;
  const team = owningTeam(a, labels[naming.label.team]);
  if (severity !== undefined && PAGING_SEVERITIES.includes(severity) && team.pager) return naming.receiverName(team.name, "pager");
  return naming.receiverName(team.name, "chat");
}
