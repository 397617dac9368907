/**
 * npm run render -- --stack <name> --out <dir>
 * Renders a stack's rules, Kubernetes objects and Helm values to files, with the same generators
 * as the Pulumi program. Defaults: --stack dev, --out out/<stack>.
 */
import * as path from "node:path";
import { parseOptions, usageError } from "./args";
import { defaultOutDir, renderStackToDir } from "./rendered-stack";

function main(): number {
  const { values: flags, errors } = parseOptions(process.argv.slice(2), { stack: { type: "string" }, out: { type: "string" } });
  if (errors.length > 0) {
    return usageError("render", "usage: npm run render -- [--stack dev] [--out out/<stack>]", errors);
  }
  const stack = flags.stack ?? "dev";
  const outDir = defaultOutDir(stack, flags.out);
  const rendered = renderStackToDir("render", stack, outDir);
  if (rendered === undefined) return 1;
  console.log(`rendered stack ${stack}: ${rendered.files.length} files in ${path.relative(process.cwd(), outDir) || "."}`);
  return 0;
}

process.exitCode = main();
