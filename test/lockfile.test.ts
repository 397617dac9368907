/**
 * The lock file as users' CI meets it: `npm ci` refuses a package-lock.json that does not match
 * package.json (for example one that lacks another platform's optional build of rollup or esbuild).
 * `npm ci --dry-run` in a scratch copy of the two files checks exactly that, without touching node_modules.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/config";

const run = promisify(execFile);

async function npmCiDryRun(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    const r = await run("npm", ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: dir,
      env: { ...process.env, npm_config_offline: "true" },
    });
    return { ok: true, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

function scratch(lock: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ko-lock-"));
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  fs.writeFileSync(path.join(dir, "package-lock.json"), lock);
  return dir;
}

describe("the lock file", () => {
  it("is accepted by npm ci as it is checked in", async () => {
    const dir = scratch(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const r = await npmCiDryRun(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.output).not.toMatch(/EUSAGE|Missing: /);
    expect(r.ok).toBe(true);
  });

  it("is refused by npm ci when another platform's optional package is missing from it (the check can fail)", async () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    const foreign = Object.keys(lock.packages).find((k) => /node_modules\/@(rollup|esbuild)\/.*(darwin|win32|android)/.test(k));
    expect(foreign, "the lock lists other platforms' optional builds").toBeDefined();
    delete lock.packages[foreign!];
    const dir = scratch(JSON.stringify(lock, null, 2));
    const r = await npmCiDryRun(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/Missing: /);
  });
});
