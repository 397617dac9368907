import type { PlatformConfig, ServiceConfig, StackConfig } from "../config";
import { platformRuleGroups, serviceRuleGroups } from "../rules";
import { grafanaAdminSecret, platformNamespace, platformPrometheusRule } from "./platform";
import { networkPolicies } from "./network-policies";
import { scaleOutSecrets, type ScaleOutSecrets } from "./scale-out";
import { ruleFileBytes, serviceMonitor, servicePrometheusRules, type RuleFileMeasure } from "./service";
import { blackboxNetworkPolicy, probeObject } from "./probe";
import type { KubeObject } from "./types";

export {
  GRAFANA_ADMIN_SECRET,
  POD_SECURITY_LABELS,
  crdUrls,
  grafanaAdminSecret,
  platformNamespace,
  platformPrometheusRule,
} from "./platform";
export { CONTAINER_SECURITY_CONTEXT, helmValues } from "./helm-values";
export { DISTRIBUTIONS, distributionValues, type DistributionProfile } from "./distribution";
export { networkPolicies } from "./network-policies";
export { placeholderScaleOutSecrets, scaleOutSecrets, scaleOutValues, type ScaleOutSecrets } from "./scale-out";
export { COMMENTED_KEYS, FREE_FORM_KEYS, SUBCHART_KEYS, checkChartValues, type ChartValueProblem } from "./chart-keys";
export {
  RULE_FILE_LIMIT_BYTES,
  RULE_FILE_SPLIT_BYTES,
  prometheusRule,
  ruleFileBytes,
  type RuleFileMeasure,
  serviceMonitor,
  servicePrometheusRule,
  servicePrometheusRules,
  splitRuleGroups,
} from "./service";
export { blackboxExporterValues, blackboxNetworkPolicy, probeObject } from "./probe";
export { objectKey, type KubeObject, type ObjectMeta, type SecretObject } from "./types";

/** Secret values of a stack, of whatever type the caller holds them in. */
export interface StackSecrets<V> {
  readonly grafanaAdminPassword: V | undefined;
  /** Remote-write credentials and the Thanos object-storage config; no scale-out Secret when absent. */
  readonly scaleOut?: ScaleOutSecrets<V>;
}

/** The platform's own objects, in the order they are created. */
export function platformObjects<V>(stack: StackConfig, secrets: StackSecrets<V>): KubeObject[] {
  const objects: KubeObject[] = [platformNamespace(stack.platform), ...networkPolicies(stack.platform, stack.alerting)];
  if (stack.platform.grafanaEnabled && secrets.grafanaAdminPassword !== undefined) {
    objects.push(grafanaAdminSecret(stack.platform, secrets.grafanaAdminPassword));
  }
  if (secrets.scaleOut !== undefined) objects.push(...scaleOutSecrets(stack.platform, secrets.scaleOut));
  objects.push(platformPrometheusRule(stack.platform, platformRuleGroups(stack.platform)));
  const blackbox = blackboxNetworkPolicy(stack.platform, stack.services);
  if (blackbox !== undefined) objects.push(blackbox);
  return objects;
}

/** One service's objects: its ServiceMonitor, its PrometheusRules (more than one past the operator's size limit) and its Probe. */
export function serviceObjects(s: ServiceConfig, platform: PlatformConfig, measure: RuleFileMeasure = ruleFileBytes): KubeObject[] {
  const probe = probeObject(s, platform);
  return [serviceMonitor(s, platform), ...servicePrometheusRules(s, platform, serviceRuleGroups(s), measure), ...(probe ? [probe] : [])];
}

/**
 * Every Kubernetes object our components create (the chart's own objects excluded). `measure` gives a rule
 * file's size (see {@link RuleFileMeasure}); defaults to serialising it.
 */
export function stackObjects<V>(stack: StackConfig, secrets: StackSecrets<V>, measure: RuleFileMeasure = ruleFileBytes): KubeObject[] {
  return [...platformObjects(stack, secrets), ...stack.services.flatMap((s) => serviceObjects(s, stack.platform, measure))];
}
