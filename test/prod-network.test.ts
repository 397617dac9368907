import { describe, expect, it } from "vitest";
import { networkPolicies, type KubeObject } from "../manifests";
import { parseStack } from "../config";
import { readStackFile } from "../render";
import { ROOT, baseConfig, stackOf, withValue } from "./support/config";

/** A workload or an address outside the cluster (no namespace). */
interface Endpoint {
  readonly ns: string | undefined;
  readonly labels: Record<string, string>;
  readonly ip: string;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn"; values: string[] }[];
}
interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port: number; protocol: string }[];
}
interface Policy {
  metadata: { namespace: string };
  spec: { podSelector: Selector; policyTypes: string[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };
}

function selects(s: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const v = labels[e.key];
    if (e.operator === "In" && !(v !== undefined && e.values.includes(v))) return false;
    if (e.operator === "NotIn" && v !== undefined && e.values.includes(v)) return false;
  }
  return true;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const n = (a: string): number => a.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  const and = (x: number): number => Number(BigInt(x) & BigInt(mask));
  return and(n(ip)) === and(n(base ?? ""));
}

/** NetworkPolicy peer semantics: pods of the policy's namespace, pods of selected namespaces, or addresses. */
function peerMatches(peer: PolicyPeer, other: Endpoint, policyNs: string): boolean {
  if (peer.ipBlock) return inCidr(other.ip, peer.ipBlock.cidr);
  if (other.ns === undefined) return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": other.ns })
    : other.ns === policyNs;
  return nsOk && (peer.podSelector ? selects(peer.podSelector, other.labels) : true);
}

/** Whether the policies of `self`'s namespace let traffic through in one direction. */
function admits(
  policies: readonly Policy[],
  self: Endpoint,
  other: Endpoint,
  port: number,
  protocol: string,
  direction: "Ingress" | "Egress",
): boolean {
  const applying = policies.filter(
    (p) => p.metadata.namespace === self.ns && p.spec.policyTypes.includes(direction) && selects(p.spec.podSelector, self.labels),
  );
  if (applying.length === 0) return true;
  return applying.some((p) =>
    (direction === "Ingress" ? p.spec.ingress : p.spec.egress)?.some((r) => {
      const peers = direction === "Ingress" ? r.from : r.to;
      const peerOk = peers === undefined || peers.some((peer) => peerMatches(peer, other, p.metadata.namespace));
      const portOk = r.ports === undefined || r.ports.some((x) => x.port === port && x.protocol === protocol);
      return peerOk && portOk;
    }),
  );
}

function allowed(objects: readonly KubeObject[], from: Endpoint, to: Endpoint, port: number, protocol = "TCP"): boolean {
  const policies = objects as unknown as Policy[];
  return admits(policies, from, to, port, protocol, "Egress") && admits(policies, to, from, port, protocol, "Ingress");
}

const prodStack = parseStack(readStackFile(ROOT, "prod"));
const policies = networkPolicies(prodStack.platform, prodStack.alerting);
const mon = (name: string, ip: string, labels: Record<string, string> = { "app.kubernetes.io/name": name }): Endpoint => ({
  ns: "monitoring",
  labels,
  ip,
});
const W = {
  prometheus: mon("prometheus", "10.0.1.10"),
  alertmanager0: mon("alertmanager", "10.0.1.20"),
  alertmanager1: mon("alertmanager", "10.0.1.21"),
  grafana: mon("grafana", "10.0.1.30"),
  operator: mon("operator", "10.0.1.40", { app: "kube-prometheus-stack-operator", release: "kube-prometheus-stack" }),
  kubeStateMetrics: mon("kube-state-metrics", "10.0.1.50"),
  ordersApi: { ns: "shop", labels: { app: "orders-api" }, ip: "10.0.2.10" },
  ingress: { ns: "ingress-nginx", labels: { app: "ingress-nginx" }, ip: "10.0.3.10" },
  coreDns: { ns: "kube-system", labels: { "k8s-app": "kube-dns" }, ip: "10.0.4.10" },
  apiServer: { ns: undefined, labels: {}, ip: "10.0.0.5" },
  internet: { ns: undefined, labels: {}, ip: "203.0.113.10" },
} satisfies Record<string, Endpoint>;
type Name = keyof typeof W;

describe("prod NetworkPolicies allow only what must talk", () => {
  it.each<[string, Name, Name, number, string?]>([
    ["Prometheus scrapes a service in another namespace", "prometheus", "ordersApi", 8080],
    ["Prometheus scrapes kube-state-metrics", "prometheus", "kubeStateMetrics", 8080],
    ["Prometheus sends alerts to the Alertmanager", "prometheus", "alertmanager0", 9093],
    ["Prometheus writes to the remote endpoint (Mimir, HTTPS)", "prometheus", "internet", 443],
    ["Grafana reads Prometheus", "grafana", "prometheus", 9090],
    ["Grafana reads the Alertmanager", "grafana", "alertmanager0", 9093],
    ["the Alertmanagers gossip over TCP", "alertmanager0", "alertmanager1", 9094],
    ["the Alertmanagers gossip over UDP", "alertmanager1", "alertmanager0", 9094, "UDP"],
    ["the Alertmanager notifies PagerDuty, Opsgenie and Slack over HTTPS", "alertmanager0", "internet", 443],
    ["the Alertmanager sends mail through the SMTP relay's port", "alertmanager0", "internet", 587],
    ["the ingress namespace reaches the Grafana UI", "ingress", "grafana", 3000],
    ["the ingress namespace reaches the Prometheus UI", "ingress", "prometheus", 9090],
    ["the ingress namespace reaches the Alertmanager UI", "ingress", "alertmanager0", 9093],
    ["the operator watches the API server", "operator", "apiServer", 443],
    ["Prometheus service discovery reaches the API server", "prometheus", "apiServer", 6443],
    ["kube-state-metrics watches the API server", "kubeStateMetrics", "apiServer", 443],
    ["the API server calls the operator's admission webhook", "apiServer", "operator", 10250],
    ["Grafana resolves names", "grafana", "coreDns", 53, "UDP"],
  ])("allowed: %s", (_case, from, to, port, protocol) => {
    expect(allowed(policies, W[from], W[to], port, protocol)).toBe(true);
  });

  it.each<[string, Name, Name, number, string?]>([
    ["a pod in another namespace opening the Grafana UI", "ordersApi", "grafana", 3000],
    ["a pod in another namespace querying Prometheus", "ordersApi", "prometheus", 9090],
    ["the ingress namespace reaching kube-state-metrics", "ingress", "kubeStateMetrics", 8080],
    ["Grafana calling out to the internet", "grafana", "internet", 443],
    ["Prometheus reaching a public address on a port no remote endpoint uses", "prometheus", "internet", 8080],
    ["kube-state-metrics querying Prometheus", "kubeStateMetrics", "prometheus", 9090],
    ["the Alertmanager connecting to a workload", "alertmanager0", "ordersApi", 8080],
    ["Grafana joining the Alertmanager gossip", "grafana", "alertmanager0", 9094],
    ["the Alertmanager calling the API server's port 6443", "alertmanager0", "apiServer", 6443],
  ])("denied: %s", (_case, from, to, port, protocol) => {
    expect(allowed(policies, W[from], W[to], port, protocol)).toBe(false);
  });

  it("starts from a default deny of ingress and egress for every pod of the namespace", () => {
    const deny = policies.find((p) => p.metadata.name === "kube-observability-default-deny");
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("lets nobody reach the UIs when no UI namespace is configured", () => {
    const stack = stackOf(baseConfig());
    const open = networkPolicies(stack.platform, stack.alerting);
    expect(allowed(open, W.ingress, W.grafana, 3000)).toBe(false);
    expect(allowed(open, W.grafana, W.prometheus, 9090)).toBe(true);
  });

  it("lets the Thanos Query namespace reach the sidecar's gRPC port, and the sidecar upload over HTTPS", () => {
    const stack = stackOf(withValue(baseConfig(), "platform.prometheus.thanosSidecar", { queryNamespace: "thanos" }));
    const p = networkPolicies(stack.platform, stack.alerting);
    const query: Endpoint = { ns: "thanos", labels: { app: "thanos-query" }, ip: "10.0.5.1" };
    expect(allowed(p, query, W.prometheus, 10901)).toBe(true);
    expect(allowed(p, W.ordersApi, W.prometheus, 10901)).toBe(false);
    expect(allowed(p, W.prometheus, W.internet, 443)).toBe(true);
  });

  it("creates no NetworkPolicy when a stack turns them off", () => {
    const stack = stackOf(withValue(baseConfig(), "platform.networkPolicy", { enabled: false }));
    expect(networkPolicies(stack.platform, stack.alerting)).toEqual([]);
  });
});
