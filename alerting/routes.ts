import { Severity, naming, type AlertingConfig, type RouteConfig, type TeamAlertingConfig } from "../config";
import { eq, oneOf } from "./matchers";
import { PAGING_SEVERITIES, SILENT_SEVERITIES, expectedReceiver, owningTeam } from "./policy";
import type { AmRoute } from "./types";

const { label } = naming;

function timing(
  r: RouteConfig,
): Pick<AmRoute, "group_wait" | "group_interval" | "repeat_interval" | "mute_time_intervals" | "active_time_intervals"> {
  return {
    group_wait: r.groupWait.text,
    group_interval: r.groupInterval.text,
    repeat_interval: r.repeatInterval.text,
    ...(r.muteTimeIntervals.length > 0 ? { mute_time_intervals: r.muteTimeIntervals } : {}),
    ...(r.activeTimeIntervals.length > 0 ? { active_time_intervals: r.activeTimeIntervals } : {}),
  };
}

/**
 * One team's subtree: pages to the pager (to chat when the team has none), tickets and warnings to
 * chat, each with its own timing; any other severity falls back to chat with the warning timing.
 */
export function teamRoute(t: TeamAlertingConfig, matchers: readonly string[]): AmRoute {
  const chat = naming.receiverName(t.name, "chat");
  const pager = t.pager ? naming.receiverName(t.name, "pager") : chat;
  return {
    receiver: chat,
    ...(matchers.length > 0 ? { matchers } : {}),
    ...timing(t.routes.warning),
    routes: [
      { receiver: pager, matchers: [oneOf(label.severity, PAGING_SEVERITIES)], ...timing(t.routes.page) },
      { receiver: chat, matchers: [eq(label.severity, Severity.ticket)], ...timing(t.routes.ticket) },
      { receiver: chat, matchers: [eq(label.severity, Severity.warning)], ...timing(t.routes.warning) },
    ],
  };
}

/** The Watchdog's route: straight to the dead-man's switch, never grouped with others, never muted. */
function watchdogRoute(a: AlertingConfig): AmRoute {
  const matchers = [eq("alertname", naming.alert.watchdog)];
  if (!a.heartbeat) return { receiver: naming.alerting.nullReceiver, matchers };
  const every = a.heartbeat.repeatInterval.text;
  return {
    receiver: naming.alerting.heartbeatReceiver,
    matchers,
    group_by: ["alertname"],
    group_wait: "0s",
    group_interval: HEARTBEAT_TICK,
    repeat_interval: every,
  };
}

/**
 * How often Alertmanager looks at the heartbeat group. With group_interval equal to repeat_interval the
 * repeat falls just short at every other tick and the heartbeat arrives at twice its interval (seen in
 * the drill); a short tick keeps it within 15s of its interval.
 */
const HEARTBEAT_TICK = "15s";

/**
 * The routing tree. Order matters (first match wins): the Watchdog, then what notifies nobody, then
 * each team by its `team` label, then everything else to the default team.
 */
export function routeTree(a: AlertingConfig): AmRoute {
  const defaultTeam = a.teams.find((t) => t.name === a.defaultTeam);
  if (!defaultTeam) throw new Error(`default team ${a.defaultTeam} has no receivers; the spec refuses this`);
  return {
    receiver: naming.receiverName(defaultTeam.name, "chat"),
    group_by: a.groupBy,
    // Alertmanager refuses mute and active intervals on the root route; teams' routes carry them.
    group_wait: defaultTeam.routes.warning.groupWait.text,
    group_interval: defaultTeam.routes.warning.groupInterval.text,
    repeat_interval: defaultTeam.routes.warning.repeatInterval.text,
    routes: [
      watchdogRoute(a),
      { receiver: naming.alerting.nullReceiver, matchers: [eq("alertname", naming.alerting.infoInhibitor)] },
      { receiver: naming.alerting.nullReceiver, matchers: [oneOf(label.severity, SILENT_SEVERITIES)] },
      ...a.teams.map((t) => teamRoute(t, [eq(label.team, t.name)])),
      // No known team: the chart's own rules, or a team label nobody declared.
      teamRoute(defaultTeam, []),
    ],
  };
}

/** The notification timing of the route an alert takes: what a drill waits for, as data. */
export interface RouteTimingOf {
  readonly receiver: string;
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/**
 * The receiver and timing of the route an alert with these labels takes in {@link routeTree}: the
 * Watchdog's, the root's for what notifies nobody, else its team's route for its severity (the
 * team's warning timing for a severity without a route of its own).
 */
export function expectedRoute(a: AlertingConfig, labels: Readonly<Record<string, string>>): RouteTimingOf {
  const receiver = expectedReceiver(a, labels);
  const texts = (r: RouteConfig): RouteTimingOf => ({
    receiver,
    groupWait: r.groupWait.text,
    groupInterval: r.groupInterval.text,
    repeatInterval: r.repeatInterval.text,
  });
  if (labels.alertname === naming.alert.watchdog && a.heartbeat) {
    return { receiver, groupWait: "0s", groupInterval: HEARTBEAT_TICK, repeatInterval: a.heartbeat.repeatInterval.text };
  }
  const severity = labels[label.severity] ?? "";
  if (receiver === naming.alerting.nullReceiver) return texts(owningTeam(a, a.defaultTeam).routes.warning);
  const routes = owningTeam(a, labels[label.team]).routes;
  if (PAGING_SEVERITIES.includes(severity)) return texts(routes.page);
  return texts(severity === Severity.ticket ? routes.ticket : routes.warning);
}
