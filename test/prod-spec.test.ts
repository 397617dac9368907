import { describe, expect, it } from "vitest";
import { checkStack, parseStack, platformSecretIssues } from "../config";
import { readStackFile } from "../render";
import { ROOT, baseConfig, stackOf, withValue } from "./support/config";

function problems(config: Record<string, unknown>): string[] {
  return checkStack({ stack: "test", config }).issues.map((i) => `${i.path}: ${i.message}`);
}

/** A production platform that passes: the base of the production tables. */
function prodConfig(): Record<string, unknown> {
  return withValue(baseConfig(), "platform", {
    production: true,
    prometheus: { replicas: 2, storage: { size: "100Gi" }, retentionSize: "85GB" },
    alertmanager: { replicas: 3 },
  });
}

const endpoint = {
  name: "mimir",
  kind: "mimir",
  url: "https://mimir.example.com/api/v1/push",
  tenant: "prod",
  auth: "basic",
  username: "prod",
};
const withEndpoint = (extra: Record<string, unknown>): Record<string, unknown> =>
  withValue(baseConfig(), "platform.prometheus.remoteWrite", [{ ...endpoint, ...extra }]);
const rw = "platform.prometheus.remoteWrite[0]";

describe("the real prod stack", () => {
  it("parses Pulumi.prod.yaml as a production stack: HA replicas, volume, retention size, EKS, remote write to Mimir", () => {
    const p = parseStack(readStackFile(ROOT, "prod")).platform;
    expect(p).toMatchObject({ production: true, distribution: "eks", alertmanagerReplicas: 3 });
    expect(p.prometheus).toMatchObject({
      replicas: 2,
      shards: 1,
      retentionSize: "170GB",
      storage: { size: "200Gi", storageClassName: "gp3" },
    });
    expect(p.prometheus.remoteWrite.map((e) => [e.name, e.kind, e.auth, e.tenant])).toEqual([["mimir", "mimir", "basic", "prod"]]);
    expect(p.networkPolicy).toMatchObject({ enabled: true, uiNamespace: "ingress-nginx" });
  });

  it("defaults a stack to non-production, kubeadm, one shard, no remote write and NetworkPolicies on over the private ranges", () => {
    const p = stackOf(baseConfig()).platform;
    expect(p).toMatchObject({ production: false, distribution: "kubeadm", resources: {} });
    expect(p.prometheus).toMatchObject({ shards: 1, remoteWrite: [], thanosSidecar: undefined });
    expect(p.networkPolicy).toEqual({
      enabled: true,
      uiNamespace: undefined,
      scrapeCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
      apiServerCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
    });
  });
});

describe("a production stack refuses what is not highly available", () => {
  it("accepts the minimum: 2 Prometheus, 3 Alertmanagers, a volume and a retention size of 85% of it", () => {
    expect(problems(prodConfig())).toEqual([]);
  });

  it.each<[string, string, unknown, string]>([
    [
      "one Prometheus",
      "platform.prometheus.replicas",
      1,
      "platform.prometheus.replicas: 1 is below what a production stack needs: at least 2, so one Prometheus scrapes and evaluates while the other restarts (platform.production is true)",
    ],
    [
      "two Alertmanagers",
      "platform.alertmanager.replicas",
      2,
      "platform.alertmanager.replicas: 2 is below what a production stack needs: at least 3, a gossip cluster that keeps deduplicating and notifying while one restarts (platform.production is true)",
    ],
    [
      "no volume",
      "platform.prometheus.storage",
      undefined,
      "platform.prometheus.storage: is required in a production stack (platform.production is true): without a persistent volume every restart loses the TSDB; set size (e.g. 100Gi) and optionally storageClassName",
    ],
    [
      "no retention size",
      "platform.prometheus.retentionSize",
      undefined,
      "platform.prometheus.retentionSize: is required in a production stack (platform.production is true): without it the volume fills and Prometheus stops ingesting; use at most 85GB for the 100Gi volume",
    ],
    [
      "a retention size of 86% of the volume",
      "platform.prometheus.retentionSize",
      "86GB",
      'platform.prometheus.retentionSize: "86GB" is more than 85% of the 100Gi volume (platform.prometheus.storage.size): the WAL and compaction need the rest; use at most 85GB (Prometheus sizes are powers of 1024)',
    ],
    [
      "a retention size above the volume",
      "platform.prometheus.retentionSize",
      "1TB",
      'platform.prometheus.retentionSize: "1TB" is more than 85% of the 100Gi volume (platform.prometheus.storage.size): the WAL and compaction need the rest; use at most 85GB (Prometheus sizes are powers of 1024)',
    ],
  ])("%s", (_case, dotted, value, expected) => {
    expect(problems(withValue(prodConfig(), dotted, value))).toEqual([expected]);
  });

  it("reports every HA problem at once", () => {
    const config = withValue(withValue(prodConfig(), "platform.prometheus.replicas", 1), "platform.alertmanager.replicas", 1);
    expect(problems(config).map((p) => p.split(":")[0])).toEqual(["platform.prometheus.replicas", "platform.alertmanager.replicas"]);
  });

  it("checks the retention size against the volume in any stack, production or not", () => {
    const config = withValue(
      withValue(baseConfig(), "platform.prometheus.storage", { size: "50G" }),
      "platform.prometheus.retentionSize",
      "45GB",
    );
    expect(problems(config)).toEqual([
      'platform.prometheus.retentionSize: "45GB" is more than 85% of the 50G volume (platform.prometheus.storage.size): the WAL and compaction need the rest; use at most 39GB (Prometheus sizes are powers of 1024)',
    ]);
  });

  it("lets a non-production stack run one of each", () => {
    expect(problems(withValue(baseConfig(), "platform.prometheus.replicas", 1))).toEqual([]);
  });
});

describe("platform bad input names the field, the value and what is allowed", () => {
  it.each<[string, string, unknown, string]>([
    [
      "an unknown distribution",
      "platform.distribution",
      "openshift",
      'platform.distribution: "openshift" is not allowed; use one of kubeadm, eks, gke, aks, k3s',
    ],
    ["production that is not a boolean", "platform.production", "yes", 'platform.production: must be true or false, got "yes"'],
    ["zero shards", "platform.prometheus.shards", 0, "platform.prometheus.shards: 0 is out of range; must be a whole number, at least 1"],
    [
      "a resource for an unknown component",
      "platform.resources",
      { thanos: {} },
      "platform.resources.thanos: unknown key; allowed: alertmanager, grafana, kubeStateMetrics, nodeExporter, operator, prometheus",
    ],
    [
      "a memory request that is not a quantity",
      "platform.resources",
      { prometheus: { requests: { memory: "lots" } } },
      'platform.resources.prometheus.requests.memory: "lots" is not a Kubernetes quantity such as 50Gi',
    ],
    [
      "a CPU request that is not a quantity",
      "platform.resources",
      { prometheus: { requests: { cpu: "1 core" } } },
      'platform.resources.prometheus.requests.cpu: "1 core" is not a CPU quantity such as 500m or 2',
    ],
    [
      "a memory request above its limit",
      "platform.resources",
      { prometheus: { requests: { memory: "8Gi" }, limits: { memory: "4Gi" } } },
      'platform.resources.prometheus.requests.memory: "8Gi" is above the limit "4Gi"; Kubernetes refuses a request above its limit',
    ],
    [
      "a CPU request above its limit",
      "platform.resources",
      { grafana: { requests: { cpu: "2" }, limits: { cpu: "500m" } } },
      'platform.resources.grafana.requests.cpu: "2" is above the limit "500m"; Kubernetes refuses a request above its limit',
    ],
    [
      "a scrape CIDR that is not one",
      "platform.networkPolicy",
      { scrapeCidrs: ["10.0.0.0/33"] },
      'platform.networkPolicy.scrapeCidrs[0]: "10.0.0.0/33" is not a CIDR such as 10.0.0.0/8',
    ],
    [
      "a UI namespace that is not a DNS label",
      "platform.networkPolicy",
      { uiNamespace: "Ingress" },
      'platform.networkPolicy.uiNamespace: "Ingress" is not a DNS label; allowed: at most 63 of [a-z0-9-], starting and ending alphanumeric',
    ],
    [
      "an Alertmanager volume that is not a quantity",
      "platform.alertmanager.storage",
      { size: "big" },
      'platform.alertmanager.storage.size: "big" is not a Kubernetes quantity such as 50Gi',
    ],
  ])("%s", (_case, dotted, value, expected) => {
    expect(problems(withValue(baseConfig(), dotted, value))).toEqual([expected]);
  });
});

describe("remote write bad input", () => {
  it("accepts a Mimir endpoint with a tenant and basic auth", () => {
    expect(problems(withEndpoint({}))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["no URL", { url: undefined }, [`${rw}.url: is required (the push URL, e.g. https://mimir.example.com/api/v1/push)`]],
    ["a URL that is not http(s)", { url: "mimir:9009" }, [`${rw}.url: "mimir:9009" is not an http(s) URL`]],
    ["an unknown kind", { kind: "cortex" }, [`${rw}.kind: "cortex" is not allowed; use one of mimir, thanosReceive, victoriaMetrics`]],
    [
      "a password in plain config",
      { password: "hunter2" },
      [
        `${rw}.password: is a credential and must not be in plain config (stack files are committed); remove it, set auth, and set the credential with pulumi config set --secret --path 'remoteWriteSecrets["mimir"]' <value>`,
      ],
    ],
    [
      "a bearer token in plain config",
      { auth: "bearer", username: undefined, bearerToken: "abc" },
      [
        `${rw}.bearerToken: is a credential and must not be in plain config (stack files are committed); remove it, set auth, and set the credential with pulumi config set --secret --path 'remoteWriteSecrets["mimir"]' <value>`,
      ],
    ],
    [
      "credentials inside the URL",
      { url: "https://prod:hunter2@mimir.example.com/api/v1/push" },
      [
        `${rw}.url: "https://prod:hunter2@mimir.example.com/api/v1/push" carries credentials; remove them from the URL, set auth: basic with username, and set the password with pulumi config set --secret --path 'remoteWriteSecrets["mimir"]' <value>`,
      ],
    ],
    [
      "basic auth without a user name",
      { username: undefined },
      [`${rw}.username: is required with auth: basic (the password comes from remoteWriteSecrets["mimir"])`],
    ],
    ["a user name without basic auth", { auth: "bearer" }, [`${rw}.username: is only used with auth: basic, not "bearer"`]],
    [
      "a tenant for VictoriaMetrics",
      { kind: "victoriaMetrics" },
      [
        `${rw}.tenant: "prod" cannot be sent to VictoriaMetrics, which reads no tenant header; put the tenant in the URL path instead (cluster: /insert/<accountID>/prometheus/api/v1/write)`,
      ],
    ],
    ["an unknown auth", { auth: "oauth" }, [`${rw}.auth: "oauth" is not allowed; use one of none, basic, bearer`]],
    [
      "a queue with more min than max shards",
      { queue: { minShards: 10, maxShards: 5 } },
      [`${rw}.queue.minShards: 10 is above maxShards 5`],
    ],
    [
      "a queue deadline that is not a duration",
      { queue: { batchSendDeadline: "soon" } },
      [
        `${rw}.queue.batchSendDeadline: "soon" is not a duration; use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)`,
      ],
    ],
  ])("%s", (_case, extra, expected) => {
    expect(problems(withEndpoint(extra))).toEqual(expected);
  });

  it("refuses two endpoints with one name: the name keys the credential", () => {
    const config = withValue(baseConfig(), "platform.prometheus.remoteWrite", [
      endpoint,
      { ...endpoint, url: "https://other.example.com/push" },
    ]);
    expect(problems(config)).toEqual([
      `platform.prometheus.remoteWrite[1].name: "mimir" is already the name of platform.prometheus.remoteWrite[0]; endpoint names must be unique (they key the credentials)`,
    ]);
  });
});

describe("scale-out secrets are checked by key before any resource", () => {
  const platform = stackOf(withValue(withEndpoint({}), "platform.prometheus.thanosSidecar", {})).platform;

  it("names each missing credential with the command that sets it", () => {
    expect(platformSecretIssues(platform, [], false).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `remoteWriteSecrets["mimir"]: is missing: remote-write endpoint "mimir" has auth basic; set it with pulumi config set --secret --path 'remoteWriteSecrets["mimir"]' <value>`,
      `thanosObjectStorageConfig: is required with platform.prometheus.thanosSidecar (the bucket and its credentials, Thanos objstore YAML); set it with pulumi config set --secret thanosObjectStorageConfig -- "$(cat objstore.yaml)"`,
    ]);
  });

  it("reports a credential no endpoint uses (a misspelt name)", () => {
    expect(platformSecretIssues(platform, ["mimir", "mimri"], true).map((i) => i.path)).toEqual([`remoteWriteSecrets["mimri"]`]);
  });

  it("is satisfied when every needed secret is set", () => {
    expect(platformSecretIssues(platform, ["mimir"], true)).toEqual([]);
  });
});
