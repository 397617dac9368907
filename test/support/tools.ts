import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderStack } from "../../render";
import { writeRendered } from "../../render/write";
import type { StackConfig } from "../../config";

/** A fresh temporary directory for one test. */
export function tempDir(prefix = "ko-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Renders a stack into a fresh temporary directory, as `npm run render` does, and returns it. */
export function renderToTemp(stack: StackConfig): string {
  const dir = path.join(tempDir(), "out");
  writeRendered(dir, renderStack(stack));
  return dir;
}

/** Expands the few Go template forms our annotations use, as Prometheus would for known values. */
export function expandTemplate(text: string, labels: Record<string, string>, value: number): string {
  const g4 = (v: number): string => String(Number(v.toPrecision(4)));
  return text
    .replace(/\{\{ \$labels\.([a-z_]+) \}\}/g, (_, l: string) => labels[l] ?? "")
    .replace(/\{\{ \$value \| humanizePercentage \}\}/g, () => `${g4(value * 100)}%`)
    .replace(/\{\{ \$value \| humanizeDuration \}\}/g, () => (value < 1 ? `${g4(value * 1000)}ms` : `${g4(value)}s`))
    .replace(/\{\{ \$value \}\}/g, () => g4(value));
}
