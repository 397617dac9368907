import { naming, type AlertingConfig, type TimeIntervalConfig } from "../config";
import { inhibitRules } from "./inhibition";
import { receivers } from "./receivers";
import { routeTree } from "./routes";
import type { AlertmanagerConfig, AmTimeInterval, Credentials } from "./types";

function timeIntervals(list: readonly TimeIntervalConfig[]): AmTimeInterval[] {
  return list.map((t) => ({
    name: t.name,
    time_intervals: t.ranges.map((r) => ({
      ...(r.times.length > 0 ? { times: r.times.map((x) => ({ start_time: x.start, end_time: x.end })) } : {}),
      ...(r.weekdays.length > 0 ? { weekdays: r.weekdays } : {}),
      ...(r.daysOfMonth.length > 0 ? { days_of_month: r.daysOfMonth } : {}),
      ...(r.months.length > 0 ? { months: r.months } : {}),
      ...(r.years.length > 0 ? { years: r.years } : {}),
      ...(r.location !== undefined ? { location: r.location } : {}),
    })),
  }));
}

function global(a: AlertingConfig, creds: Credentials): Record<string, unknown> {
  const g: Record<string, unknown> = { resolve_timeout: a.resolveTimeout.text };
  if (a.smtp) {
    g.smtp_smarthost = a.smtp.smarthost;
    g.smtp_from = a.smtp.from;
    g.smtp_require_tls = a.smtp.requireTls;
    if (a.smtp.username !== undefined) {
      g.smtp_auth_username = a.smtp.username;
      g.smtp_auth_password = creds[naming.alerting.smtpCredential];
    }
  }
  return g;
}

/**
 * The whole Alertmanager configuration of a stack. `creds` holds every credential by name (real
 * values inside a Pulumi apply, placeholders in render); nothing else in the result is secret.
 */
export function alertmanagerConfig(a: AlertingConfig, creds: Credentials): AlertmanagerConfig {
  return {
    global: global(a, creds),
    route: routeTree(a),
    receivers: receivers(a, creds),
    inhibit_rules: inhibitRules(),
    ...(a.timeIntervals.length > 0 ? { time_intervals: timeIntervals(a.timeIntervals) } : {}),
  };
}
