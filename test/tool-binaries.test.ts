import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runTool, toolBinary } from "../render/tools";
import { MissingBinaryError, findBinary } from "../local/processes";
import { tempDir } from "./support/tools";

const VARIABLES = ["PROMETHEUS_BIN", "PROMTOOL_BIN", "ALERTMANAGER_BIN", "AMTOOL_BIN"] as const;
const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));

afterEach(() => {
  for (const v of VARIABLES) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

/** A stand-in build of a tool: a script that notes its call, then runs Debian's binary with the same arguments. */
function wrapper(real: string): { path: string; calls: () => string } {
  const dir = tempDir("ko-bin-");
  const file = path.join(dir, `my-${real}`);
  const log = path.join(dir, "calls");
  fs.writeFileSync(file, `#!/bin/sh\necho "$@" >> "${log}"\nexec ${real} "$@"\n`, { mode: 0o755 });
  return { path: file, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "") };
}

describe("PROMETHEUS_BIN, PROMTOOL_BIN, ALERTMANAGER_BIN and AMTOOL_BIN name the builds to run", () => {
  it.each([
    ["promtool from PROMTOOL_BIN", "promtool", { PROMTOOL_BIN: "/opt/p3/promtool" }, "/opt/p3/promtool"],
    ["prometheus from PROMETHEUS_BIN", "prometheus", { PROMETHEUS_BIN: "/opt/p3/prometheus" }, "/opt/p3/prometheus"],
    [
      "Debian's Alertmanager from ALERTMANAGER_BIN",
      "prometheus-alertmanager",
      { ALERTMANAGER_BIN: "/opt/am/alertmanager" },
      "/opt/am/alertmanager",
    ],
    ["amtool from AMTOOL_BIN", "amtool", { AMTOOL_BIN: "/opt/am/amtool" }, "/opt/am/amtool"],
    ["the name on PATH when the variable is unset", "promtool", {}, "promtool"],
    ["the name on PATH when the variable is empty", "amtool", { AMTOOL_BIN: "" }, "amtool"],
    ["a tool no variable names, as it is", "vmalert", { PROMTOOL_BIN: "/opt/p3/promtool" }, "vmalert"],
  ])("%s", (_name, tool, env, binary) => {
    expect(toolBinary(tool, env)).toBe(binary);
  });

  it("render's checks run the promtool PROMTOOL_BIN names", () => {
    const promtool = wrapper("promtool");
    process.env.PROMTOOL_BIN = promtool.path;
    const run = runTool("promtool", ["--version"]);
    expect(run.ok).toBe(true);
    expect(run.command).toBe(`${promtool.path} --version`);
    expect(run.output).toMatch(/promtool, version \d+\.\d+\.\d+/);
    expect(promtool.calls()).toBe("--version\n");
  });

  it("the local stack and the drills start the Prometheus PROMETHEUS_BIN names", () => {
    const prometheus = wrapper("prometheus");
    process.env.PROMETHEUS_BIN = prometheus.path;
    expect(findBinary("prometheus", "prometheus")).toBe(prometheus.path);
  });

  it("a variable naming no executable is an error that names the variable, not a fall back to PATH", () => {
    process.env.ALERTMANAGER_BIN = "/nonexistent/alertmanager";
    expect(() => findBinary("prometheus-alertmanager", "prometheus-alertmanager")).toThrow(MissingBinaryError);
    expect(() => findBinary("prometheus-alertmanager", "prometheus-alertmanager")).toThrow(
      "/nonexistent/alertmanager (from ALERTMANAGER_BIN) is not an executable file; set ALERTMANAGER_BIN to the path of prometheus-alertmanager",
    );
    process.env.AMTOOL_BIN = "/nonexistent/amtool";
    expect(() => runTool("amtool", ["--version"])).toThrow("/nonexistent/amtool (from AMTOOL_BIN) does not exist");
  });
});
