import { naming, type StackConfig } from "../config";
import { platformRuleGroups } from "./platform";
import { serviceRuleGroups } from "./service";
import type { RuleFile } from "./types";

export { platformRuleGroups } from "./platform";
export { alertingRules, recordingRules, serviceRuleGroups } from "./service";
export * from "./types";
export { BURN_TIERS, burnFactor, sloAlertingRules, sloRecordingRules, sloRuleGroups, type BurnTier } from "./slo";

/** Every rule file of a stack: the platform's, then one per service, in name order. */
export function ruleFiles(stack: StackConfig): RuleFile[] {
  return [
    { fileName: naming.ruleFileName("platform"), service: undefined, groups: platformRuleGroups(stack.platform) },
    ...stack.services.map((s) => ({ fileName: naming.ruleFileName(s), service: s.name, groups: serviceRuleGroups(s) })),
  ];
}
