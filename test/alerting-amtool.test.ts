import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readStackFile } from "../render";
import { parseStack, naming } from "../config";
import { ROOT } from "./support/config";
import { renderToTemp } from "./support/tools";

interface Row {
  readonly name: string;
  readonly source: string;
  readonly labels: Record<string, string>;
  readonly receiver: string;
}

/** Renders a stack as `npm run render` does and reads back its Alertmanager files. */
function rendered(stack: string): { dir: string; configFile: string; rows: Row[] } {
  const dir = renderToTemp(parseStack(readStackFile(ROOT, stack)));
  const configFile = path.join(dir, "alertmanager", "alertmanager.yaml");
  const rows = (yaml.load(fs.readFileSync(path.join(dir, "alertmanager", "routing-tests.yaml"), "utf8")) as { tests: Row[] }).tests;
  return { dir, configFile, rows };
}

const stacks = { dev: rendered("dev"), prod: rendered("prod") };

/** The receivers amtool resolves a label set to, in tree order. */
function amtoolReceivers(configFile: string, labels: Record<string, string>): string[] {
  const args = ["config", "routes", "test", `--config.file=${configFile}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  // stderr only says that --config.file wins over --alertmanager.url.
  return execFileSync("amtool", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    .trim()
    .split(",")
    .map((s) => s.trim());
}

describe("amtool check-config", () => {
  it.each(Object.keys(stacks) as (keyof typeof stacks)[])("accepts the rendered %s configuration, placeholders and all", (stack) => {
    const res = spawnSync("amtool", ["check-config", stacks[stack].configFile], { encoding: "utf8" });
    expect(res.stdout).toContain("SUCCESS");
    expect(res.status).toBe(0);
  });

  it("refuses a configuration whose route names an unknown receiver (the check can fail)", () => {
    const broken = path.join(stacks.dev.dir, "broken.yaml");
    fs.writeFileSync(broken, fs.readFileSync(stacks.dev.configFile, "utf8").replace("receiver: heartbeat", "receiver: no-such-receiver"));
    const res = spawnSync("amtool", ["check-config", broken], { encoding: "utf8" });
    expect(res.status).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toContain('undefined receiver "no-such-receiver"');
  });
});

describe.each(Object.keys(stacks) as (keyof typeof stacks)[])("amtool config routes test on the %s routing table", (stack) => {
  const { configFile, rows } = stacks[stack];
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    expect(amtoolReceivers(configFile, row.labels)).toEqual([row.receiver]);
  });
});

describe("what the routing table proves", () => {
  const receiversOf = (stack: keyof typeof stacks, pred: (r: Row) => boolean): string[] =>
    [...new Set(stacks[stack].rows.filter(pred).map((r) => r.receiver))].sort();

  it("covers every alert the stack's rules emit: each service's alerts, each SLO tier, and the Watchdog", () => {
    const names = new Set(stacks.dev.rows.filter((r) => r.source === "rule").map((r) => r.labels.alertname));
    expect([...names].sort()).toEqual(
      [
        naming.alert.errorRatio,
        naming.alert.latency,
        // orders-api's probe.
        naming.alert.probeFailed,
        naming.alert.targetAbsent,
        naming.alert.targetDown,
        naming.alert.watchdog,
        naming.slo.absentAlert,
        naming.slo.burnAlert,
      ].sort(),
    );
    const tiers = new Set(
      stacks.dev.rows.filter((r) => r.labels.alertname === naming.slo.burnAlert).map((r) => r.labels[naming.slo.tierLabel]),
    );
    expect([...tiers].sort()).toEqual([...naming.slo.tiers].sort());
  });

  it("sends the Watchdog to the heartbeat receiver in every stack", () => {
    for (const stack of ["dev", "prod"] as const) {
      expect(receiversOf(stack, (r) => r.labels.alertname === naming.alert.watchdog)).toEqual([naming.alerting.heartbeatReceiver]);
    }
  });

  it("pages nobody's pager in dev: pages reach the team's chat", () => {
    expect(receiversOf("dev", (r) => r.labels.severity === "page" && r.labels.team === "backend")).toEqual(["backend-chat"]);
  });

  it("pages the owning team's pager in prod, and its chat for tickets and warnings", () => {
    expect(receiversOf("prod", (r) => r.labels.severity === "page" && r.labels.team === "payments")).toEqual(["payments-pager"]);
    expect(receiversOf("prod", (r) => ["ticket", "warning"].includes(r.labels.severity ?? "") && r.labels.team === "payments")).toEqual([
      "payments-chat",
    ]);
  });

  it("notifies nobody for info alerts and the InfoInhibitor", () => {
    expect(receiversOf("prod", (r) => r.labels.severity === "info" || r.labels.alertname === naming.alerting.infoInhibitor)).toEqual([
      naming.alerting.nullReceiver,
    ]);
  });

  it("sends alerts without a known team (the chart's, or an undeclared team) to the default team", () => {
    expect(receiversOf("prod", (r) => r.labels.team === undefined && r.labels.severity === "critical")).toEqual(["platform-pager"]);
    expect(receiversOf("prod", (r) => r.labels.team === "no-such-team" && r.labels.severity === "page")).toEqual(["platform-pager"]);
    expect(receiversOf("prod", (r) => r.labels.team === "no-such-team" && r.labels.severity === "warning")).toEqual(["platform-chat"]);
  });
});
