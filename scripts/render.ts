/**
 * npm run render -- --stack <name> --out <dir>
 * Renders a stack's rules, Kubernetes objects and Helm values to files, with the same generators
 * as the Pulumi program. Defaults: --stack dev, --out out/<stack>.
 */
import * as path from "node:path";
import { checkStack, formatIssues } from "../spec";
import { readStackFile, renderStack, StackFileError } from "../render";
import { OutputDirError, writeRendered } from "../render/write";
import { parseFlags } from "./args";

const ROOT = path.resolve(__dirname, "..");

function main(): number {
  const { flags, errors } = parseFlags(process.argv.slice(2), ["stack", "out"]);
  if (errors.length > 0) {
    console.error(`render: ${errors.join("; ")}\nusage: npm run render -- [--stack dev] [--out out/<stack>]`);
    return 2;
  }
  const stack = flags.stack ?? "dev";
  const outDir = path.resolve(flags.out ?? path.join(ROOT, "out", stack));
  try {
    const input = readStackFile(ROOT, stack);
    const checked = checkStack(input);
    if (checked.spec === undefined) {
      console.error(`render: Pulumi.${stack}.yaml: ${formatIssues(checked.issues)}`);
      return 1;
    }
    const files = renderStack(checked.spec);
    writeRendered(outDir, files);
    console.log(`rendered stack ${stack}: ${files.length} files in ${path.relative(process.cwd(), outDir) || "."}`);
    return 0;
  } catch (e) {
    if (e instanceof StackFileError || e instanceof OutputDirError) {
      console.error(`render: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
