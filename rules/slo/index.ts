import { naming, type ServiceSpec } from "../../spec";
import type { RuleGroup } from "../types";
import { sloAlertingRules } from "./alerts";
import { sloRecordingRules } from "./recording";

export { BURN_TIERS, burnFactor, budgetRatio, ratioWindows, type BurnTier } from "./windows";
export { sloRecordingRules } from "./recording";
export { sloAlertingRules } from "./alerts";

/** One rule group per SLO: its recording rules, then its alerts, which read them at the same instant. */
export function sloRuleGroups(s: ServiceSpec): RuleGroup[] {
  return s.slos.map((slo) => ({
    name: naming.slo.ruleGroup(s.name, slo.name),
    rules: [...sloRecordingRules(s, slo), ...sloAlertingRules(s, slo)],
  }));
}
export { sloTestFile, sloTestPath, type PromtoolTestFile } from "./tests";
