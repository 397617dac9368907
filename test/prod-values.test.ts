import { describe, expect, it } from "vitest";
import {
  alertmanagerSecret,
  checkChartValues,
  CONTAINER_SECURITY_CONTEXT,
  crdUrls,
  DISTRIBUTIONS,
  helmValues,
  platformNamespace,
  scaleOut,
  scaleOutSecrets,
} from "../manifests";
import { CHART_RELEASES, DEFAULTS, Distribution, naming, parseStack, type PlatformConfig } from "../config";
import { readStackFile, toYaml } from "../render";
import { ROOT, baseConfig, stackOf, withValue } from "./support/config";

const prod = parseStack(readStackFile(ROOT, "prod")).platform;
type Values = Record<string, Record<string, unknown> & { [k: string]: unknown }>;
const values = helmValues(prod, alertmanagerSecret.name) as Values;
const promSpec = (v: Values): Record<string, unknown> => (v.prometheus as { prometheusSpec: Record<string, unknown> }).prometheusSpec;
const amSpec = (v: Values): Record<string, unknown> => (v.alertmanager as { alertmanagerSpec: Record<string, unknown> }).alertmanagerSpec;

describe("prod Helm values: highly available", () => {
  it("runs 2 Prometheus and 3 Alertmanagers, each with a budget that lets one pod go at a time", () => {
    expect(promSpec(values)).toMatchObject({ replicas: 2, shards: 1 });
    expect(amSpec(values)).toMatchObject({ replicas: 3 });
    expect(values.prometheus?.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    expect(values.alertmanager?.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 2 });
  });

  it("puts replicas on different nodes (required) and spreads them over zones (preferred)", () => {
    for (const [spec, app] of [
      [promSpec(values), "prometheus"],
      [amSpec(values), "alertmanager"],
    ] as const) {
      expect(spec).toMatchObject({ podAntiAffinity: "hard", podAntiAffinityTopologyKey: "kubernetes.io/hostname" });
      expect(spec.topologySpreadConstraints).toEqual([
        {
          labelSelector: { matchLabels: { "app.kubernetes.io/name": app } },
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
        },
      ]);
    }
  });

  it("gives a single replica no budget (it would block every node drain) and no anti-affinity", () => {
    const dev = helmValues(stackOf(baseConfig()).platform) as Values;
    expect(dev.prometheus?.podDisruptionBudget).toEqual({ enabled: false });
    expect(dev.alertmanager?.podDisruptionBudget).toEqual({ enabled: false });
    expect(promSpec(dev).podAntiAffinity).toBeUndefined();
  });

  it("keeps the TSDB and the Alertmanager state on persistent volumes, retention size within 85% of the volume", () => {
    expect(promSpec(values)).toMatchObject({
      retention: "30d",
      retentionSize: "170GB",
      storageSpec: {
        volumeClaimTemplate: {
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "200Gi" } }, storageClassName: "gp3" },
        },
      },
    });
    expect(amSpec(values).storage).toEqual({
      volumeClaimTemplate: {
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "gp3" },
      },
    });
  });

  it("labels every series with cluster and environment, and names the replica label a global query layer deduplicates on", () => {
    expect(promSpec(values)).toMatchObject({
      externalLabels: { cluster: "prod", environment: "prod" },
      replicaExternalLabelName: "prometheus_replica",
    });
  });

  it("sets requests and limits on every component of the prod stack", () => {
    expect(promSpec(values).resources).toEqual({ limits: { memory: "12Gi" }, requests: { cpu: "1", memory: "8Gi" } });
    expect(amSpec(values).resources).toEqual({ limits: { memory: "256Mi" }, requests: { cpu: "50m", memory: "128Mi" } });
    for (const key of ["grafana", "kube-state-metrics", "prometheus-node-exporter", "prometheusOperator"]) {
      expect((values[key] as { resources?: unknown }).resources, key).toMatchObject({
        limits: { memory: expect.any(String) },
        requests: { memory: expect.any(String) },
      });
    }
  });
});

describe("prod Helm values: secure by default", () => {
  it("runs every pod non-root with the RuntimeDefault seccomp profile", () => {
    const pods = [promSpec(values), amSpec(values), values.grafana, values["kube-state-metrics"], values.prometheusOperator].map(
      (v) => (v as { securityContext: unknown }).securityContext,
    );
    for (const sc of pods) expect(sc).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("drops every capability, forbids privilege escalation and mounts the root filesystem read-only wherever the chart lets us", () => {
    expect(CONTAINER_SECURITY_CONTEXT).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      readOnlyRootFilesystem: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    for (const key of ["grafana", "kube-state-metrics", "prometheus-node-exporter", "prometheusOperator"]) {
      expect((values[key] as { containerSecurityContext: unknown }).containerSecurityContext, key).toEqual(CONTAINER_SECURITY_CONTEXT);
    }
  });

  it("takes the Grafana admin from an existing Secret, with anonymous access and sign-up off, and keeps the Prometheus admin API off", () => {
    expect(values.grafana).toMatchObject({
      admin: { existingSecret: "grafana-admin" },
      "grafana.ini": { "auth.anonymous": { enabled: false }, users: { allow_sign_up: false } },
    });
    expect(values.grafana).not.toHaveProperty("adminPassword");
    expect(promSpec(values).enableAdminAPI).toBe(false);
  });

  it("labels the namespace privileged for node-exporter's host access, and audits and warns at restricted", () => {
    expect(platformNamespace(prod).metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });
});

describe("prod Helm values: scale-out", () => {
  it("writes to Mimir with the tenant header, credentials by Secret reference only, and the queue settings", () => {
    expect(promSpec(values).remoteWrite).toEqual([
      {
        basicAuth: {
          password: { key: "mimir-password", name: scaleOut.remoteWriteSecretName },
          username: { key: "mimir-username", name: scaleOut.remoteWriteSecretName },
        },
        headers: { "X-Scope-OrgID": "prod" },
        name: "mimir",
        queueConfig: { batchSendDeadline: "5s", capacity: 10000, maxSamplesPerSend: 2000, maxShards: 50 },
        url: "https://mimir.example.com/api/v1/push",
      },
    ]);
  });

  it("keeps the chart's `prometheus` rule group on: it holds PrometheusRemoteStorageFailures and PrometheusRemoteWriteBehind", () => {
    expect((values.defaultRules as { rules: Record<string, boolean> }).rules.prometheus).toBe(true);
    expect(Object.keys((values.defaultRules as { disabled: Record<string, boolean> }).disabled)).toEqual([naming.alert.watchdog]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "Thanos Receive takes the tenant in THANOS-TENANT and a bearer token",
      { kind: "thanosReceive", auth: "bearer" },
      {
        authorization: { credentials: { key: "central-token", name: scaleOut.remoteWriteSecretName }, type: "Bearer" },
        headers: { "THANOS-TENANT": "t1" },
      },
    ],
    ["VictoriaMetrics without auth gets neither header nor credentials", { kind: "victoriaMetrics", tenant: undefined, auth: "none" }, {}],
  ])("%s", (_case, extra, expected) => {
    const e = { name: "central", kind: "mimir", url: "https://central.example.com/write", tenant: "t1", ...extra };
    const p = stackOf(withValue(baseConfig(), "platform.prometheus.remoteWrite", [e])).platform;
    const [entry] = promSpec(helmValues(p) as Values).remoteWrite as Record<string, unknown>[];
    expect(entry).toEqual({ name: "central", url: "https://central.example.com/write", ...expected });
  });

  it("points a Thanos sidecar at the object-storage Secret, and sets the shard count", () => {
    const config = withValue(
      withValue(baseConfig(), "platform.prometheus.thanosSidecar", { queryNamespace: "thanos" }),
      "platform.prometheus.shards",
      3,
    );
    const p = stackOf(config).platform;
    expect(promSpec(helmValues(p) as Values)).toMatchObject({
      shards: 3,
      thanos: { objectStorageConfig: { existingSecret: { key: "objstore.yaml", name: scaleOut.thanosObjectStorageSecretName } } },
    });
  });

  it("makes the credentials Secret from the secret values: the user name in plain, the password as given", () => {
    const [secret] = scaleOutSecrets(prod, { remoteWriteCredentials: { mimir: "<pw>" }, thanosObjectStorageConfig: undefined });
    expect(secret).toMatchObject({
      kind: "Secret",
      metadata: { name: scaleOut.remoteWriteSecretName, namespace: "monitoring" },
      stringData: { "mimir-password": "<pw>", "mimir-username": "prod-cluster" },
    });
  });

  it("never puts a remote-write credential into the values", () => {
    const canary = "canary-values-Rw77";
    const [secret] = scaleOutSecrets(prod, { remoteWriteCredentials: { mimir: canary }, thanosObjectStorageConfig: canary });
    expect(JSON.stringify(secret)).toContain(canary);
    expect(toYaml(helmValues(prod, alertmanagerSecret.name))).not.toContain(canary);
  });
});

describe("managed clusters: the control-plane monitors a platform hides are off, with their rule groups", () => {
  const valuesFor = (d: Distribution): Values => helmValues({ ...prod, distribution: d } satisfies PlatformConfig) as Values;
  it.each<[Distribution, { scheduler: boolean; proxy: boolean; kubeDns: boolean }]>([
    ["kubeadm", { scheduler: true, proxy: true, kubeDns: false }],
    ["eks", { scheduler: false, proxy: true, kubeDns: false }],
    ["gke", { scheduler: false, proxy: false, kubeDns: true }],
    ["aks", { scheduler: false, proxy: false, kubeDns: false }],
    ["k3s", { scheduler: false, proxy: false, kubeDns: false }],
  ])("%s", (d, want) => {
    const v = valuesFor(d);
    const enabled = (k: string): unknown => (v[k] as { enabled: boolean }).enabled;
    expect([enabled("kubeScheduler"), enabled("kubeControllerManager"), enabled("kubeEtcd")]).toEqual([
      want.scheduler,
      want.scheduler,
      want.scheduler,
    ]);
    expect(enabled("kubeProxy")).toBe(want.proxy);
    expect([enabled("kubeDns"), enabled("coreDns")]).toEqual([want.kubeDns, !want.kubeDns]);
    const rules = (v.defaultRules as { rules: Record<string, boolean> }).rules;
    expect([rules.etcd, rules.kubeControllerManager, rules.kubeSchedulerAlerting, rules.kubeSchedulerRecording]).toEqual(
      Array(4).fill(want.scheduler),
    );
    expect(rules.kubeProxy).toBe(want.proxy);
    expect(rules.prometheus).toBe(true);
  });

  it("has a row for every distribution the spec allows", () => {
    expect(Object.keys(DISTRIBUTIONS).sort()).toEqual(Object.values(Distribution).sort());
  });
});

describe("CRDs move with the chart", () => {
  it("applies the CRDs of the operator version the pinned chart ships, from one table", () => {
    expect(DEFAULTS.chart.operatorVersion).toBe(CHART_RELEASES[DEFAULTS.chart.version as keyof typeof CHART_RELEASES].operatorVersion);
    for (const url of crdUrls(prod))
      expect(url).toContain(`/v${DEFAULTS.chart.operatorVersion}/example/prometheus-operator-crd/monitoring.coreos.com_`);
  });
});

describe("the chart-key checker", () => {
  const chart = {
    alertmanager: {
      alertmanagerSpec: { replicas: 1, resources: {}, storage: {} },
      podDisruptionBudget: { enabled: false, minAvailable: 1 },
    },
    grafana: { enabled: true, sidecar: { dashboards: { enabled: true } } },
    prometheus: { prometheusSpec: { externalLabels: {}, remoteWrite: [], retention: "10d", thanos: {}, namespace: null } },
  };

  it("accepts keys the chart has, free-form subtrees, maps the chart declares empty, and declared subchart keys", () => {
    const ours = {
      alertmanager: {
        alertmanagerSpec: { configSecret: "x", replicas: 3, resources: { limits: { memory: "1Gi" } } },
        podDisruptionBudget: { enabled: true },
      },
      grafana: { "grafana.ini": { "auth.anonymous": { enabled: false } }, sidecar: { dashboards: { folderAnnotation: "f" } } },
      prometheus: {
        prometheusSpec: {
          externalLabels: { cluster: "c" },
          remoteWrite: [{ url: "u" }],
          thanos: { objectStorageConfig: { existingSecret: {} } },
          namespace: "x",
        },
      },
    };
    expect(checkChartValues(ours, chart)).toEqual({
      problems: [],
      subchartKeys: ["grafana.grafana.ini", "grafana.sidecar.dashboards.folderAnnotation"],
    });
  });

  it("reports a misspelt key with its path and the keys it may have meant", () => {
    const ours = { prometheus: { prometheusSpec: { retension: "30d" } }, alertmanager: { podDisruptionBudgets: { enabled: true } } };
    expect(checkChartValues(ours, chart).problems).toEqual([
      { path: "alertmanager.podDisruptionBudgets", message: "is not a key of the chart; did you mean podDisruptionBudget?" },
      { path: "prometheus.prometheusSpec.retension", message: "is not a key of the chart; did you mean retention?" },
    ]);
  });

  it("reports a single value where the chart has a map, and an undeclared subchart key", () => {
    const ours = { alertmanager: { podDisruptionBudget: true }, grafana: { adminPasword: "x" } };
    expect(checkChartValues(ours, chart).problems.map((p) => p.path)).toEqual(["alertmanager.podDisruptionBudget", "grafana.adminPasword"]);
  });
});
