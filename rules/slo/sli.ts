/** What an SLO counts: the raw selectors of its good and total events. */
import { naming, SloKind, type ServiceConfig, type SloConfig } from "../../config";
import { bucketBoundMatcher, leSpellings, matcher, selector } from "../promql";

export interface SliSelectors {
  /** Every event. */
  readonly total: string;
  /** Good events. */
  readonly good: string;
  /** Series whose absence means the SLI cannot be measured. */
  readonly required: readonly string[];
  /** Labels the required selectors pin with equality matchers: what `absent` of them keeps. */
  readonly requiredLabels: Readonly<Record<string, string>>;
}

// The bucket-bound spellings (Go, Python, Prometheus 3's normalised form) live with the other PromQL builders.
export { leSpellings } from "../promql";

/** Good and total selectors of one SLO of a service. */
export function sliSelectors(s: ServiceConfig, slo: SloConfig): SliSelectors {
  const sel = naming.serviceMatchers(s);
  if (slo.kind === SloKind.availability) {
    const req = s.http.requests;
    const bad = slo.errorStatusRegex ?? req.errorStatusRegex;
    const total = selector(req.metric, sel);
    return {
      total,
      good: selector(req.metric, sel, matcher(req.statusLabel, "!~", bad)),
      required: [total],
      requiredLabels: naming.serviceLabels(s),
    };
  }
  const h = s.http.duration.metric;
  const total = selector(`${h}_count`, sel);
  const good = selector(`${h}_bucket`, sel, bucketBoundMatcher(naming.label.le, slo.latencyThreshold ?? Number.NaN));
  // One spelling of the bound makes the matcher an equality, which absent() keeps as a label.
  const spellings = leSpellings(slo.latencyThreshold ?? Number.NaN);
  const requiredLabels = { ...naming.serviceLabels(s), ...(spellings.length === 1 ? { [naming.label.le]: spellings[0] ?? "" } : {}) };
  return { total, good, required: [total, good], requiredLabels };
}
