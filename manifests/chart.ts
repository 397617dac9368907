/**
 * Facts of the kube-prometheus-stack chart that our objects and values must agree with: how the
 * operator and the subcharts label their pods and which ports they listen on, and the names of the
 * Secrets our objects hand the chart. Only manifests/ builds objects and values, so they live here.
 */
import { naming } from "../config";

const { PROJECT } = naming;

/**
 * The chart's pods as the operator and the subcharts label them (names do not depend on the
 * release name), and their ports: NetworkPolicies and topology spread select pods by these.
 */
export const chartPods = {
  prometheus: { labels: { "app.kubernetes.io/name": "prometheus" }, web: 9090, reloader: 8080, thanosGrpc: 10901 },
  alertmanager: { labels: { "app.kubernetes.io/name": "alertmanager" }, web: 9093, mesh: 9094 },
  grafana: { labels: { "app.kubernetes.io/name": "grafana" }, web: 3000 },
  /** The chart labels its operator `app: <chart name>-operator`; the webhook listens on 10250 (https). */
  operator: { labels: { app: "kube-prometheus-stack-operator" }, webhook: 10250 },
} as const;

/** The external label the operator puts the replica's pod name in: a global query layer deduplicates on it. */
export const replicaExternalLabel = "prometheus_replica";

/** Scale-out Secrets: the Kubernetes Secrets made from secret config, referenced by name from the chart values. */
export const scaleOut = {
  /** Secret with every remote-write credential (`<endpoint>-username`, `<endpoint>-password`, `<endpoint>-token`). */
  remoteWriteSecretName: `${PROJECT}-remote-write`,
  /** Key of an endpoint's credential in that Secret. */
  remoteWriteSecretKey: (endpoint: string, part: "username" | "password" | "token"): string => `${endpoint}-${part}`,
  /** Secret with the Thanos sidecar's object-storage configuration. */
  thanosObjectStorageSecretName: `${PROJECT}-thanos-objstore`,
  thanosObjectStorageSecretKey: "objstore.yaml",
} as const;

/** The Secret the Alertmanager reads its configuration from (chart: `alertmanagerSpec.configSecret`). */
export const alertmanagerSecret = {
  name: `${PROJECT}-alertmanager-config`,
  /** Key of the configuration file inside that Secret; the operator reads exactly this key. */
  key: "alertmanager.yaml",
} as const;

/** Name of one of the platform's NetworkPolicies. */
export function networkPolicyName(part: string): string {
  return `${PROJECT}-${part}`;
}
