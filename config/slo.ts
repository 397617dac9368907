/**
 * Service level objectives: the `slos` list of a service, parsed into {@link SloConfig}, and the checks
 * that need the platform (retention against the period). The burn-rate arithmetic lives with the rule
 * generators (rules/slo); only the one bound the spec must refuse (a fast page that can never fire) is
 * computed here, from the same budget shares.
 */
import { parseDuration } from "./duration";
import { show, type IssueList } from "./errors";
import { DNS_LABEL } from "./names";
import { Fields, type Duration } from "./read";
import { LIMITS, statusRegexProblem, textProblem } from "./sinks";
import type { HttpMetricsConfig, PlatformConfig } from "./types";

/** What an SLO measures. */
export const SloKind = {
  /** Bad events: requests whose status matches the error regex (5xx by default). */
  availability: "availability",
  /** Good events: requests served at or under a latency threshold (a histogram bucket). */
  latency: "latency",
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
 * Share of the error budget the fastest page tier may spend in its long window (1h): 2%, as in the
 * SRE workbook. Kept here because the spec refuses objectives where that page can never fire.
 */
export const FAST_PAGE_BUDGET_SHARE = 0.02;
/** Long window of the fastest page tier, in seconds. */
export const FAST_PAGE_WINDOW_SECONDS = 3600;

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
  /** Events a page tier's long window must hold before it may page. Defaults to 100. */
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
] as const;

/** Burn-rate factor of the fast page for a period: the budget share it may spend times period / window. */
export function fastPageFactor(periodSeconds: number): number {
  return (FAST_PAGE_BUDGET_SHARE * periodSeconds) / FAST_PAGE_WINDOW_SECONDS;
}

function parseSlo(raw: unknown, path: string, http: HttpMetricsConfig | undefined, issues: IssueList): SloConfig | undefined {
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
  const minEvents = f.number("minEvents", { default: SLO_DEFAULTS.minEvents, integer: true, min: 1 });
  const absentFor = f.duration("absentFor", { default: SLO_DEFAULTS.absentFor, min: 60 });
  const allowUnreachableObjective = f.boolean("allowUnreachableObjective", SLO_DEFAULTS.allowUnreachableObjective);
  let ok = true;
  // Appended to alert descriptions: a Go template to Prometheus, Markdown in the runbooks.
  const description = f.optionalString("description", { check: (s) => textProblem(s) });
  if (f.has("description") && description === undefined) ok = false;

  let errorStatusRegex: string | undefined;
  let latencyThreshold: number | undefined;
  if (kind === SloKind.availability) {
    errorStatusRegex = f.optionalString("errorStatusRegex", { check: statusRegexProblem });
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
  }

  if (objective !== undefined && period !== undefined && allowUnreachableObjective === true) {
    // Explicitly allowed: nothing to check.
  } else if (objective !== undefined && period !== undefined) {
    const factor = fastPageFactor(period.seconds);
    const budget = 1 - objective / 100;
    if (factor * budget > 1) {
      const lowest = Number(((1 - 1 / factor) * 100).toPrecision(6));
      f.problem(
        "objective",
        `${show(objective)} can never fire the fast page: over ${period.text} its burn-rate factor is ${Number(factor.toPrecision(6))}, and ${Number(factor.toPrecision(6))} × (1 − ${objective}%) exceeds an error ratio of 100%; use at least ${lowest}, or set allowUnreachableObjective: true`,
      );
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
    allowUnreachableObjective === undefined
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
  };
}

/**
 * Parses a service's `slos` list (optional; none when absent). `http` is the service's parsed HTTP
 * metrics, undefined when they failed to parse (then bucket checks are skipped, the metrics error stands).
 * Returns undefined when any SLO is invalid.
 */
export function parseSlos(f: Fields, http: HttpMetricsConfig | undefined): readonly SloConfig[] | undefined {
  const list = f.list("slos", { optional: true, hint: "the service's SLOs", max: LIMITS.slos });
  if (list === undefined) return undefined;
  const out: SloConfig[] = [];
  const firstByName = new Map<string, string>();
  let ok = true;
  for (const { value, path } of list) {
    const slo = parseSlo(value, path, http, f.issues);
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
  platform: PlatformConfig,
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
