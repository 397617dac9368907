/** What an SLO counts: the raw selectors of its good and total events, and how events are counted from them. */
import { naming, SloKind, type ServiceConfig, type SloConfig } from "../../config";
import { bucketBoundMatcher, leSpellings, matcher, selector, sumBy } from "../promql";

/** Labels the raw aggregations keep; the rules add the rest. */
export const SLO_BY = [naming.label.namespace, naming.label.job] as const;

export interface SliSelectors {
  /** Every event. */
  readonly total: string;
  /** Good events. */
  readonly good: string;
  /** Series whose absence means the SLI cannot be measured. */
  readonly required: readonly string[];
  /** Labels the absent alert's expression keeps: those the required selectors pin with equality matchers. */
  readonly requiredLabels: Readonly<Record<string, string>>;
  /** `absent` of one required selector, with the labels {@link requiredLabels} names. */
  readonly absent: (required: string) => string;
  /** Events of the series in a window, per series: `increase` of a counter, or the probes of a 0/1 gauge. */
  readonly events: (which: "good" | "total", window: string) => string;
  /**
   * What the raw-window ratios divide, per series: the per-second rate of a counter (so the ratio of two rates,
   * as always rendered), the events themselves for probes (a gauge has no rate; the ratio is the same).
   */
  readonly ratioTerm: (which: "good" | "total", window: string) => string;
  /**
   * Aggregates per-series events to one series with the SLO's `namespace` and `job` (the service's), which
   * every `on (namespace, job)` of the SLO's rules matches on.
   */
  readonly aggregate: (inner: string) => string;
}

// The bucket-bound spellings (Go, Python, Prometheus 3's normalised form) live with the other PromQL builders.
export { leSpellings } from "../promql";

/** Counter SLIs (availability, latency): the service's own series already carry its namespace and job. */
function counted(total: string, good: string, required: readonly string[], requiredLabels: Readonly<Record<string, string>>): SliSelectors {
  const sel = (which: "good" | "total"): string => (which === "good" ? good : total);
  return {
    total,
    good,
    required,
    requiredLabels,
    events: (which, window) => `increase(${sel(which)}[${window}])`,
    ratioTerm: (which, window) => `rate(${sel(which)}[${window}])`,
    aggregate: (inner) => sumBy(SLO_BY, inner),
    absent: (required) => `absent(${required})`,
  };
}

/**
 * The probe SLI: `probe_success` of the service's probe job, one 0/1 sample per probe, so the probes in a
 * window are `count_over_time` and the successful ones `sum_over_time`. The Probe's series carry the probe's
 * job and the platform namespace (the operator's labels), so the aggregate is set to the service's own
 * namespace and job, which the SLO's recorded series carry.
 */
function probed(s: ServiceConfig): SliSelectors {
  const jobName = naming.probe.jobName(s);
  const total = selector("probe_success", matcher(naming.label.job, "=", jobName));
  const events = (which: "good" | "total", window: string): string =>
    `${which === "good" ? "sum_over_time" : "count_over_time"}(${total}[${window}])`;
  const setLabel = (expr: string, name: string, value: string): string => `label_replace(${expr}, "${name}", "${value}", "", "")`;
  const asService = (expr: string): string => setLabel(setLabel(expr, naming.label.namespace, s.namespace), naming.label.job, s.name);
  return {
    total,
    good: total,
    required: [total],
    requiredLabels: naming.serviceLabels(s),
    events,
    ratioTerm: events,
    aggregate: (inner) => asService(`sum(${inner})`),
    // The absent alert names the service, as every other alert of the SLO does (routing, inhibitions, its text).
    absent: (required) => asService(`absent(${required})`),
  };
}

/** Good and total selectors of one SLO of a service. */
export function sliSelectors(s: ServiceConfig, slo: SloConfig): SliSelectors {
  const sel = naming.serviceMatchers(s);
  if (slo.kind === SloKind.probe) return probed(s);
  if (slo.kind === SloKind.availability) {
    const req = s.http.requests;
    const bad = slo.errorStatusRegex ?? req.errorStatusRegex;
    const total = selector(req.metric, sel);
    return counted(total, selector(req.metric, sel, matcher(req.statusLabel, "!~", bad)), [total], naming.serviceLabels(s));
  }
  const h = s.http.duration.metric;
  const total = selector(`${h}_count`, sel);
  const good = selector(`${h}_bucket`, sel, bucketBoundMatcher(naming.label.le, slo.latencyThreshold ?? Number.NaN));
  // One spelling of the bound makes the matcher an equality, which absent() keeps as a label.
  const spellings = leSpellings(slo.latencyThreshold ?? Number.NaN);
  const requiredLabels = { ...naming.serviceLabels(s), ...(spellings.length === 1 ? { [naming.label.le]: spellings[0] ?? "" } : {}) };
  return counted(total, good, [total, good], requiredLabels);
}
