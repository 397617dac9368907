import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { alertmanagerSecret, helmValues } from "../manifests";
import { DEFAULTS, parseStack } from "../config";
import { readStackFile } from "../render";
import { ROOT } from "./support/config";
import { tempDir } from "./support/tools";

/** A chart directory whose values.yaml has exactly the keys the prod stack sets, minus `drop`. */
function chartDir(opts: { drop?: string; appVersion?: string } = {}): string {
  const dir = tempDir("ko-chart-");
  const values = helmValues(parseStack(readStackFile(ROOT, "prod")).platform, alertmanagerSecret.name) as Record<
    string,
    Record<string, unknown>
  >;
  if (opts.drop !== undefined) {
    const [top, key] = opts.drop.split(".");
    delete values[top ?? ""]?.[key ?? ""];
  }
  fs.writeFileSync(path.join(dir, "values.yaml"), yaml.dump(values));
  fs.writeFileSync(
    path.join(dir, "Chart.yaml"),
    yaml.dump({
      name: DEFAULTS.chart.name,
      version: DEFAULTS.chart.version,
      appVersion: opts.appVersion ?? `v${DEFAULTS.chart.operatorVersion}`,
    }),
  );
  return dir;
}

function run(dir: string): { status: number | null; stdout: string } {
  const r = spawnSync(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    [path.join(ROOT, "scripts", "check-chart-values.ts"), "--values", path.join(dir, "values.yaml"), "--stacks", "prod"],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout };
}

describe("scripts/check-chart-values.ts", () => {
  it("passes when the chart has every key the stack sets and Chart.yaml pins our operator version", () => {
    const r = run(chartDir());
    expect(r.stdout).toContain("prod: every value is a key of the chart");
    expect(r.stdout).toContain(`matches CHART_RELEASES (CRDs from v${DEFAULTS.chart.operatorVersion})`);
    expect(r.status).toBe(0);
  });

  it("fails and names the path when the chart lacks a key we set", () => {
    const r = run(chartDir({ drop: "prometheusOperator.containerSecurityContext" }));
    expect(r.stdout).toContain("prod: 1 unknown key(s)\n  - prometheusOperator.containerSecurityContext: is not a key of the chart");
    expect(r.status).toBe(1);
  });

  it("fails when Chart.yaml ships another operator version than CHART_RELEASES says (the CRDs would not match)", () => {
    const r = run(chartDir({ appVersion: "v0.1.0" }));
    expect(r.stdout).toContain(`Chart.yaml: appVersion v0.1.0 but CHART_RELEASES says v${DEFAULTS.chart.operatorVersion}`);
    expect(r.status).toBe(1);
  });
});
