/**
 * Config that would reach the cluster in a form the API server or the operator does not keep is refused at
 * the edge, naming the field; and every remote-write setting the config allows lands on a field the pinned
 * operator (v0.93.1) declares.
 */
import { describe, expect, it } from "vitest";
import type { ValidateFunction } from "ajv";
import { checkStack } from "../config";
import { helmValues } from "../manifests";
import { baseConfig, stackOf, withValue } from "./support/config";
import { Models } from "./support/declared-fields";
import { crdProblems, crdSchemas, crdValidator, hasSharedCrds } from "./support/crd-schema";

const problems = (config: Record<string, unknown>) => checkStack({ stack: "test", config }).issues.map((i) => `${i.path}: ${i.message}`);

const endpoint = { name: "mimir", kind: "mimir", url: "https://mimir.example.com/api/v1/push" };

describe("config that would not reach the cluster as written is refused, naming the field", () => {
  it.each([
    [
      "no scrape CIDRs: Prometheus's egress rule would have an empty peer list, which means every peer",
      withValue(baseConfig(), "platform.networkPolicy", { scrapeCidrs: [] }),
      "platform.networkPolicy.scrapeCidrs: must not be empty (CIDRs such as 10.0.0.0/8)",
    ],
    [
      "no API server CIDRs, likewise",
      withValue(baseConfig(), "platform.networkPolicy", { apiServerCidrs: [] }),
      "platform.networkPolicy.apiServerCidrs: must not be empty (CIDRs such as 10.0.0.0/8)",
    ],
    [
      "a remote-write field outside the ones we map to the operator's RemoteWriteSpec",
      withValue(baseConfig(), "platform.prometheus.remoteWrite", [{ ...endpoint, sendExemplars: true }]),
      "platform.prometheus.remoteWrite[0].sendExemplars: unknown key; allowed: auth, kind, name, queue, tenant, url, username",
    ],
    [
      "a queue setting outside the ones we map to queueConfig",
      withValue(baseConfig(), "platform.prometheus.remoteWrite", [{ ...endpoint, queue: { maxBackoff: "5s" } }]),
      "platform.prometheus.remoteWrite[0].queue.maxBackoff: unknown key; allowed: batchSendDeadline, capacity, maxSamplesPerSend, maxShards, minShards",
    ],
    [
      "a Thanos sidecar setting we do not map",
      withValue(baseConfig(), "platform.prometheus.thanosSidecar", { queryNamespace: "thanos", version: "v0.30" }),
      "platform.prometheus.thanosSidecar.version: unknown key; allowed: queryNamespace",
    ],
  ])("%s", (_name, config, line) => {
    expect(problems(config)).toEqual([line]);
  });
});

describe("every remote-write setting the config allows is a field of the operator's RemoteWriteSpec", () => {
  const everything = withValue(baseConfig(), "platform.prometheus.remoteWrite", [
    { ...endpoint, tenant: "team-a", auth: "basic", username: "writer" },
    {
      name: "vm",
      kind: "victoriaMetrics",
      url: "https://vm.example.com/api/v1/write",
      auth: "bearer",
      queue: { capacity: 10000, minShards: 1, maxShards: 50, maxSamplesPerSend: 2000, batchSendDeadline: "5s" },
    },
  ]);
  const values = helmValues(stackOf(everything).platform, undefined) as { prometheus: { prometheusSpec: { remoteWrite: unknown[] } } };
  const remoteWrite = values.prometheus.prometheusSpec.remoteWrite;
  // The chart copies prometheusSpec.remoteWrite into the Prometheus resource's spec as it is.
  const prometheus = { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "p" }, spec: { remoteWrite } };
  const models = new Models();

  it("renders both endpoints with auth, tenant header and every queue setting", () => {
    expect(remoteWrite).toHaveLength(2);
    expect(JSON.stringify(remoteWrite)).toContain("basicAuth");
    expect(JSON.stringify(remoteWrite)).toContain("authorization");
    expect(JSON.stringify(remoteWrite)).toContain("batchSendDeadline");
  });

  it("the operator's model declares every field", () => {
    expect(models.undeclared(prometheus, models.type("monitoring.coreos.com/v1/Prometheus")!)).toEqual([]);
    expect(
      models.undeclared(
        { ...prometheus, spec: { remoteWrite: [{ url: "x", sendExemplar: true }] } },
        models.type("monitoring.coreos.com/v1/Prometheus")!,
      ),
    ).toEqual(["spec.remoteWrite[0].sendExemplar: not a field of IRemoteWriteSpec"]);
  });

  it.runIf(hasSharedCrds)("the v0.93.1 Prometheus CRD accepts it with unknown fields refused", () => {
    const validate: ValidateFunction = crdValidator(crdSchemas().get("monitoring.coreos.com/v1/Prometheus")!);
    expect(crdProblems(validate, prometheus)).toEqual([]);
    expect(crdProblems(validate, { ...prometheus, spec: { remoteWrite: [{ url: "https://x.example.com", sendExemplar: true }] } })).toEqual(
      ["/spec/remoteWrite/0: must NOT have additional properties (sendExemplar)"],
    );
  });
});
