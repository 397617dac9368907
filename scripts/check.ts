/**
 * npm run check -- [--stack dev] [--out out/<stack>]
 * Renders a stack, checks every rendered file with the real tools (promtool, amtool), and prints a
 * short summary per service. `npm start` runs this first; CI runs it alone.
 */
import * as path from "node:path";
import type { Generated } from "../generate";
import { isAlertingRule } from "../rules";
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
 * Renders stack `stackName` to `outDir` and checks it; prints as it goes and returns the exit code,
 * and the generation it rendered (for `npm start`) when every check passed.
 * `command` prefixes error messages.
 */
export function check(stackName: string, outDir: string, command = "check"): { code: number; generated?: Generated } {
  const rendered = renderStackToDir(command, stackName, outDir);
  if (rendered === undefined) return { code: 1 };
  const { generated, files } = rendered;
  try {
    console.log(`Rendered stack ${stackName}: ${files.length} files in ${path.relative(process.cwd(), outDir) || "."}\n`);

    const runs: ToolRun[] = [...checkRules(outDir), ...testRules(outDir), ...checkAlertmanager(outDir)];
    for (const r of runs) {
      console.log(`${r.ok ? "ok  " : "FAIL"} ${r.command.replace(`${outDir}/`, "")}`);
      if (!r.ok) console.log(r.output.replace(/^/gm, "     "));
    }

    const rows: string[][] = [["service", "namespace", "team", "scrape", "recording rules", "alerts", "alert names"]];
    for (const { service: s, ruleFile: f } of generated.services) {
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
    return failed === 0 ? { code: 0, generated } : { code: 1 };
  } catch (e) {
    if (e instanceof MissingToolError) {
      console.error(`${command}: ${e.message}`);
      return { code: 1 };
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
  return check(stackName, defaultOutDir(stackName, flags.out)).code;
}

if (require.main === module) process.exitCode = main();
