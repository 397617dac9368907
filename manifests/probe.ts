/** A service's synthetic probe as a Prometheus Operator `Probe`, and the blackbox exporter's chart values. */
import { naming, PROBE_MODULES, type PlatformConfig, type ServiceConfig } from "../config";
import { networkPolicyName } from "./chart";
import type { KubeObject } from "./types";

/**
 * The Probe of a service, in the platform namespace beside its prober; none without `probe`. Its
 * series carry `job: <service>-probe` and the service's `service` and `team` labels.
 */
export function probeObject(s: ServiceConfig, platform: PlatformConfig): KubeObject | undefined {
  if (s.probe === undefined) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "Probe",
    metadata: {
      name: naming.serviceObjectName(s),
      namespace: platform.namespace,
      labels: { ...naming.serviceObjectLabels(s), ...naming.selectorLabels(platform) },
    },
    spec: {
      jobName: naming.probe.jobName(s),
      interval: s.probe.interval.text,
      module: s.probe.module,
      prober: { url: `${naming.probe.serviceName}.${platform.namespace}.svc:${naming.probe.port}`, path: "/probe" },
      targets: {
        staticConfig: {
          static: [s.probe.url],
          labels: { [naming.label.service]: s.name, [naming.label.team]: s.team },
        },
      },
    },
  };
}

/** Values of the blackbox exporter chart: our Service name and exactly the modules a probe may name. */
export function blackboxExporterValues(): Record<string, unknown> {
  return {
    fullnameOverride: naming.probe.serviceName,
    config: { modules: PROBE_MODULES },
  };
}

/** Pod labels of the blackbox exporter (the chart's name label; `fullnameOverride` leaves it alone). */
const BLACKBOX_POD_LABELS = { "app.kubernetes.io/name": "prometheus-blackbox-exporter" } as const;

/** Port a probe URL connects to: explicit, or 443/80. */
function urlPort(url: string): number {
  const u = new URL(url);
  return u.port !== "" ? Number(u.port) : u.protocol === "http:" ? 80 : 443;
}

/**
 * The blackbox exporter's NetworkPolicy under the namespace's default deny: Prometheus reaches it
 * (allow-scrape), it reaches the scrape ranges on any port and, for URLs outside them, anywhere on
 * the probe URLs' ports. None when no service has a probe or NetworkPolicies are off.
 */
export function blackboxNetworkPolicy(platform: PlatformConfig, services: readonly ServiceConfig[]): KubeObject | undefined {
  const urls = services.flatMap((s) => (s.probe !== undefined ? [s.probe.url] : []));
  if (urls.length === 0 || !platform.networkPolicy.enabled) return undefined;
  const ports = [...new Set(urls.map(urlPort))].sort((a, b) => a - b);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: networkPolicyName("blackbox-exporter"), namespace: platform.namespace, labels: naming.platformObjectLabels() },
    spec: {
      podSelector: { matchLabels: BLACKBOX_POD_LABELS },
      policyTypes: ["Egress"],
      egress: [
        { to: platform.networkPolicy.scrapeCidrs.map((cidr) => ({ ipBlock: { cidr } })) },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: ports.map((port) => ({ port, protocol: "TCP" })) },
      ],
    },
  };
}
