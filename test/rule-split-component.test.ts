/** Under Pulumi mocks: a service past the operator's rule-file limit registers one PrometheusRule per part. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { serviceWithLatencySlos } from "./support/config";

let registered: Registered[] = [];

beforeAll(async () => {
  registered = await installMocks();
  const { ServiceMonitoring } = await import("../components");
  const { stack, service } = serviceWithLatencySlos(80);
  await pulumi.runtime.runInPulumiStack(async () => {
    new ServiceMonitoring("orders-api", { service, platform: stack.platform });
  });
  await settle();
});

it("the first part keeps today's Pulumi and Kubernetes names, the next ones are numbered from -2", () => {
  const rules = registered.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
  const names = rules.map((r) => [r.name, (r.inputs.metadata as { name: string }).name]).sort();
  expect(names.length).toBeGreaterThanOrEqual(2);
  const part = (i: number): string[] =>
    i === 0 ? ["orders-api-prometheusrule", "orders-api"] : [`orders-api-prometheusrule-${i + 1}`, `orders-api-${i + 1}`];
  expect(names).toEqual(names.map((_, i) => part(i)).sort());
});
