/**
 * npm run render -- --stack <name> --out <dir>
 * Renders a stack's rules, Kubernetes objects and Helm values to files, with the same generators
 * as the Pulumi program. Defaults: --stack dev, --out out/<stack>.
 */
import * as path from "node:path";
import { parseFlags } from "./args";
import { defaultOutDir, renderStackToDir } from "./rendered-stack";

function main(): number {
  const { flags, errors } = parseFlags(process.argv.slice(2), ["stack", "out"]);
  if (errors.length > 0) {
    console.error(`render: ${errors.join("; ")}\nusage: npm run render -- [--stack dev] [--out out/<stack>]`);
    return 2;
  }
  const stack = flags.stack ?? "dev";
  const outDir = defaultOutDir(stack, flags.out);
  const rendered = renderStackToDir("render", stack, outDir);
  if (rendered === undefined) return 1;
  console.log(`rendered stack ${stack}: ${rendered.files.length} files in ${path.relative(process.cwd(), outDir) || "."}`);
  return 0;
}

process.exitCode = main();
