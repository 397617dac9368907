import { describe, expect, it } from "vitest";
import { isAlertingRule, ruleFiles, type AlertingRule } from "../rules";
import { renderStack } from "../render";
import { naming } from "../config";
import { carriedLabels, inhibitions, type InhibitionSide } from "../alerting";
import { devStack } from "./support/config";

const stack = devStack();
const rules: AlertingRule[] = ruleFiles(stack)
  .flatMap((f) => f.groups.flatMap((g) => g.rules))
  .filter(isAlertingRule);

/** Alerting rules one side of an inhibition can match, judged on the labels each rule's alerts carry. */
function matching(side: InhibitionSide): AlertingRule[] {
  return rules.filter((r) => {
    const l = carriedLabels(r);
    if (side.alertnames && !side.alertnames.includes(r.alert)) return false;
    return Object.entries(side.labels).every(([k, values]) => values.includes(l[k] ?? ""));
  });
}

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
      const carried = Object.keys(carriedLabels(r));
      for (const l of [...i.equal, ...i.source.present]) {
        if (sources.includes(r) || i.equal.includes(l)) expect(carried, `${r.alert} lacks ${l}`).toContain(l);
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
