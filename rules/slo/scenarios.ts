/**
 * Traffic scenarios and the burn-rate model that predicts, from the formulas alone, when each tier
 * of an SLO fires. The generated promtool tests and the alert benchmark both use them; the model
 * never runs the rules.
 */
import type { SloConfig } from "../../config";
import { BURN_TIERS, budgetRatio, burnFactor, COUNT_WINDOW, fasterPageTiers, isRawWindow, seconds, type BurnTier } from "./windows";

/** A stretch of steady traffic. */
export interface Segment {
  readonly minutes: number;
  /** Requests per minute. */
  readonly perMinute: number;
  /** Share of requests that fail (5xx). */
  readonly errorRatio: number;
  /** Share of requests slower than the latency threshold. */
  readonly slowRatio: number;
}

/** Traffic from t = 0, one sample per minute; `badRatio` says which share counts as bad for an SLO. */
export interface Traffic {
  readonly segments: readonly Segment[];
}

export function steady(minutes: number, perMinute: number, errorRatio = 0, slowRatio = 0): Segment {
  return { minutes, perMinute, errorRatio, slowRatio };
}

export function trafficMinutes(t: Traffic): number {
  return t.segments.reduce((n, s) => n + s.minutes, 0);
}

/** Bad share of a segment for an SLO kind. */
export function badShare(seg: Segment, kind: SloConfig["kind"]): number {
  return kind === "availability" ? seg.errorRatio : seg.slowRatio;
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

/**
 * How far behind the model a recorded window may lag: raw windows by one scrape (the input
 * interval, 1m); windows summed from overlapping 5m counts weigh the latest 5m partly, so up to 5m.
 */
function lagMinutes(window: string, scrapeMinutes: number): number {
  return isRawWindow(window) || window === COUNT_WINDOW ? scrapeMinutes : seconds(COUNT_WINDOW) / 60;
}

/** Whether a tier's condition holds at minute `at`, per the formulas; `lagged` delays each window by its lag. */
export function tierHolds(
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  at: number,
  opts: { lagged: boolean; scrapeMinutes: number },
): boolean {
  const threshold = burnFactor(tier, slo.period.seconds) * budgetRatio(slo.objective);
  for (const w of [tier.long, tier.short]) {
    const lag = opts.lagged ? lagMinutes(w, opts.scrapeMinutes) : 0;
    const r = windowRatio(t, slo.kind, at - lag, seconds(w) / 60);
    if (r === undefined || !(r > threshold)) return false;
  }
  if (tier.severity === "page") {
    const { total } = eventsBetween(t, slo.kind, at - seconds(tier.long) / 60, at);
    if (total < slo.minEvents) return false;
  }
  return true;
}

/**
 * Largest share of its threshold that the weaker of a tier's two windows reaches at any minute:
 * below 1 the tier cannot fire; well below 1 (see {@link NEVER_MARGIN}) it will not fire whatever
 * the rounding of real rules.
 */
export function tierPeak(t: Traffic, slo: SloConfig, tier: BurnTier): number {
  return remembered("peak", t, slo, tier, {}, () => tierPeakUncached(t, slo, tier)) ?? 0;
}

function tierPeakUncached(t: Traffic, slo: SloConfig, tier: BurnTier): number {
  const threshold = burnFactor(tier, slo.period.seconds) * budgetRatio(slo.objective);
  let peak = 0;
  const end = trafficMinutes(t);
  for (let at = 1; at <= end; at += 0.5) {
    const { total } = eventsBetween(t, slo.kind, at - seconds(tier.long) / 60, at);
    if (tier.severity === "page" && total < slo.minEvents * NEVER_MARGIN) continue;
    const rs = [tier.long, tier.short].map((w) => (windowRatio(t, slo.kind, at, seconds(w) / 60) ?? 0) / threshold);
    peak = Math.max(peak, Math.min(...rs));
  }
  return peak;
}

/** A tier is claimed never to fire only when its weaker window stays below this share of its threshold. */
export const NEVER_MARGIN = 0.8;

/**
 * First evaluation (minutes, on the evaluation grid) at which the formulas say a tier has fired,
 * allowing every window its lag; undefined when it does not within the traffic.
 */
/**
 * The model depends only on the traffic, the SLO's kind, objective, period and minimum events, the tier
 * and the timing; a large stack asks the same questions for many services, so answers are remembered.
 */
const answers = new Map<string, number | undefined>();
/** Traffic objects already spelled as a key (the scenarios of an SLO are built once, see {@link sloScenarios}). */
const trafficKeys = new WeakMap<Traffic, string>();
function remembered(
  what: string,
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  opts: object,
  compute: () => number | undefined,
): number | undefined {
  let traffic = trafficKeys.get(t);
  if (traffic === undefined) {
    traffic = JSON.stringify(t.segments);
    trafficKeys.set(t, traffic);
  }
  const key = `${what}|${traffic}|${slo.kind}|${slo.objective}|${slo.period.seconds}|${slo.minEvents}|${tier.name}|${JSON.stringify(opts)}`;
  if (answers.has(key)) return answers.get(key);
  const value = compute();
  if (answers.size < 10_000) answers.set(key, value);
  return value;
}

export function expectedFiring(
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  opts: { from: number; evalMinutes: number; scrapeMinutes: number },
): number | undefined {
  return remembered("expected", t, slo, tier, opts, () =>
    firstFiring(t, slo, tier, opts.from, opts.evalMinutes, { lagged: true, scrapeMinutes: opts.scrapeMinutes }),
  );
}

/** Earliest minute at which the formulas allow a tier to fire (no lag): it must not fire before. */
export function earliestPossible(
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  opts: { from: number; evalMinutes: number },
): number | undefined {
  return remembered("earliest", t, slo, tier, opts, () =>
    firstFiring(t, slo, tier, opts.from, opts.evalMinutes, { lagged: false, scrapeMinutes: 0 }),
  );
}

function firstFiring(
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  from: number,
  evalMinutes: number,
  lag: { lagged: boolean; scrapeMinutes: number },
): number | undefined {
  const end = trafficMinutes(t);
  for (let at = from; at <= end; at += evalMinutes) {
    if (tierHolds(t, slo, tier, at, lag) && !quietedByFasterPage(t, slo, tier, at, evalMinutes, lag)) return at;
  }
  return undefined;
}

/** Whether a faster page tier held at an evaluation within `tier`'s short window up to `at`. */
export function quietedByFasterPage(
  t: Traffic,
  slo: SloConfig,
  tier: BurnTier,
  at: number,
  evalMinutes: number,
  lag: { lagged: boolean; scrapeMinutes: number },
): boolean {
  const since = at - seconds(tier.short) / 60;
  return fasterPageTiers(tier).some((f) => {
    for (let x = at; x >= since && x >= 0; x -= evalMinutes) if (tierHolds(t, slo, f, x, lag)) return true;
    return false;
  });
}

export function tier(name: BurnTier["name"]): BurnTier {
  const found = BURN_TIERS.find((x) => x.name === name);
  if (!found) throw new Error(`no tier ${name}`);
  return found;
}

/** Requests per minute of the steady traffic in generated tests: 10 per second. */
export const TEST_RATE = 600;

/** Bad share that burns the budget `burn` times too fast. */
export function burnShare(slo: SloConfig, burn: number): number {
  return Math.min(1, burn * budgetRatio(slo.objective));
}

/** Bad traffic for a kind: errors for availability, slow requests for latency. */
function bad(slo: SloConfig, minutes: number, perMinute: number, share: number): Segment {
  return slo.kind === "availability" ? steady(minutes, perMinute, share, 0) : steady(minutes, perMinute, 0, share);
}

/** The scenarios every SLO is tested against, with the minute the incident starts and ends. */
export type SloScenarios = ReturnType<typeof buildScenarios>;
const scenariosByKind = new Map<string, SloScenarios>();

/** The scenarios every SLO is tested against; built once per kind and objective (they depend on nothing else). */
export function sloScenarios(slo: SloConfig): SloScenarios {
  const key = `${slo.kind}|${slo.objective}`;
  let found = scenariosByKind.get(key);
  if (found === undefined) {
    found = buildScenarios(slo);
    if (scenariosByKind.size < 1000) scenariosByKind.set(key, found);
  }
  return found;
}

function buildScenarios(slo: SloConfig): {
  outage: { traffic: Traffic; start: number; end: number };
  burn10: { traffic: Traffic; start: number };
  burn2: { traffic: Traffic; start: number };
  blip: { traffic: Traffic; start: number };
  zero: { traffic: Traffic };
  uneven: { traffic: Traffic; window: string };
} {
  const r = TEST_RATE;
  // The 10× page fires once the 6h window's ratio passes 6× budget: with an hour of clean history
  // that is 1.5 hours in (plus lag); the 2× ticket an hour in. Traffic runs on past the predictions.
  const b10 = burnShare(slo, 10);
  const b2 = burnShare(slo, 2);
  return {
    // A short total outage, then an hour of recovery: longer than the 6h page tier's 30m short window.
    outage: { traffic: { segments: [steady(60, r), bad(slo, 10, r, 1), steady(60, r)] }, start: 60, end: 70 },
    burn10: { traffic: { segments: [steady(60, r), bad(slo, 120, r, b10)] }, start: 60 },
    burn2: { traffic: { segments: [steady(60, r), bad(slo, 100, r, b2)] }, start: 60 },
    blip: { traffic: { segments: [steady(60, r), bad(slo, 10, r, 0.02), steady(30, r)] }, start: 60 },
    zero: { traffic: { segments: [steady(60, 0)] } },
    // Uneven on purpose: a quiet, failing half and a busy, healthy half; the 6h window holds both.
    uneven: { traffic: { segments: [bad(slo, 180, 60, 0.1), bad(slo, 180, 6000, 0.001)] }, window: "6h" },
  };
}
