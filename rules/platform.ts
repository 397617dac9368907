import { naming, type PlatformSpec } from "../spec";
import type { RuleGroup } from "./types";

/** Platform-wide rules: the Watchdog that proves the alerting pipeline end to end. */
export function platformRuleGroups(platform: PlatformSpec): RuleGroup[] {
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
          labels: { [naming.label.severity]: naming.WATCHDOG_SEVERITY, [naming.label.team]: naming.PLATFORM_TEAM },
          annotations,
        },
      ],
    },
  ];
}
