/**
 * `npm run bench`: render time and peak memory for 10, 100, 500 and 1000 generated services, and the
 * Pulumi program under mocks for the same sizes (resources registered, time, peak memory), with
 * dashboards through the sidecar and, for a few sizes, through the Grafana API. Each measurement runs
 * in a fresh Node process, one after the other, so that peak RSS belongs to it alone.
 *
 * Options (defaults shown): --render=10,100,500,1000 --program=1,10,100,500,1000 --api=1,100,200 --warm=2 --repeat=1
 * --warm: runs after the cold one in each render process; --repeat: fresh processes per size (times
 * are their median, peak RSS their highest, since the machine may be shared and noisy).
 * The program sizes (and --api, when given) must include 1 (the platform baseline) so that resources
 * per service can be derived by difference, whatever components other parts add.
 *
 * Prints markdown tables and writes them to bench/results/render-bench.md (and .json).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { optionsOrExit } from "../scripts/args";
import { runChild, type ProgramResult, type RenderResult } from "./render-child";

/** The targets of the foundation issue (#2) and of the production issue's scale benchmark (#7). */
const TARGETS = {
  /** Services the render targets apply to. */
  renderServices: 1000,
  /** Whole render process (startup, imports, parse, render, write) for that many services. */
  renderMs: 5000,
  /** Peak RSS of that process. */
  renderRssKb: 1024 * 1024,
  /** Pulumi resources one service registers itself (its component included), #2. */
  resourcesPerService: 3,
  /** Resources the stack gains per service, shared ones (dashboard ConfigMaps, Grafana API dashboards) included, #7. */
  resourcesPerServiceOverall: 4,
  /** Services the program targets apply to, #7. */
  programServices: 500,
  /** Whole program process (startup, imports, construct, registrations) for that many services. */
  programMs: 20_000,
  /** Peak RSS of that process. */
  programRssKb: 1.5 * 1024 * 1024,
  /** Largest per-service cost of a larger size over a smaller one that still counts as linear. */
  linearRatio: 1.5,
} as const;

const USAGE = "--render=10,100,500,1000 --program=1,10,100,500,1000 --api=1,100,200 --warm=2 --repeat=1";

interface Options {
  readonly render: readonly number[];
  readonly program: readonly number[];
  /** Program sizes with dashboards through the Grafana API (empty: none). */
  readonly api: readonly number[];
  readonly warm: number;
  /** Fresh processes per size: times are their median, peak RSS their highest. */
  readonly repeat: number;
}

function benchOptions(argv: readonly string[]): Options {
  const flags = optionsOrExit("bench", `usage: npm run bench -- ${USAGE}`, argv, {
    render: { type: "string" },
    program: { type: "string" },
    api: { type: "string" },
    warm: { type: "string" },
    repeat: { type: "string" },
  });
  const sizes = (flag: "render" | "program" | "api", fallback: readonly number[]): readonly number[] => {
    const arg = flags[flag];
    if (arg === undefined) return fallback;
    const list = arg
      .split(",")
      .filter((s) => s !== "")
      .map(Number);
    if (list.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error(`--${flag} takes positive integers separated by commas, got ${arg}`);
    return [...new Set(list)].sort((a, b) => a - b);
  };
  const count = (flag: "warm" | "repeat", fallback: number, min: number): number => {
    const arg = flags[flag];
    const n = arg === undefined ? fallback : Number(arg);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} takes an integer of at least ${min}, got ${arg}`);
    return n;
  };
  return {
    render: sizes("render", [10, 100, 500, 1000]),
    program: sizes("program", [1, 10, 100, 500, 1000]),
    api: sizes("api", [1, 100, 200]),
    warm: count("warm", 2, 0),
    repeat: count("repeat", 1, 1),
  };
}

const mb = (kb: number): string => (kb / 1024).toFixed(1);
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const perService = (x: number, n: number): string => (x / n).toFixed(3);
const verdict = (ok: boolean): string => (ok ? "PASS" : "FAIL");

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** Per-service cost of each size and its ratio to the previous (smaller) size. */
function ratios<T extends { services: number }>(results: readonly T[], cost: (r: T) => number): string[] {
  return results.map((r, i) => {
    const prev = results[i - 1];
    return prev === undefined ? "–" : (cost(r) / r.services / (cost(prev) / prev.services)).toFixed(2);
  });
}

interface Check {
  readonly target: string;
  readonly measured: string;
  readonly ok: boolean;
}

function renderSection(results: readonly RenderResult[], warm: number): { text: string; checks: Check[] } {
  // Linearity on warm CPU time: cold runs of small sizes are dominated by JIT warm-up, and wall
  // time by whatever else the machine is doing.
  const cpu = (r: RenderResult): number => (warm > 0 ? r.warmMedianCpuMs : r.coldCpuMs);
  const cpuRatio = ratios(results, cpu);
  const timeRows = results.map((r, i) => [
    String(r.services),
    String(r.files),
    mb(r.bytes / 1024),
    ms(r.cold.parseMs),
    ms(r.cold.renderMs),
    ms(r.cold.writeMs),
    ms(r.diskMs),
    ms(r.cold.totalMs),
    ms(r.coldCpuMs),
    ms(r.processMs),
    perService(r.cold.totalMs, r.services),
    warm > 0 ? ms(r.warmMedianMs) : "–",
    warm > 0 ? ms(r.warmMedianCpuMs) : "–",
    perService(cpu(r), r.services),
    cpuRatio[i] ?? "–",
  ]);
  const memoryRows = results.map((r) => [
    String(r.services),
    mb(r.maxRssKb),
    mb(r.rssBeforeKb),
    mb(r.heapUsedKb),
    mb(r.heapUsedKb - r.heapUsedBeforeKb),
    ((r.heapUsedKb - r.heapUsedBeforeKb) / r.services).toFixed(1),
  ]);
  const text = [
    table(
      [
        "services",
        "files",
        "output MB",
        "parse ms",
        "render ms",
        "write ms",
        "disk ms",
        "cold total ms",
        "cold CPU ms",
        "process ms",
        "cold ms/service",
        `warm ms (median of ${warm})`,
        "warm CPU ms",
        `${warm > 0 ? "warm" : "cold"} CPU ms/service`,
        "ratio",
      ],
      timeRows,
    ),
    "",
    table(["services", "peak RSS MB", "RSS before MB", "heap used MB", "heap growth MB", "heap growth KB/service"], memoryRows),
  ].join("\n");

  const checks: Check[] = [];
  const target = results.find((r) => r.services === TARGETS.renderServices);
  if (target !== undefined) {
    checks.push({
      target: `render ${TARGETS.renderServices} services in under ${TARGETS.renderMs / 1000} s (whole process, wall)`,
      measured: `${ms(target.processMs)} ms (parse ${ms(target.cold.parseMs)}, render ${ms(target.cold.renderMs)}, write ${ms(target.cold.writeMs)} ms of which the disk alone ${ms(target.diskMs)} ms; CPU ${ms(target.coldCpuMs)} ms)`,
      ok: target.processMs < TARGETS.renderMs,
    });
    checks.push({
      target: `render ${TARGETS.renderServices} services in under ${TARGETS.renderRssKb / 1024 / 1024} GB peak RSS`,
      measured: `${mb(target.maxRssKb)} MB`,
      ok: target.maxRssKb < TARGETS.renderRssKb,
    });
  }
  const large = results[results.length - 1];
  const small = results.length > 1 ? results[results.length - 2] : undefined;
  if (large !== undefined && small !== undefined) {
    const ratio = cpu(large) / large.services / (cpu(small) / small.services);
    const marginal = (cpu(large) - cpu(small)) / (large.services - small.services);
    checks.push({
      target: `render cost linear in services (${warm > 0 ? "warm" : "cold"} CPU ms/service at ${large.services} over ${small.services} ≤ ${TARGETS.linearRatio})`,
      measured: `ratio ${ratio.toFixed(2)}; marginal ${marginal.toFixed(3)} CPU ms/service`,
      ok: ratio <= TARGETS.linearRatio,
    });
  }
  return { text, checks };
}

/** Resources the stack gains per service between the 1-service baseline and the largest size, by type. */
function perServiceGrowth(
  results: readonly ProgramResult[],
): { n: number; per: number; marginal: number; from: number; platform: number; large: ProgramResult; byType: string } | undefined {
  const base = results.find((r) => r.services === 1);
  const large = results[results.length - 1];
  if (base === undefined || large === undefined || large === base) return undefined;
  // Platform resources do not grow with services, so the difference is what services add.
  const n = large.services - base.services;
  const per = (large.resources - base.resources) / n;
  const types = [...new Set([...Object.keys(base.byType), ...Object.keys(large.byType)])].sort();
  const byType = table(
    ["resource type", "platform", "per service"],
    types.map((t) => {
      const p = ((large.byType[t] ?? 0) - (base.byType[t] ?? 0)) / n;
      return [t, String(Number(((base.byType[t] ?? 0) - p).toFixed(3))), String(Number(p.toFixed(3)))];
    }),
  );
  // What one more service costs once every team exists: the two largest sizes.
  const prev = results[results.length - 2];
  const marginal = prev !== undefined && prev !== base ? (large.resources - prev.resources) / (large.services - prev.services) : per;
  return {
    n,
    per,
    marginal,
    from: prev !== undefined && prev !== base ? prev.services : base.services,
    platform: base.resources - per,
    large,
    byType,
  };
}

function programTable(results: readonly ProgramResult[]): string {
  const cpuRatio = ratios(results, (r) => r.cpuMs);
  const rows = results.map((r, i) => [
    String(r.services),
    String(r.resources),
    String(r.customResources),
    String(r.componentResources),
    String(r.ownPerService),
    ms(r.constructMs),
    ms(r.totalMs),
    ms(r.processMs),
    ms(r.cpuMs),
    perService(r.cpuMs, r.services),
    cpuRatio[i] ?? "–",
    mb(r.maxRssKb),
    mb(r.heapUsedKb),
  ]);
  return table(
    [
      "services",
      "resources",
      "custom",
      "components",
      "own per service",
      "construct ms",
      "until registered ms",
      "process ms",
      "CPU ms",
      "CPU ms/service",
      "ratio",
      "peak RSS MB",
      "heap used MB",
    ],
    rows,
  );
}

function programSection(results: readonly ProgramResult[], api: readonly ProgramResult[]): { text: string; checks: Check[] } {
  const checks: Check[] = [];
  const parts: string[] = [programTable(results)];
  const own = Math.max(0, ...results.map((r) => r.ownPerService));
  if (results.length > 0) {
    checks.push({
      target: `at most ${TARGETS.resourcesPerService} Pulumi resources of its own per service (sidecar dashboards)`,
      measured: `${own} (its ServiceMonitoring component, ServiceMonitor, PrometheusRule), at every size`,
      ok: own <= TARGETS.resourcesPerService,
    });
  }
  for (const [label, list] of [
    ["sidecar", results],
    ["grafanaApi", api],
  ] as const) {
    const g = perServiceGrowth(list);
    if (g === undefined) continue;
    parts.push(
      "",
      `Resources by type, dashboards through ${label === "sidecar" ? "the sidecar (ConfigMaps per team)" : "the Grafana API"} (${g.large.services} services over 1):`,
      "",
      g.byType,
    );
    checks.push({
      target: `at most ${TARGETS.resourcesPerServiceOverall} Pulumi resources per service overall, shared ones included (${label} dashboards)`,
      measured:
        `${Number(g.marginal.toFixed(3))} per added service from ${g.from} to ${g.large.services} services; ` +
        `${Number(g.per.toFixed(3))} from 1 (teams' folders and ConfigMaps included; ${g.large.resources} for ${g.large.services} services)`,
      ok: g.marginal <= TARGETS.resourcesPerServiceOverall,
    });
  }
  if (api.length > 0) parts.splice(1, 0, "", "With `dashboards.delivery: grafanaApi`:", "", programTable(api));
  const target = results.find((r) => r.services === TARGETS.programServices);
  if (target !== undefined) {
    checks.push({
      target: `program for ${TARGETS.programServices} services in under ${TARGETS.programMs / 1000} s (whole process, wall)`,
      measured: `${ms(target.processMs)} ms (construct ${ms(target.constructMs)} ms, until registered ${ms(target.totalMs)} ms, CPU ${ms(target.cpuMs)} ms)`,
      ok: target.processMs < TARGETS.programMs,
    });
    checks.push({
      target: `program for ${TARGETS.programServices} services in under ${TARGETS.programRssKb / 1024 / 1024} GB peak RSS`,
      measured: `${mb(target.maxRssKb)} MB`,
      ok: target.maxRssKb < TARGETS.programRssKb,
    });
  }
  const sized = results.filter((r) => r.services > 1);
  const hi = sized[sized.length - 1];
  const lo = sized.length > 1 ? sized[sized.length - 2] : undefined;
  if (hi !== undefined && lo !== undefined) {
    const ratio = hi.cpuMs / hi.services / (lo.cpuMs / lo.services);
    checks.push({
      target: `program cost linear in services (CPU ms/service at ${hi.services} over ${lo.services} ≤ ${TARGETS.linearRatio})`,
      measured: `ratio ${ratio.toFixed(2)}; marginal ${((hi.cpuMs - lo.cpuMs) / (hi.services - lo.services)).toFixed(3)} CPU ms/service`,
      ok: ratio <= TARGETS.linearRatio,
    });
  }
  return { text: parts.join("\n"), checks };
}

/**
 * Runs a worker `repeat` times, one after the other; keeps the run with the median `time` and
 * gives it the highest peak RSS of all runs.
 */
async function measure<R extends { maxRssKb: number }>(
  label: string,
  worker: string,
  args: readonly string[],
  repeat: number,
  time: (r: R) => number,
): Promise<R> {
  const runs: R[] = [];
  for (let i = 0; i < repeat; i++) {
    process.stderr.write(`${label} (${i + 1}/${repeat})...\n`);
    runs.push(await runChild<R>(worker, args));
  }
  const sorted = [...runs].sort((a, b) => time(a) - time(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median === undefined) throw new Error(`${label}: no run`);
  return { ...median, maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)) };
}

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2));
  const loadBefore = os.loadavg()[0] ?? 0;
  const renders: RenderResult[] = [];
  for (const n of options.render) {
    renders.push(
      await measure<RenderResult>(
        `render: ${n} services`,
        "render-worker.ts",
        [String(n), String(options.warm)],
        options.repeat,
        (r) => r.processMs,
      ),
    );
  }
  const programs: ProgramResult[] = [];
  for (const n of options.program) {
    programs.push(
      await measure<ProgramResult>(
        `program under mocks: ${n} services`,
        "program-worker.ts",
        [String(n)],
        options.repeat,
        (r) => r.processMs,
      ),
    );
  }
  const apiPrograms: ProgramResult[] = [];
  for (const n of options.api) {
    apiPrograms.push(
      await measure<ProgramResult>(
        `program under mocks, Grafana API dashboards: ${n} services`,
        "program-worker.ts",
        [String(n), "grafanaApi"],
        options.repeat,
        (r) => r.processMs,
      ),
    );
  }
  const loadAfter = os.loadavg()[0] ?? 0;

  const render = renderSection(renders, options.warm);
  const program = programSection(programs, apiPrograms);
  const checks = [...render.checks, ...program.checks];
  const failed = checks.filter((c) => !c.ok).length;
  const cpu = os.cpus();
  const md = [
    "# kube-observability benchmark",
    "",
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${mb(os.totalmem() / 1024)} MB RAM; ${new Date().toISOString()}.`,
    `Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after: other work on the machine makes times noisy.`,
    `Command: \`npm run bench -- --render=${options.render.join(",")} --program=${options.program.join(",")} --api=${options.api.join(",")} --warm=${options.warm} --repeat=${options.repeat}\``,
    `Each size ran in ${options.repeat} fresh process(es) one after the other: times are from the run with the median time, peak RSS is the highest of all.`,
    "",
    "## Render (parse → renderStack → write to a temp dir), one fresh process per size",
    "",
    render.text,
    "",
    "Cold = the first run in the process, as the render command does it; process ms = from Node start to the end of that run",
    "(startup, tsx, imports included). Warm = median of later runs in the same process. CPU = user + system time of the process",
    "during the run (steadier than wall time on a shared machine). Ratio = CPU ms/service over that of the previous size.",
    "Peak RSS = `process.resourceUsage().maxRSS` after the cold run; heap used with the rendered files still referenced.",
    "Disk ms = the same files written once more from bytes encoded beforehand, after the cold run: the write's share that",
    "belongs to the machine (on a shared machine it swings with other processes' I/O and memory), not to the render.",
    "",
    "## Pulumi program (index.ts) under mocks, one fresh process per size",
    "",
    program.text,
    "",
    "Own per service = the most resources one service registers itself (its component and its children). Construct = importing",
    "index.ts (config, parse, constructors); until registered = until the last resource reached the mocks; process ms = from Node",
    "start to then. CPU = user + system time of the process from the import of index.ts. Ratio = CPU ms/service over that of the",
    "previous size. Per-service counts by type are the difference between sizes, so they include shared resources that grow with",
    "services or teams (a team's dashboard ConfigMaps, one per 900 KiB of its dashboards; a team's Grafana folder). The overall",
    "target takes the two largest sizes, when every generated team already exists: what one more service costs.",
    "",
    "## Targets",
    "",
    table(
      ["target", "measured", "result"],
      checks.map((c) => [c.target, c.measured, verdict(c.ok)]),
    ),
    "",
    failed === 0 ? "All targets met." : `${failed} of ${checks.length} targets not met.`,
    "",
  ].join("\n");

  process.stdout.write(`\n${md}`);
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "render-bench.md"), md);
  fs.writeFileSync(
    path.join(dir, "render-bench.json"),
    `${JSON.stringify({ options, renders, programs, apiPrograms, checks }, null, 2)}\n`,
  );
  process.stderr.write(`written: ${path.relative(process.cwd(), path.join(dir, "render-bench.md"))} and render-bench.json\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
