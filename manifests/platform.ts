import { naming, type PlatformSpec } from "../spec";
import type { RuleGroup } from "../rules";
import { prometheusRule } from "./service";
import type { KubeObject, SecretObject } from "./types";

/** Name of the Secret that holds the Grafana admin credentials. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
const GRAFANA_USER_KEY = "admin-user";
const GRAFANA_PASSWORD_KEY = "admin-password";
const GRAFANA_ADMIN_USER = "admin";

export function platformNamespace(platform: PlatformSpec): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: platform.namespace, labels: naming.platformObjectLabels() } };
}

/** The Grafana admin credentials; the password stays whatever secret type the caller passes. */
export function grafanaAdminSecret<V>(platform: PlatformSpec, password: V): SecretObject<V | string> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: GRAFANA_ADMIN_SECRET, namespace: platform.namespace, labels: naming.platformObjectLabels() },
    type: "Opaque",
    stringData: { [GRAFANA_USER_KEY]: GRAFANA_ADMIN_USER, [GRAFANA_PASSWORD_KEY]: password },
  };
}

export function platformPrometheusRule(platform: PlatformSpec, groups: readonly RuleGroup[]): KubeObject {
  return prometheusRule(naming.platformRuleName, platform.namespace, { ...naming.platformObjectLabels(), ...naming.selectorLabels(platform) }, groups);
}

/** URLs of the Prometheus Operator CRDs of the chart's operator version, applied server-side before any custom resource. */
export function crdUrls(platform: PlatformSpec): string[] {
  const base = `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v${platform.chart.operatorVersion}/example/prometheus-operator-crd`;
  return [
    "alertmanagerconfigs", "alertmanagers", "podmonitors", "probes", "prometheusagents",
    "prometheuses", "prometheusrules", "scrapeconfigs", "servicemonitors", "thanosrulers",
  ].map((plural) => `${base}/monitoring.coreos.com_${plural}.yaml`);
}

/** Selector for one kind of monitoring object: match our labels in every namespace. */
function selecting(platform: PlatformSpec): { matchLabels: Readonly<Record<string, string>> } {
  return { matchLabels: naming.selectorLabels(platform) };
}

/**
 * Values given to the kube-prometheus-stack chart. No secret ever goes here: Helm values are
 * stored in plaintext in Pulumi state and in the release Secret; credentials are referenced by name.
 * `alertmanagerConfigSecret` names the Secret with the generated Alertmanager configuration; the
 * chart's default configuration is kept when it is absent.
 */
export function helmValues(platform: PlatformSpec, alertmanagerConfigSecret?: string): Record<string, unknown> {
  const p = platform.prometheus;
  const sel = selecting(platform);
  const prometheusSpec: Record<string, unknown> = {
    enableAdminAPI: false,
    evaluationInterval: p.evaluationInterval.text,
    externalLabels: { cluster: platform.cluster, environment: platform.environment },
    podMonitorNamespaceSelector: {},
    podMonitorSelector: sel,
    podMonitorSelectorNilUsesHelmValues: false,
    probeNamespaceSelector: {},
    probeSelector: sel,
    probeSelectorNilUsesHelmValues: false,
    replicas: p.replicas,
    retention: p.retention.text,
    ruleNamespaceSelector: {},
    ruleSelector: sel,
    ruleSelectorNilUsesHelmValues: false,
    scrapeInterval: p.scrapeInterval.text,
    serviceMonitorNamespaceSelector: {},
    serviceMonitorSelector: sel,
    serviceMonitorSelectorNilUsesHelmValues: false,
  };
  if (p.retentionSize !== undefined) prometheusSpec.retentionSize = p.retentionSize;
  if (p.storage !== undefined) {
    prometheusSpec.storageSpec = {
      volumeClaimTemplate: {
        spec: {
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: p.storage.size } },
          ...(p.storage.storageClassName !== undefined ? { storageClassName: p.storage.storageClassName } : {}),
        },
      },
    };
  }
  return {
    // With a generated configuration, the Alertmanager reads it from our Secret (it holds the receivers'
    // credentials, so it never passes through Helm values) and the chart creates no config of its own.
    alertmanager: {
      alertmanagerSpec: {
        replicas: platform.alertmanagerReplicas,
        ...(alertmanagerConfigSecret !== undefined ? { configSecret: alertmanagerConfigSecret, useExistingSecret: true } : {}),
      },
    },
    // CRDs are applied by the platform component from the operator release, server-side, so that
    // they are upgraded with the chart (Helm never upgrades CRDs) and exist before any custom resource.
    crds: { enabled: false },
    // Our platform rule carries the Watchdog; the chart's copy would fire twice.
    defaultRules: { disabled: { [naming.alert.watchdog]: true } },
    grafana: platform.grafanaEnabled
      ? {
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, passwordKey: GRAFANA_PASSWORD_KEY, userKey: GRAFANA_USER_KEY },
          enabled: true,
          // Dashboard ConfigMaps carry these label and annotation names (spec/naming, one source); the
          // folder annotation files each under its team's folder.
          sidecar: {
            dashboards: {
              enabled: true,
              folderAnnotation: naming.grafana.sidecar.folderAnnotation,
              label: naming.grafana.sidecar.label,
              labelValue: naming.grafana.sidecar.labelValue,
              provider: { foldersFromFilesStructure: true },
            },
          },
        }
      : { enabled: false },
    prometheus: { prometheusSpec },
  };
}
