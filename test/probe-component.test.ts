import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { Registered } from "./support/mocks";
import { installMocks, settle } from "./support/mocks";
import { blackboxExporterValues } from "../manifests";
import { DEFAULTS, naming } from "../config";
import { placeholderCredentials } from "../alerting";
import { baseConfig, baseService, stackOf } from "./support/config";

const stack = stackOf({
  ...baseConfig(),
  services: [{ ...baseService(), probe: { url: "http://orders-api.shop.svc:8080/healthz" } }],
});
let registered: Registered[] = [];

beforeAll(async () => {
  registered = await installMocks();
  const { monitoringStack } = await import("../components");
  await pulumi.runtime.runInPulumiStack(async () => {
    monitoringStack(stack, {
      grafanaAdminPassword: "test-password",
      alertingCredentials: placeholderCredentials(stack.alerting!, { url: "https://example.invalid/x", token: "token" }),
    });
  });
  await settle();
});

describe("a stack with a probed service, under mocks", () => {
  it("deploys the pinned blackbox exporter chart in the platform namespace with the rendered values", () => {
    const release = registered.find((r) => r.name === "platform-blackbox-exporter");
    expect(release?.type).toBe("kubernetes:helm.sh/v3:Release");
    expect(release?.inputs).toMatchObject({
      name: naming.probe.releaseName,
      namespace: "monitoring",
      chart: DEFAULTS.blackboxChart.name,
      version: DEFAULTS.blackboxChart.version,
      repositoryOpts: { repo: DEFAULTS.blackboxChart.repository },
      values: blackboxExporterValues(),
    });
  });

  it("registers the service's Probe and the blackbox exporter's NetworkPolicy", () => {
    const names = registered.map((r) => `${r.type} ${r.name}`);
    expect(names).toContain("kubernetes:monitoring.coreos.com/v1:Probe orders-api-probe");
    expect(names).toContain("kubernetes:networking.k8s.io/v1:NetworkPolicy platform-networkpolicy-kube-observability-blackbox-exporter");
  });
});
