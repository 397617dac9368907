import { describe, expect, it } from "vitest";
import type { ValidateFunction } from "ajv";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Probe } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe";
import { Models, kindKey } from "./support/declared-fields";
import { allRenderedObjects } from "./support/rendered-objects";
import { crdProblems, crdSchemas, crdValidator, hasSharedCrds, schemaFieldPaths } from "./support/crd-schema";

const models = new Models();
const custom = allRenderedObjects().filter((r) => String(r.object.apiVersion).startsWith("monitoring.coreos.com/"));

/** The model's own validation (types, patterns, enums, required fields), as `<path> <message>` lines. */
function modelProblems(o: Record<string, unknown>): string[] {
  const Model =
    o.kind === "ServiceMonitor" ? ServiceMonitor : o.kind === "PrometheusRule" ? PrometheusRule : o.kind === "Probe" ? Probe : undefined;
  if (Model === undefined) return [`no model validator for ${kindKey(o)}`];
  try {
    // The models are ES modules typed against @kubernetes-models/base, which tsc's node resolution does not see.
    (new Model(o as never) as unknown as { validate(): void }).validate();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/**
 * Everything the pinned operator's CRDs refuse or prune, judged without ../shared: the model's validation,
 * and every field the model does not declare (the API server would prune it from the structural CRD).
 */
function judge(o: Record<string, unknown>): string[] {
  return [...modelProblems(o), ...models.undeclared(o, models.type(kindKey(o))!)];
}

type Endpoint = Record<string, unknown>;
const firstOf = (kind: string) => structuredClone(custom.find((r) => r.object.kind === kind)!.object) as Record<string, unknown>;
const endpointOf = (sm: Record<string, unknown>) => (sm.spec as { endpoints: Endpoint[] }).endpoints[0]!;
const ruleOf = (pr: Record<string, unknown>) => (pr.spec as { groups: { rules: Record<string, unknown>[] }[] }).groups[0]!.rules[0]!;

/** Broken objects each judge must refuse, with the path it must name. */
const broken: readonly [string, () => Record<string, unknown>, string][] = [
  [
    "a misspelt ServiceMonitor endpoint field, which the API server would prune silently",
    () => {
      const sm = firstOf("ServiceMonitor");
      endpointOf(sm).scrapeTimout = "10s";
      return sm;
    },
    "spec.endpoints[0].scrapeTimout",
  ],
  [
    "a ServiceMonitor interval that is not a Prometheus duration",
    () => {
      const sm = firstOf("ServiceMonitor");
      endpointOf(sm).interval = "every minute";
      return sm;
    },
    "spec/endpoints/0/interval",
  ],
  [
    "a PrometheusRule rule with an undeclared field",
    () => {
      const pr = firstOf("PrometheusRule");
      ruleOf(pr).severity = "page";
      return pr;
    },
    "spec.groups[0].rules[0].severity",
  ],
];

describe("rendered custom resources judged by the operator's CRD schemas, without ../shared", () => {
  it("walks the ServiceMonitors, PrometheusRules and Probes (dev and drill probe orders-api) of every walked stack", () => {
    expect(new Set(custom.map((r) => r.object.kind))).toEqual(new Set(["ServiceMonitor", "PrometheusRule", "Probe"]));
    expect(custom.filter((r) => r.where.startsWith("prod/")).length).toBeGreaterThanOrEqual(3);
  });

  it.each(custom.map((r) => [r.where, r.object] as const))("%s is valid and declares only known fields", (_where, o) => {
    expect(judge(o)).toEqual([]);
  });

  it.each(broken)("refuses %s, naming the path", (_name, make, where) => {
    const problems = judge(make());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(where);
  });
});

/** What the strict CRD validator says of a broken path: `spec.endpoints[0].x` is an additional property of /spec/endpoints/0. */
function crdMessage(where: string): string {
  if (where.includes("/")) return `/${where}: must match pattern`;
  const parts = where.replace(/\[(\d+)\]/g, ".$1").split(".");
  return `/${parts.slice(0, -1).join("/")}: must NOT have additional properties (${parts[parts.length - 1]!})`;
}

describe.runIf(hasSharedCrds)("against the v0.93.1 CRDs in ../shared (the pinned chart's crds/)", () => {
  const schemas = hasSharedCrds ? crdSchemas() : new Map();
  const validators = new Map<string, ValidateFunction>();
  const validator = (key: string): ValidateFunction => {
    if (!validators.has(key)) validators.set(key, crdValidator(schemas.get(key)!));
    return validators.get(key)!;
  };

  it("reads the ten CRDs of the operator", () => {
    expect(schemas.size).toBe(10);
  });

  it.each(custom.map((r) => [r.where, r.object] as const))("%s is accepted with unknown fields refused", (_where, o) => {
    expect(crdProblems(validator(kindKey(o)), o)).toEqual([]);
  });

  it.each(broken)("refuses %s, naming the path", (_name, make, where) => {
    const o = make();
    const problems = crdProblems(validator(kindKey(o)), o).join("\n");
    expect(problems).toContain(crdMessage(where));
  });

  // The models stand in for the CRDs when ../shared is absent: they must declare exactly the CRDs' fields.
  it.each(["monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule", "monitoring.coreos.com/v1/Probe"])(
    "the model of %s declares exactly the fields of its v0.93.1 CRD",
    (key) => {
      const crd = schemaFieldPaths(schemas.get(key)!).filter((p) => p.startsWith("spec"));
      const model = models.fieldPaths(models.type(key)!).filter((p) => p.startsWith("spec"));
      expect(model.sort()).toEqual(crd.sort());
    },
  );

  it("the model of AlertmanagerConfig lacks only the three receiver fields v0.93 added (we render none yet)", () => {
    const key = "monitoring.coreos.com/v1alpha1/AlertmanagerConfig";
    const model = new Set(models.fieldPaths(models.type(key)!));
    const missing = schemaFieldPaths(schemas.get(key)!).filter((p) => p.startsWith("spec") && !model.has(p));
    expect(missing.sort()).toEqual([
      "spec.receivers[].slackConfigs[].updateMessage",
      "spec.receivers[].snsConfigs[].useAWSHTTPClient",
      "spec.receivers[].webhookConfigs[].payload",
    ]);
  });
});
