import { describe, expect, it } from "vitest";
import { networkPolicies } from "../manifests";
import { Models, kindKey } from "./support/declared-fields";
import { allRenderedObjects } from "./support/rendered-objects";
import { stackOf, baseConfig, withValue } from "./support/config";

/**
 * Empty values the API server keeps: required struct fields serialised without omitempty. NetworkPolicySpec's
 * podSelector is one (`{}` selects every pod of the namespace, and is stored as `{}`).
 */
const KEPT_EMPTY: Readonly<Record<string, readonly string[]>> = {
  "networking.k8s.io/v1/NetworkPolicy": ["spec.podSelector"],
};

/**
 * Values the API server does not store as written: empty lists and maps (dropped as omitempty: the
 * stored object then differs from the applied one, and every apply is a change) and nulls.
 */
function notStored(value: unknown, kept: readonly string[], at = ""): string[] {
  if (value === null) return [`${at}: null`];
  if (typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [`${at}[${i}]`, v] as const) : Object.entries(value);
  if (entries.length === 0 && !kept.includes(at)) return [`${at}: empty ${Array.isArray(value) ? "list" : "map"}`];
  return entries.flatMap(([k, v]) => notStored(v, kept, Array.isArray(value) ? k : at === "" ? k : `${at}.${k}`));
}

const objects = allRenderedObjects();
const models = new Models();

describe("every rendered Kubernetes object is in the form the API server stores", () => {
  it("walks the objects of dev, prod, drill and the generated configs", () => {
    const stacks = new Set(objects.map((o) => o.where.split("/")[0]));
    expect([...stacks].sort()).toEqual([
      "dev",
      "drill",
      "generated-no-network-policy",
      "generated-remote-write",
      "generated-thanos",
      "generated-ui-namespace",
      "prod",
    ]);
    expect(objects.length).toBeGreaterThan(60);
  });

  it.each(objects.map((o) => [o.where, o.object] as const))("%s has no empty list, empty map or null", (_where, o) => {
    expect(notStored(o, KEPT_EMPTY[kindKey(o)] ?? [])).toEqual([]);
  });

  it.each(objects.map((o) => [o.where, o.object] as const))("%s has only fields its schema declares", (_where, o) => {
    const type = models.type(kindKey(o));
    expect(type, `no model for ${kindKey(o)}`).toBeDefined();
    expect(models.undeclared(o, type!)).toEqual([]);
  });

  it("the walk does refuse an empty list and an undeclared field (the checks can fail)", () => {
    const policy = objects.find((o) => o.object.kind === "NetworkPolicy")!.object;
    const broken = { ...policy, spec: { ...(policy.spec as object), ingress: [], ingres: [{ ports: [{ port: 80 }] }] } };
    expect(notStored(broken, KEPT_EMPTY["networking.k8s.io/v1/NetworkPolicy"]!)).toEqual(["spec.ingress: empty list"]);
    expect(models.undeclared(broken, models.type(kindKey(broken))!)).toEqual(["spec.ingres: not a field of INetworkPolicySpec"]);
  });
});

describe("NetworkPolicy direction is carried by policyTypes", () => {
  const policies = (config: Record<string, unknown>) => {
    const stack = stackOf(config);
    return new Map(networkPolicies(stack.platform, stack.alerting).map((p) => [p.metadata.name, p.spec as Record<string, unknown>]));
  };

  it("the default deny names both directions and lists no rule", () => {
    expect(policies(baseConfig()).get("kube-observability-default-deny")).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
  });

  it.each([
    ["without a UI namespace, Grafana denies all ingress by policyTypes alone", baseConfig(), ["Ingress", "Egress"], false],
    [
      "with a UI namespace, Grafana admits it by an ingress rule",
      withValue(baseConfig(), "platform.networkPolicy", { uiNamespace: "ingress" }),
      ["Ingress", "Egress"],
      true,
    ],
  ])("%s", (_name, config, types, hasIngress) => {
    const grafana = policies(config).get("kube-observability-grafana")!;
    expect(grafana.policyTypes).toEqual(types);
    expect("ingress" in grafana).toBe(hasIngress);
    expect((grafana.egress as unknown[]).length).toBe(2);
  });
});
