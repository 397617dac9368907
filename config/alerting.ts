/**
 * The `kube-observability:alerting` config key: who is told about which alert, how often, and when
 * not. Only non-secret fields live here; every credential is a Pulumi secret (`alertingSecrets`).
 */
import { parseDuration } from "./duration";
import { show, type IssueList } from "./errors";
import { k8sLabelValueProblem, labelNameProblem } from "./names";
import { Fields, at, looksSecret, type Duration } from "./read";
import { LIMITS, SECRET_POINTER, credentialProblem, textProblem, timeZoneProblem, urlProblem } from "./sinks";
import { PLATFORM_TEAM, alerting as alertingNames, receiverName } from "./naming";

const PLATFORM_SECRETS_HINT = alertingNames.secretsConfigKey;
const HEARTBEAT_KEY = alertingNames.heartbeatReceiver;

/** Receiver kinds Alertmanager can notify; each needs at most one credential. */
export const ReceiverType = {
  pagerduty: "pagerduty",
  opsgenie: "opsgenie",
  slack: "slack",
  webhook: "webhook",
  email: "email",
} as const;
export type ReceiverType = (typeof ReceiverType)[keyof typeof ReceiverType];
export const RECEIVER_TYPES: readonly ReceiverType[] = Object.values(ReceiverType);

/** Dead-man's switch kinds the Watchdog can ping. */
export const HeartbeatType = {
  /** A ping URL (healthchecks.io, Dead Man's Snitch, Cronitor): the URL itself is the credential. */
  url: "url",
  /** An Opsgenie heartbeat, pinged with an API key. */
  opsgenie: "opsgenie",
} as const;
export type HeartbeatType = (typeof HeartbeatType)[keyof typeof HeartbeatType];

/** Severities that notify someone, each with its own route timing. */
export const ROUTED_SEVERITIES = ["page", "ticket", "warning"] as const;
export type RoutedSeverity = (typeof ROUTED_SEVERITIES)[number];

/** Every alerting default, in one place; the field TSDoc below names the same values. */
export const ALERTING_DEFAULTS = {
  groupBy: ["alertname", "namespace", "service"],
  resolveTimeout: "5m",
  defaultTeam: PLATFORM_TEAM,
  routes: {
    page: { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" },
    ticket: { groupWait: "5m", groupInterval: "30m", repeatInterval: "24h" },
    warning: { groupWait: "1m", groupInterval: "10m", repeatInterval: "12h" },
  },
  heartbeat: { repeatInterval: "1m", opsgenieApiUrl: "https://api.opsgenie.com" },
  /** The Watchdog must be heard at least this often, or a dead pipeline goes unnoticed too long. */
  maxHeartbeatRepeat: "5m",
  smtpRequireTls: true,
} as const;

export interface ReceiverConfig {
  readonly type: ReceiverType;
  /** Slack channel such as `#backend-alerts`; slack only (required there). */
  readonly channel: string | undefined;
  /** Recipient address; email only (required there). */
  readonly to: string | undefined;
  /** Opsgenie team that responds; opsgenie only, optional. */
  readonly responderTeam: string | undefined;
}

/** Timing and muting of one severity's route. */
export interface RouteConfig {
  /** Defaults: page 30s, ticket 5m, warning 1m. */
  readonly groupWait: Duration;
  /** Defaults: page 5m, ticket 30m, warning 10m. */
  readonly groupInterval: Duration;
  /** Defaults: page 4h, ticket 24h, warning 12h. */
  readonly repeatInterval: Duration;
  /** Time intervals during which the route is muted (maintenance windows). Defaults to none. */
  readonly muteTimeIntervals: readonly string[];
  /** Time intervals outside which the route is muted (business hours). Defaults to always active. */
  readonly activeTimeIntervals: readonly string[];
}

export interface TeamAlertingConfig {
  /** The `team` label value. */
  readonly name: string;
  /** Receives pages; pages go to `chat` when absent (dev stacks). */
  readonly pager: ReceiverConfig | undefined;
  /** Receives tickets and warnings (and pages when there is no pager). */
  readonly chat: ReceiverConfig;
  /** Routes of the team per severity: the stack's routes with the team's overrides and mutes applied. */
  readonly routes: Readonly<Record<RoutedSeverity, RouteConfig>>;
}

export interface HeartbeatConfig {
  readonly type: HeartbeatType;
  /** Opsgenie heartbeat name; opsgenie only (required there). */
  readonly name: string | undefined;
  /** Opsgenie API base URL. Defaults to `https://api.opsgenie.com`. */
  readonly apiUrl: string;
  /** How often the Watchdog is re-sent. Defaults to `1m`; at most `5m`. */
  readonly repeatInterval: Duration;
}

export interface SmtpConfig {
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  /** Sender address. */
  readonly from: string;
  /** SMTP user; when set, the password is the `smtp` credential. */
  readonly username: string | undefined;
  /** Defaults to true. */
  readonly requireTls: boolean;
}

/** One range of an Alertmanager time interval; every field narrows it, absent means "any". */
export interface TimeRangeConfig {
  /** `HH:MM` pairs, end exclusive. */
  readonly times: readonly { readonly start: string; readonly end: string }[];
  /** `monday`, or ranges such as `monday:friday`. */
  readonly weekdays: readonly string[];
  /** `1`, `1:7`, `-1` (last day). */
  readonly daysOfMonth: readonly string[];
  /** `january`, `1:3`. */
  readonly months: readonly string[];
  /** `2025`, `2025:2026`. */
  readonly years: readonly string[];
  /** IANA time zone such as `Europe/Berlin`; UTC when absent. */
  readonly location: string | undefined;
}

export interface TimeIntervalConfig {
  readonly name: string;
  readonly ranges: readonly TimeRangeConfig[];
}

/** Alert routing of a stack, validated and defaulted. */
export interface AlertingConfig {
  /** Labels that make one notification. Defaults to `alertname`, `namespace`, `service`. */
  readonly groupBy: readonly string[];
  /** Alertmanager `resolve_timeout`. Defaults to `5m`. */
  readonly resolveTimeout: Duration;
  /** Team that receives alerts with no known `team` label (the chart's own rules). Defaults to `platform`. */
  readonly defaultTeam: string;
  /** Teams, sorted by name. */
  readonly teams: readonly TeamAlertingConfig[];
  /** Where the Watchdog goes; undefined only with {@link noHeartbeatReason}. */
  readonly heartbeat: HeartbeatConfig | undefined;
  /** Why this stack has no dead-man's switch (`allowNoHeartbeat`); undefined when it has one. */
  readonly noHeartbeatReason: string | undefined;
  /** SMTP server of email receivers; required when any receiver is email. */
  readonly smtp: SmtpConfig | undefined;
  /** Named time intervals, sorted by name. */
  readonly timeIntervals: readonly TimeIntervalConfig[];
}

const INTERVAL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
const WEEKDAY = "(sunday|monday|tuesday|wednesday|thursday|friday|saturday)";
const MONTH = "(january|february|march|april|may|june|july|august|september|october|november|december|[1-9]|1[0-2])";
const rangeOf = (item: string): RegExp => new RegExp(`^${item}(:${item})?$`);
const RANGE_CHECKS = {
  weekdays: { re: rangeOf(WEEKDAY), help: "a weekday or range such as monday or monday:friday (lowercase)" },
  daysOfMonth: { re: rangeOf("-?([1-9]|[12][0-9]|3[01])"), help: "a day of month or range such as 1, 1:7 or -1 (the last day)" },
  months: { re: rangeOf(MONTH), help: "a month or range such as january, 1:3 or june:august (lowercase)" },
  years: { re: rangeOf("[0-9]{4}"), help: "a year or range such as 2025 or 2025:2026" },
} as const;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
/** One address: Alertmanager expands `to` and `from` as Go templates and splits `to` at commas, so neither may appear. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_~-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const HOST_PORT =
  /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/;
const url = (s: string): string | undefined => urlProblem(s);
const email = (s: string): string | undefined => (EMAIL.test(s) ? undefined : "is not one email address such as oncall@example.com");

const RECEIVER_KEYS: readonly string[] = ["type", "channel", "to", "responderTeam"];

function stringList(f: Fields, key: string, check: (s: string) => string | undefined): string[] | undefined {
  const list = f.list(key, { optional: true });
  if (list === undefined) return undefined;
  const out: string[] = [];
  let ok = true;
  for (const { value, path } of list) {
    const why = typeof value !== "string" ? `must be a string, got ${show(value)}` : check(value);
    if (why !== undefined) {
      f.issues.add(path, typeof value === "string" ? `${show(value)} ${why}` : why);
      ok = false;
    } else out.push(value as string);
  }
  return ok ? out : undefined;
}

function parseReceiver(
  parent: Fields,
  key: "pager" | "chat",
  team: string,
  optional: boolean,
  smtpSet: boolean,
): ReceiverConfig | undefined | null {
  if (optional && !parent.has(key)) return null;
  const raw = parent.get(key);
  // A credential pasted into the receiver (a Slack webhook URL, a routing key) is pointed at its secret.
  const plain =
    typeof raw === "object" && raw !== null && !Array.isArray(raw)
      ? Object.keys(raw).filter((k) => !RECEIVER_KEYS.includes(k) && looksSecret(k, (raw as Record<string, unknown>)[k]))
      : [];
  const r = parent.object(key, [...RECEIVER_KEYS, ...plain], {
    hint: `a receiver: type (${RECEIVER_TYPES.join(", ")}) and its non-secret fields`,
  });
  if (!r) return undefined;
  for (const k of plain.sort()) {
    r.problem(
      k,
      `is a credential and must not be in the stack file (it is committed); remove it and set it with pulumi config set --secret --path '${PLATFORM_SECRETS_HINT}["${receiverName(team, key)}"]' <value>`,
    );
  }
  if (plain.length > 0) return undefined;
  const type = r.string("type", { hint: `one of ${RECEIVER_TYPES.join(", ")}`, oneOf: RECEIVER_TYPES }) as ReceiverType | undefined;
  const only = (field: string, owner: ReceiverType): void => {
    if (type !== undefined && type !== owner && r.has(field)) r.problem(field, `applies to ${owner} receivers only, not ${type}`);
  };
  only("channel", "slack");
  only("to", "email");
  only("responderTeam", "opsgenie");
  const channel =
    type === "slack"
      ? r.string("channel", {
          hint: "the Slack channel, e.g. #backend-alerts",
          check: (s) => (/^[#@]?[a-z0-9][a-z0-9._-]*$/.test(s) ? undefined : "is not a Slack channel name such as #backend-alerts"),
        })
      : undefined;
  const to = type === "email" ? r.string("to", { hint: "the recipient address", check: email }) : undefined;
  if (type === "email" && !smtpSet) r.problem("type", `"email" needs alerting.smtp (smarthost, from) to send through`);
  // Alertmanager expands the responder's name as a Go template.
  const responderTeam =
    type === "opsgenie"
      ? r.optionalString("responderTeam", {
          check: (s) =>
            /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/.test(s)
              ? undefined
              : "is not an Opsgenie team name; allowed: at most 100 of letters, digits, space, '.', '_' and '-'",
        })
      : undefined;
  if (type === "opsgenie" && r.has("responderTeam") && responderTeam === undefined) return undefined;
  if (type === undefined || (type === "slack" && channel === undefined) || (type === "email" && to === undefined)) return undefined;
  return { type, channel, to, responderTeam };
}

interface RouteOverrides {
  readonly groupWait?: Duration;
  readonly groupInterval?: Duration;
  readonly repeatInterval?: Duration;
  readonly muteTimeIntervals?: readonly string[];
  readonly activeTimeIntervals?: readonly string[];
}

function parseRouteOverrides(parent: Fields, key: string, intervalNames: ReadonlySet<string>): RouteOverrides | undefined {
  const r = parent.object(key, ["groupWait", "groupInterval", "repeatInterval", "muteTimeIntervals", "activeTimeIntervals"], {
    optional: true,
  });
  if (!r) return undefined;
  const out: { -readonly [K in keyof RouteOverrides]: RouteOverrides[K] } = {};
  let ok = true;
  if (r.has("groupWait")) ok = (out.groupWait = r.duration("groupWait")) !== undefined && ok;
  if (r.has("groupInterval")) ok = (out.groupInterval = r.duration("groupInterval", { positive: true })) !== undefined && ok;
  if (r.has("repeatInterval")) ok = (out.repeatInterval = r.duration("repeatInterval", { positive: true })) !== undefined && ok;
  for (const k of ["muteTimeIntervals", "activeTimeIntervals"] as const) {
    if (!r.has(k)) continue;
    out[k] = stringList(r, k, (s) => intervalRef(s, intervalNames));
    ok = out[k] !== undefined && ok;
  }
  return ok ? out : undefined;
}

function intervalRef(name: string, known: ReadonlySet<string>): string | undefined {
  return known.has(name)
    ? undefined
    : `is not a time interval of alerting.timeIntervals; known: ${known.size > 0 ? [...known].sort().join(", ") : "none"}`;
}

function mergeRoute(base: RouteConfig, o: RouteOverrides | undefined, extraMutes: readonly string[]): RouteConfig {
  const mutes = [...new Set([...(o?.muteTimeIntervals ?? base.muteTimeIntervals), ...extraMutes])].sort();
  return {
    groupWait: o?.groupWait ?? base.groupWait,
    groupInterval: o?.groupInterval ?? base.groupInterval,
    repeatInterval: o?.repeatInterval ?? base.repeatInterval,
    muteTimeIntervals: mutes,
    activeTimeIntervals: [...(o?.activeTimeIntervals ?? base.activeTimeIntervals)].sort(),
  };
}

function checkRoute(route: RouteConfig, path: string, issues: IssueList): boolean {
  if (route.repeatInterval.seconds < route.groupInterval.seconds) {
    issues.add(
      `${path}.repeatInterval`,
      `${show(route.repeatInterval.text)} is shorter than groupInterval ${show(route.groupInterval.text)}; Alertmanager only repeats on a group interval tick, so use at least ${route.groupInterval.text}`,
    );
    return false;
  }
  return true;
}

function parseTimeIntervals(a: Fields): TimeIntervalConfig[] | undefined {
  if (!a.has("timeIntervals")) return [];
  const raw = a.get("timeIntervals");
  const t = Fields.open(
    raw,
    a.at("timeIntervals"),
    a.issues,
    typeof raw === "object" && raw !== null ? Object.keys(raw) : [],
    "a map of interval name to a list of time ranges",
  );
  if (!t) return undefined;
  if (Object.keys(raw as object).length > LIMITS.timeIntervals) {
    a.problem("timeIntervals", `has ${Object.keys(raw as object).length} entries; at most ${LIMITS.timeIntervals} are allowed`);
    return undefined;
  }
  const out: TimeIntervalConfig[] = [];
  let ok = true;
  for (const name of Object.keys(raw as object).sort()) {
    if (!INTERVAL_NAME.test(name)) {
      a.issues.add(t.at(name), `${show(name)} is not a time interval name; allowed: letters, digits, '-' and '_'`);
      ok = false;
      continue;
    }
    const list = t.list(name, {
      nonEmpty: true,
      max: LIMITS.timeRanges,
      hint: "time ranges: times, weekdays, daysOfMonth, months, years, location",
    });
    if (!list) {
      ok = false;
      continue;
    }
    const ranges: TimeRangeConfig[] = [];
    for (const { value, path } of list) {
      const r = Fields.open(value, path, a.issues, ["times", "weekdays", "daysOfMonth", "months", "years", "location"]);
      if (!r) {
        ok = false;
        continue;
      }
      const timesList = r.list("times", { optional: true }) ?? [];
      const times: { start: string; end: string }[] = [];
      for (const { value: tv, path: tp } of timesList) {
        const tf = Fields.open(tv, tp, a.issues, ["start", "end"]);
        const clock = (s: string): string | undefined => (CLOCK.test(s) ? undefined : "is not a time of day; use HH:MM (00:00 to 24:00)");
        const start = tf?.string("start", { hint: "HH:MM", check: clock });
        const end = tf?.string("end", { hint: "HH:MM", check: clock });
        if (start === undefined || end === undefined) {
          ok = false;
        } else if (end <= start) {
          a.issues.add(`${tp}.end`, `${show(end)} is not after start ${show(start)}; split a range that crosses midnight in two`);
          ok = false;
        } else times.push({ start, end });
      }
      const lists: Record<keyof typeof RANGE_CHECKS, string[]> = { weekdays: [], daysOfMonth: [], months: [], years: [] };
      for (const k of Object.keys(RANGE_CHECKS) as (keyof typeof RANGE_CHECKS)[]) {
        const c = RANGE_CHECKS[k];
        const v = stringList(r, k, (s) => (c.re.test(s) ? undefined : `is not ${c.help}`));
        if (v === undefined) ok = false;
        else lists[k] = v;
      }
      const location = r.optionalString("location", { check: timeZoneProblem });
      if (r.has("location") && location === undefined) ok = false;
      ranges.push({ times, ...lists, location });
    }
    out.push({ name, ranges });
  }
  return ok ? out : undefined;
}

function parseHeartbeat(a: Fields): HeartbeatConfig | undefined {
  const h = a.object("heartbeat", ["type", "name", "apiUrl", "repeatInterval"]);
  if (!h) return undefined;
  const type = h.string("type", { hint: `one of ${Object.values(HeartbeatType).join(", ")}`, oneOf: Object.values(HeartbeatType) }) as
    HeartbeatType | undefined;
  if (type === HeartbeatType.url) {
    for (const k of ["name", "apiUrl"])
      if (h.has(k)) h.problem(k, `applies to opsgenie heartbeats only; a url heartbeat's URL is the secret alertingSecrets.heartbeat`);
  }
  const name =
    type === HeartbeatType.opsgenie
      ? h.string("name", {
          hint: "the Opsgenie heartbeat name",
          check: (s) => (/^[A-Za-z0-9._-]+$/.test(s) ? undefined : "is not a heartbeat name; allowed: letters, digits, '.', '-' and '_'"),
        })
      : undefined;
  const apiUrl = h.string("apiUrl", {
    default: ALERTING_DEFAULTS.heartbeat.opsgenieApiUrl,
    check: (s) =>
      url(s)?.replace(
        SECRET_POINTER,
        `the Opsgenie API key belongs in secret config: pulumi config set --secret --path '${PLATFORM_SECRETS_HINT}["${HEARTBEAT_KEY}"]' <key>`,
      ),
  });
  const repeatInterval = h.duration("repeatInterval", { default: ALERTING_DEFAULTS.heartbeat.repeatInterval, min: 10 });
  if (repeatInterval && repeatInterval.seconds > 300) {
    h.problem(
      "repeatInterval",
      `${show(repeatInterval.text)} is too long: the dead-man's switch must hear the Watchdog at least every ${ALERTING_DEFAULTS.maxHeartbeatRepeat}, or a dead pipeline goes unnoticed`,
    );
    return undefined;
  }
  if (type === undefined || apiUrl === undefined || repeatInterval === undefined || (type === HeartbeatType.opsgenie && name === undefined))
    return undefined;
  return { type, name, apiUrl: apiUrl.replace(/\/+$/, ""), repeatInterval };
}

const TOP_KEYS = [
  "groupBy",
  "resolveTimeout",
  "defaultTeam",
  "routes",
  "teams",
  "heartbeat",
  "allowNoHeartbeat",
  "smtp",
  "timeIntervals",
] as const;

/**
 * Parses `kube-observability:alerting`. `serviceTeams` maps each service's path to its team, so
 * that a service whose team has no receivers is reported where it is declared.
 */
export function parseAlerting(raw: unknown, serviceTeams: ReadonlyMap<string, string>, issues: IssueList): AlertingConfig | undefined {
  if (raw === undefined || raw === null) {
    // Without it the chart routes every alert, the Watchdog included, to a null receiver.
    issues.add(
      "alerting",
      "is required: without it Alertmanager notifies nobody, not even the dead-man's switch; declare teams with their receivers and a heartbeat (or allowNoHeartbeat with the reason)",
    );
    return undefined;
  }
  const a = Fields.open(raw, "alerting", issues, TOP_KEYS);
  if (!a) return undefined;
  const before = issues.items.length;

  const groupBy = stringList(a, "groupBy", (s) => labelNameProblem(s)) ?? undefined;
  if (groupBy !== undefined && a.has("groupBy") && groupBy.length === 0)
    a.problem("groupBy", "must not be empty; list the labels that make one notification, e.g. alertname, namespace, service");
  const resolveTimeout = a.duration("resolveTimeout", { default: ALERTING_DEFAULTS.resolveTimeout, positive: true });
  const defaultTeam = a.string("defaultTeam", { default: ALERTING_DEFAULTS.defaultTeam, check: k8sLabelValueProblem });

  const timeIntervals = parseTimeIntervals(a);
  // Declared names, parsed or not: an interval with a bad weekday is still known to the routes that name it.
  const rawIntervals = a.get("timeIntervals");
  const intervalNames = new Set(
    typeof rawIntervals === "object" && rawIntervals !== null && !Array.isArray(rawIntervals)
      ? Object.keys(rawIntervals).filter((n) => INTERVAL_NAME.test(n))
      : [],
  );

  let smtp: SmtpConfig | undefined;
  if (a.has("smtp")) {
    const s = a.object("smtp", ["smarthost", "from", "username", "requireTls"]);
    const smarthost = s?.string("smarthost", {
      hint: "host:port of the SMTP server",
      check: (v) => (HOST_PORT.test(v) ? undefined : "is not host:port, e.g. smtp.example.com:587"),
    });
    const from = s?.string("from", { hint: "the sender address", check: email });
    const username = s?.optionalString("username", {
      check: (v) =>
        (/^[\x21-\x7e]{1,256}$/.test(v) ? undefined : "is not a user name; allowed: at most 256 printable characters without spaces") ??
        credentialProblem(v),
    });
    const requireTls = s?.boolean("requireTls", ALERTING_DEFAULTS.smtpRequireTls);
    if (smarthost !== undefined && from !== undefined && requireTls !== undefined) smtp = { smarthost, from, username, requireTls };
  }

  const r = a.object("routes", [...ROUTED_SEVERITIES], { optional: true });
  const stackRoutes: Partial<Record<RoutedSeverity, RouteConfig>> = {};
  for (const sev of ROUTED_SEVERITIES) {
    const d = ALERTING_DEFAULTS.routes[sev];
    const base: RouteConfig = {
      groupWait: dur(d.groupWait),
      groupInterval: dur(d.groupInterval),
      repeatInterval: dur(d.repeatInterval),
      muteTimeIntervals: [],
      activeTimeIntervals: [],
    };
    const o = r && parseRouteOverrides(r, sev, intervalNames);
    if (o === undefined) continue;
    const merged = mergeRoute(base, o, []);
    if (checkRoute(merged, `alerting.routes.${sev}`, issues)) stackRoutes[sev] = merged;
  }

  const teams: TeamAlertingConfig[] = [];
  // Declared team names, parsed or not: a team with a broken receiver is still known to its services.
  const teamNames = new Set<string>();
  const teamsRaw = a.get("teams");
  if (!a.has("teams") || typeof teamsRaw !== "object" || Array.isArray(teamsRaw) || Object.keys(teamsRaw as object).length === 0) {
    a.problem("teams", `must be a non-empty map of team name to receivers (chat, optional pager), got ${show(teamsRaw)}`);
  } else if (Object.keys(teamsRaw as object).length > LIMITS.teams) {
    a.problem("teams", `has ${Object.keys(teamsRaw as object).length} entries; at most ${LIMITS.teams} are allowed`);
  } else {
    const t = Fields.open(teamsRaw, a.at("teams"), issues, Object.keys(teamsRaw as object));
    for (const name of Object.keys(teamsRaw as object).sort()) {
      const why = k8sLabelValueProblem(name) ?? (name === "" ? "must not be empty" : undefined);
      // Known to its services even when refused: its own problem is the one to report.
      teamNames.add(name);
      if (why !== undefined) {
        issues.add(at("alerting.teams", name), `team ${show(name)} ${why}`);
        continue;
      }
      const tf = t?.object(name, ["pager", "chat", "muteTimeIntervals", "routes"]);
      if (!tf) continue;
      const pager = parseReceiver(tf, "pager", name, true, smtp !== undefined || a.has("smtp"));
      const chat = parseReceiver(tf, "chat", name, false, smtp !== undefined || a.has("smtp"));
      const mutes = stringList(tf, "muteTimeIntervals", (s) => intervalRef(s, intervalNames));
      const tr = tf.object("routes", [...ROUTED_SEVERITIES], { optional: true });
      const routes: Partial<Record<RoutedSeverity, RouteConfig>> = {};
      for (const sev of ROUTED_SEVERITIES) {
        const o = tr && parseRouteOverrides(tr, sev, intervalNames);
        const base = stackRoutes[sev];
        if (o === undefined || base === undefined || mutes === undefined) continue;
        const merged = mergeRoute(base, o, mutes);
        if (checkRoute(merged, `${at("alerting.teams", name)}.routes.${sev}`, issues)) routes[sev] = merged;
      }
      const page = routes.page;
      const ticket = routes.ticket;
      const warning = routes.warning;
      if (pager === undefined || chat === undefined || chat === null || page === undefined || ticket === undefined || warning === undefined)
        continue;
      teams.push({ name, pager: pager ?? undefined, chat, routes: { page, ticket, warning } });
    }
  }
  if (defaultTeam !== undefined && a.has("teams") && !teamNames.has(defaultTeam) && issues.items.length === before) {
    a.problem(
      "defaultTeam",
      `${show(defaultTeam)} has no entry in alerting.teams; alerts without a known team label (the chart's own rules) need a team to go to`,
    );
  }
  for (const [path, team] of [...serviceTeams].sort()) {
    if (teamNames.size > 0 && !teamNames.has(team)) {
      issues.add(
        `${path}.team`,
        `${show(team)} has no receivers: add ${at("alerting.teams", team)} (chat, optional pager); known teams: ${[...teamNames].filter((t) => k8sLabelValueProblem(t) === undefined).join(", ")}`,
      );
    }
  }

  let heartbeat: HeartbeatConfig | undefined;
  let noHeartbeatReason: string | undefined;
  const allow = a.get("allowNoHeartbeat");
  if (a.has("heartbeat") && a.has("allowNoHeartbeat")) {
    a.problem(
      "allowNoHeartbeat",
      "conflicts with alerting.heartbeat: a stack either has a dead-man's switch or says why it has none; remove one of them",
    );
  } else if (a.has("heartbeat")) {
    heartbeat = parseHeartbeat(a);
  } else if (allow === undefined || allow === null) {
    a.problem(
      "heartbeat",
      "is required: the Watchdog alert proves the alerting pipeline works only if a dead-man's switch (a healthchecks-style ping URL, or an Opsgenie heartbeat) expects it every few minutes; without one nobody notices when Prometheus or Alertmanager dies. Set heartbeat (type url or opsgenie), or set allowNoHeartbeat to the reason this stack needs none",
    );
  } else if (typeof allow !== "string" || allow.trim() === "") {
    a.problem("allowNoHeartbeat", `must be the reason this stack has no dead-man's switch (a non-empty string), got ${show(allow)}`);
  } else if (textProblem(allow) !== undefined) {
    a.problem("allowNoHeartbeat", `${show(allow)} ${textProblem(allow) ?? ""}`);
  } else {
    noHeartbeatReason = allow.trim();
  }

  if (
    issues.items.length > before ||
    groupBy === undefined ||
    resolveTimeout === undefined ||
    defaultTeam === undefined ||
    timeIntervals === undefined ||
    (heartbeat === undefined && noHeartbeatReason === undefined)
  ) {
    return undefined;
  }
  return {
    groupBy: groupBy.length > 0 ? groupBy : [...ALERTING_DEFAULTS.groupBy],
    resolveTimeout,
    defaultTeam,
    teams,
    heartbeat,
    noHeartbeatReason,
    smtp,
    timeIntervals,
  };
}

function dur(text: string): Duration {
  return { text, seconds: parseDuration(text) ?? 0 };
}
