import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The result of running one real tool on rendered output. */
export interface ToolRun {
  /** The command line, for the user. */
  readonly command: string;
  readonly ok: boolean;
  /** What the tool printed, stdout then stderr, trimmed. */
  readonly output: string;
}

/** Thrown when a tool is not installed; the message says how to install it. */
export class MissingToolError extends Error {
  override name = "MissingToolError";
}

const INSTALL_HINT = "install it with `apt-get install prometheus prometheus-alertmanager` (or run scripts/setup.sh)";

/**
 * The Prometheus and Alertmanager programs, by the name on PATH (Debian's) and the environment variable that
 * names another build instead: `PROMTOOL_BIN=/opt/prometheus-3.14/promtool` runs render's checks, the local
 * stack and the drills on the Prometheus the chart deploys.
 */
export const TOOL_BINARIES = {
  prometheus: "PROMETHEUS_BIN",
  promtool: "PROMTOOL_BIN",
  "prometheus-alertmanager": "ALERTMANAGER_BIN",
  alertmanager: "ALERTMANAGER_BIN",
  amtool: "AMTOOL_BIN",
} as const satisfies Readonly<Record<string, string>>;

/** The binary to run for a tool: the path its environment variable names (when set and not empty), else the name itself. */
export function toolBinary(tool: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = (TOOL_BINARIES as Readonly<Record<string, string>>)[tool];
  const given = variable !== undefined ? env[variable] : undefined;
  return given !== undefined && given !== "" ? given : tool;
}

/** Runs a tool synchronously with a time limit; never throws for a failing tool, only for a missing one. */
export function runTool(tool: string, args: readonly string[], opts: { cwd?: string; input?: string } = {}): ToolRun {
  const binary = toolBinary(tool);
  // The generated SLO tests replay hours of traffic: about a minute per file on an idle core, several on a loaded one.
  const res = spawnSync(binary, args, { cwd: opts.cwd, input: opts.input, encoding: "utf8", timeout: 900_000 });
  if (res.error && (res.error as NodeJS.ErrnoException).code === "ENOENT") {
    const variable = (TOOL_BINARIES as Readonly<Record<string, string>>)[tool];
    throw new MissingToolError(
      binary !== tool && variable !== undefined
        ? `${binary} (from ${variable}) does not exist`
        : `${tool} is not installed: ${INSTALL_HINT}`,
    );
  }
  const timedOut = (res.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  const output = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim() + (timedOut ? "\n(stopped after 15 minutes)" : "");
  return { command: [binary, ...args].join(" "), ok: res.status === 0 && !res.error, output };
}

function filesIn(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

/** `promtool check rules` on every rendered rule file. */
export function checkRules(outDir: string): ToolRun[] {
  return filesIn(path.join(outDir, "prometheus", "rules"), ".yaml").map((f) => runTool("promtool", ["check", "rules", f]));
}

/** `promtool test rules` on every rendered rule test, run from its own directory. */
export function testRules(outDir: string): ToolRun[] {
  const dir = path.join(outDir, "prometheus", "tests");
  return filesIn(dir, ".yaml").map((f) => runTool("promtool", ["test", "rules", path.basename(f)], { cwd: dir }));
}

/** `amtool check-config` on the rendered Alertmanager configuration, when there is one. */
export function checkAlertmanager(outDir: string): ToolRun[] {
  const f = path.join(outDir, "alertmanager", "alertmanager.yaml");
  return fs.existsSync(f) ? [runTool("amtool", ["check-config", f])] : [];
}
