/**
 * Traffic scenarios and the model that predicts, from the formulas alone, when each alert of a
 * service's rule file fires and how many pages reach the pager. The generated promtool tests and the
 * alert benchmark both use them; the model never runs the rules. Answers are remembered in a
 * {@link ModelMemo} that one generation creates and passes along (no module-level cache).
 */
import { Severity, THRESHOLD_GATE_BUDGET_SHARE, tierBurnFactor, type ServiceConfig, type SloConfig } from "../../config";
import {
  activeTiers,
  budgetRatio,
  burnFactor,
  COUNT_WINDOW,
  coverageStep,
  fasterPageTiers,
  isRawWindow,
  seconds,
  type BurnTier,
} from "./windows";

/** A stretch of steady traffic. */
export interface Segment {
  readonly minutes: number;
  /** Requests per minute. */
  readonly perMinute: number;
  /** Share of requests that fail (5xx). */
  readonly errorRatio: number;
  /** Share of requests slower than the latency threshold. */
  readonly slowRatio: number;
  /** Pods crash-loop: every pod's counters restart from zero every this many minutes; none when absent. */
  readonly restartEvery?: number;
}

/** Traffic from t = 0, one sample per minute, spread over `pods` pods (1 when absent). */
export interface Traffic {
  readonly segments: readonly Segment[];
  readonly pods?: number;
}

export function steady(minutes: number, perMinute: number, errorRatio = 0, slowRatio = 0): Segment {
  return { minutes, perMinute, errorRatio, slowRatio };
}

export function trafficMinutes(t: Traffic): number {
  return t.segments.reduce((n, s) => n + s.minutes, 0);
}

/** Bad share of a segment for an SLO kind. */
export function badShare(seg: Segment, kind: SloConfig["kind"]): number {
  // A failed probe is an error, as a failed request is.
  return kind === "latency" ? seg.slowRatio : seg.errorRatio;
}

/** Exact bad and total events in the minutes (from, to], clipped to the traffic. */
export function eventsBetween(t: Traffic, kind: SloConfig["kind"], from: number, to: number): { bad: number; total: number } {
  let start = 0;
  let bad = 0;
  let total = 0;
  for (const seg of t.segments) {
    const end = start + seg.minutes;
    const overlap = Math.max(0, Math.min(end, to) - Math.max(start, from));
    total += overlap * seg.perMinute;
    bad += overlap * seg.perMinute * badShare(seg, kind);
    start = end;
  }
  return { bad, total };
}

/** Exact error ratio over a window ending at minute `at` (undefined without events). */
export function windowRatio(t: Traffic, kind: SloConfig["kind"], at: number, windowMinutes: number): number | undefined {
  const { bad, total } = eventsBetween(t, kind, at - windowMinutes, at);
  return total > 0 ? bad / total : undefined;
}

/** How the model bounds the rules: `lagged` delays every window by its lag (latest possible), else none (earliest). */
export interface Lag {
  readonly lagged: boolean;
  readonly scrapeMinutes: number;
  readonly evalMinutes: number;
}

/**
 * How far behind the model a recorded window may lag: raw windows by one scrape (the input
 * interval, 1m); windows summed from overlapping 5m counts weigh the latest 5m partly, so up to 5m.
 */
function lagMinutes(window: string, scrapeMinutes: number): number {
  return isRawWindow(window) || window === COUNT_WINDOW ? scrapeMinutes : seconds(COUNT_WINDOW) / 60;
}

/** A tier's numbers, worked out once per prediction rather than at every grid minute. */
interface TierNumbers {
  readonly threshold: number;
  readonly page: boolean;
  readonly windows: readonly {
    readonly minutes: number;
    readonly shift: number;
    readonly counted: boolean;
    readonly coverage: CoverageNumbers;
  }[];
  readonly guard: GuardNumbers;
}

interface CoverageNumbers {
  readonly raw: boolean;
  readonly oldest: number;
  readonly span: number;
}

interface GuardNumbers {
  readonly minutes: number;
  readonly raw: boolean;
}

function coverageNumbers(window: string, lag: Lag): CoverageNumbers {
  if (isRawWindow(window)) return { raw: true, oldest: 0, span: 1 };
  const step = seconds(coverageStep(window)) / 60;
  const oldest = lag.lagged ? Math.ceil((lag.scrapeMinutes + lag.evalMinutes) / step) * step : 0;
  return { raw: false, oldest, span: seconds(window) / 60 - step };
}

/**
 * Share of a counted long window that holds data at minute `at`, as the rules compute it (the oldest
 * 5m count found by a subquery on a grid of `coverageStep`, over the window less one step). Earliest:
 * as if the oldest count were at 0; latest: at the first grid step after the first count (one scrape
 * and one evaluation in).
 */
function coverageAt(c: CoverageNumbers, at: number): number {
  return c.raw ? 1 : Math.max(0, Math.min(1, (at - c.oldest) / c.span));
}

function tierNumbers(slo: SloConfig, tier: BurnTier, lag: Lag): TierNumbers {
  return {
    threshold: burnFactor(tier, slo.period.seconds) * budgetRatio(slo.objective),
    page: tier.severity === Severity.page,
    windows: [tier.long, tier.short].map((w) => ({
      minutes: seconds(w) / 60,
      shift: lag.lagged ? lagMinutes(w, lag.scrapeMinutes) : 0,
      counted: w === tier.long,
      coverage: coverageNumbers(w, lag),
    })),
    guard: { minutes: seconds(tier.long) / 60, raw: isRawWindow(tier.long) },
  };
}

/** Whether a tier's condition holds at minute `at`, per the formulas. */
function holdsAt(t: Traffic, slo: SloConfig, n: TierNumbers, at: number): boolean {
  for (const w of n.windows) {
    const r = windowRatio(t, slo.kind, at - w.shift, w.minutes);
    const scale = w.counted ? coverageAt(w.coverage, at) : 1;
    if (r === undefined || !(r * scale > n.threshold)) return false;
  }
  if (n.page && eventsGuard(t, slo.kind, n.guard, at) < slo.minEvents) return false;
  return true;
}

/**
 * Events the page guard counts in a window: raw windows count them; counted windows average the 5m
 * counts over the data there is and multiply by the window's steps, so a young service's count is
 * extrapolated to the whole window.
 */
function eventsGuard(t: Traffic, kind: SloConfig["kind"], g: GuardNumbers, at: number): number {
  const { minutes } = g;
  const { total } = eventsBetween(t, kind, at - minutes, at);
  if (g.raw) return total;
  const held = Math.min(at, minutes);
  return held > 0 ? (total / held) * minutes : 0;
}

/** A tier is claimed never to fire only when its weaker window stays below this share of its threshold. */
export const NEVER_MARGIN = 0.8;

/** One alert's firing minutes on the evaluation grid, from its condition, `for` and hold (Prometheus' state machine). */
export function firingMinutes(condition: readonly boolean[], grid: readonly number[], forMinutes: number, holdMinutes: number): boolean[] {
  let activeSince: number | undefined;
  let firing = false;
  let falseSince: number | undefined;
  return grid.map((at, i) => {
    if (condition[i]) {
      falseSince = undefined;
      activeSince ??= at;
      if (at - activeSince >= forMinutes) firing = true;
      return firing;
    }
    if (firing && holdMinutes > 0) {
      falseSince ??= at;
      if (at - falseSince < holdMinutes) return true;
    }
    activeSince = undefined;
    falseSince = undefined;
    firing = false;
    return false;
  });
}

/** Grid minutes of the rising edges of a firing sequence: each a separate notification. */
export function risingEdges(firing: readonly boolean[], grid: readonly number[]): number[] {
  return grid.filter((_, i) => (firing[i] ?? false) && !(firing[i - 1] ?? false));
}

/** What the model predicts for one SLO's tiers and the service's threshold alert over a traffic, on one evaluation grid. */
export interface Prediction {
  readonly grid: readonly number[];
  /** Firing per active tier, by name. */
  readonly tiers: ReadonlyMap<string, readonly boolean[]>;
  /** Page notifications at the pager, by grid minute: each alert's episodes while nothing that inhibits it fires. */
  readonly pages: readonly number[];
  /** Ticket notifications (while no page of the service fires), by grid minute. */
  readonly tickets: readonly number[];
  /** The threshold alert's firing, when the model knows it (an availability SLO whose bad status it counts). */
  readonly threshold: readonly boolean[] | undefined;
}

/** The service's error-ratio threshold alert as the model sees it: its condition over a traffic. */
export interface ThresholdModel {
  readonly threshold: number;
  readonly forMinutes: number;
  readonly severity: string;
  /** Gated on the SLOs' budget (the service has an availability SLO). */
  readonly gated: boolean;
}

/** The error-ratio alert of a service for the model; undefined when the test's bad status is not one the alert counts. */
export function thresholdModel(s: ServiceConfig, slo: SloConfig, badStatus: string): ThresholdModel | undefined {
  const a = s.alerts.errorRatio;
  if (!a.enabled || slo.kind !== "availability") return undefined;
  if (!new RegExp(`^(?:${s.http.requests.errorStatusRegex})$`).test(badStatus)) return undefined;
  // Gated by every availability SLO; the model knows only this one, so only a service with one.
  const availability = s.slos.filter((o) => o.kind === "availability");
  if (availability.length !== 1) return undefined;
  return { threshold: a.threshold, forMinutes: a.for.seconds / 60, severity: a.severity, gated: true };
}

/** The model's prediction for one SLO over a traffic (memoised per generation). */
export function predict(
  memo: ModelMemo,
  t: Traffic,
  s: ServiceConfig,
  slo: SloConfig,
  th: ThresholdModel | undefined,
  lag: Lag,
): Prediction {
  return memo.remember(`predict|${memo.trafficKey(t)}|${memo.sloKey(slo)}|${JSON.stringify(th)}|${JSON.stringify(lag)}`, () =>
    computePrediction(t, s, slo, th, lag),
  );
}

function computePrediction(t: Traffic, _s: ServiceConfig, slo: SloConfig, th: ThresholdModel | undefined, lag: Lag): Prediction {
  const end = trafficMinutes(t);
  const grid: number[] = [];
  for (let at = 0; at <= end + 1e-9; at += lag.evalMinutes) grid.push(Number(at.toFixed(6)));
  const tiers = new Map<string, boolean[]>();
  const active = activeTiers(slo);
  for (const tier of active) {
    const faster = fasterPageTiers(slo, tier);
    const shortMinutes = seconds(tier.short) / 60;
    const quiet = (i: number): boolean =>
      faster.some((f) => {
        const fired = tiers.get(f.name) ?? [];
        for (let j = i; j >= 0 && (grid[j] ?? 0) >= (grid[i] ?? 0) - shortMinutes; j--) if (fired[j]) return true;
        return false;
      });
    const numbers = tierNumbers(slo, tier, lag);
    const holds = grid.map((at) => holdsAt(t, slo, numbers, at));
    const cond = grid.map((_, i) => (holds[i] ?? false) && !quiet(i));
    tiers.set(tier.name, firingMinutes(cond, grid, (tier.for?.seconds ?? 0) / 60, tier.hold ? seconds(tier.hold) / 60 : 0));
  }
  // Alertmanager: a tier inhibits every slower tier of the SLO; any page of the service holds back its tickets and warnings.
  const delivered = (i: number, upTo: number): boolean => {
    for (let k = 0; k < upTo; k++) if (tiers.get(active[k]?.name ?? "")?.[i]) return false;
    return true;
  };
  const anyPage = grid.map((_, i) => active.some((x) => x.severity === Severity.page && tiers.get(x.name)?.[i]));
  const pages: number[] = [];
  const tickets: number[] = [];
  active.forEach((tier, k) => {
    const shown = (tiers.get(tier.name) ?? []).map((f, i) => f && delivered(i, k) && (tier.severity === Severity.page || !anyPage[i]));
    if (tier.severity === Severity.page) pages.push(...risingEdges(shown, grid));
    else if (tier.severity === Severity.ticket) tickets.push(...risingEdges(shown, grid));
  });
  let threshold: boolean[] | undefined;
  if (th !== undefined) {
    const gate = tierBurnFactor(THRESHOLD_GATE_BUDGET_SHARE, 3600, slo.period.seconds) * budgetRatio(slo.objective);
    const shift = lag.lagged ? lag.scrapeMinutes : 0;
    const pageWas = (i: number): boolean => {
      // The threshold alert is held back for one rate window (5m) after an SLO page resolved.
      if (anyPage[i]) return false;
      for (let j = i; j >= 0 && (grid[j] ?? 0) >= (grid[i] ?? 0) - 5; j--) if (anyPage[j]) return true;
      return false;
    };
    const cond = grid.map((at, i) => {
      const r5 = windowRatio(t, "availability", at - shift, 5);
      if (r5 === undefined || !(r5 > th.threshold)) return false;
      if (th.gated) {
        const r1h = windowRatio(t, "availability", at - shift, 60);
        const { total } = eventsBetween(t, "availability", at - 60, at);
        if (r1h === undefined || !(r1h > gate) || total < slo.minEvents) return false;
      }
      return !pageWas(i);
    });
    threshold = firingMinutes(cond, grid, th.forMinutes, 0);
    const shown = threshold.map((f, i) => f && !anyPage[i]);
    if (th.severity === Severity.page) pages.push(...risingEdges(shown, grid));
    else if (th.severity === Severity.ticket) tickets.push(...risingEdges(shown, grid));
  }
  return { grid, tiers, pages, tickets, threshold };
}

/**
 * Largest share of its threshold that the weaker of a tier's two windows reaches at any minute
 * (with the most generous coverage): below 1 the tier cannot fire; well below 1 (see
 * {@link NEVER_MARGIN}) it will not fire whatever the rounding of real rules.
 */
export function tierPeak(memo: ModelMemo, t: Traffic, slo: SloConfig, tier: BurnTier): number {
  return memo.remember(`peak|${memo.trafficKey(t)}|${memo.sloKey(slo)}|${tier.name}`, () => {
    const n = tierNumbers(slo, tier, { lagged: false, scrapeMinutes: 0, evalMinutes: 0 });
    let peak = 0;
    const end = trafficMinutes(t);
    for (let at = 1; at <= end; at += 0.5) {
      if (n.page && eventsGuard(t, slo.kind, n.guard, at) < slo.minEvents * NEVER_MARGIN) continue;
      const rs = n.windows.map(
        (w) => ((windowRatio(t, slo.kind, at, w.minutes) ?? 0) * (w.counted ? coverageAt(w.coverage, at) : 1)) / n.threshold,
      );
      peak = Math.max(peak, Math.min(...rs));
    }
    return peak;
  });
}

/** First grid minute at or after `from` at which a tier fires, per the prediction; undefined when it does not. */
export function firstFiring(p: Prediction, tierName: string, from: number): number | undefined {
  const fired = p.tiers.get(tierName) ?? [];
  const i = p.grid.findIndex((at, k) => at >= from && fired[k]);
  return i < 0 ? undefined : p.grid[i];
}

/** Last grid minute at which a tier fires, per the prediction. */
export function lastFiring(p: Prediction, tierName: string): number | undefined {
  const fired = p.tiers.get(tierName) ?? [];
  for (let i = fired.length - 1; i >= 0; i--) if (fired[i]) return p.grid[i];
  return undefined;
}

/**
 * Answers of one generation: the same traffic and SLO settings give the same predictions for every
 * service of a stack, so one render computes each once. Created by the caller, never module-level.
 */
export class ModelMemo {
  private readonly answers = new Map<string, unknown>();
  private readonly traffics = new Map<string, number>();
  private readonly trafficIds = new WeakMap<Traffic, number>();
  private readonly sloKeys = new WeakMap<SloConfig, string>();
  private readonly scenarios = new Map<string, SloScenarios>();
  private readonly probes = new Map<number, ProbeScenarios>();

  /** A short key of a traffic: the same number for equal traffics (keys stay short, so lookups stay cheap). */
  trafficKey(t: Traffic): string {
    let id = this.trafficIds.get(t);
    if (id === undefined) {
      const text = JSON.stringify(t);
      id = this.traffics.get(text) ?? this.traffics.size;
      this.traffics.set(text, id);
      this.trafficIds.set(t, id);
    }
    return `t${id}`;
  }

  /** What of an SLO the model reads, as a key (its name and description do not change a prediction). */
  sloKey(slo: SloConfig): string {
    let k = this.sloKeys.get(slo);
    if (k === undefined) {
      k = JSON.stringify([slo.kind, slo.objective, slo.period.seconds, slo.minEvents, slo.tiers]);
      this.sloKeys.set(slo, k);
    }
    return k;
  }

  remember<T>(key: string, compute: () => T): T {
    if (this.answers.has(key)) return this.answers.get(key) as T;
    const value = compute();
    this.answers.set(key, value);
    return value;
  }

  /** The scenarios every SLO is tested against; built once per kind and objective (they depend on nothing else). */
  sloScenarios(slo: SloConfig): SloScenarios {
    const key = `${slo.kind}|${slo.objective}`;
    let found = this.scenarios.get(key);
    if (found === undefined) {
      found = buildScenarios(slo);
      this.scenarios.set(key, found);
    }
    return found;
  }
  /** The scenarios of a probe SLO whose probe runs every `stepMinutes`; built once per interval. */
  probeScenarios(stepMinutes: number): ProbeScenarios {
    let found = this.probes.get(stepMinutes);
    if (found === undefined) {
      found = buildProbeScenarios(stepMinutes);
      this.probes.set(stepMinutes, found);
    }
    return found;
  }
}

/**
 * The scenarios of a probe SLO. A probe is a 0/1 sample every probe interval, so only whole probes fail:
 * every stretch is a whole number of probes, all failing or all answering (no share of a probe fails, which
 * the request scenarios' partial burns would need).
 */
export interface ProbeScenarios {
  /** Ten minutes of failed probes between an hour of good ones on each side: pages, and resets after recovery. */
  readonly outage: Incident;
  /** Probes failing 5 minutes on, 10 off, for 2 hours: one page, held between the bursts. */
  readonly flapping: Incident;
  /** Six hours of good probes, then one failed probe: neither page nor ticket. */
  readonly young: Incident;
}

function buildProbeScenarios(step: number): ProbeScenarios {
  const perMinute = 1 / step;
  // Whole probes: each stretch rounded to the probe interval.
  const span = (minutes: number): number => Math.max(1, Math.round(minutes / step)) * step;
  const up = (minutes: number): Segment => steady(span(minutes), perMinute);
  const down = (minutes: number): Segment => steady(span(minutes), perMinute, 1);
  const incident = (segments: Segment[], start: number, minutes: number): Incident => ({
    traffic: { segments },
    start,
    end: start + minutes,
  });
  const hour = span(60);
  return {
    outage: incident([up(60), down(10), up(60)], hour, span(10)),
    flapping: incident([up(60), ...Array.from({ length: 8 }, () => [down(5), up(10)]).flat(), up(30)], hour, 8 * (span(5) + span(10))),
    young: incident([up(360), down(step), up(60)], span(360), step),
  };
}

/** Requests per minute of the steady traffic in generated tests: 10 per second. */
export const TEST_RATE = 600;

/** Bad share that burns the budget `burn` times too fast. */
export function burnShare(slo: SloConfig, burn: number): number {
  return Math.min(1, burn * budgetRatio(slo.objective));
}

/** Bad traffic for a kind: errors for availability, slow requests for latency. */
function bad(slo: SloConfig, minutes: number, perMinute: number, share: number): Segment {
  return slo.kind === "latency" ? steady(minutes, perMinute, 0, share) : steady(minutes, perMinute, share, 0);
}

/** `count` bursts of `on` minutes at `share` bad, each followed by `off` clean minutes. */
function bursts(slo: SloConfig, count: number, on: number, off: number, perMinute: number, share: number): Segment[] {
  return Array.from({ length: count }, () => [bad(slo, on, perMinute, share), steady(off, perMinute)]).flat();
}

/** An incident: its traffic, the minute it starts and the minute it ends. */
export interface Incident {
  readonly traffic: Traffic;
  readonly start: number;
  readonly end: number;
}

/** The scenarios every SLO is tested against. */
export interface SloScenarios {
  readonly outage: Incident;
  readonly burn10: Incident;
  readonly burn2: Incident;
  readonly blip: Incident;
  readonly flapping: Incident;
  readonly crashLoop: Incident;
  readonly lowTraffic: Incident;
  readonly trickle: Incident;
  readonly young: Incident;
  readonly slowDay: Incident;
  readonly deploy: Incident;
  readonly zero: { readonly traffic: Traffic };
  readonly uneven: { readonly traffic: Traffic; readonly window: string };
}

function buildScenarios(slo: SloConfig): SloScenarios {
  const r = TEST_RATE;
  // The 10× page fires once the 6h window's budget spent passes 5%: with an hour of clean history
  // (the window a quarter full) well after the incident starts; the 2× ticket from the 3d window later.
  const b10 = burnShare(slo, 10);
  const b2 = burnShare(slo, 2);
  const incident = (segments: Segment[], start: number, minutes: number, pods?: number): Incident => ({
    traffic: pods === undefined ? { segments } : { segments, pods },
    start,
    end: start + minutes,
  });
  return {
    // A short total outage, then an hour of recovery: longer than the 6h page tier's 30m short window.
    outage: incident([steady(60, r), bad(slo, 10, r, 1), steady(60, r)], 60, 10),
    burn10: incident([steady(60, r), bad(slo, 300, r, b10)], 60, 300),
    // 2× for 4 hours on a young service: 0.3% of the budget spent, so neither page nor ticket yet.
    burn2: incident([steady(60, r), bad(slo, 240, r, b2)], 60, 240),
    blip: incident([steady(60, r), bad(slo, 10, r, 0.02), steady(30, r)], 60, 10),
    // 20% bad, 5 minutes on and 10 off for two hours: one incident.
    flapping: incident([steady(60, r), ...bursts(slo, 8, 5, 10, r, 0.2), steady(30, r)], 60, 120),
    // Three pods crash-looping through a total outage: every counter restarts every 3 minutes.
    crashLoop: incident([steady(60, r), { ...bad(slo, 20, r, 1), restartEvery: 3 }, steady(60, r)], 60, 20, 3),
    // Low traffic (10 a minute) and a trickle (1 a minute: below the fast page's guard of 100 events an
    // hour, not below the 6h tier's): a 30-minute total outage.
    lowTraffic: incident([steady(60, 10), bad(slo, 30, 10, 1), steady(60, 10)], 60, 30),
    trickle: incident([steady(60, 1), bad(slo, 30, 1, 1), steady(60, 1)], 60, 30),
    // A service six hours old: 30 seconds of total failure (one minute at half) spend about 1% of a 30d budget.
    young: incident([steady(360, r), bad(slo, 1, r, 0.5), steady(60, r)], 360, 1),
    // A slow burn at 5× for 16 hours: the 1d ticket once 10% of the budget is really spent (about 14 hours in), never a page.
    slowDay: incident([steady(60, r), bad(slo, 960, r, burnShare(slo, 5))], 60, 960),
    // A bad deploy: 5% errors for 3 minutes, rolled back (a real service's commonest incident).
    deploy: incident([steady(60, r), bad(slo, 3, r, 0.05), steady(60, r)], 60, 3),
    zero: { traffic: { segments: [steady(60, 0)] } },
    // Uneven on purpose: a quiet, failing half and a busy, healthy half; the 6h window holds both.
    uneven: { traffic: { segments: [bad(slo, 180, 60, 0.1), bad(slo, 180, 6000, 0.001)] }, window: "6h" },
  };
}
