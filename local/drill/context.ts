/** One drill run: a fresh local stack, the clock of the fault, the timeline rows and the chart marks. */
import { setTimeout as sleep } from "node:timers/promises";
import { naming, Severity } from "../../config";
import { expectedRoute, type RouteTimingOf } from "../../alerting";
import type { Generated } from "../../generate";
import type { LocalStack } from "../stack";
import { query } from "./api";
import { alertRules, expectedReceivers, type AlertRule } from "./rules";
import { durationMs, formatOffset, type TimelineRow } from "./timeline";

/** A moment the chart marks with a vertical line. */
export interface Mark {
  readonly at: number;
  readonly label: string;
}

export class Drill {
  readonly rows: TimelineRow[] = [];
  readonly marks: Mark[] = [];
  readonly rules: readonly AlertRule[];
  readonly startedAt = Date.now();
  faultAt = Number.NaN;
  /** When the fault was undone (ms since the epoch); NaN until then. */
  recoveredAt = Number.NaN;
  readonly namespace: string;
  readonly team: string;

  /**
   * `generated` is the generation the local stack runs the rendered files of: the drill takes the
   * service's alerts, their thresholds and the routes' timings from it.
   */
  constructor(
    readonly stack: LocalStack,
    private readonly generated: Generated,
    readonly service: string,
    private readonly log: (line: string) => void,
  ) {
    const own = generated.services.find((s) => s.service.name === service);
    if (own === undefined) throw new Error(`the stack has no service ${service}`);
    this.rules = alertRules(own.ruleFile.alerts);
    this.namespace = own.service.namespace;
    this.team = own.service.team;
  }

  /** PromQL matchers of the service's series. */
  get selector(): string {
    return naming.serviceMatchers({ name: this.service, namespace: this.namespace });
  }

  /** Milliseconds since the fault (before it: negative). */
  since(at: number): number {
    return at - (Number.isNaN(this.faultAt) ? this.startedAt : this.faultAt);
  }

  say(message: string): void {
    const clock = Number.isNaN(this.faultAt)
      ? `warm-up ${formatOffset(Date.now() - this.startedAt)}`
      : formatOffset(this.since(Date.now()));
    this.log(`[${clock}] ${message}`);
  }

  row(r: TimelineRow): void {
    this.rows.push(r);
    this.say(`${r.ok ? "pass" : "FAIL"}  ${r.event}${r.detail ? `: ${r.detail}` : ""}`);
  }

  mark(label: string, at = Date.now()): void {
    this.marks.push({ at, label });
  }

  fault(label: string): void {
    this.faultAt = Date.now();
    this.mark(label, this.faultAt);
    this.say(label);
  }

  /** POSTs to the demo service's admin API. */
  async post(pathAndQuery: string): Promise<void> {
    const res = await fetch(`${this.stack.serviceUrl()}${pathAndQuery}`, { method: "POST", signal: AbortSignal.timeout(10_000) });
    await res.text();
    if (!res.ok) throw new Error(`POST ${pathAndQuery}: HTTP ${res.status}`);
  }

  /** Polls `probe` until it returns a value or `until` (ms since the epoch) passes. */
  async waitFor<T>(
    probe: () => Promise<T | undefined> | T | undefined,
    until: number,
    everyMs = 2_000,
  ): Promise<{ value: T; at: number } | undefined> {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return { value, at: Date.now() };
      if (Date.now() >= until) return undefined;
      await sleep(Math.min(everyMs, Math.max(0, until - Date.now())));
    }
  }

  async sleepUntil(at: number): Promise<void> {
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /**
   * Whether Prometheus reports the alert firing for this service, from a sample written after
   * `since` (ms) when given: a restarted Prometheus still shows the old samples for a while.
   */
  async firing(alertname: string, extra = "", since?: number): Promise<boolean> {
    const series = naming.firingAlerts([], [`alertname="${alertname}"`, `${naming.label.service}="${this.service}"${extra}`]);
    const expr = since === undefined ? series : `timestamp(${series}) > ${since / 1000}`;
    const res = await query(this.stack.urls.prometheus, expr).catch(() => []);
    return res.length > 0;
  }

  /** Whether an alert of this service with `severity` is firing or pending in Prometheus (undefined: Prometheus did not answer). */
  async active(severity: string): Promise<boolean | undefined> {
    const res = await query(
      this.stack.urls.prometheus,
      `ALERTS{${naming.label.service}="${this.service}",${naming.label.severity}="${severity}"}`,
    ).catch(() => undefined);
    return res === undefined ? undefined : res.length > 0;
  }

  rule(alertname: string): AlertRule {
    const r = this.rules.find((x) => x.alert === alertname);
    if (r === undefined) throw new Error(`${this.service} has no ${alertname} alert in its rendered rules`);
    return r;
  }

  pageRules(): AlertRule[] {
    return this.rules.filter((r) => r.labels[naming.label.severity] === Severity.page);
  }

  /** Receivers the rendered routing picks for an alert of this service with `severity`. */
  receiversFor(alertname: string, severity: string): string[] {
    const file = this.stack.rendered.alertmanager?.path;
    if (file === undefined) return ["default"];
    return expectedReceivers(file, {
      alertname,
      [naming.label.namespace]: this.namespace,
      [naming.label.service]: this.service,
      [naming.label.team]: this.team,
      [naming.label.severity]: severity,
    });
  }

  /**
   * The timing of the route an alert of this service with `severity` takes, as the routing generator
   * sets it; the fallback configuration's root when the stack routes no alerts.
   */
  timing(severity: string): RouteTimingOf {
    const a = this.generated.stack.alerting;
    if (a !== undefined) {
      return expectedRoute(a, { alertname: naming.alert.errorRatio, [naming.label.team]: this.team, [naming.label.severity]: severity });
    }
    const root = this.stack.routes[0];
    if (root === undefined) throw new Error("the Alertmanager configuration has no route");
    return root;
  }

  /** Evaluation interval, ms. */
  get evalMs(): number {
    return durationMs(this.stack.rendered.evaluationInterval);
  }

  /** The service's scrape interval, ms. */
  get scrapeMs(): number {
    const monitor = this.stack.rendered.monitors.find((m) => m.name === this.service);
    return durationMs(monitor?.endpoints[0]?.interval ?? this.stack.rendered.scrapeInterval);
  }

  /** Slack on top of rule and route timing: a scrape, an evaluation and 15 s for delivery (60 s on the dev stack). */
  get slackMs(): number {
    return this.scrapeMs + this.evalMs + 15_000;
  }

  /** Undoes the fault: marks the moment, then runs `undo`. */
  async recover(label: string, undo: () => Promise<void>): Promise<number> {
    this.recoveredAt = Date.now();
    this.mark(label, this.recoveredAt);
    this.say(label);
    await undo();
    return this.recoveredAt;
  }

  /**
   * Steady traffic until the service's error ratio is recorded (the page alerts' inputs: the SLO
   * windows up to an hour and their minimum-events guard read raw series), and at least `minMs`
   * (four scrapes by default, what Grafana's $__rate_interval needs); records the row.
   */
  async warmUp(minMs = 4 * this.scrapeMs): Promise<void> {
    this.say(`warming up: steady traffic until the error ratio is recorded (at least ${Math.round(minMs / 1000)} s)`);
    const prom = this.stack.urls.prometheus;
    const seen = await this.waitFor(
      async () => (await query(prom, `${naming.record.errorRatio}{${this.selector}}`).catch(() => []))[0]?.values[0]?.[1],
      Date.now() + 3 * 60_000,
      1_000,
    );
    await this.sleepUntil(this.startedAt + minMs);
    const ok = seen !== undefined && seen.value === 0;
    const took = `after ${formatOffset(Date.now() - this.startedAt).slice(1)}`;
    // The fault follows at once, so "now" stands in for its time.
    this.rows.push({
      event: "steady traffic, no errors before the fault",
      atMs: seen === undefined ? undefined : seen.at - Date.now(),
      deadlineMs: undefined,
      ok,
      detail: seen === undefined ? "error ratio never recorded" : `error ratio ${seen.value}, recorded ${took}`,
    });
    this.say(`${ok ? "pass" : "FAIL"}  steady traffic recorded (error ratio ${seen?.value ?? "missing"}) ${took}`);
  }
}
