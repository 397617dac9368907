import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { devStack } from "./support/config";
import { renderToTemp } from "./support/tools";

const out = renderToTemp(devStack());
const dir = path.join(out, "kubernetes");
const rendered = fs
  .readdirSync(dir)
  .sort()
  .map((f) => ({ file: f, object: yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown> }));

function validate(o: Record<string, unknown>): void {
  if (o.kind === "ServiceMonitor") new ServiceMonitor(o as never).validate();
  else if (o.kind === "PrometheusRule") new PrometheusRule(o as never).validate();
  else throw new Error(`no schema for ${String(o.kind)}`);
}

describe("rendered custom resources against the prometheus-operator CRD schemas", () => {
  const custom = rendered.filter((r) => r.object.apiVersion === "monitoring.coreos.com/v1");

  it("renders a ServiceMonitor and a PrometheusRule per service, and the platform's PrometheusRule", () => {
    expect(custom.map((r) => r.file)).toEqual([
      "prometheusrule-kube-observability-platform.yaml",
      "prometheusrule-orders-api.yaml",
      "prometheusrule-payments-api.yaml",
      "servicemonitor-orders-api.yaml",
      "servicemonitor-payments-api.yaml",
    ]);
  });

  it.each(custom.map((r) => [r.file, r.object] as const))("%s is valid", (_file, o) => {
    expect(() => validate(o)).not.toThrow();
  });

  it("the validator does reject an invalid ServiceMonitor (the check can fail)", () => {
    const sm = custom.find((r) => r.object.kind === "ServiceMonitor")!.object;
    const broken = structuredClone(sm) as { spec: { endpoints: { interval: unknown }[] } };
    broken.spec.endpoints[0]!.interval = "every minute";
    expect(() => validate(broken as unknown as Record<string, unknown>)).toThrow();
  });

  it("the validator does reject a PrometheusRule whose rule has no expr", () => {
    const pr = custom.find((r) => r.object.kind === "PrometheusRule")!.object;
    const broken = structuredClone(pr) as { spec: { groups: { rules: Record<string, unknown>[] }[] } };
    delete broken.spec.groups[0]!.rules[0]!.expr;
    expect(() => validate(broken as unknown as Record<string, unknown>)).toThrow();
  });
});
