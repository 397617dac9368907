import type { AlertingRule } from "../rules";

/** Carried labels by rule: the runbooks and the routing table both ask for every rule's. */
const carried = new WeakMap<AlertingRule, Readonly<Record<string, string>>>();

/**
 * Labels a firing alert of this rule carries: `alertname`, the rule's labels, and the labels its
 * expression pins with equality matchers. Every expression the rule generators write keeps those
 * (`by (namespace, job)`, `absent(...)` of an equality selector, or a recorded series that carries
 * them), so the pinned values are the alert's values.
 */
export function carriedLabels(rule: AlertingRule): Readonly<Record<string, string>> {
  const known = carried.get(rule);
  if (known !== undefined) return known;
  const pinned: Record<string, string> = {};
  for (const sel of rule.expr.matchAll(/\{([^}]*)\}/g)) {
    for (const m of (sel[1] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (m[1] !== undefined && m[2] !== undefined) pinned[m[1]] = m[2];
    }
  }
  const labels = { ...pinned, ...rule.labels, alertname: rule.alert };
  carried.set(rule, labels);
  return labels;
}
