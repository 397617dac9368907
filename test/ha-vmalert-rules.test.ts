import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseStack } from "../config";
import { toYaml } from "../format";
import { withoutKeepFiringFor } from "../local/ha/stack";
import { readStackFile } from "../render";
import { ROOT } from "./support/config";
import { renderToTemp, tempDir } from "./support/tools";

/** The HA drill's rendered rule file for its service, as vmalert gets it in the engine-vmalert scenario. */
function drillHaRules(): { file: string; parsed: unknown } {
  const out = renderToTemp(parseStack(readStackFile(ROOT, "drill-ha")));
  const file = path.join(out, "prometheus", "rules", "orders-api.yaml");
  return { file, parsed: yaml.load(fs.readFileSync(file, "utf8")) };
}

const vmalertDryRun = (file: string) => spawnSync("vmalert", ["-dryRun", `-rule=${file}`], { encoding: "utf8" });

describe("vmalert 1.79 loads the service's rules the HA drill gives it", () => {
  it("refuses the rendered file as is: the page tiers carry keep_firing_for", () => {
    const { file } = drillHaRules();
    const res = vmalertDryRun(file);
    expect(res.status).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toContain("unknown fields in rule: keep_firing_for");
  });

  it("accepts the copy without keep_firing_for, which names every alert that lost its hold and changes nothing else", () => {
    const { parsed } = drillHaRules();
    const { rules, dropped } = withoutKeepFiringFor(parsed);
    expect(dropped.length).toBeGreaterThan(0);
    expect(new Set(dropped)).toEqual(new Set(["SLOErrorBudgetBurn"]));
    const file = path.join(tempDir(), "rules.yaml");
    fs.writeFileSync(file, toYaml(rules));
    const res = vmalertDryRun(file);
    expect(`${res.stdout}${res.stderr}`).not.toContain("fatal");
    expect(res.status).toBe(0);
    // Putting each dropped hold back gives the rendered file again.
    expect(JSON.stringify(rules)).not.toContain("keep_firing_for");
    expect(JSON.stringify(parsed).replace(/,?"keep_firing_for":"[^"]*"/g, "")).toBe(JSON.stringify(rules));
  });
});
