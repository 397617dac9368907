import { describe, expect, it } from "vitest";
import { isAlertingRule, ruleFiles, type AlertingRule, type GeneratedAlert } from "../rules";
import { renderStack } from "../render";
import { naming } from "../config";
import { inhibitions, type InhibitionSide } from "../alerting";
import { generate } from "../generate";
import { devStack } from "./support/config";

const stack = devStack();
const rules: AlertingRule[] = ruleFiles(stack)
  .flatMap((f) => f.groups.flatMap((g) => g.rules))
  .filter(isAlertingRule);
const alerts = generate(stack).alerts;

/** Alerts one side of an inhibition can match, judged on the labels each rule's alerts carry. */
function matching(side: InhibitionSide): GeneratedAlert[] {
  return alerts.filter(({ rule, labels }) => {
    if (side.alertnames && !side.alertnames.includes(rule.alert)) return false;
    return Object.entries(side.labels).every(([k, values]) => values.includes(labels[k] ?? ""));
  });
}

describe("the labels an alert carries, as its generator records them", () => {
  it("lists every alerting rule of the rule files once, in rule file order", () => {
    expect(alerts.map((a) => a.rule)).toEqual(rules);
  });

  it.each(
    alerts.map((a) => [`${a.rule.alert} of ${a.service ?? "the platform"} (${a.rule.labels[naming.slo.tierLabel] ?? "-"})`, a] as const),
  )("%s carries its rule's labels and alertname, and only labels its expression names with = or sets, or its rule sets", (_name, a) => {
    expect(a.labels).toMatchObject({ ...a.rule.labels, alertname: a.rule.alert });
    for (const [k, v] of Object.entries(a.labels)) {
      if (k === "alertname" || a.rule.labels[k] === v) continue;
      // An equality matcher keeps the label; a constant label_replace (a probe SLO's absent alert naming the service) sets it.
      const sets = a.rule.expr.includes(`"${k}", "${v}", "", "")`);
      if (!sets) expect(a.rule.expr, `${k}="${v}"`).toContain(`${k}="${v}"`);
    }
    // Prometheus' ALERTS series has alertstate; the alerts it sends to Alertmanager do not.
    expect(a.labels).not.toHaveProperty("alertstate");
  });

  it("gives the threshold alerts the number their expression compares against", () => {
    const s = stack.services[0];
    const byName = new Map(alerts.filter((a) => a.service === s?.name).map((a) => [a.rule.alert, a]));
    expect(byName.get(naming.alert.errorRatio)?.threshold).toBe(s?.alerts.errorRatio.threshold);
    expect(byName.get(naming.alert.errorRatio)?.rule.expr).toContain(`> ${s?.alerts.errorRatio.threshold}\n`);
    expect(byName.get(naming.alert.latency)?.threshold).toBe(s?.alerts.latency.threshold);
    expect(byName.get(naming.alert.targetDown)?.threshold).toBeUndefined();
  });
});

describe("inhibition rules reference labels the rules really carry", () => {
  // The chart's rules (critical, InfoInhibitor) are not generated here; only inhibitions between our alerts are checked.
  const ours = inhibitions().filter((i) => matching(i.source).length > 0);

  it("checks every inhibition between our own alerts: page over ticket/warning, SLO tiers, target down", () => {
    expect(ours.length).toBe(inhibitions().length - 2);
  });

  it.each(ours.map((i) => [i.why, i] as const))("%s", (_why, i) => {
    const sources = matching(i.source);
    const targets = matching(i.target);
    expect(targets.length, "the inhibition targets no alert the rules emit").toBeGreaterThan(0);
    for (const r of [...sources, ...targets]) {
      const carried = Object.keys(r.labels);
      for (const l of [...i.equal, ...i.source.present]) {
        if (sources.includes(r) || i.equal.includes(l)) expect(carried, `${r.rule.alert} lacks ${l}`).toContain(l);
      }
    }
  });

  it("names SLO tiers as the SLO rules label them", () => {
    const tiers = new Set(rules.filter((r) => r.alert === naming.slo.burnAlert).map((r) => r.labels[naming.slo.tierLabel]));
    const inhibited = new Set(
      inhibitions().flatMap((i) => [...(i.source.labels[naming.slo.tierLabel] ?? []), ...(i.target.labels[naming.slo.tierLabel] ?? [])]),
    );
    expect([...inhibited].sort()).toEqual([...tiers].sort());
  });
});

describe("runbooks for every alert", () => {
  const files = new Map(renderStack(stack).map((f) => [f.path, f.content]));

  it.each(
    rules.map(
      (r) =>
        [
          `${r.alert} (${r.labels[naming.label.service] ?? "platform"}${r.labels[naming.slo.tierLabel] ? `, ${r.labels[naming.slo.tierLabel]}` : ""})`,
          r,
        ] as const,
    ),
  )("%s links a rendered runbook that shows its PromQL", (_name, r) => {
    const base = stack.platform.runbookBaseUrl ?? "";
    expect(r.annotations.runbook_url).toBe(naming.runbookUrl(base, r.alert));
    const file = naming.runbookFile(r.alert);
    expect(`${base}/${file.replace(/^runbooks\//, "").replace(/\.md$/, "")}`).toBe(r.annotations.runbook_url);
    const page = files.get(file);
    expect(page, `${file} is not rendered`).toBeDefined();
    expect(page).toContain(`# ${r.alert}\n`);
    expect(page).toContain(r.expr);
    expect(page).toContain("## First checks");
  });

  it("renders one runbook per alert name and no other", () => {
    const names = [...new Set(rules.map((r) => naming.runbookFile(r.alert)))].sort();
    expect([...files.keys()].filter((p) => p.startsWith("runbooks/")).sort()).toEqual(names);
  });
});
