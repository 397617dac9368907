import { naming, type ServiceConfig } from "../../config";
import type { GeneratedRules, RuleGroup } from "../types";
import { sloAlerts } from "./alerts";
import { sloCountRules, sloRatioRules } from "./recording";
import { COUNT_WINDOW } from "./windows";

export { BURN_TIERS, activeTiers, burnFactor, budgetRatio, ratioWindows, type BurnTier } from "./windows";
export { sloCountRules, sloRatioRules, sloRecordingRules } from "./recording";
export { budgetSpentGate, coveredShare, sloAlerts, sloAlertingRules } from "./alerts";

/**
 * Two rule groups per SLO: the 5m counts and the period budget every 5m (non-overlapping counts, so
 * long windows read a tenth of the samples), then the ratios and alerts at the evaluation interval,
 * recording rules before the alerts that read them at the same instant.
 */
export function sloRules(s: ServiceConfig): GeneratedRules {
  const groups: RuleGroup[] = [];
  const alerts = s.slos.flatMap((slo) => {
    const own = sloAlerts(s, slo);
    groups.push(
      { name: naming.slo.countGroup(s.name, slo.name), interval: COUNT_WINDOW, rules: sloCountRules(s, slo) },
      { name: naming.slo.ruleGroup(s.name, slo.name), rules: [...sloRatioRules(s, slo), ...own.map((a) => a.rule)] },
    );
    return own;
  });
  return { groups, alerts };
}

/** The rule groups of every SLO of a service (see {@link sloRules}). */
export function sloRuleGroups(s: ServiceConfig): RuleGroup[] {
  return [...sloRules(s).groups];
}
export { sloTestFile, sloTestPath, sloTestShape, TestGeneration, type PromtoolTestFile } from "./tests";
