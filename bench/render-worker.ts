/**
 * Child process of the benchmark: parses, renders and writes a stack of N generated services, the
 * way the render command does, and reports time and memory.
 *
 * Usage: node --import tsx bench/render-worker.ts <services> [warmRuns]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkStack, formatIssues, type StackConfig } from "../config";
import { renderStack, type RenderedFile } from "../render";
import { writeRendered } from "../render/write";
import { generateStack, type GeneratedStack } from "./render-services";
import { cpuMsSince, memoryBefore, memoryNow, msSince, report } from "./render-child";

function parse(gen: GeneratedStack): StackConfig {
  const checked = checkStack({ stack: gen.stack, config: gen.config });
  if (checked.spec === undefined) {
    process.stderr.write(`generated stack is invalid:\n${formatIssues(checked.issues.slice(0, 20))}\n`);
    process.exit(2);
  }
  return checked.spec;
}

interface Run {
  parseMs: number;
  renderMs: number;
  writeMs: number;
  totalMs: number;
  cpuMs: number;
  files: RenderedFile[];
  bytes: number;
}

/** One parse, render and write (the render command's own) into a fresh temporary directory, which the caller removes (not timed: render never does). */
function run(gen: GeneratedStack): Run & { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-observability-bench-"));
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const spec = parse(gen);
  const t1 = process.hrtime.bigint();
  const files = renderStack(spec);
  const t2 = process.hrtime.bigint();
  writeRendered(dir, files);
  const t3 = process.hrtime.bigint();
  const cpuMs = cpuMsSince(cpu);
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
  return {
    parseMs: msSince(t0, t1),
    renderMs: msSince(t1, t2),
    writeMs: msSince(t2, t3),
    totalMs: msSince(t0, t3),
    cpuMs,
    files,
    bytes,
    dir,
  };
}

/**
 * The disk's share of the write: the same files written again as bytes encoded beforehand, into a
 * fresh directory made beforehand. On a shared machine this moves with other processes' I/O and memory.
 */
function diskWrite(files: readonly RenderedFile[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-observability-bench-disk-"));
  const encoded = files.map((f) => ({ target: path.join(dir, f.path), bytes: Buffer.from(f.content) }));
  for (const d of new Set(encoded.map((e) => path.dirname(e.target)))) fs.mkdirSync(d, { recursive: true });
  const t0 = process.hrtime.bigint();
  for (const e of encoded) fs.writeFileSync(e.target, e.bytes);
  const ms = msSince(t0);
  removeDir(dir);
  return ms;
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function main(): void {
  const services = Number(process.argv[2]);
  const warmRuns = Number(process.argv[3] ?? "3");
  if (!Number.isInteger(services) || services < 1 || !Number.isInteger(warmRuns) || warmRuns < 0) {
    process.stderr.write("usage: render-worker.ts <services> [warmRuns]\n");
    process.exit(2);
  }
  const g0 = process.hrtime.bigint();
  const gen = generateStack(services);
  const generateMs = msSince(g0);

  const before = memoryBefore();
  const cold = run(gen);
  // performance.now() counts from the process's time origin, so this includes startup and imports.
  const processMs = performance.now();
  // Memory of the cold run alone, with its output still referenced: warm runs would only add garbage.
  const memory = memoryNow(before);
  const fileCount = cold.files.length;
  const bytes = cold.bytes;
  removeDir(cold.dir);
  const diskMs = diskWrite(cold.files);

  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const r = run(gen);
    removeDir(r.dir);
    warm.push(r.totalMs);
    warmCpu.push(r.cpuMs);
  }

  report({
    kind: "render",
    services,
    generateMs,
    cold: { parseMs: cold.parseMs, renderMs: cold.renderMs, writeMs: cold.writeMs, totalMs: cold.totalMs },
    processMs,
    diskMs,
    warmMedianMs: median(warm),
    coldCpuMs: cold.cpuMs,
    warmMedianCpuMs: median(warmCpu),
    warmRuns,
    files: fileCount,
    bytes,
    ...memory,
  });
}

main();
