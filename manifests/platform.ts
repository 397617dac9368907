import { naming, type PlatformConfig } from "../config";
import type { RuleGroup } from "../rules";
import { prometheusRule } from "./service";
import type { KubeObject, SecretObject } from "./types";

/** Name of the Secret that holds the Grafana admin credentials. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const GRAFANA_USER_KEY = "admin-user";
export const GRAFANA_PASSWORD_KEY = "admin-password";
const GRAFANA_ADMIN_USER = "admin";

/**
 * Pod Security Standards of the monitoring namespace. node-exporter needs hostNetwork, hostPID and
 * hostPath mounts, which only the `privileged` level admits (`baseline` forbids all three), so the
 * namespace enforces `privileged`; it audits and warns at `restricted`, so any other pod that falls
 * short of restricted shows up in the audit log and in kubectl output.
 */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/warn": "restricted",
};

export function platformNamespace(platform: PlatformConfig): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: platform.namespace, labels: { ...naming.platformObjectLabels(), ...POD_SECURITY_LABELS } },
  };
}

/** The Grafana admin credentials; the password stays whatever secret type the caller passes. */
export function grafanaAdminSecret<V>(platform: PlatformConfig, password: V): SecretObject<V | string> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: GRAFANA_ADMIN_SECRET, namespace: platform.namespace, labels: naming.platformObjectLabels() },
    type: "Opaque",
    stringData: { [GRAFANA_USER_KEY]: GRAFANA_ADMIN_USER, [GRAFANA_PASSWORD_KEY]: password },
  };
}

export function platformPrometheusRule(platform: PlatformConfig, groups: readonly RuleGroup[]): KubeObject {
  return prometheusRule(
    naming.platformRuleName,
    platform.namespace,
    { ...naming.platformObjectLabels(), ...naming.selectorLabels(platform) },
    groups,
  );
}

/** URLs of the Prometheus Operator CRDs of the chart's operator version, applied server-side before any custom resource. */
export function crdUrls(platform: PlatformConfig): string[] {
  const base = `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v${platform.chart.operatorVersion}/example/prometheus-operator-crd`;
  return [
    "alertmanagerconfigs",
    "alertmanagers",
    "podmonitors",
    "probes",
    "prometheusagents",
    "prometheuses",
    "prometheusrules",
    "scrapeconfigs",
    "servicemonitors",
    "thanosrulers",
  ].map((plural) => `${base}/monitoring.coreos.com_${plural}.yaml`);
}
