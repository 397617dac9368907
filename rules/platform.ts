import { naming, Severity, type PlatformConfig } from "../config";
import { generatedAlert, type AlertingRule, type GeneratedAlert, type GeneratedRules, type RuleGroup } from "./types";

/**
 * How long the Watchdog is pending before it fires. Prometheus drops alerts it sends before it has
 * discovered its Alertmanagers (about 5 s after every start and every configuration reload, which the
 * operator does on each rule change) and sends them again only after its resend delay (1m). Fired at
 * the first evaluation, the heartbeat would start a minute late; pending for longer than discovery
 * takes, it goes out at once.
 */
export const WATCHDOG_FOR = "15s";

/**
 * When remote write counts as lagging: the newest sample sent to an endpoint is more than `lagSeconds`
 * older than the newest sample Prometheus ingested, for `for`. The chart's PrometheusRemoteWriteBehind
 * (critical) waits 15m, so a store that is down for ten minutes never raises it; this warning fires
 * about seven minutes into an outage, while the WAL (about two hours) still holds the backlog.
 */
export const REMOTE_WRITE_LAGGING = { lagSeconds: 120, for: "5m" } as const;

/**
 * Remote write falling behind, per Prometheus and endpoint: the chart's PrometheusRemoteWriteBehind
 * expression with a shorter `for`, as a warning to chat. Both sides read Prometheus's own metrics,
 * scraped by the chart's monitor.
 */
function remoteWriteGroup(platform: PlatformConfig): { group: RuleGroup; alert: GeneratedAlert } {
  const name = naming.alert.remoteWriteLagging;
  const annotations: Record<string, string> = {
    summary: "Remote write is minutes behind.",
    description: `The newest sample Prometheus {{ $labels.instance }} has sent to remote-write endpoint {{ $labels.remote_name }} ({{ $labels.url }}) is {{ $value | humanizeDuration }} older than the newest it ingested. The store is down or too slow; the samples wait in the WAL (about two hours). PrometheusRemoteWriteBehind pages if it lasts 15 minutes.`,
  };
  if (platform.runbookBaseUrl !== undefined) annotations.runbook_url = naming.runbookUrl(platform.runbookBaseUrl, name);
  const window = "5m";
  const rule: AlertingRule = {
    alert: name,
    expr: [
      "(",
      `  max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[${window}])`,
      "- ignoring (remote_name, url) group_right",
      `  max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds[${window}])`,
      `) > ${REMOTE_WRITE_LAGGING.lagSeconds}`,
    ].join("\n"),
    for: REMOTE_WRITE_LAGGING.for,
    labels: { [naming.label.severity]: Severity.warning, [naming.label.team]: naming.PLATFORM_TEAM },
    annotations,
  };
  // No selector pins a label: the alert carries the series' own (instance, remote_name, url) and the rule's.
  return {
    group: { name: `${naming.PROJECT}.remote-write`, rules: [rule] },
    alert: generatedAlert(rule, undefined, {}, REMOTE_WRITE_LAGGING.lagSeconds),
  };
}

/**
 * Platform-wide rules: the Watchdog that proves the alerting pipeline end to end and, when the stack
 * remote-writes, the alert on remote write falling behind.
 */
export function platformRules(platform: PlatformConfig): GeneratedRules {
  const annotations: Record<string, string> = {
    summary: "The alerting pipeline is alive.",
    description:
      "This alert always fires. It is routed to a dead-man's switch: when the heartbeat stops arriving, Prometheus, Alertmanager or the path between them is broken.",
  };
  if (platform.runbookBaseUrl !== undefined) annotations.runbook_url = naming.runbookUrl(platform.runbookBaseUrl, naming.alert.watchdog);
  const watchdog: AlertingRule = {
    alert: naming.alert.watchdog,
    expr: "vector(1)",
    for: WATCHDOG_FOR,
    labels: { [naming.label.severity]: naming.WATCHDOG_SEVERITY, [naming.label.team]: naming.PLATFORM_TEAM },
    annotations,
  };
  const groups: RuleGroup[] = [{ name: `${naming.PROJECT}.platform`, rules: [watchdog] }];
  // vector(1) has no labels: the alert carries only the rule's.
  const alerts = [generatedAlert(watchdog, undefined, {})];
  if (platform.prometheus.remoteWrite.length > 0) {
    const lagging = remoteWriteGroup(platform);
    groups.push(lagging.group);
    alerts.push(lagging.alert);
  }
  return { groups, alerts };
}

/** The platform's rule groups (see {@link platformRules}). */
export function platformRuleGroups(platform: PlatformConfig): RuleGroup[] {
  return [...platformRules(platform).groups];
}
