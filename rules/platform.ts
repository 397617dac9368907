import { naming, type PlatformConfig } from "../config";
import type { RuleGroup } from "./types";

/**
 * How long the Watchdog is pending before it fires. Prometheus drops alerts it sends before it has
 * discovered its Alertmanagers (about 5 s after every start and every configuration reload, which the
 * operator does on each rule change) and sends them again only after its resend delay (1m). Fired at
 * the first evaluation, the heartbeat would start a minute late; pending for longer than discovery
 * takes, it goes out at once.
 */
export const WATCHDOG_FOR = "15s";

/** Platform-wide rules: the Watchdog that proves the alerting pipeline end to end. */
export function platformRuleGroups(platform: PlatformConfig): RuleGroup[] {
  const annotations: Record<string, string> = {
    summary: "The alerting pipeline is alive.",
    description:
      "This alert always fires. It is routed to a dead-man's switch: when the heartbeat stops arriving, Prometheus, Alertmanager or the path between them is broken.",
  };
  if (platform.runbookBaseUrl !== undefined) annotations.runbook_url = naming.runbookUrl(platform.runbookBaseUrl, naming.alert.watchdog);
  return [
    {
      name: `${naming.PROJECT}.platform`,
      rules: [
        {
          alert: naming.alert.watchdog,
          expr: "vector(1)",
          for: WATCHDOG_FOR,
          labels: { [naming.label.severity]: naming.WATCHDOG_SEVERITY, [naming.label.team]: naming.PLATFORM_TEAM },
          annotations,
        },
      ],
    },
  ];
}
