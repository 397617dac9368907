import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, baseConfig, baseService, stackOf, withValue } from "./support/config";
import { renderToTemp } from "./support/tools";
import { dashboardChanges, fileKind, readTree, renderDiffMarkdown, ruleChanges, unifiedDiff } from "../scripts/render-diff";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** The base stack, and a head that changes a threshold, adds a service, a business panel and a resolve timeout. */
function heads(): { base: Record<string, unknown>; head: Record<string, unknown> } {
  const base = baseConfig();
  let head = withValue(base, "services.0.alerts", { errorRatio: { threshold: 0.02 } });
  head = withValue(head, "services.0.dashboard", {
    panels: [
      { title: "Orders created per minute", description: "Orders accepted.", metric: "orders_created_total", aggregation: "perMinute" },
    ],
  });
  head = withValue(head, "services", [
    ...(head.services as unknown[]),
    { ...baseService(), name: "billing-api", selector: { app: "billing-api" } },
  ]);
  head = withValue(head, "alerting.resolveTimeout", "10m");
  return { base, head };
}

let baseDir = "";
let headDir = "";
let markdown = "";

beforeAll(() => {
  const { base, head } = heads();
  baseDir = renderToTemp(stackOf(base));
  headDir = renderToTemp(stackOf(head));
  markdown = renderDiffMarkdown(readTree(baseDir), readTree(headDir));
});

describe("render-diff on two renders of different stack specs", () => {
  it("counts added, removed and changed files per kind", () => {
    expect(markdown).toContain("| Prometheus rules | 1 | 0 | 1 |");
    expect(markdown).toContain("| Alertmanager routing | 0 | 0 | 2 |");
    expect(markdown).toMatch(/\| Grafana dashboards \| 1 \| 0 \| [12] \|/);
  });

  it("names the changed alert and shows the threshold change as a unified diff", () => {
    expect(markdown).toContain('- `prometheus/rules/orders-api.yaml` changed\n  - changed alert `ServiceErrorRatioHigh{severity="page"}`');
    expect(markdown).toMatch(/^-.*namespace_job:http_requests_errors:ratio_rate5m\{job="orders-api",namespace="shop"\} > 0\.01$/m);
    expect(markdown).toMatch(/^\+.*namespace_job:http_requests_errors:ratio_rate5m\{job="orders-api",namespace="shop"\} > 0\.02$/m);
    expect(markdown).toContain("--- base/prometheus/rules/orders-api.yaml\n+++ head/prometheus/rules/orders-api.yaml\n");
  });

  it("lists the new service's rule file as added, with its rules, diffed against /dev/null", () => {
    expect(markdown).toContain("- `prometheus/rules/billing-api.yaml` added\n  - added ");
    expect(markdown).toContain("--- /dev/null\n+++ head/prometheus/rules/billing-api.yaml\n");
  });

  it("shows the routing change as a unified diff of alertmanager.yaml", () => {
    expect(markdown).toMatch(/^- {2}resolve_timeout: 5m$/m);
    expect(markdown).toMatch(/^\+ {2}resolve_timeout: 10m$/m);
  });

  it("summarises dashboards by panel instead of raw JSON", () => {
    expect(markdown).toContain("- `grafana/dashboards/ko-orders-api.json` changed\n  - added panel Business › Orders created per minute");
    expect(markdown).toMatch(/- `grafana\/dashboards\/ko-billing-api\.json` added\n {2}- "[^"]+", \d+ panels/);
    expect(markdown).not.toContain('"gridPos"');
  });

  it("lists the other files without their content", () => {
    expect(markdown).toContain("### Kubernetes objects");
    expect(markdown).toContain("- `kubernetes/servicemonitor-billing-api.yaml` added");
    expect(markdown).not.toContain("kind: ServiceMonitor");
  });

  it("says there is no change for two identical renders", () => {
    expect(renderDiffMarkdown(readTree(baseDir), readTree(baseDir))).toMatch(
      /^## Rendered output: base → head\n\nNo change in rendered output \(\d+ files compared\)\.\n$/,
    );
  });

  it("leaves diffs out past the size budget but keeps every summary", () => {
    const small = renderDiffMarkdown(readTree(baseDir), readTree(headDir), { maxChars: 2000 });
    expect(small).not.toContain("```diff");
    expect(small).toContain("diff left out: the comment would be too long");
    expect(small).toContain("changed alert `ServiceErrorRatioHigh");
    expect(small).toContain("added panel Business › Orders created per minute");
  });

  it("is the same markdown from the command line, and refuses missing arguments", () => {
    const cli = spawnSync(TSX, ["scripts/render-diff.ts", "--base", baseDir, "--head", headDir], { cwd: ROOT, encoding: "utf8" });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe(markdown);
    const bad = spawnSync(TSX, ["scripts/render-diff.ts", "--base", baseDir], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("render-diff: --head is required");
  });
});

describe("unifiedDiff", () => {
  it.each([
    ["equal texts give no diff", "a\nb\n", "a\nb\n", ""],
    ["one changed line gives one hunk with its context", "a\nb\nc\n", "a\nB\nc\n", "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"],
    ["a new file is all additions", "", "a\nb\n", "--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n"],
    [
      "distant changes give separate hunks",
      "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
      "0\n2\n3\n4\n5\n6\n7\n8\n9\n11\n",
      "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-1\n+0\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+11\n",
    ],
  ])("%s", (_, before, after, expected) => {
    expect(unifiedDiff(before, after, "x", "y")).toBe(expected);
  });
});

describe("rule and dashboard summaries", () => {
  const rules = (threshold: number, extra = false): string =>
    yaml.dump({
      groups: [
        {
          name: "g",
          rules: [
            { alert: "A", expr: `x > ${threshold}`, labels: { severity: "page" } },
            ...(extra ? [{ record: "r:x", expr: "sum(x)" }] : []),
          ],
        },
      ],
    });

  it("tells added, removed and changed rules apart by group, name and labels", () => {
    expect(ruleChanges(rules(1), rules(2, true))).toEqual({
      added: ["record `r:x`"],
      removed: [],
      changed: ['alert `A{severity="page"}`'],
    });
    expect(ruleChanges(rules(1, true), undefined)).toEqual({
      added: [],
      removed: ['alert `A{severity="page"}`', "record `r:x`"],
      changed: [],
    });
  });

  const dash = (panels: unknown[]): string => JSON.stringify({ title: "D", panels });
  const row = { type: "row", title: "Latency", panels: [] };
  const p99 = { type: "timeseries", title: "p99", targets: [{ expr: "a" }], gridPos: { x: 0, y: 1 } };

  it.each([
    ["a query change is named as queries", [row, p99], [row, { ...p99, targets: [{ expr: "b" }] }], ["Latency › p99: queries"]],
    ["a moved panel is named as position", [row, p99], [row, { ...p99, gridPos: { x: 12, y: 1 } }], ["Latency › p99: position"]],
    [
      "a new threshold is named as thresholds and units",
      [row, p99],
      [row, { ...p99, fieldConfig: { defaults: { unit: "s" } } }],
      ["Latency › p99: thresholds and units"],
    ],
    ["a renumbered panel is no change", [row, { ...p99, id: 3 }], [row, { ...p99, id: 4 }], []],
  ])("%s", (_, before, after, changed) => {
    expect(dashboardChanges(dash(before), dash(after)).changed).toEqual(changed);
  });
});

describe("file kinds", () => {
  it.each([
    ["dev/prometheus/rules/orders-api.yaml", "rules"],
    ["prometheus/tests/orders-api-availability.yaml", "ruleTests"],
    ["prod/alertmanager/alertmanager.yaml", "routing"],
    ["grafana/dashboards/ko-orders-api.json", "dashboards"],
    ["kubernetes/prometheusrule-orders-api.yaml", "kubernetes"],
    ["runbooks/watchdog.md", "runbooks"],
  ])("%s is %s", (p, kind) => {
    expect(fileKind(p)).toBe(kind);
  });
});

describe("the pull-request workflows", () => {
  const dir = path.join(ROOT, ".github", "workflows");
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const load = (
    f: string,
  ): { on: unknown; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }> } =>
    yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as never;

  it("are the tests, the preview per stack and the render diff", () => {
    expect(files).toEqual(["preview.yml", "render-diff.yml", "tests.yml"]);
  });

  it.each(["preview.yml", "render-diff.yml", "tests.yml"])("%s parses, runs on pull requests and has steps", (f) => {
    const wf = load(f);
    expect(wf.on).toHaveProperty("pull_request");
    for (const job of Object.values(wf.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it.each(["preview.yml", "render-diff.yml", "tests.yml"])("%s runs only npm scripts and files that exist", (f) => {
    const runs = Object.values(load(f).jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
    for (const name of runs.join("\n").matchAll(/npm run ([a-z:-]+)/g)) expect(scripts, `npm run ${name[1]}`).toHaveProperty(name[1]!);
    for (const file of runs.join("\n").matchAll(/\b((?:scripts|test)\/[\w./-]+\.(?:ts|sh))/g))
      expect(fs.existsSync(path.join(ROOT, file[1]!)), file[1]).toBe(true);
  });

  it("previews both stacks with the result commented on the pull request", () => {
    const steps = load("preview.yml").jobs.preview!.steps;
    const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(pulumi?.with).toMatchObject({ command: "preview", "comment-on-pr": true });
    const wf = yaml.load(fs.readFileSync(path.join(dir, "preview.yml"), "utf8")) as {
      jobs: { preview: { strategy: { matrix: { stack: string[] } } } };
    };
    expect(wf.jobs.preview.strategy.matrix.stack).toEqual(["dev", "prod"]);
    for (const stack of wf.jobs.preview.strategy.matrix.stack) expect(fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))).toBe(true);
  });
});
