/**
 * The drill's verdicts as data: each row is an event, when it happened relative to the fault, the
 * deadline it had and whether it passed. Pure functions over recorded notifications, so they are
 * unit-tested without running anything.
 */
import { parseDuration } from "../../config";
import type { Notification } from "../sink";
import { table } from "../describe";

export interface TimelineRow {
  readonly event: string;
  /** When it happened, ms since the fault (negative before it); undefined when it never happened. */
  readonly atMs: number | undefined;
  /** Latest allowed time, ms since the fault; undefined when there is none. */
  readonly deadlineMs: number | undefined;
  readonly ok: boolean;
  /** What was seen, for the reader. */
  readonly detail: string;
}

/**
 * A row for an event that must happen by a deadline: it passes when it happened, in time, and
 * `holds` (a further condition such as "to the right receiver") is true.
 */
export function deadlineRow(
  event: string,
  atMs: number | undefined,
  deadlineMs: number | undefined,
  detail = "",
  holds = true,
): TimelineRow {
  const inTime = atMs !== undefined && (deadlineMs === undefined || atMs <= deadlineMs);
  return { event, atMs, deadlineMs, ok: inTime && holds, detail: atMs === undefined && detail === "" ? "did not happen" : detail };
}

/** A row for a condition checked at one moment. */
export function checkRow(event: string, atMs: number, ok: boolean, detail: string): TimelineRow {
  return { event, atMs, deadlineMs: undefined, ok, detail };
}

/** `m:ss`, signed, from milliseconds. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const s = Math.round(Math.abs(ms) / 1000);
  return `${sign}${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function formatTimeline(rows: readonly TimelineRow[]): string {
  return table([
    ["event", "since fault", "deadline", "result", "detail"],
    ...rows.map((r) => [
      r.event,
      r.atMs === undefined ? "never" : formatOffset(r.atMs),
      r.deadlineMs === undefined ? "" : `≤ ${formatOffset(r.deadlineMs)}`,
      r.ok ? "pass" : "FAIL",
      r.detail,
    ]),
  ]);
}

export function passed(rows: readonly TimelineRow[]): boolean {
  return rows.every((r) => r.ok);
}

export interface NotificationFilter {
  readonly service: string;
  /** Severities counted. */
  readonly severities: readonly string[];
  /** `firing` or `resolved`. */
  readonly status: string;
  /** Time window, ms since the epoch, inclusive. */
  readonly from: number;
  readonly to: number;
}

/** Notifications of a service's alerts of the given severities and status within the window. */
export function notificationsFor(all: readonly Notification[], f: NotificationFilter): Notification[] {
  return all.filter(
    (n) =>
      n.status === f.status &&
      n.at >= f.from &&
      n.at <= f.to &&
      n.alerts.some((a) => a.labels.service === f.service && f.severities.includes(a.labels.severity ?? "")),
  );
}

/** The distinct alert names a notification carries. */
export function alertNames(n: Notification): string[] {
  return [...new Set(n.alerts.map((a) => a.labels.alertname ?? "?"))].sort();
}

/** Heartbeats (notifications of `alertname`) in a window: how many, and the longest silence, edges included. */
export function heartbeatGaps(
  all: readonly Notification[],
  alertname: string,
  from: number,
  to: number,
): { count: number; maxGapMs: number } {
  const times = all
    .filter((n) => n.status === "firing" && n.at >= from && n.at <= to && n.alerts.some((a) => a.labels.alertname === alertname))
    .map((n) => n.at);
  const edges = [from, ...times, to];
  let maxGapMs = 0;
  for (let i = 1; i < edges.length; i++) maxGapMs = Math.max(maxGapMs, (edges[i] ?? 0) - (edges[i - 1] ?? 0));
  return { count: times.length, maxGapMs };
}

/**
 * A Prometheus duration from the rendered configuration (`30s`, `5m`, `1h30m`) in milliseconds, by the
 * config's parser; one that is not a duration is a bug in the render, so it throws.
 */
export function durationMs(text: string): number {
  const seconds = parseDuration(text.trim());
  if (seconds === undefined) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return seconds * 1000;
}
