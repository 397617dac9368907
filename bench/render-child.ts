/**
 * How the benchmark runs each measurement: in a fresh Node process (so that peak RSS belongs to
 * that measurement alone), which prints one result line that the parent parses.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** Prefix of the one stdout line that carries a child's result as JSON. */
export const RESULT_PREFIX = "BENCH_RESULT ";

/** Memory of a child process, read at the end of the measured work. */
export interface MemoryFigures {
  /** Peak resident set size of the whole process, in KB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  /** RSS after the imports, before the measured work, in KB. */
  readonly rssBeforeKb: number;
  /** V8 heap in use after the work, results still referenced, in KB. */
  readonly heapUsedKb: number;
  /** V8 heap in use before the measured work, in KB. */
  readonly heapUsedBeforeKb: number;
}

/** What the render worker measures for one size. */
export interface RenderResult extends MemoryFigures {
  readonly kind: "render";
  readonly services: number;
  /** Building the raw config (not product code; shown for context). */
  readonly generateMs: number;
  /** First run in the process, as the render command does it: parse, render, write. */
  readonly cold: { readonly parseMs: number; readonly renderMs: number; readonly writeMs: number; readonly totalMs: number };
  /** From process start (Node startup, tsx, imports) to the end of the cold run: what a user of the render command waits. */
  readonly processMs: number;
  /** The same files written again from bytes encoded beforehand: what the disk alone costs at that moment. */
  readonly diskMs: number;
  /** Median total of the warm runs (parse + render + write), JIT warmed up. */
  readonly warmMedianMs: number;
  /** CPU time (user + system) of the cold run: less sensitive than wall time to other load on the machine. */
  readonly coldCpuMs: number;
  /** Median CPU time of the warm runs. */
  readonly warmMedianCpuMs: number;
  readonly warmRuns: number;
  readonly files: number;
  readonly bytes: number;
}

/** What the program worker measures for one size. */
export interface ProgramResult extends MemoryFigures {
  readonly kind: "program";
  readonly services: number;
  /** How dashboards were delivered: `sidecar` (ConfigMaps) or `grafanaApi`. */
  readonly delivery: "sidecar" | "grafanaApi";
  /** The most resources one service registers itself: its component and that component's children. */
  readonly ownPerService: number;
  /** From process start (Node startup, tsx, imports) until every registration reached the mocks. */
  readonly processMs: number;
  /** Importing the components and their Pulumi providers, before the program runs. */
  readonly loadMs: number;
  /** Importing index.ts: config read, parse, every constructor (synchronous part). */
  readonly constructMs: number;
  /** From the start of the program until every registration reached the mocks. */
  readonly totalMs: number;
  /** CPU time (user + system) of the program until registrations settled. */
  readonly cpuMs: number;
  readonly resources: number;
  readonly customResources: number;
  readonly componentResources: number;
  /** Resources by type token. */
  readonly byType: Readonly<Record<string, number>>;
}

/** Prints a worker's result for the parent. */
export function report(result: RenderResult | ProgramResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Memory figures at this point of a child; `before` is taken with {@link memoryBefore}. */
export function memoryNow(before: { rssKb: number; heapUsedKb: number }): MemoryFigures {
  return {
    maxRssKb: process.resourceUsage().maxRSS,
    rssBeforeKb: before.rssKb,
    heapUsedKb: Math.round(process.memoryUsage().heapUsed / 1024),
    heapUsedBeforeKb: before.heapUsedKb,
  };
}

/** Memory before the measured work. */
export function memoryBefore(): { rssKb: number; heapUsedKb: number } {
  const m = process.memoryUsage();
  return { rssKb: Math.round(m.rss / 1024), heapUsedKb: Math.round(m.heapUsed / 1024) };
}

/** CPU milliseconds (user + system) since `start` (a `process.cpuUsage()` value). */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` value). */
export function msSince(start: bigint, end = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

/**
 * Runs `bench/<worker>` in a fresh `node --import tsx` process with `args`; resolves with its
 * result, or rejects with its stderr when it fails. The child's stderr is passed through.
 */
export function runChild<R>(worker: string, args: readonly string[]): Promise<R> {
  const root = path.join(__dirname, "..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, worker), ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`${worker} ${args.join(" ")} exited with ${code}:\n${stdout}${stderr}`.trimEnd()));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as R);
    });
  });
}
