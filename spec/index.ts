export { CHART_RELEASES, DEFAULTS, PINNED_CHART_VERSION, RECORDED_QUANTILES } from "./defaults";
export { REMOTE_WRITE_SECRETS_KEY, THANOS_OBJECT_STORAGE_KEY, platformSecretIssues, remoteWriteCredentialNames } from "./remote-write";
export { prometheusSizeBytes, quantityBytes } from "./quantity";
export { formatDuration, parseDuration } from "./duration";
export { SpecError, formatIssues, type SpecIssue } from "./errors";
export { CONFIG_KEYS, SECRET_KEYS, checkStack, parseStack, type StackInput } from "./parse";
export type { Duration } from "./read";
export { FAST_PAGE_BUDGET_SHARE, SLO_DEFAULTS, SLO_PERIODS, SloKind, fastPageFactor, type SloPeriod, type SloSpec } from "./slo";
export * from "./types";
export * as naming from "./naming";
export { DASHBOARD_DEFAULTS } from "./dashboards";
export {
  ALERTING_DEFAULTS, HeartbeatType, RECEIVER_TYPES, ROUTED_SEVERITIES, ReceiverType,
  type AlertingSpec, type HeartbeatSpec, type ReceiverSpec, type RouteSpec, type RoutedSeverity, type SmtpSpec,
  type TeamAlertingSpec, type TimeIntervalSpec, type TimeRangeSpec,
} from "./alerting";
