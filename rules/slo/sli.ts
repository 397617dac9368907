/** What an SLO counts: the raw selectors of its good and total events. */
import { naming, SloKind, type ServiceConfig, type SloConfig } from "../../config";
import { matcher, selector } from "../promql";

export interface SliSelectors {
  /** Every event. */
  readonly total: string;
  /** Good events. */
  readonly good: string;
  /** Series whose absence means the SLI cannot be measured. */
  readonly required: readonly string[];
}

/**
 * The spellings exporters give a bucket bound: Go clients write `1`, Python clients `1.0`, so a
 * threshold must match either or it silently matches no bucket.
 */
export function leSpellings(bound: number): string[] {
  const plain = String(bound);
  return Number.isInteger(bound) ? [plain, `${plain}.0`] : [plain];
}

function leMatcher(bound: number): string {
  const spellings = leSpellings(bound);
  return spellings.length === 1
    ? matcher(naming.label.le, "=", spellings[0] ?? "")
    : matcher(naming.label.le, "=~", spellings.map((s) => s.replace(/\./g, "\\.")).join("|"));
}

/** Good and total selectors of one SLO of a service. */
export function sliSelectors(s: ServiceConfig, slo: SloConfig): SliSelectors {
  const sel = naming.serviceMatchers(s);
  if (slo.kind === SloKind.availability) {
    const req = s.http.requests;
    const bad = slo.errorStatusRegex ?? req.errorStatusRegex;
    const total = selector(req.metric, sel);
    return { total, good: selector(req.metric, sel, matcher(req.statusLabel, "!~", bad)), required: [total] };
  }
  const h = s.http.duration.metric;
  const total = selector(`${h}_count`, sel);
  const good = selector(`${h}_bucket`, sel, leMatcher(slo.latencyThreshold ?? Number.NaN));
  return { total, good, required: [total, good] };
}
