import * as path from "node:path";
import { checkStack, formatIssues, type StackConfig } from "../config";
import { readStackFile, renderStack, StackFileError, type RenderedFile } from "../render";
import { OutputDirError, writeRendered } from "../render/write";

/** The project directory, where the Pulumi.<stack>.yaml files are. */
export const ROOT = path.resolve(__dirname, "..");

/** The stack's output directory: `--out`, or `out/<stack>` in the project. */
export function defaultOutDir(stackName: string, out: string | undefined): string {
  return path.resolve(out ?? path.join(ROOT, "out", stackName));
}

/**
 * Reads, validates and renders stack `stackName` into `outDir`, as every command does first. Bad
 * config, a missing stack file or an unusable directory is printed as one message prefixed with
 * `command`, and gives undefined.
 */
export function renderStackToDir(
  command: string,
  stackName: string,
  outDir: string,
): { spec: StackConfig; files: RenderedFile[] } | undefined {
  try {
    const checked = checkStack(readStackFile(ROOT, stackName));
    if (checked.spec === undefined) {
      console.error(`${command}: Pulumi.${stackName}.yaml: ${formatIssues(checked.issues)}`);
      return undefined;
    }
    const files = renderStack(checked.spec);
    writeRendered(outDir, files);
    return { spec: checked.spec, files };
  } catch (e) {
    if (e instanceof StackFileError || e instanceof OutputDirError) {
      console.error(`${command}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}
