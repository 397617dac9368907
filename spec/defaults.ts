import type { ChartSpec } from "./types";

/**
 * Every default of the spec, in one place. Field TSDoc in types.ts names the same values.
 */
export const DEFAULTS = {
  /** kube-prometheus-stack 88.5.3 ships Prometheus Operator v0.93.1; the CRDs come from that release. */
  chart: {
    repository: "https://prometheus-community.github.io/helm-charts",
    name: "kube-prometheus-stack",
    version: "88.5.3",
    operatorVersion: "0.93.1",
  } satisfies ChartSpec,
  platform: {
    namespace: "monitoring",
    releaseName: "kube-prometheus-stack",
    alertmanagerReplicas: 1,
    grafanaEnabled: true,
  },
  prometheus: {
    retention: "15d",
    scrapeInterval: "30s",
    evaluationInterval: "30s",
    replicas: 1,
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
    target: { for: "5m", severity: "page" },
    /** Shortest `for` a threshold alert may have: one evaluation would page on a single scrape blip. */
    minFor: "1m",
  },
} as const;

/** Quantiles the recording rules produce; a latency alert may use only these. */
export { RECORDED_QUANTILE_VALUES as RECORDED_QUANTILES } from "./naming";
