/**
 * Recording rules of one SLO, at most 12: the 5m good and total counts, the error ratio over every
 * tier window, and the budget series dashboards read. Windows up to an hour read raw series; longer
 * windows and the period sum the recorded counts, so a ratio is weighted by traffic (never an
 * average of ratios) and no rule scans days of raw series.
 */
import { naming, type ServiceSpec, type SloSpec } from "../../spec";
import { selector, sumBy } from "../promql";
import type { RecordingRule } from "../types";
import { sliSelectors } from "./sli";
import { budgetRatio, COUNT_WINDOW, isRawWindow, ratioWindows, round, seconds } from "./windows";

const { label } = naming;
const rec = naming.slo.record;
/** Labels the raw aggregations keep; the rule adds the rest. */
export const SLO_BY = [label.namespace, label.job] as const;
const ON = `on (${SLO_BY.join(", ")})`;

/** Labels on every recorded series of an SLO. */
export function sloSeriesLabels(s: ServiceSpec, slo: SloSpec): Record<string, string> {
  return {
    [label.namespace]: s.namespace,
    [label.job]: s.name,
    [label.service]: s.name,
    [naming.slo.label]: slo.name,
    [naming.slo.kindLabel]: slo.kind,
  };
}

/** Matchers that select one SLO's recorded series. */
export function sloMatchers(s: ServiceSpec, slo: SloSpec): string {
  return `${naming.serviceMatchers(s)},${naming.slo.label}="${slo.name}"`;
}

/** Printable number for PromQL. */
export function num(x: number): string {
  return String(round(x));
}

/** Recording rules of one SLO, in evaluation order (later rules read earlier ones at the same instant). */
export function sloRecordingRules(s: ServiceSpec, slo: SloSpec): RecordingRule[] {
  const sli = sliSelectors(s, slo);
  const labels = sloSeriesLabels(s, slo);
  const m = sloMatchers(s, slo);
  const total5m = selector(rec.totalEvents5m, m);
  const good5m = selector(rec.goodEvents5m, m);
  // No good series at all (a service that has only ever failed) means zero good events, not no data.
  const zeroGood = `0 * ${total5m}`;
  const budget = num(budgetRatio(slo.objective));

  const ratio = (window: string): string => {
    if (window === COUNT_WINDOW) return `1 - ${good5m} / (${total5m} > 0)`;
    if (isRawWindow(window)) {
      const good = sumBy(SLO_BY, `rate(${sli.good}[${window}])`);
      const total = sumBy(SLO_BY, `rate(${sli.total}[${window}])`);
      return `1 - (${good} or ${ON} ${zeroGood}) / ${ON} (${total} > 0)`;
    }
    return `1 - sum_over_time(${good5m}[${window}]) / (sum_over_time(${total5m}[${window}]) > 0)`;
  };

  return [
    { record: rec.totalEvents5m, expr: sumBy(SLO_BY, `increase(${sli.total}[${COUNT_WINDOW}])`), labels },
    {
      record: rec.goodEvents5m,
      expr: `${sumBy(SLO_BY, `increase(${sli.good}[${COUNT_WINDOW}])`)} or ${ON} ${zeroGood}`,
      labels,
    },
    ...ratioWindows().map((w): RecordingRule => ({ record: rec.errorRatio(w), expr: ratio(w), labels })),
    { record: rec.objective, expr: `vector(${num(slo.objective / 100)})`, labels },
    {
      // Spent share = period error ratio / budget; counts summed over the period, weighted by traffic.
      record: rec.budgetRemaining,
      expr: `1 - (1 - sum_over_time(${good5m}[${slo.period.text}]) / (sum_over_time(${total5m}[${slo.period.text}]) > 0)) / ${budget}`,
      labels,
    },
    { record: rec.burnRate("1h"), expr: `${selector(rec.errorRatio("1h"), m)} / ${budget}`, labels },
  ];
}

/** Events in a window, estimated from the recorded 5m counts whatever the evaluation interval. */
export function eventsInWindow(s: ServiceSpec, slo: SloSpec, window: string): string {
  const per5m = seconds(window) / seconds(COUNT_WINDOW);
  return `avg_over_time(${selector(rec.totalEvents5m, sloMatchers(s, slo))}[${window}]) * ${num(per5m)}`;
}
