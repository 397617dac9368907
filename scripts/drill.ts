/**
 * npm run drill -- [--fast] [--scenario database|latency|target-down|prometheus-restart|alertmanager-restart|all] [--stack dev] [--out out/drill] [--serial]
 * The production-readiness drill: renders the stack and checks that its rules and routing load,
 * then, per scenario, starts a local stack, breaks something, and checks that the page arrives in
 * time, once, to the right receiver, and resolves. Scenarios run at the same time, each on its own
 * local stack (`--serial`: one after another). Prints a timeline per scenario, writes a markdown
 * report and a PNG chart per scenario to --out, and exits 1 when any check failed.
 * `--fast` is `--stack drill --scenario all`: Pulumi.drill.yaml's short timings, every scenario, under
 * five minutes.
 * `--ha` runs the HA scenarios instead (alertmanager-member-loss, alertmanager-split,
 * prometheus-replica-loss, remote-write-outage, global-query, engine-vmalert; all by default), each on
 * a production-shaped local stack of stack drill-ha unless --stack names another, report in out/drill-ha.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { localErrorMessage } from "../local";
import { SCENARIOS, figuresTable, formatTimeline, runDrill, writeReport, type TimelineRow } from "../local/drill";
import { HA_SCENARIOS, haFiguresTable, runHaDrill, writeHaReport } from "../local/drill/ha";
import { checkHaShape } from "../local/ha";
import { parseOptions, runMain, usageError } from "./args";
import type { Generated } from "../generate";
import { defaultOutDir, renderAndLoad } from "./rendered-stack";

const NAMES = SCENARIOS.map((s) => s.name);
const HA_NAMES = HA_SCENARIOS.map((s) => s.name);
const USAGE = `usage: npm run drill -- [--fast | --ha] [--scenario ${NAMES.join("|")}|all (comma-separated allowed; with --ha: ${HA_NAMES.join("|")}|all)] [--stack dev] [--out out/drill] [--serial]`;
/** The stack `--ha` runs: the fast drill's timings in production's shape. */
const HA_STACK = "drill-ha";
/** The stack `--fast` runs: config, not code, makes it fast. */
const FAST_STACK = "drill";

async function main(): Promise<number> {
  const { values: flags, errors } = parseOptions(process.argv.slice(2), {
    fast: { type: "boolean" },
    ha: { type: "boolean" },
    serial: { type: "boolean" },
    scenario: { type: "string" },
    stack: { type: "string" },
    out: { type: "string" },
  });
  const fast = flags.fast === true;
  const serial = flags.serial === true;
  if (flags.ha === true) return ha(flags, errors);
  if (fast && flags.stack !== undefined && flags.stack !== FAST_STACK)
    errors.push(`--fast runs stack ${FAST_STACK}; drop --stack ${flags.stack} or --fast`);
  const asked = (flags.scenario ?? (fast ? "all" : "database")).split(",").map((s) => s.trim());
  const chosen = asked.includes("all") ? SCENARIOS : SCENARIOS.filter((s) => asked.includes(s.name));
  const unknown = asked.filter((a) => a !== "all" && !NAMES.includes(a));
  if (unknown.length > 0)
    errors.push(`--scenario: unknown ${unknown.map((u) => JSON.stringify(u)).join(", ")}; allowed: ${NAMES.join(", ")}, all`);
  if (errors.length > 0) {
    return usageError("drill", USAGE, errors);
  }
  const stackName = flags.stack ?? (fast ? FAST_STACK : "dev");
  const reportDir = defaultOutDir(fast ? "drill-fast" : "drill", flags.out);
  // The drill renders into its own directory, so it never races a render or another drill.
  const renderDir = path.join(reportDir, "rendered");
  const generated: Generated | undefined = renderAndLoad("drill", stackName, renderDir);
  if (generated === undefined) return 1;

  console.log(`\nScenarios (${serial ? "one after another" : "at the same time, each on its own local stack"}):`);
  for (const s of chosen) console.log(`  ${s.name}: ${s.title}. ${s.description}`);
  console.log("");
  let results;
  try {
    results = await runDrill(chosen, renderDir, generated, (line) => console.log(`  ${line}`), !serial);
  } catch (error) {
    const message = localErrorMessage(error);
    if (message === undefined) throw error;
    console.error(`drill: ${message}`);
    return 1;
  }
  return report(reportDir, results, () => writeReport(reportDir, results), figuresTable(results), "scenario(s)");
}

/** Prints every scenario's timeline, writes the report, prints the figures; exit code 0 when every scenario passed. */
async function report(
  reportDir: string,
  results: readonly { readonly scenario: string; readonly rows: readonly TimelineRow[]; readonly ok: boolean }[],
  write: () => Promise<string[]>,
  figures: string,
  what: string,
): Promise<number> {
  for (const r of results) console.log(`\nTimeline of ${r.scenario}:\n${formatTimeline(r.rows)}\n${r.ok ? "PASSED" : "FAILED"}`);
  fs.mkdirSync(reportDir, { recursive: true });
  const files = await write();
  console.log(`\n${figures}\n\nReport: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  const failed = results.filter((r) => !r.ok).map((r) => r.scenario);
  console.log(failed.length === 0 ? `All ${results.length} ${what} passed.` : `Failed: ${failed.join(", ")}.`);
  return failed.length === 0 ? 0 : 1;
}

/** `--ha`: the HA scenarios on production-shaped stacks; refuses a stack without the shape before starting anything. */
async function ha(
  flags: { readonly fast?: boolean; readonly serial?: boolean; readonly scenario?: string; readonly stack?: string; readonly out?: string },
  errors: string[],
): Promise<number> {
  if (flags.fast === true) errors.push("--ha has its own fast timings (stack drill-ha); drop --fast");
  const asked = (flags.scenario ?? "all").split(",").map((s) => s.trim());
  const chosen = asked.includes("all") ? HA_SCENARIOS : HA_SCENARIOS.filter((s) => asked.includes(s.name));
  const unknown = asked.filter((a) => a !== "all" && !HA_NAMES.includes(a));
  if (unknown.length > 0)
    errors.push(`--scenario: unknown ${unknown.map((u) => JSON.stringify(u)).join(", ")}; allowed with --ha: ${HA_NAMES.join(", ")}, all`);
  if (errors.length > 0) return usageError("drill", USAGE, errors);
  const stackName = flags.stack ?? HA_STACK;
  const reportDir = defaultOutDir("drill-ha", flags.out);
  const renderDir = path.join(reportDir, "rendered");
  const haGenerated = renderAndLoad("drill", stackName, renderDir);
  if (haGenerated === undefined) return 1;
  const serial = flags.serial === true;
  let results;
  try {
    checkHaShape(renderDir, stackName);
    console.log(`\nHA scenarios (${serial ? "one after another" : "at the same time, each on its own production-shaped local stack"}):`);
    for (const s of chosen) console.log(`  ${s.name}: ${s.title}. ${s.description}`);
    console.log("");
    results = await runHaDrill(chosen, renderDir, stackName, haGenerated, (line) => console.log(`  ${line}`), !serial);
  } catch (error) {
    const message = localErrorMessage(error);
    if (message === undefined) throw error;
    console.error(`drill: ${message}`);
    return 1;
  }
  return report(reportDir, results, () => writeHaReport(reportDir, results), haFiguresTable(results), "HA scenario(s)");
}

runMain("drill", main);
