import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { haShapeProblems, localRemoteWritePath, queueConfig, readHaShape, type HaShape } from "../local/ha/shape";
import { baseConfig, ROOT, stackOf, withValue } from "./support/config";
import { renderToTemp, tempDir } from "./support/tools";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

const prodShape: HaShape = {
  prometheusReplicas: 2,
  shards: 1,
  replicaLabel: "prometheus_replica",
  alertmanagerReplicas: 3,
  remoteWrite: [{ name: "mimir", url: "https://mimir.example.com/api/v1/push", queueConfig: { maxShards: 50 }, dropped: [] }],
  prometheusName: "kube-prometheus-stack-prometheus",
  namespace: "monitoring",
};

describe("the local HA stack reads the production shape from the rendered Helm values", () => {
  it("finds replicas, the replica label, Alertmanager replicas and the remote-write endpoint with its queue and credentials", () => {
    const config = withValue(
      withValue(withValue(baseConfig(), "platform.prometheus.replicas", 2), "platform.alertmanager", { replicas: 3 }),
      "platform.prometheus.remoteWrite",
      [
        {
          name: "mimir",
          kind: "mimir",
          url: "https://mimir.example.com/api/v1/push",
          tenant: "prod",
          auth: "basic",
          username: "u",
          queue: { maxShards: 50, batchSendDeadline: "5s" },
        },
      ],
    );
    const out = renderToTemp(stackOf(config));
    const shape = readHaShape(out);
    expect(shape).toMatchObject({ prometheusReplicas: 2, alertmanagerReplicas: 3, replicaLabel: "prometheus_replica", shards: 1 });
    expect(shape.remoteWrite).toEqual([
      {
        name: "mimir",
        url: "https://mimir.example.com/api/v1/push",
        queueConfig: { batchSendDeadline: "5s", maxShards: 50 },
        dropped: ["headers", "basicAuth"],
      },
    ]);
  });

  it("reads a stack without the shape as one Prometheus, one Alertmanager and no remote write", () => {
    const out = renderToTemp(stackOf(baseConfig()));
    expect(fs.existsSync(path.join(out, "kubernetes", "helm-values.yaml"))).toBe(true);
    expect(readHaShape(out)).toMatchObject({ prometheusReplicas: 1, alertmanagerReplicas: 1, remoteWrite: [] });
  });
});

describe("--ha refuses a stack it cannot run, naming the settings, before anything starts", () => {
  it.each([
    ["the production shape passes", {}, []],
    [
      "one Prometheus is named",
      { prometheusReplicas: 1 },
      ["stack s: platform.prometheus.replicas is 1; --ha runs the production shape and needs at least 2"],
    ],
    [
      "one Alertmanager is named",
      { alertmanagerReplicas: 1 },
      ["stack s: platform.alertmanager.replicas is 1; --ha needs at least 2 (Pulumi.prod.yaml has 3)"],
    ],
    [
      "no remote write is named",
      { remoteWrite: [] },
      ["stack s: platform.prometheus.remoteWrite is not set; --ha needs one endpoint, which the local stack maps to its VictoriaMetrics"],
    ],
    [
      "a URL the local store cannot stand in for is named with what it knows",
      { remoteWrite: [{ name: "odd", url: "https://store.example.com/ingest", queueConfig: {}, dropped: [] }] },
      [
        'stack s: platform.prometheus.remoteWrite[odd].url: "https://store.example.com/ingest": the local stack cannot map path "/ingest" to its VictoriaMetrics; it knows /api/v1/push (mimir), /api/v1/receive (thanosReceive), /api/v1/write (victoriaMetrics), /insert/<tenant>/prometheus/api/v1/write (victoriaMetrics)',
      ],
    ],
  ] as const)("%s", (_name, override, want) => {
    expect(haShapeProblems({ ...prodShape, ...override } as HaShape, "s")).toEqual(want);
  });

  it("lists every problem at once", () => {
    expect(haShapeProblems({ ...prodShape, prometheusReplicas: 1, alertmanagerReplicas: 1, remoteWrite: [] }, "dev")).toHaveLength(3);
  });
});

describe("remote-write URLs map to the local VictoriaMetrics' push path", () => {
  it.each([
    ["Mimir's push path", "https://mimir.example.com/api/v1/push"],
    ["Thanos Receive's", "http://thanos-receive.monitoring.svc:19291/api/v1/receive"],
    ["VictoriaMetrics single node's", "http://victoria-metrics.monitoring.svc:8428/api/v1/write"],
    ["VictoriaMetrics single node's with the /prometheus prefix", "http://vm:8428/prometheus/api/v1/write"],
    ["the VictoriaMetrics cluster's, tenant in the path", "http://vminsert:8480/insert/42/prometheus/api/v1/write"],
  ])("%s", (_name, url) => {
    expect(localRemoteWritePath(url)).toBe("/api/v1/write");
  });

  it("refuses a URL that is not one", () => {
    expect(localRemoteWritePath("not a url")).toEqual({ problem: '"not a url" is not a URL the local stack can map' });
  });
});

describe("the rendered queue settings reach Prometheus unchanged", () => {
  it("renames the operator's camelCase keys to Prometheus' snake_case", () => {
    expect(queueConfig({ maxShards: 50, capacity: 10000, maxSamplesPerSend: 2000, batchSendDeadline: "5s", minShards: 1 })).toEqual({
      batch_send_deadline: "5s",
      capacity: 10000,
      max_samples_per_send: 2000,
      max_shards: 50,
      min_shards: 1,
    });
  });
});

describe("npm run drill -- --ha on a stack without the production shape", () => {
  it("names every missing setting and stops before it starts anything", () => {
    const out = tempDir("ko-ha-refuse-");
    const r = spawnSync(TSX, ["scripts/drill.ts", "--ha", "--stack", "drill", "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "drill: the stack cannot run as the local HA stack:",
      "  stack drill: platform.prometheus.replicas is 1; --ha runs the production shape and needs at least 2",
      "  stack drill: platform.alertmanager.replicas is 1; --ha needs at least 2 (Pulumi.prod.yaml has 3)",
      "  stack drill: platform.prometheus.remoteWrite is not set; --ha needs one endpoint, which the local stack maps to its VictoriaMetrics",
    ]);
    // Nothing started: no scenario line and no report.
    expect(r.stdout).not.toContain("HA scenarios");
    expect(fs.existsSync(path.join(out, "report.md"))).toBe(false);
  });
});
