/**
 * Service level objectives: the `slos` list of a service, parsed into {@link SloConfig}, and the checks
 * that need the platform (retention against the period). The burn-rate tier table lives here, as data,
 * with the one piece of arithmetic both the parser (which refuses a tier that can never fire) and the rule
 * generators (rules/slo/windows.ts) read from it: a tier's burn-rate factor.
 */
import { parseDuration } from "./duration";
import { show, type IssueList } from "./errors";
import { DNS_LABEL } from "./names";
import { slo as sloNames } from "./naming";
import { errorRegexCheck, type StatusConvention } from "./instrumentation";
import { Fields, type Duration } from "./read";
import { LIMITS, re2Problem, textProblem } from "./sinks";
import { Severity } from "./severity";

/**
 * What the SLO checks read of a service's HTTP metrics and of the platform, by shape: types.ts holds
 * SloConfig in ServiceConfig, so importing its types back would make a cycle.
 */
interface HttpMetricsFacts {
  readonly duration: { readonly metric: string; readonly buckets: readonly number[] };
  readonly requests: { readonly statusConvention: StatusConvention };
}
/** What a probe SLO reads of the service's `probe`: whether the key is there, and its interval when it parsed. */
export interface ProbeFacts {
  readonly declared: boolean;
  readonly interval: Duration | undefined;
}
interface PlatformFacts {
  readonly prometheus: { readonly retention: Duration };
}

/** What an SLO measures. */
export const SloKind = {
  /** Bad events: requests whose status matches the error regex (5xx by default). */
  availability: "availability",
  /** Good events: requests served at or under a latency threshold (a histogram bucket). */
  latency: "latency",
  /**
   * Good events: successful synthetic probes (`probe_success` of the service's probe, a 0/1 gauge, one
   * sample per probe); total: every probe. Needs the service's `probe`.
   */
  probe: "probe",
} as const;
export type SloKind = (typeof SloKind)[keyof typeof SloKind];

/** SLO periods the engine supports; each gets its own burn-rate factors. */
export const SLO_PERIODS = ["30d", "28d", "7d"] as const;
export type SloPeriod = (typeof SLO_PERIODS)[number];

/** Defaults of an SLO. Field TSDoc in {@link SloConfig} names the same values. */
export const SLO_DEFAULTS = {
  period: "30d",
  minEvents: 100,
  absentFor: "10m",
  allowUnreachableObjective: false,
} as const;

/**
 * Default `minEvents` of a probe SLO: half the probes the fast page's 1h window holds, at most the SLO
 * default (30s probes: 60 of 120). A probe's events come at a fixed rate, so the guard only keeps a
 * new probe (or one back from a gap) from paging on its first failures; ServiceProbeFailed covers those minutes.
 */
export function probeMinEventsDefault(intervalSeconds: number): number {
  return Math.max(1, Math.min(SLO_DEFAULTS.minEvents, Math.floor(probesPerHour(intervalSeconds) / 2)));
}

/** Probes an hour holds at a probe interval. */
export function probesPerHour(intervalSeconds: number): number {
  return Math.floor(3600 / intervalSeconds);
}

/** Name of a burn-rate tier: the value of its `slo_tier` label. */
export type SloTierName = (typeof sloNames.tiers)[number];

/** Severities a burn-rate tier may have: `info` never notifies, so it is no tier. */
export const TIER_SEVERITIES = [Severity.page, Severity.ticket, Severity.warning] as const;
export type TierSeverity = (typeof TIER_SEVERITIES)[number];

/** One row of the tier table: a long window ANDed with a short one, allowed to spend a share of the budget. */
export interface SloTierRow {
  readonly name: SloTierName;
  readonly severity: TierSeverity;
  /** Window that proves the burn is significant. */
  readonly long: string;
  /** Window that proves the burn is still going on (resets the alert soon after recovery). */
  readonly short: string;
  /** Share of the period's error budget the tier lets burn within its long window before it alerts. */
  readonly budgetShare: number;
  /** Default `keep_firing_for`: how long the alert stays firing after its condition clears; none when absent. */
  readonly hold: string | undefined;
}

/**
 * The multi-window multi-burn-rate table (SRE workbook, chapter 5), fastest first; Alertmanager
 * inhibits the slower tiers of an SLO while a faster one fires. The page tiers hold for 8 minutes:
 * bursts separated by up to 10 clean minutes clear the 5m window for about 6 of them, so they stay one
 * page, and a clean total outage still resolves within 5m (the short window) + 8m + an evaluation.
 */
export const SLO_TIER_TABLE: readonly SloTierRow[] = [
  { name: "page-1h", severity: Severity.page, long: "1h", short: "5m", budgetShare: 0.02, hold: "8m" },
  { name: "page-6h", severity: Severity.page, long: "6h", short: "30m", budgetShare: 0.05, hold: "8m" },
  { name: "ticket-1d", severity: Severity.ticket, long: "1d", short: "2h", budgetShare: 0.1, hold: undefined },
  { name: "ticket-3d", severity: Severity.ticket, long: "3d", short: "6h", budgetShare: 0.1, hold: undefined },
];

/** The fastest tier, whose reachability the objective is checked against. */
const FASTEST = SLO_TIER_TABLE[0] as SloTierRow;

/**
 * Share of the error budget the fastest page tier may spend in its long window (1h): 2%, as in the
 * SRE workbook. From {@link SLO_TIER_TABLE}.
 */
export const FAST_PAGE_BUDGET_SHARE = FASTEST.budgetShare;
/** Long window of the fastest page tier, in seconds. */
export const FAST_PAGE_WINDOW_SECONDS = parseDuration(FASTEST.long) ?? 3600;

/**
 * Share of the period's budget a threshold alert of a service with an SLO of the same kind needs
 * spent within the last hour before it may fire: a blip that spends less is no emergency by the SLO's
 * own measure (10 minutes at 2% errors against 99.9% spends about 0.5%).
 */
export const THRESHOLD_GATE_BUDGET_SHARE = 0.01;

/**
 * Burn-rate factor of a budget share over a window: the error ratio, in multiples of the budget
 * ratio, at which the share is spent within the window (30d: 14.4, 6, 3, 1).
 */
export function tierBurnFactor(budgetShare: number, windowSeconds: number, periodSeconds: number): number {
  return (budgetShare * periodSeconds) / windowSeconds;
}

/** One burn-rate tier of one SLO, as configured (`slos[].tiers.<name>`), defaults from {@link SLO_TIER_TABLE}. */
export interface SloTierConfig extends SloTierRow {
  /** Whether the tier's alert is generated. Defaults to true. */
  readonly enabled: boolean;
  /** `for` of the tier's alert. Defaults to none: both windows already prove the burn. */
  readonly for: Duration | undefined;
  /** `keep_firing_for` of the tier's alert. Defaults to `8m` for the page tiers, none for the tickets. */
  readonly hold: string | undefined;
}

const TIER_KEYS = ["enabled", "severity", "for", "hold"] as const;

/** One SLO of a service. */
export interface SloConfig {
  /** Name, a DNS label unique within the service; the `slo` label of its series and alerts. */
  readonly name: string;
  readonly kind: SloKind;
  /** Objective in percent, above 0 and below 100 (99.9). */
  readonly objective: number;
  /** Period of the error budget. Defaults to `30d`; `28d` and `7d` allowed. */
  readonly period: Duration & { readonly text: SloPeriod };
  /** Availability: status regex counted as bad. Defaults to the service's `http.requests.errorStatusRegex`. */
  readonly errorStatusRegex: string | undefined;
  /** Latency: threshold in seconds, one of the histogram's declared buckets. */
  readonly latencyThreshold: number | undefined;
  /**
   * Events a page tier's long window must hold before it may page. Defaults to 100; for a probe SLO,
   * half the probes an hour holds, at most 100 ({@link probeMinEventsDefault}).
   */
  readonly minEvents: number;
  /**
   * How long the SLI's series must be missing before SLOMetricsAbsent fires. Defaults to `10m`
   * (a restart or a redeploy is not a loss of data); at least `1m`.
   */
  readonly absentFor: Duration;
  /** Accept an objective so loose that the fast page can never fire. Defaults to false. */
  readonly allowUnreachableObjective: boolean;
  /** Free text shown in alert descriptions; none when absent. */
  readonly description: string | undefined;
  /** Every tier of {@link SLO_TIER_TABLE}, in its order, as configured under `tiers`; a disabled tier has no alert. */
  readonly tiers: readonly SloTierConfig[];
}

const SLO_KEYS = [
  "name",
  "kind",
  "objective",
  "period",
  "errorStatusRegex",
  "threshold",
  "minEvents",
  "absentFor",
  "allowUnreachableObjective",
  "description",
  "tiers",
] as const;

/** Burn-rate factor of the fast page for a period: the budget share it may spend times period / window. */
export function fastPageFactor(periodSeconds: number): number {
  return tierBurnFactor(FAST_PAGE_BUDGET_SHARE, FAST_PAGE_WINDOW_SECONDS, periodSeconds);
}

const short6 = (x: number): number => Number(x.toPrecision(6));

/** One tier's settings under `tiers.<name>`; undefined (and a problem reported) when they are invalid. */
function parseTier(f: Fields, row: SloTierRow): SloTierConfig | undefined {
  const t = f.object(row.name, TIER_KEYS, { optional: true });
  if (!t) return undefined;
  const enabled = t.boolean("enabled", true);
  let severity: TierSeverity | undefined;
  if (t.get("severity") === null || t.get("severity") === "") {
    t.problem(
      "severity",
      `is empty; a tier needs a severity: one of ${TIER_SEVERITIES.join(", ")} (${row.severity} when the key is left out)`,
    );
  } else {
    severity = t.string("severity", { default: row.severity, oneOf: TIER_SEVERITIES }) as TierSeverity | undefined;
  }
  const forDuration = t.has("for") ? t.duration("for", { positive: true }) : undefined;
  const hold = t.has("hold") ? t.duration("hold", { min: 0 }) : undefined;
  const longSeconds = parseDuration(row.long) ?? 0;
  if (hold !== undefined && hold.seconds > longSeconds) {
    t.problem(
      "hold",
      `${show(hold.text)} is longer than the tier's long window ${row.long}; the hold keeps a page up after its condition clears and must end before the window forgets the incident: use at most ${row.long}`,
    );
    return undefined;
  }
  if (
    enabled === undefined ||
    severity === undefined ||
    (t.has("for") && forDuration === undefined) ||
    (t.has("hold") && hold === undefined)
  ) {
    return undefined;
  }
  return {
    ...row,
    enabled,
    severity,
    for: forDuration,
    hold: t.has("hold") ? (hold !== undefined && hold.seconds > 0 ? hold.text : undefined) : row.hold,
  };
}

/** Every tier of an SLO, configured; undefined when any is invalid. */
function parseTiers(f: Fields): readonly SloTierConfig[] | undefined {
  const t = f.object("tiers", sloNames.tiers, { optional: true });
  if (!t) return undefined;
  const tiers = SLO_TIER_TABLE.map((row) => parseTier(t, row));
  return tiers.every((x) => x !== undefined) ? (tiers as SloTierConfig[]) : undefined;
}

function parseSlo(
  raw: unknown,
  path: string,
  http: HttpMetricsFacts | undefined,
  probe: ProbeFacts,
  issues: IssueList,
): SloConfig | undefined {
  const f = Fields.open(raw, path, issues, SLO_KEYS);
  if (!f) return undefined;
  const name = f.string("name", {
    hint: "the SLO name, a DNS label such as availability",
    check: (s) =>
      s.length <= 63 && DNS_LABEL.test(s)
        ? undefined
        : "is not a DNS label; allowed: at most 63 of [a-z0-9-], starting and ending alphanumeric",
  });
  const kind = f.string("kind", {
    hint: `what the SLO measures: ${Object.values(SloKind).join(" or ")}`,
    oneOf: Object.values(SloKind),
  }) as SloKind | undefined;
  const objective = f.number("objective", { hint: "the objective in percent, such as 99.9", above: 0, below: 100 });
  const rawPeriod = f.duration("period", { default: SLO_DEFAULTS.period });
  // `4w` is `28d`: compare in seconds, keep the canonical spelling.
  const periodText = SLO_PERIODS.find((p) => rawPeriod !== undefined && parseDuration(p) === rawPeriod.seconds);
  if (rawPeriod !== undefined && periodText === undefined) {
    f.problem(
      "period",
      `${show(rawPeriod.text)} is not a supported SLO period; use one of ${SLO_PERIODS.join(", ")} (each has its own burn-rate factors)`,
    );
  }
  const period = rawPeriod !== undefined && periodText !== undefined ? { text: periodText, seconds: rawPeriod.seconds } : undefined;
  // A probe SLO's events come one per probe: its default guard follows the probe interval.
  const probeSeconds = kind === SloKind.probe ? probe.interval?.seconds : undefined;
  const minEvents = f.number("minEvents", {
    default: probeSeconds !== undefined ? probeMinEventsDefault(probeSeconds) : SLO_DEFAULTS.minEvents,
    integer: true,
    min: 1,
  });
  const absentFor = f.duration("absentFor", { default: SLO_DEFAULTS.absentFor, min: 60 });
  const allowUnreachableObjective = f.boolean("allowUnreachableObjective", SLO_DEFAULTS.allowUnreachableObjective);
  let ok = true;
  // Appended to alert descriptions: a Go template to Prometheus, Markdown in the runbooks.
  const description = f.optionalString("description", { check: (s) => textProblem(s) });
  if (f.has("description") && description === undefined) ok = false;
  const tiers = parseTiers(f);

  let errorStatusRegex: string | undefined;
  let latencyThreshold: number | undefined;
  if (kind === SloKind.availability) {
    // Checked under the service's status convention, as its own errorStatusRegex is (5xx, SERVER_ERROR...);
    // without parsed http metrics the convention is unknown: RE2 only, the http error stands.
    const check = http !== undefined ? errorRegexCheck(http.requests.statusConvention) : re2Problem;
    errorStatusRegex = f.optionalString("errorStatusRegex", { check });
    if (f.has("errorStatusRegex") && errorStatusRegex === undefined) ok = false;
    if (f.has("threshold")) {
      f.problem("threshold", "applies only to latency SLOs; an availability SLO counts bad events by status (errorStatusRegex)");
      ok = false;
    }
  } else if (kind === SloKind.latency) {
    if (f.has("errorStatusRegex")) {
      f.problem(
        "errorStatusRegex",
        "applies only to availability SLOs; a latency SLO counts good events by the histogram bucket at its threshold",
      );
      ok = false;
    }
    latencyThreshold = f.number("threshold", {
      hint: "the latency threshold in seconds, one of the histogram's declared buckets",
      above: 0,
    });
    if (latencyThreshold === undefined) {
      ok = false;
    } else if (http !== undefined && !http.duration.buckets.includes(latencyThreshold)) {
      f.problem(
        "threshold",
        `${show(latencyThreshold)} is not a bucket boundary of ${http.duration.metric}; good events are read from the bucket with that le, so use one of ${http.duration.buckets.join(", ")}`,
      );
      ok = false;
    }
  } else if (kind === SloKind.probe) {
    for (const key of ["errorStatusRegex", "threshold"] as const) {
      if (!f.has(key)) continue;
      f.problem(key, "applies only to availability and latency SLOs; a probe SLO counts successful probes (probe_success)");
      ok = false;
    }
    if (!probe.declared) {
      f.problem(
        "kind",
        "is probe, but the service has no probe; a probe SLO counts the service's synthetic probes: add probe: {url: ...} to the service, or use availability",
      );
      ok = false;
    } else if (probeSeconds !== undefined && minEvents !== undefined && minEvents > probesPerHour(probeSeconds)) {
      f.problem(
        "minEvents",
        `${show(minEvents)} is more than the ${probesPerHour(probeSeconds)} probes an hour holds at the probe's interval ${probe.interval?.text ?? ""}, so the fast page could never fire; use at most ${probesPerHour(probeSeconds)}, or probe more often`,
      );
      ok = false;
    }
  }

  if (objective !== undefined && period !== undefined && allowUnreachableObjective === true) {
    // Explicitly allowed: nothing to check.
  } else if (objective !== undefined && period !== undefined && tiers !== undefined) {
    // A tier whose threshold (factor × budget) is above an error ratio of 100% can never fire.
    const budget = 1 - objective / 100;
    for (const tier of tiers.filter((x) => x.enabled)) {
      const factor = tierBurnFactor(tier.budgetShare, parseDuration(tier.long) ?? 1, period.seconds);
      if (factor * budget <= 1) continue;
      const lowest = short6((1 - 1 / factor) * 100);
      if (tier.name === FASTEST.name) {
        f.problem(
          "objective",
          `${show(objective)} can never fire the fast page: over ${period.text} its burn-rate factor is ${short6(factor)}, and ${short6(factor)} × (1 − ${objective}%) exceeds an error ratio of 100%; use at least ${lowest}, or set allowUnreachableObjective: true`,
        );
      } else {
        f.issues.add(
          `${f.at("tiers")}.${tier.name}`,
          `can never fire at objective ${objective}: over ${period.text} its burn-rate factor is ${short6(factor)}, and ${short6(factor)} × (1 − ${objective}%) = ${short6(factor * budget * 100)}% exceeds an error ratio of 100%; set enabled: false, use an objective of at least ${lowest}, or set allowUnreachableObjective: true`,
        );
      }
      ok = false;
    }
  }

  if (
    !ok ||
    name === undefined ||
    kind === undefined ||
    objective === undefined ||
    period === undefined ||
    minEvents === undefined ||
    absentFor === undefined ||
    allowUnreachableObjective === undefined ||
    tiers === undefined
  ) {
    return undefined;
  }
  return {
    name,
    kind,
    objective,
    period,
    errorStatusRegex,
    latencyThreshold,
    minEvents,
    absentFor,
    allowUnreachableObjective,
    description,
    tiers,
  };
}

/**
 * Parses a service's `slos` list (optional; none when absent). `http` is the service's parsed HTTP
 * metrics, undefined when they failed to parse (then bucket checks are skipped, the metrics error stands);
 * `probe` what a probe SLO needs of the service's `probe`.
 * Returns undefined when any SLO is invalid.
 */
export function parseSlos(f: Fields, http: HttpMetricsFacts | undefined, probe: ProbeFacts): readonly SloConfig[] | undefined {
  const list = f.list("slos", { optional: true, hint: "the service's SLOs", max: LIMITS.slos });
  if (list === undefined) return undefined;
  const out: SloConfig[] = [];
  const firstByName = new Map<string, string>();
  let ok = true;
  for (const { value, path } of list) {
    const slo = parseSlo(value, path, http, probe, f.issues);
    const name = typeof value === "object" && value !== null ? (value as Record<string, unknown>).name : undefined;
    if (typeof name === "string") {
      const first = firstByName.get(name);
      if (first !== undefined) {
        f.issues.add(`${path}.name`, `${show(name)} is already the name of ${first}; SLO names must be unique within a service`);
        ok = false;
        continue;
      }
      firstByName.set(name, path);
    }
    if (slo === undefined) ok = false;
    else out.push(slo);
  }
  return ok ? out : undefined;
}

/**
 * Checks of a service's SLOs against the platform: Prometheus must keep the whole period, or the
 * remaining-budget series reads a shorter window than it claims. (The scrape interval's four samples
 * per 5m window are checked for every service by the stack cross-check.)
 */
export function checkSlosAgainstPlatform(
  platform: PlatformFacts,
  slos: readonly SloConfig[],
  servicePath: string,
  issues: IssueList,
): void {
  slos.forEach((s, i) => {
    const retention = platform.prometheus.retention;
    if (retention.seconds < s.period.seconds) {
      issues.add(
        `${servicePath}.slos[${i}].period`,
        `${show(s.period.text)} is longer than the Prometheus retention ${show(retention.text)} (platform.prometheus.retention); the error budget is read over the whole period, so raise the retention to at least ${s.period.text} or shorten the period`,
      );
    }
  });
}
