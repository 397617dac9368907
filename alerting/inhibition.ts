import { Severity, naming } from "../config";
import { oneOf, present } from "./matchers";
import type { AmInhibitRule } from "./types";

const { label, alert, slo } = naming;

/** One side of an inhibition: the alert names it applies to (any when absent) and label values it requires. */
export interface InhibitionSide {
  readonly alertnames: readonly string[] | undefined;
  readonly labels: Readonly<Record<string, readonly string[]>>;
  /** Labels that must be set (non-empty). */
  readonly present: readonly string[];
}

/** An inhibition rule as data, with the reason it exists; tests check its labels against the rules. */
export interface Inhibition {
  readonly why: string;
  readonly source: InhibitionSide;
  readonly target: InhibitionSide;
  /** Labels whose values must agree; a label both alerts lack counts as equal, so sources require them `present`. */
  readonly equal: readonly string[];
}

const side = (
  alertnames: readonly string[] | undefined,
  labels: Record<string, readonly string[]> = {},
  need: readonly string[] = [],
): InhibitionSide => ({
  alertnames,
  labels,
  present: need,
});

/** The inhibitions of every stack, in the order Alertmanager gets them. */
export function inhibitions(): Inhibition[] {
  const sameService = [label.namespace, label.service];
  // naming.slo.tiers lists the tiers fastest first: each suppresses every slower one.
  const tierRules = slo.tiers.slice(0, -1).map((tier, i): Inhibition => ({
    why: `The ${tier} burn of an SLO suppresses its slower tiers: one incident, one notification.`,
    source: side([slo.burnAlert], { [slo.tierLabel]: [tier] }, [label.service, slo.label]),
    target: side([slo.burnAlert], { [slo.tierLabel]: slo.tiers.slice(i + 1) }),
    equal: [...sameService, slo.label],
  }));
  return [
    {
      why: "A page suppresses the warnings and tickets of the same service.",
      source: side(undefined, { [label.severity]: [Severity.page] }, [label.service]),
      target: side(undefined, { [label.severity]: [Severity.ticket, Severity.warning] }),
      equal: sameService,
    },
    {
      why: "A critical alert of the chart's rules suppresses the warning and info alerts of the same name (the chart's own pairs).",
      source: side(undefined, { [label.severity]: [naming.alerting.chartCriticalSeverity] }),
      target: side(undefined, { [label.severity]: [Severity.warning, Severity.info] }),
      equal: [label.namespace, "alertname"],
    },
    {
      why: "An SLO page is the page for its service: it suppresses the service's error-rate and latency threshold alerts, so one incident pages once.",
      source: side([slo.burnAlert], { [label.severity]: [Severity.page] }, [label.service]),
      target: side([alert.errorRatio, alert.latency]),
      equal: sameService,
    },
    ...tierRules,
    {
      why: "A service whose targets are down or absent cannot report errors or latency, and does not answer its probe: its target alert suppresses its error-rate, latency, SLO and probe alerts, so a stopped service pages once.",
      source: side([alert.targetDown, alert.targetAbsent], {}, [label.service]),
      target: side([alert.errorRatio, alert.latency, slo.burnAlert, slo.absentAlert, alert.probeFailed]),
      equal: sameService,
    },
    {
      why: "The InfoInhibitor pattern: info alerts stay silent unless another alert fires in the same namespace.",
      source: side([naming.alerting.infoInhibitor]),
      target: side(undefined, { [label.severity]: [Severity.info] }),
      equal: [label.namespace],
    },
  ];
}

function matchers(s: InhibitionSide): string[] {
  const out: string[] = [];
  if (s.alertnames) out.push(oneOf("alertname", s.alertnames));
  for (const [name, values] of Object.entries(s.labels).sort(([x], [y]) => (x < y ? -1 : 1))) out.push(oneOf(name, values));
  for (const name of s.present) out.push(present(name));
  return out;
}

/** The inhibitions as Alertmanager `inhibit_rules`. */
export function inhibitRules(): AmInhibitRule[] {
  return inhibitions().map((i) => ({ source_matchers: matchers(i.source), target_matchers: matchers(i.target), equal: i.equal }));
}
