/**
 * The multi-window multi-burn-rate table (SRE workbook, chapter 5), kept as data, and the arithmetic
 * derived from it. Every number an alert or a generated test uses comes from here.
 */
import { FAST_PAGE_BUDGET_SHARE, formatDuration, naming, parseDuration, Severity } from "../../config";

/** One alert tier: a long window ANDed with a short one, allowed to spend a share of the budget. */
export interface BurnTier {
  /** Value of the `slo_tier` label. */
  readonly name: (typeof naming.slo.tiers)[number];
  readonly severity: typeof Severity.page | typeof Severity.ticket;
  /** Window that proves the burn is significant. */
  readonly long: string;
  /** Window that proves the burn is still going on (resets the alert soon after recovery). */
  readonly short: string;
  /** Share of the period's error budget this tier lets burn within its long window before it alerts. */
  readonly budgetShare: number;
}

/** Fastest first; Alertmanager inhibits the slower tiers of an SLO while a faster one fires. */
export const BURN_TIERS: readonly BurnTier[] = [
  { name: "page-1h", severity: Severity.page, long: "1h", short: "5m", budgetShare: FAST_PAGE_BUDGET_SHARE },
  { name: "page-6h", severity: Severity.page, long: "6h", short: "30m", budgetShare: 0.05 },
  { name: "ticket-1d", severity: Severity.ticket, long: "1d", short: "2h", budgetShare: 0.1 },
  { name: "ticket-3d", severity: Severity.ticket, long: "3d", short: "6h", budgetShare: 0.1 },
];

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
export function burnFactor(tier: BurnTier, periodSeconds: number): number {
  return round((tier.budgetShare * periodSeconds) / seconds(tier.long));
}

/** Every window the rules record an error ratio for, shortest first (short and long of each tier). */
export function ratioWindows(): string[] {
  const all = new Set<string>();
  for (const t of BURN_TIERS) {
    all.add(t.short);
    all.add(t.long);
  }
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}

/** Whether a window is read from raw series (up to {@link RAW_WINDOW_LIMIT}) rather than from the counts. */
export function isRawWindow(window: string): boolean {
  return seconds(window) <= seconds(RAW_WINDOW_LIMIT);
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

/** Page tiers faster than `tier` (none for a ticket tier): while one has fired within `tier`'s short window, `tier` stays quiet. */
export function fasterPageTiers(tier: BurnTier): BurnTier[] {
  if (tier.severity !== Severity.page) return [];
  return BURN_TIERS.slice(0, BURN_TIERS.indexOf(tier)).filter((t) => t.severity === Severity.page);
}
