import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { toYaml } from "../render";
import { sloTestFile, type PromtoolTestFile } from "../rules/slo";
import { devStack } from "./support/config";
import { renderToTemp } from "./support/tools";

const run = promisify(execFile);

/** `promtool test rules` from the test file's directory; resolves with its output and whether it passed. */
async function promtoolTest(dir: string, file: string): Promise<{ ok: boolean; output: string }> {
  try {
    // Six files at once on two shared cores: one takes 25s alone, several minutes beside the others.
    const r = await run("promtool", ["test", "rules", file], { cwd: dir, timeout: 300_000 });
    return { ok: true, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const dev = devStack();
const out = renderToTemp(dev);
const testsDir = path.join(out, "prometheus", "tests");
const orders = dev.services.find((s) => s.name === "orders-api");
const ordersAvailability = orders?.slos.find((s) => s.name === "availability");
if (!orders || !ordersAvailability) throw new Error("dev stack has no orders-api availability SLO");
const generated: PromtoolTestFile = sloTestFile(dev.platform, orders, ordersAvailability);

interface RuleDoc {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[] }[];
}

/**
 * Writes a test file holding only the named scenario, next to a copy of the orders-api rule file in
 * which `edit` rewrites the expressions of the availability SLO's rules.
 */
function mutated(
  scenario: string,
  edit: (rule: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }) => string,
): string {
  const dir = fs.mkdtempSync(path.join(out, "..", "mutant-"));
  fs.mkdirSync(path.join(dir, "rules"));
  fs.mkdirSync(path.join(dir, "tests"));
  const doc = yaml.load(fs.readFileSync(path.join(out, "prometheus", "rules", "orders-api.yaml"), "utf8")) as RuleDoc;
  let changed = 0;
  for (const g of doc.groups.filter((x) => x.name.endsWith(".slo.availability"))) {
    for (const r of g.rules) {
      const expr = edit(r);
      if (expr !== r.expr) changed++;
      r.expr = expr;
    }
  }
  expect(changed).toBeGreaterThan(0);
  fs.writeFileSync(path.join(dir, "rules", "orders-api.yaml"), toYaml(doc));
  const only = { ...generated, tests: generated.tests.filter((t) => t.name.startsWith(scenario)) };
  expect(only.tests).toHaveLength(1);
  fs.writeFileSync(path.join(dir, "tests", "t.yaml"), toYaml(only));
  return path.join(dir, "tests");
}

// Start every promtool run at once: two cores, and each file simulates several hours.
const files = fs.readdirSync(testsDir).sort();
const runs = new Map(files.map((f) => [f, promtoolTest(testsDir, f)]));

describe("generated promtool tests per SLO", () => {
  it("are rendered for every SLO of the dev stack, next to the rule files they load", () => {
    expect(fs.readdirSync(testsDir).sort()).toEqual([
      "orders-api-availability.yaml",
      "orders-api-latency.yaml",
      "payments-api-availability.yaml",
      "payments-api-latency.yaml",
      "storefront-availability.yaml",
      "storefront-latency.yaml",
    ]);
    const doc = yaml.load(fs.readFileSync(path.join(testsDir, "orders-api-availability.yaml"), "utf8")) as PromtoolTestFile;
    expect(doc.rule_files).toEqual(["../rules/orders-api.yaml"]);
    expect(doc.evaluation_interval).toBe("30s");
  });

  it("cover the scenarios of the issue", () => {
    expect(generated.tests.map((t) => t.name.split(":")[0])).toEqual([
      "total outage",
      "10x burn",
      "2x burn",
      "10-minute blip at 2%",
      "zero traffic",
      "absent series",
      "uneven traffic",
    ]);
  });

  it("time the fast page of a total outage from the formulas: within three minutes of the outage at 99.9%", () => {
    const outage = generated.tests[0];
    const firstClaim = outage?.promql_expr_test?.[0];
    expect(firstClaim?.exp_samples).toEqual([{ labels: "{}", value: 1 }]);
    // The outage starts at 60m; 14.4 × 0.1% of an hour is 52s, plus one scrape of lag and one evaluation.
    expect(firstClaim?.eval_time).toBe("62m30s");
    // After recovery at 70m, the fast page is gone within its 5m short window plus one evaluation.
    expect(outage?.promql_expr_test?.[2]).toMatchObject({ eval_time: "75m30s", exp_samples: [] });
  });

  it("claim that after recovery from a short total outage no page-tier alert starts firing, nor fires once the fast page has reset", () => {
    const claims = generated.tests[0]?.promql_expr_test ?? [];
    const pages = `ALERTS{job="orders-api",namespace="shop",slo="availability",alertstate="firing",alertname="SLOErrorBudgetBurn",severity="page"}`;
    expect(claims.slice(-2)).toEqual([
      { expr: `count(sum_over_time((${pages} unless ${pages} offset 30s)[60m:30s]))`, eval_time: "130m", exp_samples: [] },
      { expr: `count(max_over_time(${pages}[54m30s]))`, eval_time: "130m", exp_samples: [] },
    ]);
  });

  it("claim a ticket and never a page for a 2x burn", () => {
    const claims = generated.tests[2]?.promql_expr_test ?? [];
    expect(claims.filter((c) => c.exp_samples.length === 1).map((c) => c.expr)).toEqual([expect.stringContaining(`slo_tier="ticket-3d"`)]);
    expect(claims.filter((c) => c.expr.startsWith("count(max_over_time")).map((c) => /slo_tier="([a-z0-9-]+)"/.exec(c.expr)?.[1])).toEqual([
      "page-1h",
      "page-6h",
    ]);
  });

  it.each(files)(
    "pass promtool test rules: %s",
    async (file) => {
      const r = await runs.get(file);
      expect(r?.output).toContain("SUCCESS");
      expect(r?.ok).toBe(true);
    },
    360_000,
  );
});

describe("the generated tests fail when the rules are wrong", () => {
  it("a fast page with a 10x higher threshold misses the predicted outage time", async () => {
    const dir = mutated("total outage", (r) => r.expr.replaceAll("(14.4 * 0.001)", "(144 * 0.001)"));
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toContain("time: 1h2m30s,");
  }, 120_000);

  it("a long window averaged from 5m ratios fails the uneven-traffic accuracy claim", async () => {
    const dir = mutated("uneven traffic", (r) =>
      r.record === "slo:sli_error:ratio_rate6h"
        ? `avg_over_time(slo:sli_error:ratio_rate5m{job="orders-api",namespace="shop",slo="availability"}[6h])`
        : r.expr,
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toContain("slo:sli_error:ratio_rate6h");
  }, 120_000);

  it("a fast page without its short window does not resolve after recovery", async () => {
    const dir = mutated("total outage", (r) =>
      r.labels?.slo_tier === "page-1h"
        ? r.expr.replace(/\nand on \(namespace, job, slo\)\nslo:sli_error:ratio_rate5m\{[^}]*\} > \(14\.4 \* 0\.001\)\)/, ")")
        : r.expr,
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toContain("time: 1h15m30s,");
  }, 120_000);

  it("a 6h page tier that ignores the fast page's recent firing still fires after the fast page resets (the drill's second page)", async () => {
    const dir = mutated("total outage", (r) =>
      r.labels?.slo_tier === "page-6h"
        ? r.expr.replace(/\nunless on \(namespace, job, slo\)\nmax_over_time\(ALERTS\{[^}]*\}\[30m\]\)$/, "")
        : r.expr,
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/count\(max_over_time\(ALERTS\{[^\n]*\[54m30s\]\)\)", time: 2h10m,\n\s+exp: nil\n\s+got: \{\} 1E\+00/);
  }, 120_000);
});
