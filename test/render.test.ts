import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, renderStack, readStackFile, sortKeys, toYaml } from "../render";
import { objectKey, placeholderScaleOutSecrets } from "../manifests";
import { generate, stackObjects } from "../generate";
import { MARKER } from "../render/write";
import { parseStack } from "../config";
import { ROOT, devStack } from "./support/config";
import { tempDir } from "./support/tools";

/** Reverses the key order of every map, to prove output does not depend on it. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return value;
}

function cli(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("render output is deterministic", () => {
  it("is byte-for-byte the same on every run", () => {
    expect(renderStack(devStack())).toEqual(renderStack(devStack()));
  });

  it("does not depend on the order of keys or services in the stack config", () => {
    const input = readStackFile(ROOT, "dev");
    const shuffled = reverseKeys(input.config) as Record<string, unknown>;
    (shuffled.services as unknown[]).reverse();
    expect(renderStack(parseStack({ stack: "dev", config: shuffled }))).toEqual(renderStack(devStack()));
  });

  it("writes every Kubernetes object as toYaml writes it, PrometheusRules reusing their rule file's YAML included", () => {
    const stack = devStack();
    const files = renderStack(stack);
    const objects = stackObjects(generate(stack), {
      grafanaAdminPassword: SECRET_PLACEHOLDER,
      scaleOut: placeholderScaleOutSecrets(stack.platform, SECRET_PLACEHOLDER),
    });
    expect(objects.filter((o) => o.kind === "PrometheusRule").length).toBe(stack.services.length + 1);
    for (const o of objects) expect(files.find((f) => f.path === `kubernetes/${objectKey(o)}.yaml`)?.content, objectKey(o)).toBe(toYaml(o));
  });

  it("writes only sorted keys", () => {
    for (const f of renderStack(devStack()).filter((x) => x.path.endsWith(".json"))) {
      expect(f.content).toBe(`${JSON.stringify(sortKeys(JSON.parse(f.content)), null, 2)}\n`);
    }
    expect(sortKeys({ b: 1, a: { d: 2, c: 3 } })).toEqual({ a: { c: 3, d: 2 }, b: 1 });
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: 2, c: 3 } }))).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it("contains no timestamp", () => {
    for (const f of renderStack(devStack())) expect(f.content, f.path).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:/);
  });
});

describe("the render command", () => {
  it("writes the rule files, the Kubernetes objects and the Helm values under --out", () => {
    const out = path.join(tempDir(), "dev");
    const r = cli("render.ts", ["--stack", "dev", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(out, MARKER))).toBe(true);
    for (const f of [
      "prometheus/rules/orders-api.yaml",
      "prometheus/rules/payments-api.yaml",
      "prometheus/rules/platform.yaml",
      "kubernetes/helm-values.yaml",
      "kubernetes/servicemonitor-orders-api.yaml",
    ]) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    }
    const written = renderStack(devStack()).map((f) => fs.readFileSync(path.join(out, f.path), "utf8"));
    expect(written).toEqual(renderStack(devStack()).map((f) => f.content));
  });

  it.each([
    ["an unknown stack", ["--stack", "nope"], /^render: no stack "nope": .*Pulumi\.nope\.yaml does not exist; stacks here: .*dev/],
    ["an unknown option", ["--stak", "dev"], /^render: unknown option --stak; allowed: --stack, --out\nusage: npm run render/],
    ["an option without a value", ["--out"], /^render: --out needs a value/],
  ])("answers %s with one clear line and no stack trace", (_case, args, message) => {
    const r = cli("render.ts", args);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses to clear a non-empty directory that is not a previous render", () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, "precious.txt"), "keep me");
    const r = cli("render.ts", ["--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is not empty and is not a previous render");
    expect(fs.readFileSync(path.join(out, "precious.txt"), "utf8")).toBe("keep me");
  });
});
