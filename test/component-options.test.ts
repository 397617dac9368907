/**
 * The caller's resource options reach every resource the stack creates: a program that makes its own
 * Kubernetes provider (as every program that also creates its cluster does) passes it, a parent, a
 * dependency, protect and a transformation to monitoringStack, and each child carries them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { devStack } from "./support/config";
import { settle } from "./support/mocks";
import { placeholderCredentials } from "../alerting";
import { mergeDependsOn } from "../components/options";

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly provider: string | undefined;
}

const stack = devStack();
const registered: Seen[] = [];
const transformed: pulumi.ResourceTransformationArgs[] = [];
let dependency: pulumi.Resource;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, provider: args.provider });
        return { id: `${args.name}-id`, state: { ...args.inputs, status: { status: "deployed" } } };
      },
      call: (args) => args.inputs,
    },
    "kube-observability",
    "dev",
    true,
  );
  const { monitoringStack } = await import("../components");
  await pulumi.runtime.runInPulumiStack(async () => {
    const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
    const parent = new pulumi.ComponentResource("acme:index:Observability", "observability");
    dependency = new k8s.core.v1.Namespace("cluster-ready", {}, { provider: cluster });
    monitoringStack(
      stack,
      {
        grafanaAdminPassword: "x",
        alertingCredentials: placeholderCredentials(stack.alerting!, { url: "https://canary.invalid/x", token: "t" }),
      },
      {
        provider: cluster,
        parent,
        dependsOn: [dependency],
        protect: true,
        transformations: [
          (args) => {
            transformed.push(args);
            return undefined;
          },
        ],
      },
    );
  });
  await settle();
});

/** What the stack registered: not the caller's own resources, nor the Pulumi stack itself. */
const ours = () =>
  registered.filter((r) => !["cluster", "observability", "cluster-ready"].includes(r.name) && r.type !== "pulumi:pulumi:Stack");

describe("monitoringStack passes the caller's resource options to every child", () => {
  it("registers the stack's Kubernetes resources: the platform's, the services' and the dashboards'", () => {
    const kube = ours().filter((r) => r.type.startsWith("kubernetes:"));
    expect(kube.length).toBeGreaterThan(15);
    expect(new Set(kube.map((r) => r.type))).toEqual(
      new Set(
        [
          "core/v1:ConfigMap",
          "core/v1:Namespace",
          "core/v1:Secret",
          "helm.sh/v3:Release",
          // The dev stack's orders-api has a probe.
          "monitoring.coreos.com/v1:Probe",
          "monitoring.coreos.com/v1:PrometheusRule",
          "monitoring.coreos.com/v1:ServiceMonitor",
          "networking.k8s.io/v1:NetworkPolicy",
          "yaml/v2:ConfigGroup",
        ].map((t) => `kubernetes:${t}`),
      ),
    );
  });

  it("every Kubernetes resource names the caller's provider", () => {
    const kube = ours().filter((r) => r.type.startsWith("kubernetes:"));
    const without = kube.filter((r) => !(r.provider ?? "").includes("::cluster::")).map((r) => `${r.type} ${r.name}`);
    expect(without).toEqual([]);
  });

  it("the caller's transformation sees every resource of the stack exactly once", () => {
    const names = transformed.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(
      ours()
        .map((r) => r.name)
        .sort(),
    );
  });

  it("the top-level components are children of the caller's parent, everything else of our components", () => {
    const top = ["platform", "dashboards", ...stack.services.map((s) => s.name)];
    for (const t of transformed) {
      const parent = t.opts.parent as (pulumi.Resource & { __name?: string }) | undefined;
      expect(parent?.__name, t.name).toEqual(
        top.includes(t.name)
          ? "observability"
          : expect.stringMatching(/^(platform|dashboards|platform-alerting|orders-api|payments-api|storefront)$/),
      );
    }
  });

  it("every resource is protected and depends on the caller's dependency, beside its own", () => {
    for (const t of transformed) {
      expect(t.opts.protect, t.name).toBe(true);
      expect(t.opts.dependsOn, t.name).toContain(dependency);
    }
    const chart = transformed.find((t) => t.name === "platform-chart")!;
    expect((chart.opts.dependsOn as unknown[]).length).toBeGreaterThan(2);
  });

  it.each([
    ["a resource", () => dependency],
    ["a list", () => [dependency]],
    ["an Output of a list", () => pulumi.output([dependency])],
    ["a Promise of a resource", () => Promise.resolve(dependency)],
  ])("a caller's dependsOn given as %s is kept, ours added after it", async (_name, given) => {
    const own = new pulumi.ComponentResource("acme:index:Own", "own-dependency");
    const merged = await new Promise<unknown>((resolve) => pulumi.output(mergeDependsOn(given(), [own])).apply(resolve));
    expect(merged).toEqual([dependency, own]);
  });
});
