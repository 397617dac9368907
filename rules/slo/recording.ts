/**
 * Recording rules of one SLO, at most 12, in two groups. The count group, evaluated every 5m,
 * records non-overlapping 5m counts of good and total events and the period's budget from them;
 * the ratio group, evaluated with the alerts, records the error ratio over every tier window and
 * the current burn rate. Windows up to an hour read raw series; longer windows sum the recorded
 * counts, so a ratio is weighted by traffic (never an average of ratios), no rule scans days of raw
 * series, and the period window reads one sample per 5m (8,640 for 30 days) instead of one per
 * evaluation. Every expression over the counts is a ratio of sums or a mean times the number of 5m
 * steps, so it is right whatever the counts' spacing (promtool evaluates every group at its
 * evaluation interval, ignoring the group's own).
 */
import { naming, type ServiceConfig, type SloConfig } from "../../config";
import { selector } from "../promql";
import type { RecordingRule } from "../types";
import { SLO_BY, sliSelectors } from "./sli";
import { budgetRatio, COUNT_WINDOW, isRawWindow, ratioWindows, round, seconds } from "./windows";

const { label } = naming;
const rec = naming.slo.record;
export { SLO_BY } from "./sli";
const ON = `on (${SLO_BY.join(", ")})`;

/** Labels on every recorded series of an SLO. */
export function sloSeriesLabels(s: ServiceConfig, slo: SloConfig): Record<string, string> {
  return {
    [label.namespace]: s.namespace,
    [label.job]: s.name,
    [label.service]: s.name,
    [naming.slo.label]: slo.name,
    [naming.slo.kindLabel]: slo.kind,
  };
}

/** Matchers that select one SLO's recorded series. */
export function sloMatchers(s: ServiceConfig, slo: SloConfig): string {
  return `${naming.serviceMatchers(s)},${naming.slo.label}="${slo.name}"`;
}

/** Printable number for PromQL. */
export function num(x: number): string {
  return String(round(x));
}

/** Error ratio over a window from the recorded counts: events summed, so weighted by traffic. */
function countedRatio(s: ServiceConfig, slo: SloConfig, window: string): string {
  const m = sloMatchers(s, slo);
  return `1 - sum_over_time(${selector(rec.goodEvents5m, m)}[${window}]) / (sum_over_time(${selector(rec.totalEvents5m, m)}[${window}]) > 0)`;
}

/** The count group's rules: good and total events per 5m, then the period's remaining budget from them. */
export function sloCountRules(s: ServiceConfig, slo: SloConfig): RecordingRule[] {
  const sli = sliSelectors(s, slo);
  const labels = sloSeriesLabels(s, slo);
  // No good series at all (a service that has only ever failed) means zero good events, not no data.
  const zeroGood = `0 * ${selector(rec.totalEvents5m, sloMatchers(s, slo))}`;
  return [
    { record: rec.totalEvents5m, expr: sli.aggregate(sli.events("total", COUNT_WINDOW)), labels },
    { record: rec.goodEvents5m, expr: `${sli.aggregate(sli.events("good", COUNT_WINDOW))} or ${ON} ${zeroGood}`, labels },
    // Spent share = period error ratio / budget; a dashboard series, so 5m fresh is fresh enough.
    { record: rec.budgetRemaining, expr: `1 - (${countedRatio(s, slo, slo.period.text)}) / ${num(budgetRatio(slo.objective))}`, labels },
  ];
}

/** The ratio group's recording rules, in evaluation order (the burn rate reads the 1h ratio at the same instant). */
export function sloRatioRules(s: ServiceConfig, slo: SloConfig): RecordingRule[] {
  const sli = sliSelectors(s, slo);
  const labels = sloSeriesLabels(s, slo);
  const ratio = (window: string): string => {
    if (!isRawWindow(window)) return countedRatio(s, slo, window);
    const good = sli.aggregate(sli.ratioTerm("good", window));
    const total = sli.aggregate(sli.ratioTerm("total", window));
    // No good series at all means zero good events, not no data (an instant lookup: cheap).
    return `1 - (${good} or ${ON} 0 * ${sli.aggregate(sli.total)}) / ${ON} (${total} > 0)`;
  };
  return [
    ...ratioWindows().map((w): RecordingRule => ({ record: rec.errorRatio(w), expr: ratio(w), labels })),
    { record: rec.objective, expr: `vector(${num(slo.objective / 100)})`, labels },
    {
      record: rec.burnRate("1h"),
      expr: `${selector(rec.errorRatio("1h"), sloMatchers(s, slo))} / ${num(budgetRatio(slo.objective))}`,
      labels,
    },
  ];
}

/** Every recording rule of one SLO, count group first. */
export function sloRecordingRules(s: ServiceConfig, slo: SloConfig): RecordingRule[] {
  return [...sloCountRules(s, slo), ...sloRatioRules(s, slo)];
}

/**
 * Events in a window. Windows up to an hour count the raw series, so the fast page's guard holds
 * from the first scrapes on (the 5m counts first appear when their group first runs, up to 5m after
 * Prometheus starts); longer windows estimate from the recorded 5m counts whatever their spacing.
 */
export function eventsInWindow(s: ServiceConfig, slo: SloConfig, window: string): string {
  if (isRawWindow(window)) {
    const sli = sliSelectors(s, slo);
    return sli.aggregate(sli.events("total", window));
  }
  const per5m = seconds(window) / seconds(COUNT_WINDOW);
  return `avg_over_time(${selector(rec.totalEvents5m, sloMatchers(s, slo))}[${window}]) * ${num(per5m)}`;
}
