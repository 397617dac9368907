/**
 * The package as another team gets it: `npm pack` of the built library, the tarball unpacked into a
 * temporary copy of examples/consumer (its node_modules/kube-observability holds the tarball's files and
 * nothing else), the consumer type-checked with its own tsconfig and run under Pulumi mocks.
 *
 * The library is built into a staging directory rather than ./dist, so that two test runs at once never
 * delete each other's build; `npm pack` then packs the staged package.json and dist/ by the same `files`
 * and `exports` as a `npm pack` at the root (whose `prepack` builds ./dist with the same tsconfig).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./support/config";
import { settle } from "./support/mocks";

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  types?: string;
  private?: boolean;
  scripts: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly provider: string | undefined;
}

const CONSUMER_SRC = path.join(ROOT, "examples", "consumer");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
const CANARY = "canary-consumer-Pw93";

let tmp = "";
let consumer = "";
let packedFiles: string[] = [];
let packedPkg: PackageJson;
let tscResult = { status: -1, output: "" };
const registered: Registration[] = [];
let program: Record<string, unknown> = {};

/**
 * Runs a command without blocking: a worker that blocks for long (the build takes a minute on a loaded
 * machine) misses vitest's RPC deadline.
 */
function run(cmd: string, args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, output: `${stdout}${stderr}` }));
  });
}

/** Runs a command that must succeed; gives its stdout. */
async function must(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  const res = await run(cmd, args, cwd);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${res.output}`);
  return res.stdout;
}

/** Builds and packs the package; returns the tarball's path. */
async function pack(): Promise<string> {
  const stage = path.join(tmp, "package");
  fs.mkdirSync(stage);
  await must(process.execPath, [TSC, "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", path.join(stage, "dist")], ROOT);
  for (const f of ["package.json", "CHANGELOG.md", "README.md"]) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  const out = await must("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], stage);
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no tarball:\n${out}`);
  packedFiles = info.files.map((f) => f.path).sort();
  return path.join(tmp, info.filename);
}

/**
 * A copy of the consumer with the tarball unpacked as node_modules/kube-observability, as `npm install
 * <tarball>` lays it out. Its declared dependencies (and the consumer's) are symlinked from this
 * project's node_modules, so the test needs no registry; anything the package needs but does not
 * declare is not resolvable from the unpacked files.
 */
async function installConsumer(tarball: string): Promise<void> {
  consumer = path.join(tmp, "consumer");
  fs.cpSync(CONSUMER_SRC, consumer, { recursive: true, filter: (src) => !/node_modules|[\\/]bin$/.test(src) });
  const target = path.join(consumer, "node_modules", "kube-observability");
  fs.mkdirSync(target, { recursive: true });
  await must("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], tmp);
  packedPkg = JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")) as PackageJson;
  const own = JSON.parse(fs.readFileSync(path.join(consumer, "package.json"), "utf8")) as PackageJson;
  const names = new Set([
    ...Object.keys(packedPkg.dependencies),
    ...Object.keys(packedPkg.peerDependencies ?? {}),
    ...Object.keys(own.dependencies),
    ...Object.keys(own.devDependencies ?? {}),
  ]);
  names.delete(packedPkg.name);
  for (const name of names) {
    const link = path.join(consumer, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", name), link, "dir");
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ko-consumer-"));
  await installConsumer(await pack());
  tscResult = await run(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], consumer);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, provider: args.provider });
        return { id: `${args.name}-id`, state: { ...args.inputs, status: { status: "deployed" } } };
      },
      call(args) {
        return args.inputs;
      },
    },
    "checkout-monitoring",
    "dev",
    true,
  );
  const credentials = {
    heartbeat: "https://hc.invalid/ping",
    "platform-chat": "https://hooks.invalid/p",
    "checkout-chat": "https://hooks.invalid/c",
    "checkout-pager": CANARY,
  };
  pulumi.runtime.setAllConfig(
    { "checkout-monitoring:grafanaAdminPassword": CANARY, "checkout-monitoring:alertingSecrets": JSON.stringify(credentials) },
    ["checkout-monitoring:grafanaAdminPassword", "checkout-monitoring:alertingSecrets"],
  );
  program = (await import(path.join(consumer, "index.ts"))) as Record<string, unknown>;
  await settle();
}, 180_000);

afterAll(() => {
  if (tmp !== "") fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the package tarball", () => {
  it("ships the built JavaScript and its declarations, and no sources, tests or scripts", () => {
    expect(packedFiles).toContain("dist/lib.js");
    expect(packedFiles).toContain("dist/lib.d.ts");
    expect(packedFiles).toContain("CHANGELOG.md");
    expect(packedFiles.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    expect(packedFiles.filter((f) => /^(test|scripts|local|bench|examples|node_modules)\//.test(f))).toEqual([]);
  });

  it("holds the file behind every export, with types beside it", () => {
    expect(Object.keys(packedPkg.exports).sort()).toEqual(
      [
        ".",
        "./alerting",
        "./components",
        "./dashboards",
        "./generate",
        "./manifests",
        "./package.json",
        "./render",
        "./rules",
        "./spec",
        "./config",
      ].sort(),
    );
    for (const [key, target] of Object.entries(packedPkg.exports)) {
      const files = typeof target === "string" ? [target] : [target.types, target.default];
      for (const f of files) expect(packedFiles, `${key} -> ${f}`).toContain(f.replace(/^\.\//, ""));
    }
  });

  it("keeps TSDoc in the declarations", () => {
    const dts = fs.readFileSync(path.join(consumer, "node_modules", "kube-observability", "dist", "components", "service.d.ts"), "utf8");
    expect(dts).toContain("/** Monitoring of one HTTP service: its ServiceMonitor and its PrometheusRule. */");
  });

  it("is publishable, builds before packing, and takes the Pulumi SDK from the consumer (one SDK per program)", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.scripts.build).toContain("tsc -p tsconfig.build.json");
    expect(pkg.peerDependencies).toHaveProperty("@pulumi/pulumi");
    expect(pkg.dependencies).not.toHaveProperty("@pulumi/pulumi");
  });

  it("leaves this repository's Pulumi program at index.ts: without `main`, Pulumi would run the `.` export", () => {
    const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main?: string };
    expect(project.main).toBe("index.ts");
    expect(pkg.exports["."]).toEqual({ types: "./dist/lib.d.ts", default: "./dist/lib.js" });
  });

  it("is the tarball the consumer example depends on", () => {
    const own = JSON.parse(fs.readFileSync(path.join(CONSUMER_SRC, "package.json"), "utf8")) as PackageJson;
    expect(own.dependencies["kube-observability"]).toBe(`file:../../kube-observability-${pkg.version}.tgz`);
  });
});

describe("the consumer program on the packed package", () => {
  it("type-checks with its own tsconfig (node16 resolution through the package's exports)", () => {
    expect(tscResult.output).toBe("");
    expect(tscResult.status).toBe(0);
  });

  it("resolves kube-observability to the unpacked tarball, not to this source tree", () => {
    // Resolved from the consumer's own file: from here, Node would resolve the name to this package itself.
    const resolved = createRequire(path.join(consumer, "index.ts")).resolve("kube-observability");
    expect(resolved).toBe(path.join(fs.realpathSync(consumer), "node_modules", "kube-observability", "dist", "lib.js"));
  });

  it("registers the platform, one service and the dashboards through the package's components", () => {
    const components = registered.filter((r) => r.type.startsWith("kube-observability:")).map((r) => `${r.type} ${r.name}`);
    expect(components).toContain("kube-observability:index:ServiceMonitoring checkout-api");
    expect(components.some((c) => c.endsWith(" platform"))).toBe(true);
    expect(components.some((c) => c.endsWith(" dashboards"))).toBe(true);
  });

  it("creates the service's ServiceMonitor and PrometheusRule, the chart and the dashboard ConfigMaps", () => {
    const byType = (t: string): string[] =>
      registered
        .filter((r) => r.type === t)
        .map((r) => r.name)
        .sort();
    expect(byType("kubernetes:monitoring.coreos.com/v1:ServiceMonitor")).toEqual(["checkout-api-servicemonitor"]);
    expect(byType("kubernetes:monitoring.coreos.com/v1:PrometheusRule")).toEqual([
      "checkout-api-prometheusrule",
      "platform-prometheusrule-kube-observability-platform",
    ]);
    expect(byType("kubernetes:helm.sh/v3:Release")).toEqual(["platform-chart"]);
    expect(byType("kubernetes:core/v1:ConfigMap")).toHaveLength(2);
  });

  it("sends every Kubernetes resource through the program's own provider, none through the default one", () => {
    const kube = registered.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
    expect(kube.length).toBeGreaterThan(10);
    expect(kube.filter((r) => !(r.provider ?? "").includes("::checkout-cluster::")).map((r) => `${r.type} ${r.name}`)).toEqual([]);
  });

  it("keeps the secrets out of everything but Kubernetes Secrets", () => {
    const leaks = registered.filter((r) => r.type !== "kubernetes:core/v1:Secret" && JSON.stringify(r.inputs).includes(CANARY));
    expect(leaks.map((r) => r.name)).toEqual([]);
    expect(registered.filter((r) => r.type === "kubernetes:core/v1:Secret" && JSON.stringify(r.inputs).includes(CANARY)).length).toBe(2);
  });

  it("exports what it computed with the package's generators", () => {
    expect(program.ruleObject).toBe("checkout-api");
    expect(program.alertNames).toEqual(expect.arrayContaining(["SLOErrorBudgetBurn", "Watchdog"]));
  });
});
