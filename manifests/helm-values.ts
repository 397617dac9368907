import { naming, type PlatformComponent, type PlatformConfig, type ResourcesConfig, type StorageConfig } from "../config";
import { distributionValues } from "./distribution";
import { GRAFANA_ADMIN_SECRET, GRAFANA_PASSWORD_KEY, GRAFANA_USER_KEY } from "./platform";
import { scaleOutValues } from "./scale-out";
import { chartPods, replicaExternalLabel } from "./chart";

const RUNTIME_DEFAULT = { type: "RuntimeDefault" } as const;

/** Container security context for every container the chart lets us set one for. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
  seccompProfile: RUNTIME_DEFAULT,
} as const;

/** Pod security context: non-root with the user the component's image is built for. */
function podSecurityContext(uid: number, gid: number): Record<string, unknown> {
  return { fsGroup: gid, runAsGroup: gid, runAsNonRoot: true, runAsUser: uid, seccompProfile: RUNTIME_DEFAULT };
}

/** Selector for one kind of monitoring object: match our labels in every namespace. */
function selecting(platform: PlatformConfig): { matchLabels: Readonly<Record<string, string>> } {
  return { matchLabels: naming.selectorLabels(platform) };
}

function resources(platform: PlatformConfig, component: PlatformComponent): Record<string, unknown> {
  const r: ResourcesConfig | undefined = platform.resources[component];
  if (r === undefined) return {};
  const pick = (q: ResourcesConfig["requests"]): Record<string, string> => ({
    ...(q.cpu !== undefined ? { cpu: q.cpu } : {}),
    ...(q.memory !== undefined ? { memory: q.memory } : {}),
  });
  return { resources: { limits: pick(r.limits), requests: pick(r.requests) } };
}

function volumeClaim(storage: StorageConfig | undefined): Record<string, unknown> | undefined {
  if (storage === undefined) return undefined;
  return {
    volumeClaimTemplate: {
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: storage.size } },
        ...(storage.storageClassName !== undefined ? { storageClassName: storage.storageClassName } : {}),
      },
    },
  };
}

/**
 * Replicas on different nodes (required) and spread over zones (preferred: a cluster in one zone
 * still schedules). Nothing for a single replica, which has nothing to spread.
 */
function spread(replicas: number, podLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  if (replicas < 2) return {};
  return {
    podAntiAffinity: "hard",
    podAntiAffinityTopologyKey: "kubernetes.io/hostname",
    topologySpreadConstraints: [
      {
        labelSelector: { matchLabels: podLabels },
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
      },
    ],
  };
}

/** A PodDisruptionBudget that lets one pod go at a time; off for a single pod, which a budget would pin to its node. */
function disruptionBudget(pods: number): Record<string, unknown> {
  return pods > 1 ? { enabled: true, minAvailable: pods - 1 } : { enabled: false };
}

/**
 * Values given to the kube-prometheus-stack chart. No secret ever goes here: Helm values are
 * stored in plaintext in Pulumi state and in the release Secret; credentials are referenced by name.
 * `alertmanagerConfigSecret` names the Secret with the generated Alertmanager configuration; the
 * chart's default configuration is kept when it is absent. Every key is one the pinned chart has
 * (`scripts/check-chart-values.ts` checks them against its values.yaml).
 */
export function helmValues(platform: PlatformConfig, alertmanagerConfigSecret?: string): Record<string, unknown> {
  const p = platform.prometheus;
  const sel = selecting(platform);
  const pods = chartPods;
  const distribution = distributionValues(platform.distribution);
  const prometheusSpec: Record<string, unknown> = {
    enableAdminAPI: false,
    evaluationInterval: p.evaluationInterval.text,
    // With `prometheus_replica` (added by the operator) a global query layer deduplicates the replicas.
    externalLabels: { cluster: platform.cluster, environment: platform.environment },
    podMonitorNamespaceSelector: {},
    podMonitorSelector: sel,
    podMonitorSelectorNilUsesHelmValues: false,
    probeNamespaceSelector: {},
    probeSelector: sel,
    probeSelectorNilUsesHelmValues: false,
    replicaExternalLabelName: replicaExternalLabel,
    replicas: p.replicas,
    retention: p.retention.text,
    ruleNamespaceSelector: {},
    ruleSelector: sel,
    ruleSelectorNilUsesHelmValues: false,
    scrapeInterval: p.scrapeInterval.text,
    securityContext: podSecurityContext(1000, 2000),
    serviceMonitorNamespaceSelector: {},
    serviceMonitorSelector: sel,
    serviceMonitorSelectorNilUsesHelmValues: false,
    ...resources(platform, "prometheus"),
    ...spread(p.replicas, pods.prometheus.labels),
    ...scaleOutValues(platform),
  };
  if (p.retentionSize !== undefined) prometheusSpec.retentionSize = p.retentionSize;
  const prometheusStorage = volumeClaim(p.storage);
  if (prometheusStorage !== undefined) prometheusSpec.storageSpec = prometheusStorage;
  const alertmanagerStorage = volumeClaim(platform.alertmanagerStorage);
  return {
    // With a generated configuration, the Alertmanager reads it from our Secret (it holds the receivers'
    // credentials, so it never passes through Helm values) and the chart creates no config of its own.
    alertmanager: {
      alertmanagerSpec: {
        replicas: platform.alertmanagerReplicas,
        securityContext: podSecurityContext(1000, 2000),
        ...(alertmanagerConfigSecret !== undefined ? { configSecret: alertmanagerConfigSecret, useExistingSecret: true } : {}),
        ...(alertmanagerStorage !== undefined ? { storage: alertmanagerStorage } : {}),
        ...resources(platform, "alertmanager"),
        ...spread(platform.alertmanagerReplicas, pods.alertmanager.labels),
      },
      podDisruptionBudget: disruptionBudget(platform.alertmanagerReplicas),
    },
    // Control-plane monitors a managed platform hides would page forever (KubeSchedulerDown...).
    ...distribution.components,
    // CRDs are applied by the platform component from the operator release, server-side, so that
    // they are upgraded with the chart (Helm never upgrades CRDs) and exist before any custom resource.
    crds: { enabled: false },
    // Our platform rule carries the Watchdog; the chart's copy would fire twice. The `prometheus` group
    // holds the remote-write meta-alerts (PrometheusRemoteStorageFailures, PrometheusRemoteWriteBehind).
    defaultRules: { disabled: { [naming.alert.watchdog]: true }, rules: { ...distribution.rules, prometheus: true } },
    grafana: platform.grafanaEnabled
      ? {
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, passwordKey: GRAFANA_PASSWORD_KEY, userKey: GRAFANA_USER_KEY },
          containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
          enabled: true,
          // No anonymous access and no self sign-up: every user is created by an admin.
          "grafana.ini": { "auth.anonymous": { enabled: false }, users: { allow_sign_up: false } },
          securityContext: podSecurityContext(472, 472),
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
          ...resources(platform, "grafana"),
        }
      : { enabled: false },
    "kube-state-metrics": {
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      securityContext: podSecurityContext(65534, 65534),
      ...resources(platform, "kubeStateMetrics"),
    },
    prometheus: { podDisruptionBudget: disruptionBudget(p.replicas * p.shards), prometheusSpec },
    // node-exporter keeps hostNetwork/hostPID/hostPath (why the namespace enforces `privileged`), but drops every capability.
    "prometheus-node-exporter": { containerSecurityContext: CONTAINER_SECURITY_CONTEXT, ...resources(platform, "nodeExporter") },
    prometheusOperator: {
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      securityContext: podSecurityContext(65534, 65534),
      ...resources(platform, "operator"),
    },
  };
}
