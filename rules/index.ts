import { naming, type PlatformConfig, type ServiceConfig, type StackConfig } from "../config";
import { platformRules } from "./platform";
import { serviceRules } from "./service";
import type { RuleFile } from "./types";

export { platformRuleGroups, platformRules } from "./platform";
export { alertingRules, recordingRules, serviceAlerts, serviceRuleGroups, serviceRules } from "./service";
export * from "./types";
export { BURN_TIERS, burnFactor, sloAlertingRules, sloAlerts, sloRecordingRules, sloRuleGroups, sloRules, type BurnTier } from "./slo";

/** The platform's rule file. */
export function platformRuleFile(platform: PlatformConfig): RuleFile {
  return { fileName: naming.ruleFileName("platform"), service: undefined, ...platformRules(platform) };
}

/** One service's rule file. */
export function serviceRuleFile(s: ServiceConfig): RuleFile {
  return { fileName: naming.ruleFileName(s), service: s.name, ...serviceRules(s) };
}

/** Every rule file of a stack: the platform's, then one per service, in name order. */
export function ruleFiles(stack: StackConfig): RuleFile[] {
  return [platformRuleFile(stack.platform), ...stack.services.map(serviceRuleFile)];
}
