/**
 * The arithmetic derived from the burn-rate tier table (config/slo.ts, read by the parser too).
 * Every number an alert or a generated test uses comes from here.
 */
import {
  formatDuration,
  parseDuration,
  Severity,
  SLO_TIER_TABLE,
  tierBurnFactor,
  type SloConfig,
  type SloTierConfig,
  type SloTierRow,
} from "../../config";

/** One alert tier of an SLO as configured: the table's row plus enabled, severity, `for` and hold. */
export type BurnTier = SloTierConfig;

/** The tiers with their defaults, as an SLO without a `tiers` key has them. */
export const BURN_TIERS: readonly BurnTier[] = SLO_TIER_TABLE.map((row) => ({ ...row, enabled: true, for: undefined }));

/**
 * Longest window a rule may read raw (scraped) series over. Longer windows are sums of the
 * recorded 5m counts, so a rule never scans days of every raw series.
 */
export const RAW_WINDOW_LIMIT = "1h";

/** Window of the recorded good/total counts, and the interval of the group that records them. */
export const COUNT_WINDOW = "5m";

export function seconds(d: string): number {
  const s = parseDuration(d);
  if (s === undefined) throw new Error(`not a duration: ${d}`);
  return s;
}

/**
 * Burn-rate factor of a tier: the error ratio, in multiples of the budget ratio, at which the tier
 * spends its budget share within its long window. 30d: 14.4, 6, 3, 1; 28d and 7d get their own.
 */
export function burnFactor(tier: SloTierRow, periodSeconds: number): number {
  return round(tierBurnFactor(tier.budgetShare, seconds(tier.long), periodSeconds));
}

/** The tiers of an SLO that have an alert, fastest first. */
export function activeTiers(slo: SloConfig): BurnTier[] {
  return slo.tiers.filter((t) => t.enabled);
}

/** Every window the rules record an error ratio for, shortest first (short and long of every tier of the table). */
export function ratioWindows(): string[] {
  const all = new Set<string>();
  for (const t of SLO_TIER_TABLE) {
    all.add(t.short);
    all.add(t.long);
  }
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}

/** Whether a window is read from raw series (up to {@link RAW_WINDOW_LIMIT}) rather than from the counts. */
export function isRawWindow(window: string): boolean {
  return seconds(window) <= seconds(RAW_WINDOW_LIMIT);
}

/**
 * Step of the subquery that finds how much of a counted long window holds data (see
 * `coveredShare` in alerts.ts): a 72nd of the window, at least 5m: 72 lookups of one series per evaluation.
 */
export function coverageStep(window: string): string {
  return formatDuration(Math.max(seconds(COUNT_WINDOW), Math.floor(seconds(window) / 72 / 300) * 300));
}

/** Removes float noise (1 − 0.999 = 0.0010000000000000009) so rules print the numbers people wrote. */
export function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** The error budget as a ratio: 99.9% → 0.001. */
export function budgetRatio(objectivePercent: number): number {
  return round(1 - objectivePercent / 100);
}

export { formatDuration };

/** Active page tiers of the SLO faster than `tier` (none for a tier that does not page): while one has fired within `tier`'s short window, `tier` stays quiet. */
export function fasterPageTiers(slo: SloConfig, tier: BurnTier): BurnTier[] {
  if (tier.severity !== Severity.page) return [];
  const active = activeTiers(slo);
  return active
    .slice(
      0,
      active.findIndex((t) => t.name === tier.name),
    )
    .filter((t) => t.severity === Severity.page);
}
