import { describe, expect, it } from "vitest";
import { helmValues, type KubeObject } from "../manifests";
import { generate, stackObjects } from "../generate";
import { baseConfig, devStack, stackOf, withValue } from "./support/config";

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

/** Kubernetes label-selector semantics: an empty selector matches everything. */
function matches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false; // A nil selector selects nothing for the operator.
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
    if (e.operator === "In" && !(value !== undefined && e.values?.includes(value))) return false;
    if (e.operator === "NotIn" && value !== undefined && e.values?.includes(value)) return false;
  }
  return true;
}

type PromSpec = Record<string, unknown> & {
  serviceMonitorSelector?: LabelSelector;
  serviceMonitorNamespaceSelector?: LabelSelector;
  ruleSelector?: LabelSelector;
  ruleNamespaceSelector?: LabelSelector;
};

function prometheusSpec(values: Record<string, unknown>): PromSpec {
  return (values.prometheus as { prometheusSpec: PromSpec }).prometheusSpec;
}

const selectorFor = {
  ServiceMonitor: (p: PromSpec) =>
    [p.serviceMonitorSelector, p.serviceMonitorNamespaceSelector, p.serviceMonitorSelectorNilUsesHelmValues] as const,
  PrometheusRule: (p: PromSpec) => [p.ruleSelector, p.ruleNamespaceSelector, p.ruleSelectorNilUsesHelmValues] as const,
};

function selected(o: KubeObject, p: PromSpec): boolean {
  const pick = selectorFor[o.kind as keyof typeof selectorFor];
  const [sel, nsSel, nilUsesHelm] = pick(p);
  // The namespace selector is {} (every namespace), so only the object's own labels decide.
  return nilUsesHelm === false && matches(nsSel, {}) && matches(sel, { ...(o.metadata.labels ?? {}) });
}

describe("Prometheus selects every object we generate", () => {
  it.each([
    ["the dev stack", devStack()],
    ["a stack with another release name", stackOf(withValue(baseConfig(), "platform.releaseName", "kps-prod"))],
  ])("in %s, every ServiceMonitor and PrometheusRule matches the selectors given to the chart", (_name, stack) => {
    const p = prometheusSpec(helmValues(stack.platform));
    const monitoring = stackObjects(generate(stack), { grafanaAdminPassword: "x" }).filter((o) => o.kind in selectorFor);
    expect(monitoring.length).toBe(1 + 2 * stack.services.length);
    for (const o of monitoring) expect(selected(o, p), `${o.kind}/${o.metadata.name}`).toBe(true);
  });

  it("an object without our selector labels would not be selected (the check can fail)", () => {
    const stack = devStack();
    const p = prometheusSpec(helmValues(stack.platform));
    const [monitor] = stackObjects(generate(stack), { grafanaAdminPassword: "x" }).filter((o) => o.kind === "ServiceMonitor");
    const unlabelled = { ...monitor!, metadata: { ...monitor!.metadata, labels: {} } };
    expect(selected(unlabelled, p)).toBe(false);
  });

  it("the selector follows the release name, so the chart's own monitors (labelled release=<name>) stay selected", () => {
    const stack = stackOf(withValue(baseConfig(), "platform.releaseName", "kps-prod"));
    expect(prometheusSpec(helmValues(stack.platform)).serviceMonitorSelector).toEqual({ matchLabels: { release: "kps-prod" } });
  });
});
