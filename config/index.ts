export { CHART_RELEASES, DEFAULTS, PINNED_CHART_VERSION, RECORDED_QUANTILES } from "./defaults";
export { REMOTE_WRITE_SECRETS_KEY, THANOS_OBJECT_STORAGE_KEY, platformSecretIssues, remoteWriteCredentialNames } from "./remote-write";
export { prometheusSizeBytes, quantityBytes } from "./quantity";
export { formatDuration, parseDuration } from "./duration";
export { ConfigError, formatIssues, type ConfigIssue } from "./errors";
export { CONFIG_KEYS, SECRET_KEYS, checkStack, parseStack, type StackInput } from "./parse";
export type { Duration } from "./read";
export {
  FAST_PAGE_BUDGET_SHARE,
  SLO_DEFAULTS,
  SLO_PERIODS,
  SLO_TIER_TABLE,
  SloKind,
  THRESHOLD_GATE_BUDGET_SHARE,
  TIER_SEVERITIES,
  fastPageFactor,
  tierBurnFactor,
  type SloPeriod,
  type SloConfig,
  type SloTierConfig,
  type SloTierName,
  type SloTierRow,
  type TierSeverity,
} from "./slo";
export * from "./types";
export { PROBE_DEFAULTS, PROBE_MODULES, PROBE_MODULE_NAMES, probeUrlProblem, type ProbeConfig, type ProbeModule } from "./probe";
export {
  DEFAULT_ERROR_REGEX,
  INSTRUMENTATIONS,
  INSTRUMENTATION_PRESETS,
  Instrumentation,
  NameStyle,
  RequestSource,
  StatusConvention,
  presetOf,
  type InstrumentationPreset,
  type PresetNames,
} from "./instrumentation";
export * as naming from "./naming";
export { DASHBOARD_DEFAULTS } from "./dashboards";
export {
  ALERTING_DEFAULTS,
  HeartbeatType,
  RECEIVER_TYPES,
  ROUTED_SEVERITIES,
  ReceiverType,
  type AlertingConfig,
  type HeartbeatConfig,
  type ReceiverConfig,
  type RouteConfig,
  type RoutedSeverity,
  type SmtpConfig,
  type TeamAlertingConfig,
  type TimeIntervalConfig,
  type TimeRangeConfig,
} from "./alerting";
export * from "./deprecated";
/** @deprecated Use ConfigError; removed in 0.3.0. */
export { ConfigError as SpecError } from "./errors";
export {
  FIELD_SINKS,
  LIMITS,
  Sink,
  credentialProblem,
  dashboardUidProblem,
  fileNameProblem,
  goTemplateProblem,
  promqlProblem,
  promqlString,
  re2Literal,
  re2Matcher,
  re2Problem,
  textProblem,
  timeZoneProblem,
  urlProblem,
} from "./sinks";
export { FORBIDDEN_PLATFORM_NAMESPACES } from "./platform";
export { sizeIssue } from "./unique";
export { configNamespaceIssues, deploySecretIssues } from "./secrets";
