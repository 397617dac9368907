/** Burn-rate alerts of one SLO (one per tier) and the alert for an SLI that cannot be measured. */
import { naming, Severity, SloKind, THRESHOLD_GATE_BUDGET_SHARE, tierBurnFactor, type ServiceConfig, type SloConfig } from "../../config";
import { humanSeconds, matcher, percent, selector } from "../promql";
import { generatedAlert, type AlertingRule, type GeneratedAlert } from "../types";
import { eventsInWindow, num, SLO_BY, sloMatchers, sloSeriesLabels } from "./recording";
import { sliSelectors } from "./sli";
import { activeTiers, budgetRatio, burnFactor, coverageStep, fasterPageTiers, isRawWindow, seconds, type BurnTier } from "./windows";

const { label } = naming;
const ON = `on (${[...SLO_BY, naming.slo.label].join(", ")})`;

function what(s: ServiceConfig, slo: SloConfig): string {
  if (slo.kind === SloKind.probe) return `synthetic probes of ${s.name} answered`;
  return slo.kind === SloKind.availability
    ? `${s.name} requests served without error`
    : `${s.name} requests served within ${humanSeconds(slo.latencyThreshold ?? 0)}`;
}

function alertLabels(s: ServiceConfig, slo: SloConfig, severity: string, tier: string): Record<string, string> {
  return {
    ...s.labels,
    [label.service]: s.name,
    [label.team]: s.team,
    [label.severity]: severity,
    [naming.slo.label]: slo.name,
    [naming.slo.tierLabel]: tier,
    [naming.slo.kindLabel]: slo.kind,
  };
}

function annotations(s: ServiceConfig, alertName: string, summary: string, description: string): Record<string, string> {
  const out: Record<string, string> = { summary, description };
  if (s.runbookBaseUrl !== undefined) out.runbook_url = naming.runbookUrl(s.runbookBaseUrl, alertName);
  return out;
}

/**
 * Share of a counted long window that holds data, from 0 to 1: how long ago the SLO's oldest 5m count
 * in the window was recorded, over the window (less one subquery step, so a full window reads 1 however
 * the steps fall). A service with 6 hours of history fills a quarter of the 1d window.
 */
export function coveredShare(s: ServiceConfig, slo: SloConfig, window: string): string {
  const step = coverageStep(window);
  const oldest = `min_over_time(timestamp(${selector(naming.slo.record.totalEvents5m, sloMatchers(s, slo))})[${window}:${step}])`;
  return `clamp_max((time() - ${oldest}) / ${num(seconds(window) - seconds(step))}, 1)`;
}

/**
 * The expression of one tier: long AND short window above factor × budget, with enough events to
 * page. A counted long window (6h and longer) must also show the budget really spent: its ratio
 * times the share of the window that holds data, so a service with 6 hours of history is not judged
 * on a 3-day window that holds only those hours (30 seconds of errors would look like a 1× burn). A slower page tier also stays quiet while a faster page tier of the SLO has fired within its
 * short window: after a short outage its short window (30m for the 6h tier) still shows the burn
 * long after the fast page has reset, and Alertmanager's inhibition ends with the fast page, so the
 * slow tier would page a second time after recovery. A burn that goes on past that window pages.
 */
export function burnExpr(s: ServiceConfig, slo: SloConfig, tier: BurnTier): string {
  const m = sloMatchers(s, slo);
  const threshold = `(${num(burnFactor(tier, slo.period.seconds))} * ${num(budgetRatio(slo.objective))})`;
  const longRatio = selector(naming.slo.record.errorRatio(tier.long), m);
  const long = isRawWindow(tier.long)
    ? `${longRatio} > ${threshold}`
    : `${longRatio} > ${ON} (${threshold} / ${coveredShare(s, slo, tier.long)})`;
  const short = `${selector(naming.slo.record.errorRatio(tier.short), m)} > ${threshold}`;
  const both = `(${long}\nand ${ON}\n${short})`;
  if (tier.severity !== Severity.page) return both;
  // One failed request at low traffic is not an outage: a page needs enough events in the long window
  // (counted raw for an hour or less, so without the slo label: matched on the service alone).
  const paged = `${both}\nand on (${SLO_BY.join(", ")})\n(${eventsInWindow(s, slo, tier.long)} >= ${slo.minEvents})`;
  const faster = fasterPageTiers(slo, tier);
  if (faster.length === 0) return paged;
  const tiers = faster.map((t) => t.name).join("|");
  const firing = naming.firingAlerts([
    m,
    matcher("alertname", "=", naming.slo.burnAlert),
    matcher(naming.slo.tierLabel, faster.length === 1 ? "=" : "=~", tiers),
  ]);
  return `${paged}\nunless ${ON}\nmax_over_time(${firing}[${tier.short}])`;
}

/**
 * The condition a threshold alert of a service with SLOs of `kind` is gated on: some such SLO has
 * spent at least {@link THRESHOLD_GATE_BUDGET_SHARE} of its period's budget within the last hour
 * (its 1h error ratio above that share's burn factor × budget) over at least its `minEvents` events
 * (as the fast page needs). Undefined without such an SLO: the
 * threshold alert stays as configured.
 */
export function budgetSpentGate(s: ServiceConfig, kind: SloKind): string | undefined {
  const slos = s.slos.filter((o) => o.kind === kind);
  if (slos.length === 0) return undefined;
  const window = "1h";
  return slos
    .map((o) => {
      const factor = num(tierBurnFactor(THRESHOLD_GATE_BUDGET_SHARE, seconds(window), o.period.seconds));
      // The fast page's events guard too: one failure at a trickle of traffic is no page either.
      return `(${selector(naming.slo.record.errorRatio(window), sloMatchers(s, o))} > (${factor} * ${num(budgetRatio(o.objective))}) and on (${SLO_BY.join(", ")}) ${eventsInWindow(s, o, window)} >= ${o.minEvents})`;
    })
    .join(" or ");
}

/**
 * The error ratio a tier's windows must exceed: its burn factor times the budget ratio, as its expression writes
 * them (a counted long window divides it by the share of the window that holds data).
 */
function burnThreshold(slo: SloConfig, tier: BurnTier): number {
  return Number(num(burnFactor(tier, slo.period.seconds))) * Number(num(budgetRatio(slo.objective)));
}

/** Alerting rules of one SLO, with the labels each keeps and its threshold. */
export function sloAlerts(s: ServiceConfig, slo: SloConfig): GeneratedAlert[] {
  const name = naming.slo.burnAlert;
  // The expression keeps the labels of the windows' recorded error ratios: the SLO's series labels.
  const burnLabels = sloSeriesLabels(s, slo);
  const alerts = activeTiers(slo).map((tier): GeneratedAlert => {
    const factor = burnFactor(tier, slo.period.seconds);
    const spent = percent(tier.budgetShare);
    const rule: AlertingRule = {
      alert: name,
      expr: burnExpr(s, slo, tier),
      ...(tier.for !== undefined ? { for: tier.for.text } : {}),
      ...(tier.hold !== undefined ? { keep_firing_for: tier.hold } : {}),
      labels: alertLabels(s, slo, tier.severity, tier.name),
      annotations: annotations(
        s,
        name,
        `${s.name} is burning its ${slo.name} error budget ${factor}× too fast.`,
        `SLO ${slo.name} of {{ $labels.job }} in {{ $labels.namespace }} (${percent(slo.objective / 100)} of ${what(s, slo)} over ${slo.period.text}): {{ $value | humanizePercentage }} of events were bad over the last ${tier.long}, and the last ${tier.short} agrees; at ${factor}× the budget rate, ${spent} of the ${slo.period.text} budget is gone in ${tier.long}.` +
          (slo.description !== undefined ? ` ${slo.description}` : ""),
      ),
    };
    return generatedAlert(rule, s.name, burnLabels, burnThreshold(slo, tier));
  });
  // One alert however many of the SLI's series are missing.
  const sli = sliSelectors(s, slo);
  const absentExpr = sli.required.map(sli.absent).join(` or on (${SLO_BY.join(", ")}) `);
  const absent: AlertingRule = {
    alert: naming.slo.absentAlert,
    expr: absentExpr,
    for: slo.absentFor.text,
    labels: alertLabels(s, slo, Severity.ticket, naming.slo.absentTier),
    annotations: annotations(
      s,
      naming.slo.absentAlert,
      `${s.name} SLO ${slo.name} cannot be measured.`,
      `The series SLO ${slo.name} of {{ $labels.job }} in {{ $labels.namespace }} is computed from have been absent for ${slo.absentFor.text} (${sli.required.join(", ")}): its burn-rate alerts cannot fire. The metric may be renamed, the label or bucket may not exist, or the service is not scraped.`,
    ),
  };
  alerts.push(generatedAlert(absent, s.name, sli.requiredLabels));
  return alerts;
}

/** Alerting rules of one SLO. */
export function sloAlertingRules(s: ServiceConfig, slo: SloConfig): AlertingRule[] {
  return sloAlerts(s, slo).map((a) => a.rule);
}
