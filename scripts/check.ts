/**
 * npm run check -- [--stack dev] [--out out/<stack>]
 * Renders a stack, checks every rendered file with the real tools (promtool, amtool), and prints a
 * short summary per service. `npm start` runs this first; CI runs it alone.
 */
import * as path from "node:path";
import { isAlertingRule, ruleFiles } from "../rules";
import { checkAlertmanager, checkRules, MissingToolError, testRules, type ToolRun } from "../render/tools";
import { parseOptions, usageError } from "./args";
import { defaultOutDir, renderStackToDir } from "./rendered-stack";

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * Renders stack `stackName` to `outDir` and checks it; prints as it goes and returns the exit code.
 * `command` prefixes error messages.
 */
export function check(stackName: string, outDir: string, command = "check"): number {
  const rendered = renderStackToDir(command, stackName, outDir);
  if (rendered === undefined) return 1;
  const { spec, files } = rendered;
  try {
    console.log(`Rendered stack ${stackName}: ${files.length} files in ${path.relative(process.cwd(), outDir) || "."}\n`);

    const runs: ToolRun[] = [...checkRules(outDir), ...testRules(outDir), ...checkAlertmanager(outDir)];
    for (const r of runs) {
      console.log(`${r.ok ? "ok  " : "FAIL"} ${r.command.replace(`${outDir}/`, "")}`);
      if (!r.ok) console.log(r.output.replace(/^/gm, "     "));
    }

    const rows: string[][] = [["service", "namespace", "team", "scrape", "recording rules", "alerts", "alert names"]];
    for (const f of ruleFiles(spec)) {
      const s = spec.services.find((x) => x.name === f.service);
      if (!s) continue;
      const rules = f.groups.flatMap((g) => g.rules);
      const alerts = rules.filter(isAlertingRule);
      rows.push([
        s.name,
        s.namespace,
        s.team,
        `${s.metrics.port}${s.metrics.path} every ${s.metrics.interval.text}`,
        String(rules.length - alerts.length),
        String(alerts.length),
        [...new Set(alerts.map((a) => a.alert))].join(", "),
      ]);
    }
    console.log(`\n${table(rows)}\n`);
    const failed = runs.filter((r) => !r.ok).length;
    console.log(failed === 0 ? `All ${runs.length} checks passed.` : `${failed} of ${runs.length} checks failed.`);
    return failed === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof MissingToolError) {
      console.error(`${command}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function main(): number {
  const { values: flags, errors } = parseOptions(process.argv.slice(2), { stack: { type: "string" }, out: { type: "string" } });
  if (errors.length > 0) {
    return usageError("check", "usage: npm run check -- [--stack dev] [--out out/<stack>]", errors);
  }
  const stackName = flags.stack ?? "dev";
  return check(stackName, defaultOutDir(stackName, flags.out));
}

if (require.main === module) process.exitCode = main();
