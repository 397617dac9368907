/**
 * The drill's headline figures per scenario: fault → page notification and recovery → resolved
 * notification, beside what the seed's plain threshold alert did on the same fault (from the
 * `ALERTS` series Prometheus recorded). Pure, over a finished run.
 */
import { Severity } from "../../config";
import type { Sample } from "./api";
import type { Notification } from "../sink";
import { notificationsFor, alertNames } from "./timeline";

/** What the figures read of a finished run (the run's result holds them too). */
export interface FigureInput {
  readonly scenario: string;
  /** When the fault, the recovery (NaN when never reached) and the end happened, ms since the epoch. */
  readonly faultAt: number;
  readonly recoveredAt: number;
  readonly endedAt: number;
  readonly notifications: readonly Notification[];
  readonly service: string;
  /** Firing `ALERTS` series by alertname, sampled every `stepMs`. */
  readonly alerts: readonly Sample[];
  readonly stepMs: number;
  /** The seed's threshold alert for this fault, e.g. ServiceErrorRatioHigh. */
  readonly thresholdAlert: string;
}

export interface DrillFigures {
  readonly scenario: string;
  /** Fault → first page notification, ms; undefined when none arrived. */
  readonly pageMs: number | undefined;
  readonly pageAlerts: readonly string[];
  /** Recovery → the last page group's resolved notification, ms; undefined when not every page group resolved. */
  readonly resolvedMs: number | undefined;
  readonly thresholdAlert: string;
  /** Fault → the threshold alert first firing in Prometheus, ms (to a sample step). */
  readonly thresholdFiringMs: number | undefined;
  /** Recovery → the threshold alert no longer firing, ms (to a sample step); undefined when it still fired at the end. */
  readonly thresholdResolvedMs: number | undefined;
}

export function drillFigures(r: FigureInput): DrillFigures {
  const pages = notificationsFor(r.notifications, {
    service: r.service,
    severities: [Severity.page],
    status: "firing",
    from: r.faultAt,
    to: r.endedAt,
  });
  const first = pages[0];
  const groups = [...new Set(pages.map((n) => n.groupKey))];
  const resolved = Number.isNaN(r.recoveredAt)
    ? []
    : groups.map((g) => r.notifications.find((n) => n.groupKey === g && n.status === "resolved" && n.at >= r.recoveredAt));
  const allResolved = resolved.length > 0 && resolved.every((n) => n !== undefined);
  const times = r.alerts
    .filter((s) => s.metric.alertname === r.thresholdAlert)
    .flatMap((s) => s.values.filter(([, v]) => v > 0).map(([t]) => t * 1000))
    .sort((a, b) => a - b);
  const firing = times.find((t) => t >= r.faultAt);
  const lastFiring = times[times.length - 1];
  const stillFiring = lastFiring !== undefined && lastFiring + r.stepMs >= r.endedAt;
  const afterRecovery = !Number.isNaN(r.recoveredAt) && lastFiring !== undefined && lastFiring >= r.recoveredAt;
  return {
    scenario: r.scenario,
    pageMs: first ? first.at - r.faultAt : undefined,
    pageAlerts: first ? alertNames(first) : [],
    resolvedMs: allResolved ? Math.max(...resolved.map((n) => n?.at ?? 0)) - r.recoveredAt : undefined,
    thresholdAlert: r.thresholdAlert,
    thresholdFiringMs: firing === undefined ? undefined : firing - r.faultAt,
    // Gone at the first sample step after its last firing sample.
    thresholdResolvedMs:
      firing === undefined || stillFiring || Number.isNaN(r.recoveredAt)
        ? undefined
        : afterRecovery
          ? lastFiring + r.stepMs - r.recoveredAt
          : 0,
  };
}
