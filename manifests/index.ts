export {
  GRAFANA_ADMIN_SECRET,
  POD_SECURITY_LABELS,
  crdUrls,
  grafanaAdminSecret,
  platformNamespace,
  platformPrometheusRule,
} from "./platform";
export { CONTAINER_SECURITY_CONTEXT, helmValues } from "./helm-values";
export { CONFIGMAP_DATA_BUDGET, dashboardConfigMaps, type ConfigMapObject } from "./dashboard-configmaps";
export { alertmanagerConfigSecret } from "./alertmanager";
export { alertmanagerSecret, chartPods, networkPolicyName, replicaExternalLabel, scaleOut } from "./chart";
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
