/**
 * The names these types had before 0.2.0, when the folder was `spec/`. They collided with Kubernetes'
 * and the Prometheus Operator's own `*Spec` types; each is kept as a deprecated alias for one minor version
 * (removed in 0.3.0).
 */
import type {
  AlertingConfig,
  HeartbeatConfig,
  ReceiverConfig,
  RouteConfig,
  SmtpConfig,
  TeamAlertingConfig,
  TimeIntervalConfig,
  TimeRangeConfig,
} from "./alerting";
import type { ConfigIssue } from "./errors";
import type { SloConfig } from "./slo";
import type {
  BusinessPanelConfig,
  ChartConfig,
  DashboardsConfig,
  DurationHistogramConfig,
  HttpMetricsConfig,
  LatencyAlertConfig,
  MetricsEndpointConfig,
  NetworkPolicyConfig,
  PlatformConfig,
  PrometheusConfig,
  RemoteWriteConfig,
  RemoteWriteQueueConfig,
  RequestCounterConfig,
  ResourcesConfig,
  ServiceAlertsConfig,
  ServiceConfig,
  ServiceDashboardConfig,
  StackConfig,
  StorageConfig,
  TargetAlertConfig,
  ThanosSidecarConfig,
  ThresholdAlertConfig,
} from "./types";

/** @deprecated Use AlertingConfig; removed in 0.3.0. */
export type AlertingSpec = AlertingConfig;
/** @deprecated Use BusinessPanelConfig; removed in 0.3.0. */
export type BusinessPanelSpec = BusinessPanelConfig;
/** @deprecated Use ChartConfig; removed in 0.3.0. */
export type ChartSpec = ChartConfig;
/** @deprecated Use DashboardsConfig; removed in 0.3.0. */
export type DashboardsSpec = DashboardsConfig;
/** @deprecated Use DurationHistogramConfig; removed in 0.3.0. */
export type DurationHistogramSpec = DurationHistogramConfig;
/** @deprecated Use HeartbeatConfig; removed in 0.3.0. */
export type HeartbeatSpec = HeartbeatConfig;
/** @deprecated Use HttpMetricsConfig; removed in 0.3.0. */
export type HttpMetricsSpec = HttpMetricsConfig;
/** @deprecated Use LatencyAlertConfig; removed in 0.3.0. */
export type LatencyAlertSpec = LatencyAlertConfig;
/** @deprecated Use MetricsEndpointConfig; removed in 0.3.0. */
export type MetricsEndpointSpec = MetricsEndpointConfig;
/** @deprecated Use NetworkPolicyConfig; removed in 0.3.0. */
export type NetworkPolicySpec = NetworkPolicyConfig;
/** @deprecated Use PlatformConfig; removed in 0.3.0. */
export type PlatformSpec = PlatformConfig;
/** @deprecated Use PrometheusConfig; removed in 0.3.0. */
export type PrometheusSpec = PrometheusConfig;
/** @deprecated Use ReceiverConfig; removed in 0.3.0. */
export type ReceiverSpec = ReceiverConfig;
/** @deprecated Use RemoteWriteQueueConfig; removed in 0.3.0. */
export type RemoteWriteQueueSpec = RemoteWriteQueueConfig;
/** @deprecated Use RemoteWriteConfig; removed in 0.3.0. */
export type RemoteWriteSpec = RemoteWriteConfig;
/** @deprecated Use RequestCounterConfig; removed in 0.3.0. */
export type RequestCounterSpec = RequestCounterConfig;
/** @deprecated Use ResourcesConfig; removed in 0.3.0. */
export type ResourcesSpec = ResourcesConfig;
/** @deprecated Use RouteConfig; removed in 0.3.0. */
export type RouteSpec = RouteConfig;
/** @deprecated Use ServiceAlertsConfig; removed in 0.3.0. */
export type ServiceAlertsSpec = ServiceAlertsConfig;
/** @deprecated Use ServiceDashboardConfig; removed in 0.3.0. */
export type ServiceDashboardSpec = ServiceDashboardConfig;
/** @deprecated Use ServiceConfig; removed in 0.3.0. */
export type ServiceSpec = ServiceConfig;
/** @deprecated Use SloConfig; removed in 0.3.0. */
export type SloSpec = SloConfig;
/** @deprecated Use SmtpConfig; removed in 0.3.0. */
export type SmtpSpec = SmtpConfig;
/** @deprecated Use ConfigIssue; removed in 0.3.0. */
export type SpecIssue = ConfigIssue;
/** @deprecated Use StackConfig; removed in 0.3.0. */
export type StackSpec = StackConfig;
/** @deprecated Use StorageConfig; removed in 0.3.0. */
export type StorageSpec = StorageConfig;
/** @deprecated Use TargetAlertConfig; removed in 0.3.0. */
export type TargetAlertSpec = TargetAlertConfig;
/** @deprecated Use TeamAlertingConfig; removed in 0.3.0. */
export type TeamAlertingSpec = TeamAlertingConfig;
/** @deprecated Use ThanosSidecarConfig; removed in 0.3.0. */
export type ThanosSidecarSpec = ThanosSidecarConfig;
/** @deprecated Use ThresholdAlertConfig; removed in 0.3.0. */
export type ThresholdAlertSpec = ThresholdAlertConfig;
/** @deprecated Use TimeIntervalConfig; removed in 0.3.0. */
export type TimeIntervalSpec = TimeIntervalConfig;
/** @deprecated Use TimeRangeConfig; removed in 0.3.0. */
export type TimeRangeSpec = TimeRangeConfig;
