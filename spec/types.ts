import type { Duration } from "./read";
import type { SloSpec } from "./slo";
import type { AlertingSpec } from "./alerting";

/** Alert severities: the closed set routing understands. */
export const Severity = {
  /** Wake someone up: users are hurting now. */
  page: "page",
  /** Needs a human within working hours. */
  ticket: "ticket",
  /** Worth a look in chat; not an incident on its own. */
  warning: "warning",
  /** Context for other alerts; never notifies on its own. */
  info: "info",
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
export const SEVERITIES: readonly Severity[] = Object.values(Severity);

/** The chart every stack deploys; pinned so that a preview never changes under us. */
export interface ChartSpec {
  readonly repository: string;
  readonly name: string;
  readonly version: string;
  /** The Prometheus Operator version the chart ships; the CRDs are applied from this release. */
  readonly operatorVersion: string;
}

export interface StorageSpec {
  /** Persistent volume size, a Kubernetes quantity such as `50Gi`. */
  readonly size: string;
  /** Storage class; the cluster default when absent. */
  readonly storageClassName: string | undefined;
}

export interface PrometheusSpec {
  /** How long Prometheus keeps samples. Defaults to `15d`. */
  readonly retention: Duration;
  /** Size cap on the TSDB such as `40GB`; none when absent. */
  readonly retentionSize: string | undefined;
  /** Persistent volume for the TSDB; an emptyDir when absent. */
  readonly storage: StorageSpec | undefined;
  /** Default scrape interval. Defaults to `30s`. */
  readonly scrapeInterval: Duration;
  /** Rule evaluation interval. Defaults to `30s`. */
  readonly evaluationInterval: Duration;
  /** Prometheus replicas. Defaults to 1. */
  readonly replicas: number;
}

/** The monitoring platform of one stack: namespace, chart and Prometheus settings. */
export interface PlatformSpec {
  /** Namespace of the kube-prometheus stack. Defaults to `monitoring`. */
  readonly namespace: string;
  /** Helm release name; also the value of the `release` label Prometheus selects on. Defaults to `kube-prometheus-stack`. */
  readonly releaseName: string;
  /** Environment name, an external label on every series. Defaults to the stack name. */
  readonly environment: string;
  /** Cluster name, an external label on every series. Defaults to the environment. */
  readonly cluster: string;
  /** Runbook base URL for platform alerts and for services that name none. */
  readonly runbookBaseUrl: string | undefined;
  readonly chart: ChartSpec;
  readonly prometheus: PrometheusSpec;
  /** Alertmanager replicas. Defaults to 1. */
  readonly alertmanagerReplicas: number;
  /** Whether the chart deploys Grafana. Defaults to true. */
  readonly grafanaEnabled: boolean;
}

export interface MetricsEndpointSpec {
  /** Name of the Service port that serves metrics (a ServiceMonitor selects ports by name). */
  readonly port: string;
  /** HTTP path of the metrics endpoint. Defaults to `/metrics`. */
  readonly path: string;
  /** `http` or `https`. Defaults to `http`. */
  readonly scheme: "http" | "https";
  /** Scrape interval. Defaults to the platform's scrape interval. */
  readonly interval: Duration;
  /** Scrape timeout, at most the interval. Defaults to `10s` or the interval when shorter. */
  readonly scrapeTimeout: Duration;
  /** Samples per scrape above which the scrape fails (cardinality guard). Defaults to 20000. */
  readonly sampleLimit: number;
  /** Labels per series above which the scrape fails (cardinality guard). Defaults to 30. */
  readonly labelLimit: number;
}

export interface RequestCounterSpec {
  /** Counter of HTTP requests, ending in `_total`. */
  readonly metric: string;
  /** Label that carries the HTTP status code. Defaults to `status`. */
  readonly statusLabel: string;
  /** Label that carries the route (path template). Defaults to `path`. */
  readonly routeLabel: string;
  /** Label that carries the HTTP method. Defaults to `method`. */
  readonly methodLabel: string;
  /** Regex on the status label that counts as an error. Defaults to `5..`. */
  readonly errorStatusRegex: string;
}

export interface DurationHistogramSpec {
  /** Histogram of request durations (base name), ending in `_seconds`. */
  readonly metric: string;
  /** Declared bucket upper bounds in seconds, strictly increasing (`+Inf` implied). */
  readonly buckets: readonly number[];
}

export interface HttpMetricsSpec {
  readonly requests: RequestCounterSpec;
  readonly duration: DurationHistogramSpec;
  /** Gauge of requests in flight; none when absent. */
  readonly inFlight: string | undefined;
}

export interface ThresholdAlertSpec {
  /** Whether the alert is generated. Defaults to true. */
  readonly enabled: boolean;
  /** The value above which the alert fires. */
  readonly threshold: number;
  /** How long the condition must hold before the alert fires. */
  readonly for: Duration;
  readonly severity: Severity;
}

export interface LatencyAlertSpec extends ThresholdAlertSpec {
  /** Which recorded quantile the threshold applies to. Defaults to 0.99. */
  readonly quantile: number;
}

export interface TargetAlertSpec {
  /** Whether the target-down and target-absent alerts are generated. Defaults to true. */
  readonly enabled: boolean;
  /** Defaults to `5m`. */
  readonly for: Duration;
  /** Defaults to `page`. */
  readonly severity: Severity;
}

export interface ServiceAlertsSpec {
  /** Error ratio above threshold. Defaults to 1%, `for` 5m, severity page. */
  readonly errorRatio: ThresholdAlertSpec;
  /** A latency quantile above threshold (seconds). Defaults to p99 over 0.5 s, `for` 10m, severity warning. */
  readonly latency: LatencyAlertSpec;
  /** Scrape targets down or absent. */
  readonly target: TargetAlertSpec;
}

/** One instrumented HTTP service: everything the generators need, validated and defaulted. */
export interface ServiceSpec {
  /** Service name: DNS label, unique in the stack; the `job` and `service` label of its series and alerts. */
  readonly name: string;
  /** Namespace of the service's Kubernetes Service. */
  readonly namespace: string;
  /** Owning team; the `team` label that routes its alerts. */
  readonly team: string;
  /** Labels of the Kubernetes Service to scrape; never empty. */
  readonly selector: Readonly<Record<string, string>>;
  readonly metrics: MetricsEndpointSpec;
  readonly http: HttpMetricsSpec;
  /** Base URL of the runbooks; each alert links to `<base>/<alertname>`. Required when any alert is on. */
  readonly runbookBaseUrl: string | undefined;
  /** Extra labels on every alert and Kubernetes object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerts: ServiceAlertsSpec;
  /** Service level objectives, each with burn-rate alerts and budget series; none when absent. */
  readonly slos: readonly SloSpec[];
  readonly dashboard: ServiceDashboardSpec;
}

/** A whole stack: the platform and its services. */
export interface StackSpec {
  /** Pulumi stack name (`dev`, `prod`). */
  readonly stack: string;
  readonly platform: PlatformSpec;
  /** Services, sorted by name. */
  readonly services: readonly ServiceSpec[];
  readonly dashboards: DashboardsSpec;
  /** Alert routing (`kube-observability:alerting`); undefined leaves Alertmanager's config to the chart. */
  readonly alerting: AlertingSpec | undefined;
}

/** How dashboards reach Grafana: the closed set of delivery paths. */
export const DashboardDelivery = {
  /** ConfigMaps picked up by the kube-prometheus-stack Grafana sidecar, a folder per team. */
  sidecar: "sidecar",
  /** Grafana HTTP API through the Grafana Pulumi provider (an external Grafana such as Grafana Cloud). */
  grafanaApi: "grafanaApi",
} as const;
export type DashboardDelivery = (typeof DashboardDelivery)[keyof typeof DashboardDelivery];

/** How a business panel turns a service's own metric into a series. */
export const PanelAggregation = {
  /** Per-second rate of a counter. */
  rate: "rate",
  /** Per-minute rate of a counter (rate × 60). */
  perMinute: "perMinute",
  /** A gauge, summed. */
  gauge: "gauge",
} as const;
export type PanelAggregation = (typeof PanelAggregation)[keyof typeof PanelAggregation];

/** The query of a business panel: PromQL as written, or a metric the generator aggregates. */
export type BusinessPanelQuery =
  | { readonly kind: "expr"; readonly expr: string }
  | { readonly kind: "metric"; readonly metric: string; readonly aggregation: PanelAggregation; readonly by: readonly string[] };

/** A panel the service's owners declare: a business signal shown beside the golden signals. */
export interface BusinessPanelSpec {
  readonly title: string;
  /** What the panel shows and when to worry; required, the paged engineer reads it. */
  readonly description: string;
  /** Grafana unit id. Defaults to `cps` for rate, `cpm` for perMinute, `short` for gauge and expr. */
  readonly unit: string;
  /** Legend template. Defaults to the `by` labels as `{{label}}`, or the title. */
  readonly legend: string;
  readonly query: BusinessPanelQuery;
}

/** A service's dashboard settings. */
export interface ServiceDashboardSpec {
  /** Name of the service's Deployment: its pods, restarts and rollouts. Defaults to the service name. */
  readonly workload: string;
  /** Business panels, in the order declared. Defaults to none. */
  readonly panels: readonly BusinessPanelSpec[];
}

/** Stack-wide dashboard settings (`kube-observability:dashboards`). */
export interface DashboardsSpec {
  /** Defaults to `sidecar`. */
  readonly delivery: DashboardDelivery;
  /** URL the dashboards link as "Alertmanager". Defaults to Grafana's alerting page on the chart's Alertmanager data source. */
  readonly alertmanagerUrl: string;
}
