import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkStack, type ServiceConfig, type SloConfig, type StackConfig } from "../config";
import { generate } from "../generate";
import { toYaml } from "../format";
import { sloTestFile, sloTestShape, TestGeneration, type PromtoolTestFile } from "../rules/slo";
import { generateStack } from "../bench/render-services";
import { baseConfig, devStack, stackOf, withValue } from "./support/config";
import { tempDir } from "./support/tools";
import { toolBinary } from "../render/tools";

/** What the model answers in a test file: per group, each claim's time and expected samples (not its PromQL, which names the service). */
function answers(f: PromtoolTestFile): unknown {
  return f.tests.map((t) => ({
    name: t.name,
    claims: (t.promql_expr_test ?? []).map((p) => [p.eval_time, p.exp_samples.map((x) => x.value)]),
    alerts: (t.alert_rule_test ?? []).map((a) => [a.eval_time, a.exp_alerts.length]),
  }));
}

function sloOf(stack: StackConfig, service: string, slo: string): { s: ServiceConfig; slo: SloConfig } {
  const s = stack.services.find((x) => x.name === service);
  const o = s?.slos.find((x) => x.name === slo);
  if (!s || !o) throw new Error(`${service}/${slo} not in the stack`);
  return { s, slo: o };
}

function testFile(stack: StackConfig, name: string): PromtoolTestFile {
  const found = generate(stack).ruleTests.find((t) => t.path.endsWith(`/${name}`));
  if (!found) throw new Error(`no test file ${name}`);
  return found.file;
}

const dev = devStack();

describe("SLOs whose rules answer the scenarios alike share one full scenario suite", () => {
  it("in the dev stack, payments-api's availability SLO (orders-api's settings, other names) runs the outage and names orders-api's file, which runs every scenario", () => {
    const payments = testFile(dev, "payments-api-availability.yaml");
    const orders = testFile(dev, "orders-api-availability.yaml");
    expect(payments.tests.map((t) => t.name.split(":")[0])).toEqual(["total outage", "zero traffic", "absent series", "uneven traffic"]);
    expect(payments.tests[0]?.name).toContain("run in orders-api-availability.yaml");
    expect(orders.tests.length).toBeGreaterThan(payments.tests.length);
    expect(orders.tests.map((t) => t.name).join("\n")).not.toContain("run in");
  });

  it("every SLO of a 300-service generated stack that shares a suite gets the same answers from every scenario as the SLO that runs it", () => {
    const gen = generateStack(300);
    const stack = checkStack({ stack: gen.stack, config: gen.config }).spec;
    if (!stack) throw new Error("generated stack invalid");
    const g = new TestGeneration();
    const byShape = new Map<string, { s: ServiceConfig; slo: SloConfig }[]>();
    for (const s of stack.services)
      for (const slo of s.slos) {
        const k = sloTestShape(stack.platform, s, slo);
        byShape.set(k, [...(byShape.get(k) ?? []), { s, slo }]);
      }
    const shared = [...byShape.values()].filter((members) => members.length > 1);
    // The generated services differ in names, conventions, ports, intervals and labels: most SLOs share.
    expect(shared.length).toBeGreaterThan(5);
    let compared = 0;
    for (const members of shared) {
      const [first, ...rest] = members;
      if (!first) continue;
      const expected = answers(sloTestFile(stack.platform, first.s, first.slo, g));
      for (const m of rest.slice(0, 4)) {
        expect(answers(sloTestFile(stack.platform, m.s, m.slo, g)), `${m.s.name}/${m.slo.name} against ${first.s.name}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it.each<[string, string, unknown]>([
    ["the objective", "services.0.slos.0.objective", 99.5],
    ["the error-ratio alert's threshold", "services.0.alerts.errorRatio.threshold", 0.05],
    ["the error status regex", "services.0.http.requests.errorStatusRegex", "5..|429"],
    ["the SLO period", "services.0.slos.0.period", "7d"],
    ["the fast page tier switched off", "services.0.slos.0.tiers", { "page-1h": { enabled: false } }],
  ])("a second service that differs in %s gets a full suite of its own", (_what, field, value) => {
    const base = withValue(withValue(baseConfig(), "platform.prometheus.retention", "30d"), "services.0.slos", [
      { name: "availability", kind: "availability", objective: 99.9 },
    ]);
    const twin = { ...(withValue(base, "services.0.name", "payments-api") as { services: Record<string, unknown>[] }).services[0] };
    const same = stackOf({ ...base, services: [...(base.services as unknown[]), { ...twin, selector: { app: "payments-api" } }] });
    const other = withValue(base, field, value);
    const differs = stackOf({ ...other, services: [...(other.services as unknown[]), { ...twin, selector: { app: "payments-api" } }] });
    const full = (stack: StackConfig): boolean[] => generate(stack).ruleTests.map((t) => !t.file.tests[0]?.name.includes("run in"));
    // The same settings share (only orders-api, first by path, runs the suite); a setting the input reaches splits them.
    expect(full(same)).toEqual([true, false]);
    expect(full(differs)).toEqual([true, true]);
  });

  it("keeps the suite in the first file by path whatever the order of the services", () => {
    const base = withValue(withValue(baseConfig(), "platform.prometheus.retention", "30d"), "services.0.slos", [
      { name: "availability", kind: "availability", objective: 99.9 },
    ]);
    const services = base.services as Record<string, unknown>[];
    const twin = { ...services[0], name: "audit-api", selector: { app: "audit-api" } };
    const forward = stackOf({ ...base, services: [...services, twin] });
    const backward = stackOf({ ...base, services: [twin, ...services] });
    const runsSuite = (stack: StackConfig): string[] =>
      generate(stack)
        .ruleTests.filter((t) => !t.file.tests[0]?.name.includes("run in"))
        .map((t) => t.path);
    expect(runsSuite(forward)).toEqual(["prometheus/tests/audit-api-availability.yaml"]);
    expect(runsSuite(backward)).toEqual(runsSuite(forward));
  });

  it("promtool passes the full suite of a sharing SLO against its own rule file, so the shared answers hold for its rules too", async () => {
    const { s, slo } = sloOf(dev, "payments-api", "availability");
    const dir = tempDir("ko-sharing-");
    fs.mkdirSync(path.join(dir, "rules"));
    fs.mkdirSync(path.join(dir, "tests"));
    const g = generate(dev);
    const own = g.services.find((x) => x.service.name === s.name);
    if (!own) throw new Error("payments-api not generated");
    fs.writeFileSync(path.join(dir, "rules", own.ruleFile.fileName), own.ruleFileYaml);
    fs.writeFileSync(path.join(dir, "tests", "full.yaml"), toYaml(sloTestFile(dev.platform, s, slo)));
    const r = await promisify(execFile)(toolBinary("promtool"), ["test", "rules", "full.yaml"], {
      cwd: path.join(dir, "tests"),
      timeout: 900_000,
    }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: `${e.stderr ?? ""}\nfailed` }));
    expect(`${r.stdout}${r.stderr}`).toContain("SUCCESS");
    expect(r.stderr).not.toContain("failed");
  }, 900_000);
});
