import type { Duration } from "./duration";
import type { Severity } from "./severity";
import type { SloConfig } from "./slo";
import type { AlertingConfig } from "./alerting";
import type { Instrumentation, NameStyle, RequestSource, StatusConvention } from "./instrumentation";
import type { ProbeConfig } from "./probe";

// Severity lives in its own module, below slo.ts and the other parsers that read it (this module imports their types).
export { Severity, SEVERITIES } from "./severity";

/** The chart every stack deploys; pinned so that a preview never changes under us. */
export interface ChartConfig {
  readonly repository: string;
  readonly name: string;
  readonly version: string;
  /** The Prometheus Operator version the chart ships; the CRDs are applied from this release. */
  readonly operatorVersion: string;
}

export interface StorageConfig {
  /** Persistent volume size, a Kubernetes quantity such as `50Gi`. */
  readonly size: string;
  /** Storage class; the cluster default when absent. */
  readonly storageClassName: string | undefined;
}

/** Where the cluster runs: managed platforms hide the control plane, so its monitors must be off. */
export const Distribution = {
  /** Self-managed control plane (kubeadm, kops, Cluster API): every control-plane monitor on. */
  kubeadm: "kubeadm",
  /** Amazon EKS: scheduler, controller manager and etcd are not reachable. */
  eks: "eks",
  /** Google GKE: control plane hidden, kube-dns instead of CoreDNS, kube-proxy metrics on localhost or absent. */
  gke: "gke",
  /** Azure AKS: control plane hidden, kube-proxy metrics not exposed. */
  aks: "aks",
  /** k3s: the control plane runs in one process whose component metrics are off by default. */
  k3s: "k3s",
} as const;
export type Distribution = (typeof Distribution)[keyof typeof Distribution];

/** Chart components whose requests and limits a stack may set. */
export const PlatformComponent = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
  operator: "operator",
  kubeStateMetrics: "kubeStateMetrics",
  nodeExporter: "nodeExporter",
} as const;
export type PlatformComponent = (typeof PlatformComponent)[keyof typeof PlatformComponent];

export interface ResourceQuantities {
  /** Kubernetes CPU quantity such as `500m`; none when absent. */
  readonly cpu: string | undefined;
  /** Kubernetes memory quantity such as `4Gi`; none when absent. */
  readonly memory: string | undefined;
}

/** Requests and limits of one component's main container. */
export interface ResourcesConfig {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}

/** Distributed engines Prometheus can remote-write to. */
export const RemoteWriteKind = {
  /** Grafana Mimir (or Cortex): tenant in the `X-Scope-OrgID` header. */
  mimir: "mimir",
  /** Thanos Receive: tenant in the `THANOS-TENANT` header. */
  thanosReceive: "thanosReceive",
  /** VictoriaMetrics: single-node, or cluster with the tenant in the URL path (`/insert/<accountID>/prometheus/...`). */
  victoriaMetrics: "victoriaMetrics",
} as const;
export type RemoteWriteKind = (typeof RemoteWriteKind)[keyof typeof RemoteWriteKind];

/** How a remote-write endpoint authenticates us; the credential comes from `remoteWriteSecrets["<name>"]`. */
export const RemoteWriteAuth = { none: "none", basic: "basic", bearer: "bearer" } as const;
export type RemoteWriteAuth = (typeof RemoteWriteAuth)[keyof typeof RemoteWriteAuth];

/** Prometheus remote-write queue settings; each is Prometheus's own default when absent. */
export interface RemoteWriteQueueConfig {
  readonly capacity: number | undefined;
  readonly minShards: number | undefined;
  readonly maxShards: number | undefined;
  readonly maxSamplesPerSend: number | undefined;
  readonly batchSendDeadline: Duration | undefined;
}

/** One remote-write endpoint. */
export interface RemoteWriteConfig {
  /** DNS label naming the endpoint; also the key of its credential in `remoteWriteSecrets`. */
  readonly name: string;
  readonly kind: RemoteWriteKind;
  /** Push URL, http(s), without credentials. */
  readonly url: string;
  /** Tenant sent in the engine's tenant header; none when absent (never for VictoriaMetrics). */
  readonly tenant: string | undefined;
  /** Defaults to `none`. */
  readonly auth: RemoteWriteAuth;
  /** Basic-auth user name (not a secret); required with `auth: basic`. */
  readonly username: string | undefined;
  readonly queue: RemoteWriteQueueConfig;
}

/** A Thanos sidecar uploading blocks to object storage; its config comes from secret config `thanosObjectStorageConfig`. */
export interface ThanosSidecarConfig {
  /** Namespace of the Thanos Query that reads the sidecar's gRPC port; none when absent (no ingress allowed). */
  readonly queryNamespace: string | undefined;
}

/** The NetworkPolicies of the monitoring namespace. */
export interface NetworkPolicyConfig {
  /** Whether the namespace gets default-deny NetworkPolicies and the allow rules. Defaults to true. */
  readonly enabled: boolean;
  /** Namespace (e.g. the ingress controller's) allowed to reach the Grafana, Prometheus and Alertmanager UIs; none when absent. */
  readonly uiNamespace: string | undefined;
  /** CIDRs Prometheus may scrape (pods and nodes). Defaults to the private ranges (RFC 1918). */
  readonly scrapeCidrs: readonly string[];
  /** CIDRs of the Kubernetes API server endpoints (operator, service discovery, webhooks). Defaults to the private ranges. */
  readonly apiServerCidrs: readonly string[];
}

export interface PrometheusConfig {
  /** How long Prometheus keeps samples. Defaults to `15d`. */
  readonly retention: Duration;
  /** Size cap on the TSDB such as `40GB` (powers of 1024); at most 85% of the volume. None when absent. */
  readonly retentionSize: string | undefined;
  /** Persistent volume for the TSDB; an emptyDir when absent. */
  readonly storage: StorageConfig | undefined;
  /** Default scrape interval. Defaults to `30s`. */
  readonly scrapeInterval: Duration;
  /** Rule evaluation interval. Defaults to `30s`. */
  readonly evaluationInterval: Duration;
  /** Prometheus replicas. Defaults to 1. */
  readonly replicas: number;
  /** Shards the scrape targets are split over (each with `replicas` pods). Defaults to 1. */
  readonly shards: number;
  /** Remote-write endpoints, sorted by name. Defaults to none. */
  readonly remoteWrite: readonly RemoteWriteConfig[];
  /** A Thanos sidecar; none when absent. */
  readonly thanosSidecar: ThanosSidecarConfig | undefined;
}

/** The monitoring platform of one stack: namespace, chart and Prometheus settings. */
export interface PlatformConfig {
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
  /** A production stack must be highly available (Prometheus ≥ 2, Alertmanager ≥ 3, persistent storage). Defaults to false. */
  readonly production: boolean;
  /** Where the cluster runs; decides which control-plane monitors are on. Defaults to `kubeadm`. */
  readonly distribution: Distribution;
  readonly chart: ChartConfig;
  readonly prometheus: PrometheusConfig;
  /** Alertmanager replicas, one gossip cluster. Defaults to 1. */
  readonly alertmanagerReplicas: number;
  /** Persistent volume for Alertmanager's silences and notification log; an emptyDir when absent. */
  readonly alertmanagerStorage: StorageConfig | undefined;
  /** Whether the chart deploys Grafana. Defaults to true. */
  readonly grafanaEnabled: boolean;
  /** Requests and limits per component; the chart's (none) where absent. */
  readonly resources: Readonly<Partial<Record<PlatformComponent, ResourcesConfig>>>;
  readonly networkPolicy: NetworkPolicyConfig;
}

export interface MetricsEndpointConfig {
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

export interface RequestCounterConfig {
  /** Where requests are counted from. Defaults to `counter` when a counter is named (by config or preset), else `histogram`. */
  readonly source: RequestSource;
  /** The series requests are counted from: a counter ending in `_total`, or the duration histogram's `_count`. */
  readonly metric: string;
  /** What the status label holds. Defaults to the preset's, else `code`. */
  readonly statusConvention: StatusConvention;
  /** Label that carries the HTTP status. Defaults to the preset's, else `status`. */
  readonly statusLabel: string;
  /** Label that carries the route (path template). Defaults to the preset's, else `path`. */
  readonly routeLabel: string;
  /** Label that carries the HTTP method. Defaults to the preset's, else `method`. */
  readonly methodLabel: string;
  /** Regex on the status label that counts as an error. Defaults to `5..` (`5xx` for the class convention, `SERVER_ERROR` for outcome). */
  readonly errorStatusRegex: string;
}

export interface DurationHistogramConfig {
  /** Histogram of request durations (base name), ending in `_seconds` (OpenTelemetry: in seconds). Defaults to the preset's. */
  readonly metric: string;
  /** Declared bucket upper bounds in seconds, strictly increasing (`+Inf` implied). Defaults to the preset's library defaults. */
  readonly buckets: readonly number[];
}

export interface HttpMetricsConfig {
  /** The library the metrics come from; its preset fills every name not given. Defaults to `custom`. */
  readonly instrumentation: Instrumentation;
  /** How names are spelled in Prometheus. Defaults to the preset's (`classic`). */
  readonly names: NameStyle;
  readonly requests: RequestCounterConfig;
  readonly duration: DurationHistogramConfig;
  /** Gauge of requests in flight. Defaults to the preset's; none when absent. */
  readonly inFlight: string | undefined;
}

export interface ThresholdAlertConfig {
  /** Whether the alert is generated. Defaults to true. */
  readonly enabled: boolean;
  /** The value above which the alert fires. */
  readonly threshold: number;
  /** How long the condition must hold before the alert fires. */
  readonly for: Duration;
  readonly severity: Severity;
}

export interface LatencyAlertConfig extends ThresholdAlertConfig {
  /** Which recorded quantile the threshold applies to. Defaults to 0.99. */
  readonly quantile: number;
}

export interface TargetAlertConfig {
  /** Whether the target-down and target-absent alerts are generated. Defaults to true. */
  readonly enabled: boolean;
  /** Defaults to `3m`: with group_wait and a scrape the page arrives within five minutes of the outage. */
  readonly for: Duration;
  /** Defaults to `page`. */
  readonly severity: Severity;
}

export interface ServiceAlertsConfig {
  /** Error ratio above threshold. Defaults to 1%, `for` 5m, severity page. */
  readonly errorRatio: ThresholdAlertConfig;
  /** A latency quantile above threshold (seconds). Defaults to p99 over 0.5 s, `for` 10m, severity warning. */
  readonly latency: LatencyAlertConfig;
  /** Scrape targets down or absent. */
  readonly target: TargetAlertConfig;
}

/** One instrumented HTTP service: everything the generators need, validated and defaulted. */
export interface ServiceConfig {
  /** Service name: DNS label, unique in the stack; the `job` and `service` label of its series and alerts. */
  readonly name: string;
  /** Namespace of the service's Kubernetes Service. */
  readonly namespace: string;
  /** Owning team; the `team` label that routes its alerts. */
  readonly team: string;
  /** Labels of the Kubernetes Service to scrape; never empty. */
  readonly selector: Readonly<Record<string, string>>;
  readonly metrics: MetricsEndpointConfig;
  readonly http: HttpMetricsConfig;
  /** Base URL of the runbooks; each alert links to `<base>/<alertname>`. Required when any alert is on. */
  readonly runbookBaseUrl: string | undefined;
  /** Extra labels on every alert and Kubernetes object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerts: ServiceAlertsConfig;
  /** Service level objectives, each with burn-rate alerts and budget series; none when absent. */
  readonly slos: readonly SloConfig[];
  readonly dashboard: ServiceDashboardConfig;
  /** A synthetic probe by the platform's blackbox exporter; none when absent. */
  readonly probe: ProbeConfig | undefined;
}

/** A whole stack: the platform and its services. */
export interface StackConfig {
  /** Pulumi stack name (`dev`, `prod`). */
  readonly stack: string;
  readonly platform: PlatformConfig;
  /** Services, sorted by name. */
  readonly services: readonly ServiceConfig[];
  readonly dashboards: DashboardsConfig;
  /** Alert routing (`kube-observability:alerting`); undefined leaves Alertmanager's config to the chart. */
  readonly alerting: AlertingConfig | undefined;
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
export interface BusinessPanelConfig {
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
export interface ServiceDashboardConfig {
  /** Name of the service's Deployment: its pods, restarts and rollouts. Defaults to the service name. */
  readonly workload: string;
  /** Business panels, in the order declared. Defaults to none. */
  readonly panels: readonly BusinessPanelConfig[];
}

/** Stack-wide dashboard settings (`kube-observability:dashboards`). */
export interface DashboardsConfig {
  /** Defaults to `sidecar`. */
  readonly delivery: DashboardDelivery;
  /** URL the dashboards link as "Alertmanager". Defaults to Grafana's alerting page on the chart's Alertmanager data source. */
  readonly alertmanagerUrl: string;
}
