import * as path from "node:path";
import { checkStack, formatIssues, type StackConfig } from "../config";
import { generate, type Generated } from "../generate";
import { readStackFile, renderGenerated, StackFileError, type RenderedFile } from "../render";
import { checkAlertmanager, checkRules, MissingToolError } from "../render/tools";
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
): { spec: StackConfig; generated: Generated; files: RenderedFile[] } | undefined {
  try {
    const checked = checkStack(readStackFile(ROOT, stackName));
    if (checked.spec === undefined) {
      console.error(`${command}: Pulumi.${stackName}.yaml: ${formatIssues(checked.issues)}`);
      return undefined;
    }
    const generated = generate(checked.spec);
    const files = renderGenerated(generated);
    writeRendered(outDir, files);
    return { spec: checked.spec, generated, files };
  } catch (e) {
    if (e instanceof StackFileError || e instanceof OutputDirError) {
      console.error(`${command}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/**
 * Renders the stack and checks that Prometheus and Alertmanager will load it (`promtool check rules`,
 * `amtool check-config`), for the drills and `npm start -- --ha`. The generated `promtool test rules`
 * files are `npm run check`'s job: at the fast stacks' 5s evaluation they take minutes, and the drills
 * test the same rules live. Gives the generation it rendered, undefined when anything failed.
 */
export function renderAndLoad(command: string, stackName: string, renderDir: string): Generated | undefined {
  const rendered = renderStackToDir(command, stackName, renderDir);
  if (rendered === undefined) return undefined;
  try {
    const runs = [...checkRules(renderDir), ...checkAlertmanager(renderDir)];
    for (const r of runs) if (!r.ok) console.error(`${command}: ${r.command} failed:\n${r.output}`);
    console.log(`Rendered stack ${stackName} to ${path.relative(process.cwd(), renderDir)}; ${runs.length} rule and routing files load.`);
    return runs.every((r) => r.ok) ? rendered.generated : undefined;
  } catch (e) {
    if (!(e instanceof MissingToolError)) throw e;
    console.error(`${command}: ${e.message}`);
    return undefined;
  }
}
