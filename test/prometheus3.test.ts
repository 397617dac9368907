/**
 * What Prometheus 3 changed that our generated rules touch, shown on the Prometheus 2.42 installed here:
 * `le` values written `1` by Go clients, `1.0` by Python clients and by Prometheus 3's normalisation, and
 * regexes whose `.` Prometheus 3 lets match a newline.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bucketBoundMatcher, goFloat, leSpellings, matcher, newlineStableRegex } from "../rules/promql";
import { runTool, toolBinary } from "../render/tools";
import { devStack } from "./support/config";
import { renderToTemp, tempDir } from "./support/tools";

describe("bucket bounds match in every spelling", () => {
  // Each Go form below is one that Prometheus 2.42's own /metrics (client_golang) writes for that bucket.
  it.each([
    [0.005, "0.005"],
    [102.515625, "102.515625"],
    [409600, "409600"],
    [1638400, "1.6384e+06"],
    [26214400, "2.62144e+07"],
    [0.00001, "1e-05"],
  ])("Go writes %s as %s", (bound, go) => {
    expect(goFloat(bound)).toBe(go);
  });

  it.each([
    ["a whole second: Go's 1, and 1.0 from Python clients and Prometheus 3", 1, ["1", "1.0"]],
    ["a fraction has one spelling everywhere", 0.25, ["0.25"]],
    ["a tiny bound: JavaScript's decimal and Go's exponent", 0.00001, ["0.00001", "1e-05"]],
    ["a large bound: plain, Python's .0 and Go's exponent", 1638400, ["1638400", "1638400.0", "1.6384e+06"]],
  ])("%s", (_name, bound, spellings) => {
    expect(leSpellings(bound)).toEqual(spellings);
  });

  it.each([
    ["one spelling is an equality matcher", 0.25, 'le="0.25"'],
    ["several are one anchored regex, dots and plus signs escaped", 1638400, 'le=~"1638400|1638400\\\\.0|1\\\\.6384e\\\\+06"'],
  ])("%s", (_name, bound, text) => {
    expect(bucketBoundMatcher("le", bound)).toBe(text);
  });
});

describe("regexes mean the same whether or not `.` matches a newline", () => {
  it.each([
    ["an any-character dot is kept off newlines", "5..", "(?-s:5..)"],
    ["an escaped dot is a literal", "1|1\\.0", "1|1\\.0"],
    ["a dot in a class is a literal", "[.]x|[^.]y", "[.]x|[^.]y"],
    ["a class that starts with ] still ends at the next ]", "[]a]b.", "(?-s:[]a]b.)"],
    ["a regex without dots is left alone", "5[0-9][0-9]|ticket|warning", "5[0-9][0-9]|ticket|warning"],
  ])("%s: %s", (_name, re, out) => {
    expect(newlineStableRegex(re)).toBe(out);
  });

  it("equality matchers are never rewritten", () => {
    expect(matcher("path", "=", "/a.b")).toBe('path="/a.b"');
    expect(matcher("status", "!~", "5..")).toBe('status!~"(?-s:5..)"');
  });

  /**
   * Prometheus 2 anchors a regex as `^(?:re)$`; Prometheus 3 adds the `s` flag around it. Wrapping a value in
   * `(?s:…)` on 2.42 gives 3's reading, so promtool 2.42 shows both readings of a label value holding a newline.
   */
  it("promtool 2.42: under Prometheus 3's reading, 5.. matches a status with a newline; (?-s:5..) does not, as on 2", () => {
    const dir = tempDir("ko-p3-regex-");
    fs.writeFileSync(path.join(dir, "empty.rules.yaml"), "groups: []\n");
    const q = (re: string) => `count(http_requests_total{status=~${JSON.stringify(re)}}) or vector(0)`;
    const test = {
      rule_files: ["empty.rules.yaml"],
      tests: [
        {
          interval: "1m",
          input_series: [
            { series: 'http_requests_total{status="500"}', values: "1" },
            { series: 'http_requests_total{status="5\\n0"}', values: "1" },
          ],
          promql_expr_test: [
            ["5..", 1],
            ["(?s:5..)", 2],
            [`(?s:${newlineStableRegex("5..")})`, 1],
            [newlineStableRegex("5.."), 1],
          ].map(([re, n]) => ({ expr: q(String(re)), eval_time: "0m", exp_samples: [{ labels: "{}", value: n }] })),
        },
      ],
    };
    fs.writeFileSync(path.join(dir, "regex.test.yaml"), JSON.stringify(test));
    const run = runTool("promtool", ["test", "rules", "regex.test.yaml"], { cwd: dir });
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

describe("promtool 2.42: a latency SLO whose threshold bucket the exporter writes 1.0", () => {
  // payments-api (the Flask service) has a latency SLO at 1s; its generated promtool tests write le="1".
  const out = renderToTemp(devStack());
  const testsDir = path.join(out, "prometheus", "tests");
  const generated = fs.readFileSync(path.join(testsDir, "payments-api-latency.yaml"), "utf8");
  const rules = fs.readFileSync(path.join(out, "prometheus", "rules", "payments-api.yaml"), "utf8");

  /**
   * `promtool test rules` on the generated SLO tests with the bucket spelt `le`, against `ruleFile` (the
   * generated rules by default). Asynchronous: each run simulates hours and takes seconds, too long to block.
   */
  async function runWith(le: string, ruleFile = "../rules/payments-api.yaml"): Promise<{ ok: boolean; output: string }> {
    const name = `payments-api-latency-${le.replace(/\W/g, "_")}-${path.basename(ruleFile, ".yaml")}.yaml`;
    const text = generated.replaceAll('le="1"', `le="${le}"`).replace("../rules/payments-api.yaml", ruleFile);
    fs.writeFileSync(path.join(testsDir, name), text);
    try {
      const r = await promisify(execFile)(toolBinary("promtool"), ["test", "rules", name], { cwd: testsDir, timeout: 900_000 });
      return { ok: true, output: `${r.stdout}${r.stderr}` };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
    }
  }

  const naive = path.join(out, "prometheus", "rules", "payments-api-naive.yaml");
  fs.writeFileSync(naive, rules.replaceAll('le=~"1|1\\\\.0"', 'le="1"'));
  // Started at once: two cores, and each run takes a while.
  const runs = { "1": runWith("1"), "1.0": runWith("1.0"), naive: runWith("1.0", "../rules/payments-api-naive.yaml") };

  it('the rules select the bucket in both spellings, and the generated tests write le="1"', () => {
    expect(rules).toContain('le=~"1|1\\\\.0"');
    expect(generated).toContain('le="1"');
  });

  // Each run replays hours of traffic: about a minute on an idle core, three at once on two cores take longer.
  it.each(["1", "1.0"] as const)('every generated SLO test passes with the bucket written le="%s"', { timeout: 900_000 }, async (le) => {
    const run = await runs[le];
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });

  it('the same tests fail with le="1.0" against rules that match only le="1" (the check can fail)', { timeout: 900_000 }, async () => {
    expect(fs.readFileSync(naive, "utf8")).not.toMatch(/expr: .*le=~/);
    const run = await runs.naive;
    expect(run.ok).toBe(false);
    expect(run.output).toContain("FAILED");
  });
});
