import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { toYaml } from "../render";
import { sloTestFile, type PromtoolTestFile } from "../rules/slo";
import { devStackWithProbeSlo } from "./support/config";
import { renderToTemp } from "./support/tools";

const run = promisify(execFile);

/** `promtool test rules` from the test file's directory; resolves with its output and whether it passed. */
async function promtoolTest(dir: string, file: string): Promise<{ ok: boolean; output: string }> {
  try {
    // Several files at once on two shared cores: one takes about 70 s alone, several minutes beside the others.
    const r = await run("promtool", ["test", "rules", file], { cwd: dir, timeout: 900_000 });
    return { ok: true, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

// The dev stack, with a probe SLO on orders-api (which has the probe; Pulumi.dev.yaml leaves the SLO out).
const dev = devStackWithProbeSlo();
const out = renderToTemp(dev);
const testsDir = path.join(out, "prometheus", "tests");
const orders = dev.services.find((s) => s.name === "orders-api");
const ordersAvailability = orders?.slos.find((s) => s.name === "availability");
if (!orders || !ordersAvailability) throw new Error("dev stack has no orders-api availability SLO");
const generated: PromtoolTestFile = sloTestFile(dev.platform, orders, ordersAvailability);
const ordersProbe = orders.slos.find((s) => s.kind === "probe");
if (!ordersProbe) throw new Error("dev stack has no orders-api probe SLO");
const probeFile: PromtoolTestFile = sloTestFile(dev.platform, orders, ordersProbe);

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
}
interface RuleDoc {
  groups: { name: string; rules: Rule[] }[];
}

/**
 * Writes a test file holding only the named scenario, next to a copy of the orders-api rule file in
 * which `edit` rewrites the expressions of the availability SLO's rules (and `also` changes them otherwise).
 */
function mutated(
  scenario: string,
  edit: (rule: Rule) => string,
  also?: (rule: Rule) => void,
  file = generated,
  slo = "availability",
): string {
  const dir = fs.mkdtempSync(path.join(out, "..", "mutant-"));
  fs.mkdirSync(path.join(dir, "rules"));
  fs.mkdirSync(path.join(dir, "tests"));
  const doc = yaml.load(fs.readFileSync(path.join(out, "prometheus", "rules", "orders-api.yaml"), "utf8")) as RuleDoc;
  let changed = 0;
  for (const g of doc.groups.filter((x) => x.name.endsWith(`.slo.${slo}`))) {
    for (const r of g.rules) {
      const expr = edit(r);
      const before = JSON.stringify(r);
      r.expr = expr;
      also?.(r);
      if (JSON.stringify(r) !== before) changed++;
    }
  }
  expect(changed).toBeGreaterThan(0);
  fs.writeFileSync(path.join(dir, "rules", "orders-api.yaml"), toYaml(doc));
  const only = { ...file, tests: file.tests.filter((t) => t.name.startsWith(scenario)) };
  expect(only.tests).toHaveLength(1);
  fs.writeFileSync(path.join(dir, "tests", "t.yaml"), toYaml(only));
  return path.join(dir, "tests");
}

// Start every promtool run at once: two cores, and each file simulates several hours.
const files = fs.readdirSync(testsDir).sort();
const runs = new Map(files.map((f) => [f, promtoolTest(testsDir, f)]));

describe("generated promtool tests per SLO", () => {
  it("are rendered for every SLO of the dev stack (and the probe SLO), next to the rule files they load", () => {
    expect(fs.readdirSync(testsDir).sort()).toEqual([
      "orders-api-availability.yaml",
      "orders-api-latency.yaml",
      "orders-api-probe.yaml",
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
      "2x burn for 4h on a young service",
      "10-minute blip at 2%",
      "flapping incident, 20% bad 5m on and 10m off for 2h",
      "crash-looping pods, counters restarting during a total outage",
      "low traffic, 10 a minute, total outage",
      "trickle traffic, 1 a minute, total outage",
      "young service, 6h of history, 30s of total failure",
      "slow burn at 5x for 16h",
      "bad deploy, 5% bad for 3 minutes and rolled back",
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
    // After recovery at 70m the 5m window clears within 5m and a scrape, then the 8m hold passes: gone by 84m.
    expect(outage?.promql_expr_test?.[2]).toMatchObject({ eval_time: "84m", exp_samples: [] });
  });

  it("claim that after recovery from a short total outage no page-tier alert starts firing, nor fires once the fast page has reset", () => {
    const claims = generated.tests[0]?.promql_expr_test ?? [];
    const pages = `ALERTS{job="orders-api",namespace="shop",alertstate="firing",slo="availability",alertname="SLOErrorBudgetBurn",severity="page"}`;
    expect(claims.slice(-3, -1)).toEqual([
      { expr: `count(sum_over_time((${pages} unless ${pages} offset 30s)[60m:30s]))`, eval_time: "130m", exp_samples: [] },
      { expr: `count(max_over_time(${pages}[46m]))`, eval_time: "130m", exp_samples: [] },
    ]);
  });

  it.each<[string, number, number, number | undefined]>([
    // [scenario, test group, page notifications, ticket notifications (undefined: not claimed)]
    ["a total outage pages once", 0, 1, undefined],
    ["a 10-minute 2% blip pages no one, threshold alerts included", 3, 0, undefined],
    ["a flapping incident pages once: the hold bridges its 10-minute gaps", 4, 1, undefined],
    ["crash-looping pods page once", 5, 1, undefined],
    ["30 seconds of failure on a six-hour-old service raise neither page nor ticket", 8, 0, 0],
    ["a 5x burn over 16 hours raises one ticket and no page", 9, 0, 1],
  ])("count notifications from the whole rule file: %s", (_name, group, pages, tickets) => {
    const claims = (generated.tests[group]?.promql_expr_test ?? []).filter((c) => c.expr.startsWith("sum(sum_over_time("));
    // Counted in stretches of at most 480 evaluations; the ticket count is the one that names tickets.
    const sum = (of: typeof claims): number => of.reduce((n, c) => n + (c.exp_samples[0]?.value ?? 0), 0);
    const ticketClaims = claims.filter((c) => c.expr.includes(`severity="ticket"`));
    const pageClaims = claims.filter((c) => !ticketClaims.includes(c));
    expect(pageClaims.length).toBeGreaterThan(0);
    expect(sum(pageClaims)).toBe(pages);
    expect(pageClaims[0]?.expr).toContain(`alertname!~"SLOErrorBudgetBurn|SLOMetricsAbsent",severity="page"`);
    if (tickets !== undefined) expect(sum(ticketClaims)).toBe(tickets);
    else expect(ticketClaims).toHaveLength(0);
  });

  it("claim the 1d ticket and never a page for a slow burn", () => {
    const claims = generated.tests[9]?.promql_expr_test ?? [];
    expect(
      claims
        .filter((c) => c.exp_samples.length === 1 && c.expr.startsWith("count(ALERTS"))
        .map((c) => /slo_tier="([a-z0-9-]+)"/.exec(c.expr)?.[1]),
    ).toEqual(["ticket-1d", "ticket-3d"]);
    expect(claims.filter((c) => c.expr.startsWith("count(max_over_time")).map((c) => /slo_tier="([a-z0-9-]+)"/.exec(c.expr)?.[1])).toEqual([
      "page-1h",
    ]);
  });

  it.each(files)(
    "pass promtool test rules: %s",
    async (file) => {
      const r = await runs.get(file);
      expect(r?.output).toContain("SUCCESS");
      expect(r?.ok).toBe(true);
    },
    900_000,
  );
});

describe("the generated tests fail when the rules are wrong", () => {
  it("a fast page with a 10x higher threshold misses the predicted outage time", async () => {
    const dir = mutated("total outage", (r) => r.expr.replaceAll("(14.4 * 0.001)", "(144 * 0.001)"));
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toContain("time: 1h2m30s,");
  }, 120_000);

  it("page tiers without their hold page again and again in the flapping incident", async () => {
    const dir = mutated(
      "flapping incident",
      (r) => r.expr,
      (r) => delete r.keep_firing_for,
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    // More than one page notification: the SLO page's episodes and the threshold alerts released between them.
    const got = /time: 3h30m,\n\s+exp: \{\} 1E\+00\n\s+got: \{\} (\S+)/.exec(r.output)?.[1];
    expect(Number(got)).toBeGreaterThan(1);
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
    expect(r.output).toContain("time: 1h24m,");
  }, 120_000);

  it("a 6h page tier that ignores the fast page's recent firing still fires after the fast page resets (the drill's second page)", async () => {
    const dir = mutated("total outage", (r) =>
      r.labels?.slo_tier === "page-6h"
        ? r.expr.replace(/\nunless on \(namespace, job, slo\)\nmax_over_time\(ALERTS\{[^}]*\}\[30m\]\)$/, "")
        : r.expr,
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/count\(max_over_time\(ALERTS\{[^\n]*\[46m\]\)\)", time: 2h10m,\n\s+exp: nil\n\s+got: \{\} 1E\+00/);
  }, 120_000);
});

describe("the generated tests of a probe SLO", () => {
  const pageCount = (group: number): number =>
    (probeFile.tests[group]?.promql_expr_test ?? [])
      .filter((c) => c.expr.startsWith("sum(sum_over_time(") && !c.expr.includes(`severity="ticket"`))
      .reduce((n, c) => n + (c.exp_samples[0]?.value ?? 0), 0);

  it("sample probe_success once per probe interval (30s), with the labels the operator gives a Probe's series", () => {
    const outage = probeFile.tests[0];
    expect(outage?.interval).toBe("30s");
    expect(outage?.input_series.map((i) => i.series)).toEqual([
      'up{job="orders-api",namespace="shop"}',
      'probe_success{instance="http://orders-api.shop.svc:8080/healthz",job="orders-api-probe",namespace="monitoring",service="orders-api",team="backend"}',
    ]);
    // An answered probe at 0, two hours of them, 10 minutes (20 probes) failing, two hours answered.
    expect(outage?.input_series[1]?.values).toBe("1+0x0 1+0x119 0+0x19 1+0x119");
  });

  it("cover a probe that fails and pages, one that flaps and pages once, and one failed probe that pages no one", () => {
    expect(probeFile.tests.map((t) => t.name.split(":")[0])).toEqual([
      "probe fails for 10 minutes",
      "probe fails 5 minutes on and 10 off for 2h",
      "one failed probe after 6h of good ones",
      "absent series",
    ]);
    // The probes fail from 60m: 2% of the budget (14.4 × 0.1% of an hour) is gone with the second failed probe.
    expect(probeFile.tests[0]?.promql_expr_test?.[0]).toMatchObject({ eval_time: "62m", exp_samples: [{ labels: "{}", value: 1 }] });
    expect([pageCount(0), pageCount(1), pageCount(2)]).toEqual([1, 1, 0]);
  });

  it("fail when the probe SLO's fast page is 10x less sensitive: the failing probe no longer pages by 62m", async () => {
    const dir = mutated(
      "probe fails for 10 minutes",
      (r) => r.expr.replaceAll("(14.4 * 0.001)", "(144 * 0.001)"),
      undefined,
      probeFile,
      "probe",
    );
    const r = await promtoolTest(dir, "t.yaml");
    expect(r.ok).toBe(false);
    expect(r.output).toContain("time: 1h2m,");
  }, 120_000);
});
