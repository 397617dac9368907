/**
 * The rendered Alertmanager configuration, made local: every receiver keeps its name but notifies
 * the sink instead of PagerDuty, Slack, email or whatever it used. Route tree, inhibit rules, time
 * intervals and global settings stay as rendered, timings included.
 */
import { receiverUrl } from "./sink";
import { isObject } from "../format/guards";

/** Thrown when the rendered file is not an Alertmanager configuration this code understands. */
export class AlertmanagerConfigError extends Error {
  override name = "AlertmanagerConfigError";
}

/** Receiver name used when the stack renders no Alertmanager configuration. */
export const FALLBACK_RECEIVER = "default";

/**
 * What the local Alertmanager runs when the stack has no `alerting` section (the chart would keep
 * its own configuration): one receiver for everything, Alertmanager's default timings.
 */
export function fallbackAlertmanagerConfig(): Record<string, unknown> {
  return { route: { receiver: FALLBACK_RECEIVER, group_by: ["alertname", "namespace"] }, receivers: [{ name: FALLBACK_RECEIVER }] };
}

/** The configuration with each receiver's integrations replaced by one webhook to the sink. */
export function localAlertmanagerConfig(config: unknown, sinkUrl: string): Record<string, unknown> {
  if (!isObject(config) || !isObject(config.route) || !Array.isArray(config.receivers)) {
    throw new AlertmanagerConfigError("alertmanager.yaml: want a mapping with route and receivers");
  }
  const receivers = config.receivers.map((r: unknown, i) => {
    if (!isObject(r) || typeof r.name !== "string") throw new AlertmanagerConfigError(`alertmanager.yaml: receivers[${i}] has no name`);
    return { name: r.name, webhook_configs: [{ url: receiverUrl(sinkUrl, r.name), send_resolved: true }] };
  });
  return { ...config, receivers };
}

/** Receiver names of a configuration, in file order. */
export function receiverNames(config: Readonly<Record<string, unknown>>): string[] {
  return Array.isArray(config.receivers)
    ? config.receivers.flatMap((r: unknown) => (isObject(r) && typeof r.name === "string" ? [r.name] : []))
    : [];
}

/** A route's effective notification timing: its own values, else its parent's, else Alertmanager's defaults. */
export interface RouteTiming {
  readonly receiver: string;
  /** Matchers from the root down to this route. */
  readonly matchers: readonly string[];
  readonly groupBy: readonly string[];
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/** Alertmanager's defaults for a route tree that sets no timing. */
const AM_DEFAULTS = { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" } as const;

/** Every route of the tree with its effective timing, depth first in file order. */
export function routeTimings(config: Readonly<Record<string, unknown>>): RouteTiming[] {
  const out: RouteTiming[] = [];
  const walk = (r: unknown, parent: RouteTiming): void => {
    if (!isObject(r)) return;
    const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);
    const own = Array.isArray(r.matchers) ? r.matchers.filter((m): m is string => typeof m === "string") : [];
    const t: RouteTiming = {
      receiver: str(r.receiver, parent.receiver),
      matchers: [...parent.matchers, ...own],
      groupBy: Array.isArray(r.group_by) ? r.group_by.filter((g): g is string => typeof g === "string") : parent.groupBy,
      groupWait: str(r.group_wait, parent.groupWait),
      groupInterval: str(r.group_interval, parent.groupInterval),
      repeatInterval: str(r.repeat_interval, parent.repeatInterval),
    };
    out.push(t);
    if (Array.isArray(r.routes)) for (const c of r.routes) walk(c, t);
  };
  walk(config.route, { receiver: "", matchers: [], groupBy: [], ...AM_DEFAULTS });
  return out;
}
