/**
 * promtool unit tests generated per SLO. Each scenario is a test group with its own input series,
 * run against the service's whole rule file (threshold, SLO, target and absent alerts together, as
 * Prometheus loads it); every claim's time and every count of pages comes from the model
 * (scenarios.ts), never from running the rules.
 * `promtool test rules <out>/prometheus/tests/*.yaml` runs them against the rendered rule files.
 */
import { naming, re2Matcher, Severity, SloKind, type PlatformConfig, type ServiceConfig, type SloConfig } from "../../config";
import { matcher, selector } from "../promql";
import type { AlertingRule } from "../types";
import { sloAlertingRules } from "./alerts";
import { num, sloMatchers, sloSeriesLabels } from "./recording";
import {
  eventsBetween,
  firstFiring,
  lastFiring,
  ModelMemo,
  NEVER_MARGIN,
  predict,
  thresholdModel,
  tierPeak,
  trafficMinutes,
  type Incident,
  type Lag,
  type Prediction,
  type SloScenarios,
  type ThresholdModel,
  type Traffic,
} from "./scenarios";
import { leSpellings } from "./sli";
import { activeTiers, budgetRatio, seconds, type BurnTier } from "./windows";

/** Input series resolution of the generated tests. */
export const TEST_SCRAPE_MINUTES = 1;

interface PromqlTest {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: readonly { labels: string; value: number }[];
}
interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
export interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly { series: string; values: string }[];
  readonly promql_expr_test?: readonly PromqlTest[];
  readonly alert_rule_test?: readonly AlertTest[];
}
export interface PromtoolTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly TestGroup[];
}

/**
 * What one generation of test files shares: the model's answers and the spelled input series, the
 * same for every service with the same traffic and SLO settings. Create one per render and pass it to
 * every {@link sloTestFile}.
 */
export class TestGeneration {
  readonly memo = new ModelMemo();

  /** A status the regex counts as bad and one it does not, preferring 500 and 200. */
  statusPair(regex: string): { bad: string; good: string } {
    return this.memo.remember(`status|${regex}`, () => findStatusPair(regex));
  }

  /** A counter's values (see {@link counterValues}), spelled once per shape. */
  counter(parts: readonly CounterPart[]): string {
    return this.memo.remember(`counter|${JSON.stringify(parts)}`, () => counterValues(parts));
  }

  /** The absent alerts of every SLO of a service (each SLO file's absent-series scenario expects them all). */
  absentRules(s: ServiceConfig): AlertingRule[] {
    return this.memo.remember(`absent|${s.namespace}/${s.name}`, () =>
      s.slos.flatMap((o) => sloAlertingRules(s, o).filter((r) => r.alert === naming.slo.absentAlert)),
    );
  }

  /** {@link notificationsExpr}, spelled once per service, severity, range and step (every SLO file and scenario of the service reuses it). */
  notifications(s: ServiceConfig, severity: string, minutes: number, step: string): string {
    return this.memo.remember(`notifications|${s.namespace}/${s.name}|${severity}|${minutes}|${step}`, () =>
      notificationsExpr(s, severity, minutes, step),
    );
  }
}

/** `m` minutes as a promtool duration (`90m`, `90m30s`). */
function at(minutes: number): string {
  const s = Math.round(minutes * 60);
  return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** A stretch of a counter: `minutes` samples rising by `increment`, restarting from zero every `restartEvery` samples. */
export interface CounterPart {
  readonly minutes: number;
  readonly increment: number;
  readonly restartEvery?: number;
}

/** A cumulative counter in promtool's expanding notation, one value per minute from 0. */
export function counterValues(perMinute: readonly CounterPart[]): string {
  const parts = ["0"];
  let v = 0;
  for (const seg of perMinute) {
    if (seg.minutes <= 0) continue;
    if (seg.restartEvery === undefined) {
      parts.push(`${num(v + seg.increment)}+${num(seg.increment)}x${seg.minutes - 1}`);
      v += seg.increment * seg.minutes;
      continue;
    }
    // A restarted process starts its counter from zero: the first scrape after a restart reads the
    // events since the restart, lower than before, which rate() and increase() take as a reset.
    for (let done = 0; done < seg.minutes; done += seg.restartEvery) {
      const n = Math.min(seg.restartEvery, seg.minutes - done);
      parts.push(`${num(seg.increment)}+${num(seg.increment)}x${n - 1}`);
      v = seg.increment * n;
    }
  }
  return parts.join(" ");
}

function findStatusPair(regex: string): { bad: string; good: string } {
  // RE2 as Prometheus compiles it; the spec has checked that it matches some statuses and not all.
  // Codes first; then the class and Micrometer outcome spellings, for the other status conventions.
  const codes = ["500", "200", ...Array.from({ length: 500 }, (_, i) => String(100 + i)), "5xx", "2xx", "SERVER_ERROR", "SUCCESS"];
  const matches = re2Matcher(regex);
  const bad = codes.find(matches);
  const good = codes.find((c) => !matches(c));
  if (bad === undefined || good === undefined) throw new Error(`status regex ${regex} matches every status or none`);
  return { bad, good };
}

/** Raw input series of one SLO's SLI for a traffic, one set per pod, and every pod's `up`. */
export function sliInputSeries(
  gen: TestGeneration,
  s: ServiceConfig,
  slo: SloConfig,
  traffic: Traffic,
): { series: string; values: string }[] {
  const pods = traffic.pods ?? 1;
  const count = (share: (seg: Traffic["segments"][number]) => number): string =>
    gen.counter(
      traffic.segments.map((seg) => ({
        minutes: seg.minutes,
        increment: (seg.perMinute * share(seg)) / pods,
        ...(seg.restartEvery !== undefined ? { restartEvery: seg.restartEvery } : {}),
      })),
    );
  const out: { series: string; values: string }[] = [];
  for (let p = 0; p < pods; p++) {
    const sel = pods === 1 ? naming.serviceMatchers(s) : `${naming.serviceMatchers(s)},pod="${s.name}-${p}"`;
    out.push({ series: selector("up", sel), values: `1+0x${trafficMinutes(traffic)}` });
    if (slo.kind === "availability") {
      const req = s.http.requests;
      const { bad, good } = gen.statusPair(slo.errorStatusRegex ?? req.errorStatusRegex);
      const goodValues = count((g) => 1 - g.errorRatio);
      const badValues = count((g) => g.errorRatio);
      out.push(
        { series: selector(req.metric, sel, matcher(req.statusLabel, "=", good)), values: goodValues },
        { series: selector(req.metric, sel, matcher(req.statusLabel, "=", bad)), values: badValues },
      );
      // Requests counted from the histogram's _count (OpenTelemetry, express-prom-bundle...): that _count is also the
      // total of the service's latency SLOs. Every request is fast here (each latency threshold's bucket and +Inf hold
      // the whole count), so those SLOs judge this scenario as all good and only this SLO's alerts are under test.
      const h = s.http.duration.metric;
      if (req.metric === `${h}_count`) {
        const les = [...new Set(s.slos.flatMap((o) => (o.kind === "latency" ? [leSpellings(o.latencyThreshold ?? 0)[0] ?? ""] : [])))];
        for (const le of [...les, "+Inf"]) {
          out.push(
            {
              series: selector(`${h}_bucket`, sel, matcher(req.statusLabel, "=", good), matcher(naming.label.le, "=", le)),
              values: goodValues,
            },
            {
              series: selector(`${h}_bucket`, sel, matcher(req.statusLabel, "=", bad), matcher(naming.label.le, "=", le)),
              values: badValues,
            },
          );
        }
      }
    } else {
      const h = s.http.duration.metric;
      const le = leSpellings(slo.latencyThreshold ?? 0)[0] ?? "";
      out.push(
        { series: selector(`${h}_bucket`, sel, matcher(naming.label.le, "=", le)), values: count((g) => 1 - g.slowRatio) },
        { series: selector(`${h}_count`, sel), values: count(() => 1) },
      );
    }
  }
  return out;
}

/** Minutes between two samples of a probe SLO's input: the probe's interval. */
function probeStepMinutes(s: ServiceConfig): number {
  return (s.probe?.interval.seconds ?? 60) / 60;
}

/** One value per sample in promtool's expanding notation: a run of `n` equal values is `v+0x(n-1)`. */
function gaugeValues(runs: readonly { value: number; samples: number }[]): string {
  return runs
    .filter((r) => r.samples > 0)
    .map((r) => `${num(r.value)}+0x${r.samples - 1}`)
    .join(" ");
}

/**
 * A probe SLO's input: the service's `up` and the probe's `probe_success` with the labels the operator gives
 * a Probe's series (its job, the target URL as `instance`, the Probe's namespace and static labels), one
 * sample per probe interval: an answered probe first (t = 0), then each stretch's probes, 1 answered, 0 failed.
 */
export function probeInputSeries(platform: PlatformConfig, s: ServiceConfig, traffic: Traffic): { series: string; values: string }[] {
  const step = probeStepMinutes(s);
  const samples = Math.round(trafficMinutes(traffic) / step);
  const labels = [
    matcher(naming.label.instance, "=", s.probe?.url ?? ""),
    matcher(naming.label.job, "=", naming.probe.jobName(s)),
    matcher(naming.label.namespace, "=", platform.namespace),
    matcher(naming.label.service, "=", s.name),
    matcher(naming.label.team, "=", s.team),
  ];
  const runs = [
    { value: 1, samples: 1 },
    ...traffic.segments.map((g) => ({ value: 1 - g.errorRatio, samples: Math.round(g.minutes / step) })),
  ];
  return [
    { series: selector("up", naming.serviceMatchers(s)), values: `1+0x${samples}` },
    { series: selector("probe_success", ...labels), values: gaugeValues(runs) },
  ];
}

function alertsOf(s: ServiceConfig, ...extra: string[]): string {
  return naming.firingAlerts([naming.serviceMatchers(s)], extra);
}
const tierMatcher = (t: BurnTier): string => matcher(naming.slo.tierLabel, "=", t.name);
const burning = matcher("alertname", "=", naming.slo.burnAlert);
const sloIs = (slo: SloConfig): string => matcher(naming.slo.label, "=", slo.name);

/**
 * Alerts of a service that reach the receivers of `severity`, as Alertmanager's inhibitions let them
 * (alerting/inhibition.ts): an SLO tier while no faster tier of its SLO fires, any other alert while
 * no SLO page of the service fires, a ticket while no page does. `offset` shifts every selector (to
 * find where an alert starts).
 */
export function deliveredAlerts(s: ServiceConfig, severity: string, offset = ""): string {
  const on = `on (${naming.label.namespace}, ${naming.label.job})`;
  const sev = matcher(naming.label.severity, "=", severity);
  const sloPage = `${alertsOf(s, burning, matcher(naming.label.severity, "=", Severity.page))}${offset}`;
  const tiers = naming.slo.tiers.map((tier, i) => {
    const own = `${alertsOf(s, burning, sev, matcher(naming.slo.tierLabel, "=", tier))}${offset}`;
    const faster = naming.slo.tiers.slice(0, i);
    const inhibited =
      faster.length === 0
        ? own
        : `(${own} unless on (${naming.label.namespace}, ${naming.label.job}, ${naming.slo.label}) ${alertsOf(s, burning, matcher(naming.slo.tierLabel, "=~", faster.join("|")))}${offset})`;
    return severity === Severity.page ? inhibited : `(${inhibited} unless ${on} ${sloPage})`;
  });
  // The absent alert of another SLO fires in every test (its series are not in the input): not counted.
  const others = `(${alertsOf(s, matcher("alertname", "!~", `${naming.slo.burnAlert}|${naming.slo.absentAlert}`), sev)}${offset} unless ${on} ${sloPage})`;
  return [...tiers, others].join(" or ");
}

/** Notifications to `severity` receivers over the last `minutes`: rising edges of {@link deliveredAlerts} on the evaluation grid. */
export function notificationsExpr(s: ServiceConfig, severity: string, minutes: number, step: string): string {
  return `sum(sum_over_time(((${deliveredAlerts(s, severity)}) unless (${deliveredAlerts(s, severity, ` offset ${step}`)}))[${at(minutes)}:${step}]))`;
}

/** What a scenario's claims need: the service, the SLO, the evaluation step and the model's two bounds. */
interface Ctx {
  readonly gen: TestGeneration;
  readonly platform: PlatformConfig;
  readonly s: ServiceConfig;
  readonly slo: SloConfig;
  readonly evalMinutes: number;
  /** Minutes between two input samples: {@link TEST_SCRAPE_MINUTES}, or a probe SLO's probe interval. */
  readonly scrapeMinutes: number;
  /** The same as the input series' `interval`. */
  readonly scrapeInterval: string;
  readonly step: string;
  readonly th: ThresholdModel | undefined;
  /** Whether the model knows every page and ticket of the file for this SLO's input (else no count is claimed). */
  readonly countsKnown: boolean;
}

function bounds(c: Ctx, traffic: Traffic): { late: Prediction; early: Prediction } {
  const lag = (lagged: boolean): Lag => ({ lagged, scrapeMinutes: lagged ? c.scrapeMinutes : 0, evalMinutes: c.evalMinutes });
  return {
    late: predict(c.gen.memo, traffic, c.s, c.slo, c.th, lag(true)),
    early: predict(c.gen.memo, traffic, c.s, c.slo, c.th, lag(false)),
  };
}

/** Claims about one tier in one scenario, from the model. */
function tierClaims(c: Ctx, traffic: Traffic, t: BurnTier, from: number): PromqlTest[] {
  const end = trafficMinutes(traffic);
  const firing = `count(${alertsOf(c.s, sloIs(c.slo), burning, tierMatcher(t))})`;
  const { late, early } = bounds(c, traffic);
  const expected = firstFiring(late, t.name, from);
  if (expected !== undefined) {
    const out: PromqlTest[] = [{ expr: firing, eval_time: at(expected + c.evalMinutes), exp_samples: [{ labels: "{}", value: 1 }] }];
    const earliest = firstFiring(early, t.name, from);
    // Not before the formulas allow, with one scrape and one evaluation of slack.
    if (earliest !== undefined && earliest - c.scrapeMinutes - c.evalMinutes > from) {
      out.push({ expr: firing, eval_time: at(earliest - c.scrapeMinutes - c.evalMinutes), exp_samples: [] });
    }
    return out;
  }
  if (firstFiring(early, t.name, 0) === undefined && tierPeak(c.gen.memo, traffic, c.slo, t) < NEVER_MARGIN) {
    return [
      {
        expr: `count(max_over_time(${alertsOf(c.s, sloIs(c.slo), burning, tierMatcher(t))}[${at(end)}]))`,
        eval_time: at(end),
        exp_samples: [],
      },
    ];
  }
  return []; // Too close to the threshold for the model to promise either way.
}

/**
 * Steps one notification count may span: promtool's engine loads at most 10,000 samples per query,
 * and the count reads every alert of the service at every step of its range.
 */
const COUNT_STEPS = 480;

/**
 * Claims on the notifications of the whole rule file over a traffic: page (and ticket) notifications
 * as Alertmanager would send them, counted in stretches of {@link COUNT_STEPS} evaluations, where the
 * model's earliest and latest bounds agree on the count of the stretch.
 */
function notificationClaims(c: Ctx, traffic: Traffic, what: readonly ("pages" | "tickets")[]): PromqlTest[] {
  if (!c.countsKnown) return [];
  const end = trafficMinutes(traffic);
  const chunk = COUNT_STEPS * c.evalMinutes;
  const { late, early } = bounds(c, traffic);
  return what.flatMap((w): PromqlTest[] => {
    const severity = w === "pages" ? Severity.page : Severity.ticket;
    const out: PromqlTest[] = [];
    for (let to = end; to > 0; to -= chunk) {
      const from = Math.max(0, to - chunk);
      const within = (edges: readonly number[]): number => edges.filter((x) => x > from + 1e-9 && x <= to + 1e-9).length;
      const n = within(late[w]);
      if (n !== within(early[w])) continue;
      out.unshift({
        // The subquery's range includes its left end: one step short, so stretches do not overlap.
        expr: c.gen.notifications(c.s, severity, to - from - c.evalMinutes, c.step),
        eval_time: at(to),
        exp_samples: n === 0 ? [] : [{ labels: "{}", value: n }],
      });
    }
    return out;
  });
}

/**
 * Evaluations a scenario may last: promtool loads at most 10,000 samples a query, and it records the
 * 5m counts at every evaluation (ignoring the count group's interval), which the period's budget sums.
 */
const MAX_EVALUATIONS = 9000;

/** Whether promtool can run a traffic at this evaluation interval (a 5s drill stack cannot run 17 hours). */
function fits(c: Ctx, traffic: Traffic): boolean {
  return trafficMinutes(traffic) / c.evalMinutes <= MAX_EVALUATIONS;
}

function scenarioGroup(c: Ctx, name: string, traffic: Traffic, tests: PromqlTest[]): TestGroup {
  const input = c.slo.kind === SloKind.probe ? probeInputSeries(c.platform, c.s, traffic) : sliInputSeries(c.gen, c.s, c.slo, traffic);
  return { name, interval: c.scrapeInterval, input_series: input, promql_expr_test: tests };
}

function expand(text: string, s: ServiceConfig): string {
  return text.replace(/\{\{ \$labels\.job \}\}/g, s.name).replace(/\{\{ \$labels\.namespace \}\}/g, s.namespace);
}

/** A page tier's claims after an incident: fires by the predicted time, resolves by the predicted reset (short window, hold), and no page tier starts after the incident or fires after the reset. */
function resetClaims(c: Ctx, inc: Incident, tier: BurnTier): PromqlTest[] {
  const tests = tierClaims(c, inc.traffic, tier, inc.start);
  if (tests[0]?.exp_samples.length !== 1) return tests;
  const { late } = bounds(c, inc.traffic);
  const last = lastFiring(late, tier.name);
  const end = trafficMinutes(inc.traffic);
  if (last === undefined || last + 2 * c.evalMinutes >= end) return tests;
  const reset = last + c.evalMinutes;
  const firing = `count(${alertsOf(c.s, sloIs(c.slo), burning, tierMatcher(tier))})`;
  const pages = alertsOf(c.s, sloIs(c.slo), burning, matcher(naming.label.severity, "=", Severity.page));
  const fired = firstFiring(late, tier.name, inc.start);
  if (fired !== undefined && fired + c.evalMinutes <= inc.end) {
    tests.push({ expr: firing, eval_time: at(inc.end), exp_samples: [{ labels: "{}", value: 1 }] });
  }
  tests.push({ expr: firing, eval_time: at(reset), exp_samples: [] });
  tests.push({
    expr: `count(sum_over_time((${pages} unless ${pages} offset ${c.step})[${at(end - inc.end)}:${c.step}]))`,
    eval_time: at(end),
    exp_samples: [],
  });
  tests.push({ expr: `count(max_over_time(${pages}[${at(end - reset)}]))`, eval_time: at(end), exp_samples: [] });
  return tests;
}

/**
 * What the rules of an SLO's test file do under the scenarios' input, as a key: two SLOs with the same
 * key get the same answers from every scenario (the same alerts fire at the same minutes, the same
 * notifications), whatever their names. So one file of a generation runs the whole suite for them
 * (see {@link sloTestFile}'s `fullSuiteIn`). What the input reaches decides what is in it:
 * - the SLO and the other SLOs of its kind (their alerts read the same input; their names and
 *   descriptions change no answer);
 * - how requests and statuses are read (source, status convention, error regex, name style) and,
 *   where requests are a histogram's `_count`, the latency SLOs' thresholds and the latency alert
 *   (their buckets then get the input too);
 * - a latency SLO's threshold spelling (the bucket the input writes);
 * - for an availability SLO, the error-ratio alert (it reads the same counter);
 * - the evaluation interval.
 * Left out, because the input never reaches them: SLOs of the other kind (their series are absent and
 * their absent alert is not counted), the latency alert of a counter-based service (the input has no
 * complete histogram), the target and probe alerts (`up` is 1 throughout, probe series only in a probe SLO's
 * input, whose file always runs its whole suite), and every
 * name, label, selector, port, path, scrape setting and dashboard.
 */
export function sloTestShape(platform: PlatformConfig, s: ServiceConfig, slo: SloConfig): string {
  const unnamed = (o: SloConfig): Omit<SloConfig, "name" | "description"> => {
    const { name: _name, description: _description, ...rest } = o;
    return rest;
  };
  const { metric, statusLabel: _status, routeLabel: _route, methodLabel: _method, ...requests } = s.http.requests;
  const histogramCounted = metric === `${s.http.duration.metric}_count`;
  const sameKind = s.slos.filter((o) => o.kind === slo.kind);
  return JSON.stringify({
    evaluationInterval: platform.prometheus.evaluationInterval.seconds,
    slo: sameKind.indexOf(slo),
    slos: sameKind.map(unnamed),
    requests: { ...requests, names: s.http.names, histogramCounted },
    le: slo.kind === SloKind.latency ? leSpellings(slo.latencyThreshold ?? 0)[0] : undefined,
    histogram: histogramCounted
      ? {
          latency: s.slos.filter((o) => o.kind === SloKind.latency).map((o) => leSpellings(o.latencyThreshold ?? 0)[0]),
          alert: s.alerts.latency,
        }
      : undefined,
    errorRatio: slo.kind === SloKind.availability ? s.alerts.errorRatio : undefined,
    // A probe SLO's input is sampled at the probe's interval.
    probe: slo.kind === SloKind.probe ? s.probe?.interval.seconds : undefined,
  });
}

/**
 * The promtool test file of one SLO: the scenarios of the issue, each claim timed and counted by the model.
 * With `fullSuiteIn` (the file of another SLO with the same {@link sloTestShape}, which runs every
 * scenario), only the scenarios that prove this service's own series reach its alerts: the total
 * outage (fires, resets, one page), zero traffic, absent series and the recorded ratio of uneven traffic.
 */
export function sloTestFile(
  platform: PlatformConfig,
  s: ServiceConfig,
  slo: SloConfig,
  gen = new TestGeneration(),
  fullSuiteIn?: string,
): PromtoolTestFile {
  const evalMinutes = platform.prometheus.evaluationInterval.seconds / 60;
  const step = platform.prometheus.evaluationInterval.text;
  const ruleFiles = [`../rules/${naming.ruleFileName(s)}`];
  if (slo.kind === SloKind.probe) {
    // The probe's samples only reach the rules: no request input, so no threshold alert of the service can fire.
    // Its suite is small, so every probe SLO file runs the whole of it.
    const c: Ctx = {
      ...{ gen, platform, s, slo, evalMinutes, step, th: undefined, countsKnown: true },
      scrapeMinutes: probeStepMinutes(s),
      scrapeInterval: s.probe?.interval.text ?? `${TEST_SCRAPE_MINUTES}m`,
    };
    return { rule_files: ruleFiles, evaluation_interval: step, tests: probeGroups(c) };
  }
  const sc = gen.memo.sloScenarios(slo);
  const req = s.http.requests;
  const th = thresholdModel(s, slo, gen.statusPair(slo.errorStatusRegex ?? req.errorStatusRegex).bad);
  // The error-ratio alert reads the request counter: the model knows it when it models it, or when it cannot fire here
  // (disabled, a latency SLO's input has no request counter, or the bad status is not one it counts).
  const countsKnown =
    th !== undefined ||
    !s.alerts.errorRatio.enabled ||
    slo.kind !== "availability" ||
    !new RegExp(`^(?:${req.errorStatusRegex})$`).test(gen.statusPair(slo.errorStatusRegex ?? req.errorStatusRegex).bad);
  const c: Ctx = {
    ...{ gen, platform, s, slo, evalMinutes, step, th, countsKnown },
    scrapeMinutes: TEST_SCRAPE_MINUTES,
    scrapeInterval: `${TEST_SCRAPE_MINUTES}m`,
  };
  const fast = activeTiers(slo).find((t) => t.severity === Severity.page);
  const groups: TestGroup[] = [];
  // Total outage: the fastest page fires by the predicted time and resets by the predicted time after
  // recovery (its short window, then its hold); no page tier starts after the outage or fires after
  // the reset (Alertmanager's inhibition of the slower tiers ends with the fast page); one page.
  const outage =
    "total outage: the fast page fires by the predicted time, resets after recovery and its hold, and no page tier fires after it; one page";
  groups.push(
    scenarioGroup(
      c,
      fullSuiteIn === undefined ? outage : `${outage} (the other scenarios of these settings run in ${fullSuiteIn})`,
      sc.outage.traffic,
      [...(fast ? resetClaims(c, sc.outage, fast) : []), ...notificationClaims(c, sc.outage.traffic, ["pages"])],
    ),
  );
  if (fullSuiteIn === undefined) scenarioGroups(c, sc, groups);
  finalGroups(c, sc, groups);
  return { rule_files: ruleFiles, evaluation_interval: step, tests: groups };
}

/** The scenarios after the outage that only the file running the whole suite of its settings has. */
function scenarioGroups(c: Ctx, sc: SloScenarios, groups: TestGroup[]): void {
  const tiers = activeTiers(c.slo);
  const pageTiers = tiers.filter((t) => t.severity === Severity.page);
  const fast = pageTiers[0];
  const claimsFor = (inc: Incident, list: readonly BurnTier[]): PromqlTest[] =>
    list.flatMap((t) => tierClaims(c, inc.traffic, t, inc.start));
  const slowPage = pageTiers[1];
  groups.push(
    scenarioGroup(c, "10x burn: the 6h page tier fires by the predicted time once 5% of the budget is spent; one page", sc.burn10.traffic, [
      ...(slowPage ? tierClaims(c, sc.burn10.traffic, slowPage, sc.burn10.start) : []),
      ...(fast ? tierClaims(c, sc.burn10.traffic, fast, sc.burn10.start) : []),
      ...notificationClaims(c, sc.burn10.traffic, ["pages"]),
    ]),
  );
  groups.push(
    scenarioGroup(c, "2x burn for 4h on a young service: no page, no ticket before 10% of the budget is spent", sc.burn2.traffic, [
      ...tiers.filter((t) => t.severity !== Severity.page).flatMap((t) => tierClaims(c, sc.burn2.traffic, t, sc.burn2.start)),
      ...claimsFor(sc.burn2, pageTiers),
      ...notificationClaims(c, sc.burn2.traffic, ["pages"]),
    ]),
  );
  groups.push(
    scenarioGroup(c, "10-minute blip at 2%: no page from any alert of the service", sc.blip.traffic, [
      ...claimsFor(sc.blip, pageTiers),
      ...notificationClaims(c, sc.blip.traffic, ["pages"]),
    ]),
  );
  groups.push(
    scenarioGroup(c, "flapping incident, 20% bad 5m on and 10m off for 2h: one page, held between the bursts", sc.flapping.traffic, [
      ...(fast ? tierClaims(c, sc.flapping.traffic, fast, sc.flapping.start) : []),
      ...notificationClaims(c, sc.flapping.traffic, ["pages"]),
    ]),
  );
  groups.push(
    scenarioGroup(
      c,
      "crash-looping pods, counters restarting during a total outage: the fast page as fast, one page",
      sc.crashLoop.traffic,
      [...(fast ? resetClaims(c, sc.crashLoop, fast) : []), ...notificationClaims(c, sc.crashLoop.traffic, ["pages"])],
    ),
  );
  groups.push(
    scenarioGroup(c, "low traffic, 10 a minute, total outage: pages as predicted", sc.lowTraffic.traffic, [
      ...(fast ? tierClaims(c, sc.lowTraffic.traffic, fast, sc.lowTraffic.start) : []),
      ...notificationClaims(c, sc.lowTraffic.traffic, ["pages"]),
    ]),
  );
  groups.push(
    scenarioGroup(
      c,
      "trickle traffic, 1 a minute, total outage: the fast page's events guard holds, the 6h tier pages as predicted",
      sc.trickle.traffic,
      [...claimsFor(sc.trickle, pageTiers), ...notificationClaims(c, sc.trickle.traffic, ["pages"])],
    ),
  );
  groups.push(
    scenarioGroup(c, "young service, 6h of history, 30s of total failure: neither page nor ticket", sc.young.traffic, [
      ...claimsFor(sc.young, tiers),
      ...notificationClaims(c, sc.young.traffic, ["pages", "tickets"]),
    ]),
  );
  if (fits(c, sc.slowDay.traffic))
    groups.push(
      scenarioGroup(c, "slow burn at 5x for 16h: the 1d ticket once 10% of the budget is spent, never a page", sc.slowDay.traffic, [
        ...claimsFor(sc.slowDay, tiers),
        ...notificationClaims(c, sc.slowDay.traffic, ["pages", "tickets"]),
      ]),
    );
  groups.push(
    scenarioGroup(c, "bad deploy, 5% bad for 3 minutes and rolled back: pages as predicted", sc.deploy.traffic, [
      ...claimsFor(sc.deploy, pageTiers),
      ...notificationClaims(c, sc.deploy.traffic, ["pages"]),
    ]),
  );
}

/** Zero traffic, absent series and uneven traffic: every file has them (they read the service's own series). */
function finalGroups(c: Ctx, sc: SloScenarios, groups: TestGroup[]): void {
  const { s, slo } = c;
  // Zero traffic: no alert of this SLO at all (no NaN, no absent alert).
  {
    const { traffic } = sc.zero;
    const end = trafficMinutes(traffic);
    groups.push(
      scenarioGroup(c, "zero traffic: nothing fires", traffic, [
        { expr: `count(max_over_time(${alertsOf(s, sloIs(slo))}[${at(end)}]))`, eval_time: at(end), exp_samples: [] },
      ]),
    );
  }
  groups.push(absentGroup(c));
  // Uneven traffic: the recorded long window is the traffic-weighted ratio; an average of ratios is far off.
  {
    const { traffic, window } = sc.uneven;
    const end = trafficMinutes(traffic);
    const { bad, total } = eventsBetween(traffic, slo.kind, end - seconds(window) / 60, end);
    const exact = num(bad / total);
    const m = sloMatchers(s, slo);
    const labels = `{${Object.entries(sloSeriesLabels(s, slo))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(", ")}}`;
    const one = [{ labels, value: 1 }];
    groups.push(
      scenarioGroup(c, `uneven traffic: the ${window} ratio is within 1% of the exact ratio, an average of ratios is not`, traffic, [
        {
          expr: `abs(${selector(naming.slo.record.errorRatio(window), m)} / ${exact} - 1) < bool 0.01`,
          eval_time: at(end),
          exp_samples: one,
        },
        {
          expr: `abs((1 - ${selector(naming.slo.record.budgetRemaining, m)}) * ${num(budgetRatio(slo.objective))} / ${exact} - 1) < bool 0.01`,
          eval_time: at(end),
          exp_samples: one,
        },
        {
          expr: `abs(avg_over_time(${selector(naming.slo.record.errorRatio("5m"), m)}[${window}]) / ${exact} - 1) > bool 0.5`,
          eval_time: at(end),
          exp_samples: one,
        },
      ]),
    );
  }
}

/** Absent series: the absent alert of every SLO of the service fires after its `for`, with its labels and annotations. */
function absentGroup(c: Ctx): TestGroup {
  const { s, slo } = c;
  const absentRules = c.gen.absentRules(s);
  const forMinutes = seconds(absentRules[0]?.for ?? "10m") / 60;
  const absentFiring = `count(${alertsOf(s, sloIs(slo), matcher("alertname", "=", naming.slo.absentAlert))})`;
  return {
    name: "absent series: the absent alert fires",
    interval: `${TEST_SCRAPE_MINUTES}m`,
    input_series: [{ series: selector("up", naming.serviceMatchers(s)), values: `1+0x${forMinutes + 5}` }],
    promql_expr_test: [
      { expr: absentFiring, eval_time: at(forMinutes - 1), exp_samples: [] },
      { expr: absentFiring, eval_time: at(forMinutes + 1), exp_samples: [{ labels: "{}", value: 1 }] },
    ],
    // Every SLO of the service measures absent series here, so every absent alert of the service fires.
    alert_rule_test: [
      {
        eval_time: at(forMinutes + 1),
        alertname: naming.slo.absentAlert,
        exp_alerts: absentRules.map((r) => ({
          exp_labels: { ...r.labels, [naming.label.job]: s.name, [naming.label.namespace]: s.namespace },
          exp_annotations: Object.fromEntries(Object.entries(r.annotations).map(([k, v]) => [k, expand(v, s)])),
        })),
      },
    ],
  };
}

/**
 * The groups of a probe SLO: a probe that fails for ten minutes pages by the predicted time and resets after
 * recovery; flapping probes page once; one failed probe after six hours pages and tickets no one; absent series.
 */
function probeGroups(c: Ctx): TestGroup[] {
  const sc = c.gen.memo.probeScenarios(c.scrapeMinutes);
  const tiers = activeTiers(c.slo);
  const fast = tiers.find((t) => t.severity === Severity.page);
  return [
    scenarioGroup(
      c,
      "probe fails for 10 minutes: the fast page fires by the predicted time, resets after recovery and its hold; one page",
      sc.outage.traffic,
      [...(fast ? resetClaims(c, sc.outage, fast) : []), ...notificationClaims(c, sc.outage.traffic, ["pages"])],
    ),
    scenarioGroup(c, "probe fails 5 minutes on and 10 off for 2h: one page, held between the bursts", sc.flapping.traffic, [
      ...(fast ? tierClaims(c, sc.flapping.traffic, fast, sc.flapping.start) : []),
      ...notificationClaims(c, sc.flapping.traffic, ["pages"]),
    ]),
    scenarioGroup(c, "one failed probe after 6h of good ones: neither page nor ticket", sc.young.traffic, [
      ...tiers.flatMap((t) => tierClaims(c, sc.young.traffic, t, sc.young.start)),
      ...notificationClaims(c, sc.young.traffic, ["pages", "tickets"]),
    ]),
    absentGroup(c),
  ];
}

/** Path of an SLO's test file under the output directory. */
export function sloTestPath(s: ServiceConfig, slo: SloConfig): string {
  return `prometheus/tests/${naming.sloTestFileName(s.name, slo.name)}`;
}
