import { naming, type AlertingConfig, type PlatformConfig } from "../config";
import type { KubeObject } from "./types";
import { chartPods, networkPolicyName } from "./chart";

type Port = { readonly port: number; readonly protocol: "TCP" | "UDP" };
type Peer = Record<string, unknown>;
type Rule = { readonly peers?: readonly Peer[]; readonly ports?: readonly Port[] };

const ANYWHERE = "0.0.0.0/0";
const tcp = (...ports: number[]): Port[] => ports.map((port) => ({ port, protocol: "TCP" }));
const tcpUdp = (port: number): Port[] => [
  { port, protocol: "TCP" },
  { port, protocol: "UDP" },
];
const pods = (labels: Readonly<Record<string, string>>): Peer => ({ podSelector: { matchLabels: labels } });
const namespace = (name: string): Peer => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
const cidrs = (list: readonly string[]): Peer[] => list.map((cidr) => ({ ipBlock: { cidr } }));
const P = chartPods;

/**
 * Rules of one direction. An empty peer or port list means "every peer" or "every port", exactly as an absent
 * one, and the API server does not store it: it is left out (config refuses the empty CIDR lists that would
 * lead here, so no rule widens by accident).
 */
function rules(list: readonly Rule[], direction: "from" | "to"): Record<string, unknown>[] {
  return list.map((r) => ({
    ...(r.peers !== undefined && r.peers.length > 0 ? { [direction]: r.peers } : {}),
    ...(r.ports !== undefined && r.ports.length > 0 ? { ports: r.ports } : {}),
  }));
}

function policy(
  platform: PlatformConfig,
  part: string,
  podSelector: Record<string, unknown>,
  ingress: readonly Rule[] | undefined,
  egress: readonly Rule[] | undefined,
): KubeObject {
  const policyTypes = [...(ingress !== undefined ? ["Ingress"] : []), ...(egress !== undefined ? ["Egress"] : [])];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: networkPolicyName(part), namespace: platform.namespace, labels: naming.platformObjectLabels() },
    spec: {
      podSelector,
      policyTypes,
      // An empty list (deny that direction) is not stored by the API server, which would make every apply a
      // change; the direction is carried by policyTypes alone.
      ...(ingress !== undefined && ingress.length > 0 ? { ingress: rules(ingress, "from") } : {}),
      ...(egress !== undefined && egress.length > 0 ? { egress: rules(egress, "to") } : {}),
    },
  };
}

/** Port of an http(s) URL: explicit, or 443/80. */
function urlPort(url: string): number {
  const m = /^(https?):\/\/[^/:]+(?::(\d+))?/.exec(url);
  return m?.[2] !== undefined ? Number(m[2]) : m?.[1] === "http" ? 80 : 443;
}

/**
 * NetworkPolicies of the monitoring namespace: deny everything, then allow only what must talk.
 * Prometheus scrapes the private ranges and writes to its remote endpoints; Grafana reads Prometheus
 * and the Alertmanager; Prometheus sends to the Alertmanager; the Alertmanagers gossip; the UIs are
 * reachable from one configured namespace only; every pod resolves DNS; the pods that watch the API
 * (operator, Prometheus service discovery, kube-state-metrics, Grafana's sidecar) reach the API server.
 * node-exporter runs on the host network, where NetworkPolicies do not apply.
 */
export function networkPolicies(platform: PlatformConfig, alerting: AlertingConfig | undefined): KubeObject[] {
  const n = platform.networkPolicy;
  if (!n.enabled) return [];
  const ui = n.uiNamespace !== undefined ? [namespace(n.uiNamespace)] : undefined;
  const p = platform.prometheus;
  const remotePorts = [...new Set(p.remoteWrite.map((e) => urlPort(e.url)))].sort((a, b) => a - b);
  const smtpPort = alerting?.smtp !== undefined ? Number(alerting.smtp.smarthost.split(":").pop()) : undefined;
  const receiverPorts = [...new Set([443, ...(smtpPort !== undefined ? [smtpPort] : [])])].sort((a, b) => a - b);

  const prometheusIngress: Rule[] = [{ peers: [pods(P.grafana.labels)], ports: tcp(P.prometheus.web) }];
  if (ui) prometheusIngress.push({ peers: ui, ports: tcp(P.prometheus.web) });
  if (p.thanosSidecar?.queryNamespace !== undefined)
    prometheusIngress.push({ peers: [namespace(p.thanosSidecar.queryNamespace)], ports: tcp(P.prometheus.thanosGrpc) });
  const prometheusEgress: Rule[] = [
    // Scraping: pods and nodes on any port, inside the private ranges only.
    { peers: cidrs(n.scrapeCidrs) },
    { peers: [pods(P.alertmanager.labels)], ports: tcp(P.alertmanager.web) },
  ];
  if (remotePorts.length > 0) prometheusEgress.push({ peers: cidrs([ANYWHERE]), ports: tcp(...remotePorts) });
  // The sidecar uploads blocks to object storage over HTTPS.
  if (p.thanosSidecar !== undefined) prometheusEgress.push({ peers: cidrs([ANYWHERE]), ports: tcp(443) });

  const alertmanagerIngress: Rule[] = [
    { peers: [pods(P.prometheus.labels), pods(P.grafana.labels)], ports: tcp(P.alertmanager.web) },
    { peers: [pods(P.alertmanager.labels)], ports: tcpUdp(P.alertmanager.mesh) },
  ];
  if (ui) alertmanagerIngress.push({ peers: ui, ports: tcp(P.alertmanager.web) });

  return [
    policy(platform, "default-deny", {}, [], []),
    // Every pod resolves names (cluster DNS or a node-local cache on a link-local address).
    policy(platform, "allow-dns", {}, undefined, [{ ports: tcpUdp(53) }]),
    policy(
      platform,
      "allow-apiserver",
      {
        matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: [P.alertmanager.labels["app.kubernetes.io/name"]] }],
      },
      undefined,
      [{ peers: cidrs(n.apiServerCidrs), ports: tcp(443, 6443) }],
    ),
    // Prometheus scrapes every component of the namespace (their metrics ports differ).
    policy(platform, "allow-scrape", {}, [{ peers: [pods(P.prometheus.labels)] }], undefined),
    policy(platform, "prometheus", { matchLabels: P.prometheus.labels }, prometheusIngress, prometheusEgress),
    policy(platform, "alertmanager", { matchLabels: P.alertmanager.labels }, alertmanagerIngress, [
      { peers: [pods(P.alertmanager.labels)], ports: tcpUdp(P.alertmanager.mesh) },
      // Receivers: PagerDuty, Opsgenie, Slack and webhooks over HTTPS, and the SMTP relay.
      { peers: cidrs([ANYWHERE]), ports: tcp(...receiverPorts) },
    ]),
    policy(platform, "grafana", { matchLabels: P.grafana.labels }, ui ? [{ peers: ui, ports: tcp(P.grafana.web) }] : [], [
      { peers: [pods(P.prometheus.labels)], ports: tcp(P.prometheus.web) },
      { peers: [pods(P.alertmanager.labels)], ports: tcp(P.alertmanager.web) },
    ]),
    // The API server calls the operator's admission webhook (PrometheusRule validation).
    policy(
      platform,
      "operator-webhook",
      { matchLabels: P.operator.labels },
      [{ peers: cidrs(n.apiServerCidrs), ports: tcp(P.operator.webhook) }],
      undefined,
    ),
  ];
}
