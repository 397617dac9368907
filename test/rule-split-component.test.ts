/** Under Pulumi mocks: a service past the operator's rule-file limit registers one PrometheusRule per part. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { baseConfig, baseService, stackOf, withValue } from "./support/config";

let registered: Registered[] = [];

beforeAll(async () => {
  registered = await installMocks();
  const { ServiceMonitoring } = await import("../components");
  const buckets = Array.from({ length: 80 }, (_, i) => Number((0.01 * (i + 1)).toFixed(2)));
  const service = withValue(baseService(), "http.duration.buckets", buckets);
  service.slos = buckets.map((threshold, i) => ({ name: `latency-${i + 1}`, kind: "latency", objective: 99, threshold }));
  const stack = stackOf(withValue({ ...baseConfig(), services: [service] }, "platform.prometheus.retention", "35d"));
  await pulumi.runtime.runInPulumiStack(async () => {
    new ServiceMonitoring("orders-api", { service: stack.services[0]!, platform: stack.platform });
  });
  await settle();
});

it("the first part keeps today's Pulumi and Kubernetes names, the second is -2", () => {
  const rules = registered.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
  expect(rules.map((r) => [r.name, (r.inputs.metadata as { name: string }).name]).sort()).toEqual([
    ["orders-api-prometheusrule", "orders-api"],
    ["orders-api-prometheusrule-2", "orders-api-2"],
  ]);
});
