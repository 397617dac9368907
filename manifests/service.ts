import { naming, type PlatformConfig, type ServiceConfig } from "../config";
import type { RuleGroup } from "../rules";
import type { KubeObject } from "./types";

const MONITORING_API = "monitoring.coreos.com/v1";

/** Labels on a service's custom resources: ours plus the ones Prometheus selects on. */
function crLabels(s: ServiceConfig, platform: PlatformConfig): Record<string, string> {
  return { ...naming.serviceObjectLabels(s), ...naming.selectorLabels(platform) };
}

/** The ServiceMonitor that makes Prometheus scrape a service, with its job relabelled to the spec name. */
export function serviceMonitor(s: ServiceConfig, platform: PlatformConfig): KubeObject {
  const m = s.metrics;
  return {
    apiVersion: MONITORING_API,
    kind: "ServiceMonitor",
    metadata: { name: naming.serviceObjectName(s), namespace: s.namespace, labels: crLabels(s, platform) },
    spec: {
      selector: { matchLabels: s.selector },
      namespaceSelector: { matchNames: [s.namespace] },
      endpoints: [
        {
          port: m.port,
          path: m.path,
          scheme: m.scheme,
          interval: m.interval.text,
          scrapeTimeout: m.scrapeTimeout.text,
          // Rules and dashboards select on job="<spec name>", whatever the Kubernetes Service is called.
          relabelings: [{ action: "replace", targetLabel: naming.label.job, replacement: s.name }],
        },
      ],
      sampleLimit: m.sampleLimit,
      labelLimit: m.labelLimit,
    },
  };
}

/** A PrometheusRule holding rule groups, labelled so that Prometheus loads it. */
export function prometheusRule(
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  groups: readonly RuleGroup[],
): KubeObject {
  return { apiVersion: MONITORING_API, kind: "PrometheusRule", metadata: { name, namespace, labels }, spec: { groups } };
}

/** The PrometheusRule of one service. */
export function servicePrometheusRule(s: ServiceConfig, platform: PlatformConfig, groups: readonly RuleGroup[]): KubeObject {
  return prometheusRule(naming.serviceObjectName(s), s.namespace, crLabels(s, platform), groups);
}
