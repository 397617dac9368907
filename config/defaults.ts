import type { ChartConfig } from "./types";

/**
 * Chart versions we have pinned, each with the Prometheus Operator version it ships (its Chart.yaml
 * `appVersion`). The CRDs are applied from that operator release, so changing the pinned chart
 * version moves the CRDs with it: one table, no second place to forget.
 */
export const CHART_RELEASES = {
  "88.5.3": { operatorVersion: "0.93.1" },
} as const satisfies Record<string, { operatorVersion: string }>;

/** The chart version every stack deploys. */
export const PINNED_CHART_VERSION = "88.5.3" satisfies keyof typeof CHART_RELEASES;

/** Private address ranges (RFC 1918): where pods, nodes and private API endpoints live. */
const PRIVATE_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/**
 * Every default of the spec, in one place. Field TSDoc in types.ts names the same values.
 */
export const DEFAULTS = {
  /** The pinned chart and, from {@link CHART_RELEASES}, the operator version whose CRDs are applied. */
  chart: {
    repository: "https://prometheus-community.github.io/helm-charts",
    name: "kube-prometheus-stack",
    version: PINNED_CHART_VERSION,
    operatorVersion: CHART_RELEASES[PINNED_CHART_VERSION].operatorVersion,
  } satisfies ChartConfig,
  /**
   * The blackbox exporter chart the platform deploys when a service has a probe, pinned like the
   * main chart; `appVersion` is the blackbox_exporter release its Chart.yaml names.
   */
  blackboxChart: {
    repository: "https://prometheus-community.github.io/helm-charts",
    name: "prometheus-blackbox-exporter",
    version: "11.17.2",
    appVersion: "v0.28.0",
  },
  platform: {
    namespace: "monitoring",
    releaseName: "kube-prometheus-stack",
    production: false,
    distribution: "kubeadm",
    alertmanagerReplicas: 1,
    grafanaEnabled: true,
  },
  prometheus: {
    retention: "15d",
    scrapeInterval: "30s",
    evaluationInterval: "30s",
    replicas: 1,
    shards: 1,
  },
  /** What a production stack needs at least: two Prometheus replicas, an Alertmanager gossip cluster of three. */
  production: {
    minPrometheusReplicas: 2,
    minAlertmanagerReplicas: 3,
    /** Largest share of the volume `retentionSize` may take: the WAL, head chunks and compaction need the rest. */
    maxRetentionShareOfVolume: 0.85,
  },
  remoteWrite: { auth: "none" },
  networkPolicy: {
    enabled: true,
    scrapeCidrs: PRIVATE_CIDRS,
    apiServerCidrs: PRIVATE_CIDRS,
  },
  metrics: {
    path: "/metrics",
    scheme: "http",
    /** Used unless the interval is shorter; a timeout may not exceed the interval. */
    scrapeTimeout: "10s",
    sampleLimit: 20000,
    labelLimit: 30,
  },
  requests: {
    statusLabel: "status",
    routeLabel: "path",
    methodLabel: "method",
    errorStatusRegex: "5..",
  },
  alerts: {
    errorRatio: { threshold: 0.01, for: "5m", severity: "page" },
    latency: { threshold: 0.5, quantile: 0.99, for: "10m", severity: "warning" },
    target: { for: "3m", severity: "page" },
    /** Shortest `for` a threshold alert may have: one evaluation would page on a single scrape blip. */
    minFor: "1m",
  },
} as const;

/** Quantiles the recording rules produce; a latency alert may use only these. */
export { RECORDED_QUANTILE_VALUES as RECORDED_QUANTILES } from "./naming";
