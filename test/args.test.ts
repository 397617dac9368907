import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../scripts/args";
import { ROOT } from "./support/config";

const OPTIONS = { stack: { type: "string" }, out: { type: "string" }, fast: { type: "boolean" } } as const;

describe("parseOptions", () => {
  it.each([
    ["separate and inline values and a switch", ["--stack", "prod", "--out=x", "--fast"], { stack: "prod", out: "x", fast: true }],
    ["no arguments at all", [], {}],
    ["a value that starts with a dash, given inline", ["--out=-x"], { out: "-x" }],
  ])("reads %s", (_, argv, values) => {
    expect(parseOptions(argv, OPTIONS)).toEqual({ values, errors: [] });
  });

  it.each([
    [
      "an unknown option, without taking its value for an argument",
      ["--stak", "dev"],
      ["unknown option --stak; allowed: --stack, --out, --fast"],
    ],
    ["an unknown short option", ["-s"], ["unknown option -s; allowed: --stack, --out, --fast"]],
    ["an option without a value at the end", ["--out"], ["--out needs a value"]],
    ["an option followed by another option instead of its value", ["--stack", "--out", "x"], ["--stack needs a value"]],
    ["a value given to a switch", ["--fast=yes"], ["--fast takes no value"]],
    ["a stray argument", ["dev"], ['unexpected argument "dev"']],
    [
      "every problem at once, one line each",
      ["--nope=1", "--fast=no", "--out"],
      ["unknown option --nope; allowed: --stack, --out, --fast", "--fast takes no value", "--out needs a value"],
    ],
  ])("reports %s", (_, argv, errors) => {
    const parsed = parseOptions(argv, OPTIONS);
    expect(parsed.errors).toEqual(errors);
    expect(parsed.values).toEqual({});
  });
});

describe("commands on bad options", () => {
  const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
  it.each([
    ["the drill, a value given to a switch", "scripts/drill.ts", ["--fast=yes"], ["drill: --fast takes no value"]],
    ["start, a port without a value", "scripts/start.ts", ["--prometheus-port"], ["start: --prometheus-port needs a value"]],
    [
      "the rules benchmark, an unknown option and a missing value",
      "bench/rules.ts",
      ["--seires", "24", "--peer"],
      ["bench:rules: unknown option --seires; allowed: --peer, --series, --scrape, --samples", "bench:rules: --peer needs a value"],
    ],
    ["the render benchmark, a stray argument", "bench/render.bench.ts", ["100"], ['bench: unexpected argument "100"']],
  ])("%s: one line per problem, the usage, exit 2 and no stack trace", (_, script, args, lines) => {
    const r = spawnSync(TSX, [script, ...args], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    const out = r.stderr.trimEnd().split("\n");
    expect(out.slice(0, -1)).toEqual(lines);
    expect(out.at(-1)).toMatch(/^usage: /);
  });
});
