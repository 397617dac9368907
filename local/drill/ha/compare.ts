/**
 * How the global-query scenario compares a panel query's answer from the deduplicating store with
 * the Prometheus replicas' answers over the same range and step.
 *
 * The store keeps, per series and `-dedup.minScrapeInterval`, one replica's sample (VictoriaMetrics:
 * "the last sample per discrete interval"; for recorded series both replicas evaluate at the same
 * timestamps, so either may be kept). Two replicas legitimately differ (each scrapes at its own
 * offset, so each misses a different slice of a counter's first increments), so a store point is
 * right when it is the value of one of the replicas at that point: {@link compareWithReplicas}.
 * {@link compareSeries} is the plain comparison with one replica, kept as the figure a user who
 * switches a dashboard from a replica to the store sees.
 */
import type { Sample } from "../api";

/** A range result's series keyed by their labels without `ignore`, each a map from time to value. */
function byKey(samples: readonly Sample[], ignore: ReadonlySet<string>): Map<string, Map<number, number>> {
  // A series whose every point is NaN is no series: Prometheus returns it ("NaN"), VictoriaMetrics drops it.
  return new Map(
    samples
      .filter((s) => s.values.some(([, v]) => Number.isFinite(v)))
      .map((s) => [seriesKey(s.metric, ignore), new Map(s.values.filter(([, v]) => Number.isFinite(v)).map(([t, v]) => [t, v]))]),
  );
}

/** A series' identity without the labels in `ignore`, for matching one engine's series with another's. */
export function seriesKey(metric: Readonly<Record<string, string>>, ignore: ReadonlySet<string>): string {
  return JSON.stringify(
    Object.entries(metric)
      .filter(([k]) => !ignore.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** |v − w| relative to the larger of the two; 0 when both are (nearly) zero. */
export function relativeDifference(v: number, w: number): number {
  const scale = Math.max(Math.abs(v), Math.abs(w));
  return scale > 1e-9 ? Math.abs(v - w) / scale : 0;
}

export interface Comparison {
  /** Points compared (a time both sides have a finite value at). */
  readonly points: number;
  /** The largest relative difference over those points. */
  readonly worst: number;
  /** Where the worst difference was: series, time and both values. */
  readonly worstAt: string | undefined;
  /** Series (keys) one side has and the other lacks. */
  readonly missing: readonly string[];
  /** Times a replica has a value at and the store has none, and the reverse. */
  readonly gaps: number;
}

/** Plain comparison of two range results, point by point (the figure a user switching engines sees). */
export function compareSeries(a: readonly Sample[], b: readonly Sample[], ignore: ReadonlySet<string>): Comparison {
  const left = byKey(a, ignore);
  const right = byKey(b, ignore);
  let points = 0;
  let worst = 0;
  let worstAt: string | undefined;
  const missing = [...new Set([...left.keys(), ...right.keys()])].filter((k) => !left.has(k) || !right.has(k)).sort();
  for (const [k, l] of left) {
    const r = right.get(k);
    if (r === undefined) continue;
    for (const [t, v] of l) {
      const w = r.get(t);
      if (w === undefined) continue;
      points++;
      const d = relativeDifference(v, w);
      if (d > worst) {
        worst = d;
        worstAt = `${k} at ${t}: ${v} vs ${w}`;
      }
    }
  }
  return { points, worst, worstAt, missing, gaps: 0 };
}

/**
 * The store's answer against the replicas': every series of any replica must be in the store and
 * every store series in a replica; at every time a replica has a value, the store must have one and
 * the reverse; and each store point is measured against the closer of the replicas' values then.
 */
export function compareWithReplicas(
  store: readonly Sample[],
  replicas: readonly (readonly Sample[])[],
  ignore: ReadonlySet<string>,
): Comparison {
  const s = byKey(store, ignore);
  const rs = replicas.map((r) => byKey(r, ignore));
  const keys = new Set([...s.keys(), ...rs.flatMap((r) => [...r.keys()])]);
  const missing = [...keys].filter((k) => !s.has(k) || !rs.some((r) => r.has(k))).sort();
  let points = 0;
  let worst = 0;
  let worstAt: string | undefined;
  let gaps = 0;
  for (const k of keys) {
    const mine = s.get(k);
    const theirs = rs.map((r) => r.get(k));
    if (mine === undefined || theirs.every((t) => t === undefined)) continue;
    const times = new Set([...mine.keys(), ...theirs.flatMap((t) => (t ? [...t.keys()] : []))]);
    for (const t of times) {
      const v = mine.get(t);
      const ws = theirs.flatMap((r) => {
        const w = r?.get(t);
        return w === undefined ? [] : [w];
      });
      if (v === undefined || ws.length === 0) {
        gaps++;
        continue;
      }
      points++;
      const d = Math.min(...ws.map((w) => relativeDifference(v, w)));
      if (d > worst) {
        worst = d;
        worstAt = `${k} at ${t}: store ${v}, replicas ${ws.join(" and ")}`;
      }
    }
  }
  return { points, worst, worstAt, missing, gaps };
}
