import { describe, expect, it } from "vitest";
import { serviceRuleGroups } from "../rules";
import { RULE_FILE_LIMIT_BYTES, RULE_FILE_SPLIT_BYTES, ruleFileBytes, splitRuleGroups, type KubeObject } from "../manifests";
import { generateService } from "../generate";
import { serviceWithLatencySlos } from "./support/config";
import type { RuleGroup } from "../rules";

const groupsOf = (o: KubeObject) => (o.spec as { groups: RuleGroup[] }).groups;

describe("a service's rules are split over PrometheusRules before the operator's 512 KiB limit", () => {
  const big = serviceWithLatencySlos(80);
  const groups = serviceRuleGroups(big.service);
  const rules = generateService(big.service, big.stack.platform).objects.filter((o) => o.kind === "PrometheusRule");

  it("the service's rule file is over the limit in one piece", () => {
    expect(ruleFileBytes(groups)).toBeGreaterThan(RULE_FILE_LIMIT_BYTES);
  });

  it("every PrometheusRule's rule file is under the split point, so under the limit", () => {
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const r of rules) expect(ruleFileBytes(groupsOf(r))).toBeLessThanOrEqual(RULE_FILE_SPLIT_BYTES);
  });

  it("the split keeps every group once, whole and in order", () => {
    expect(rules.flatMap(groupsOf)).toEqual(groups);
  });

  it("the first keeps the service's name, the next ones are numbered from 2", () => {
    expect(rules.map((r) => r.metadata.name)).toEqual(rules.map((_, i) => (i === 0 ? "orders-api" : `orders-api-${i + 1}`)));
    expect(new Set(rules.map((r) => JSON.stringify(r.metadata.labels))).size).toBe(1);
  });

  it("a service that fits keeps one PrometheusRule of today's name and groups", () => {
    const small = serviceWithLatencySlos(2);
    const generated = generateService(small.service, small.stack.platform);
    const one = generated.objects.filter((o) => o.kind === "PrometheusRule");
    expect(one.map((r) => r.metadata.name)).toEqual(["orders-api"]);
    // The very groups of the service's rule file: the PrometheusRule holds them, not a copy.
    expect(groupsOf(one[0]!)).toBe(generated.ruleFile.groups);
  });

  it.each([
    ["a budget that holds every group keeps one run", 10_000_000, 1],
    ["a budget under any single group puts each group alone", 1, groups.length],
  ])("%s", (_name, budget, runs) => {
    expect(splitRuleGroups(groups, budget).length).toBe(runs);
  });

  it("runs computed group by group are full: under the budget, and over it with the next run's first group", () => {
    const runs = splitRuleGroups(groups, 100_000);
    expect(runs.length).toBeGreaterThan(2);
    runs.forEach((run, i) => {
      expect(ruleFileBytes(run)).toBeLessThanOrEqual(100_000);
      const next = runs[i + 1];
      if (next !== undefined) expect(ruleFileBytes([...run, next[0]!])).toBeGreaterThan(100_000);
    });
  });
});
