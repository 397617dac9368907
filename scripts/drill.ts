/**
 * npm run drill -- [--scenario database|latency|target-down|prometheus-restart|alertmanager-restart|all] [--stack dev] [--out out/drill]
 * The production-readiness drill: renders and checks the stack, then, per scenario, starts the local
 * stack, breaks something, and checks that the page arrives in time, once, to the right receiver,
 * and resolves. Prints a timeline per scenario, writes a markdown report and a PNG chart per
 * scenario to --out, and exits 1 when any check failed. Takes minutes of real time per scenario.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { localErrorMessage } from "../local";
import { SCENARIOS, formatTimeline, runScenario, writeReport, type DrillResult } from "../local/drill";
import { parseFlags } from "./args";
import { check } from "./check";
import { defaultOutDir } from "./rendered-stack";
const NAMES = SCENARIOS.map((s) => s.name);
const USAGE = `usage: npm run drill -- [--scenario ${NAMES.join("|")}|all (comma-separated allowed)] [--stack dev] [--out out/drill]`;

async function main(): Promise<number> {
  const { flags, errors } = parseFlags(process.argv.slice(2), ["scenario", "stack", "out"]);
  const asked = (flags.scenario ?? "database").split(",").map((s) => s.trim());
  const chosen = asked.includes("all") ? SCENARIOS : SCENARIOS.filter((s) => asked.includes(s.name));
  const unknown = asked.filter((a) => a !== "all" && !NAMES.includes(a));
  if (unknown.length > 0) errors.push(`--scenario: unknown ${unknown.map((u) => JSON.stringify(u)).join(", ")}; allowed: ${NAMES.join(", ")}, all`);
  if (errors.length > 0) {
    console.error(`drill: ${errors.join("; ")}\n${USAGE}`);
    return 2;
  }
  const stackName = flags.stack ?? "dev";
  const reportDir = defaultOutDir("drill", flags.out);
  // The drill renders into its own directory, so it never races a render or another drill.
  const renderDir = path.join(reportDir, "rendered");
  const checked = check(stackName, renderDir, "drill");
  if (checked !== 0) return checked;

  const results: DrillResult[] = [];
  for (const s of chosen) {
    console.log(`\n=== Scenario ${s.name}: ${s.title} ===\n${s.description}\n`);
    try {
      results.push(await runScenario(s, renderDir, (line) => console.log(`  ${line}`)));
    } catch (error) {
      const message = localErrorMessage(error);
      if (message === undefined) throw error;
      console.error(`drill: ${message}`);
      return 1;
    }
    const r = results[results.length - 1];
    if (r) console.log(`\nTimeline of ${r.scenario}:\n${formatTimeline(r.rows)}\n${r.ok ? "PASSED" : "FAILED"}`);
  }
  fs.mkdirSync(reportDir, { recursive: true });
  const files = writeReport(reportDir, results);
  console.log(`\nReport: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  const failed = results.filter((r) => !r.ok).map((r) => r.scenario);
  console.log(failed.length === 0 ? `All ${results.length} scenario(s) passed.` : `Failed: ${failed.join(", ")}.`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`drill: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
