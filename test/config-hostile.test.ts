import { describe, expect, it } from "vitest";
import { checkStack, formatIssues } from "../config";
import { REFUSED } from "./support/hostile";
import { baseConfig, baseService } from "./support/config";

describe("hostile and careless config is refused at the field it is in, once", () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = checkStack({ stack: "test", config: c.config });
    expect(result.issues.map((i) => i.path)).toEqual(c.paths);
    expect(result.issues[0]?.message).toContain(c.says);
    // Error messages never expand a huge value.
    for (const i of result.issues) expect(i.message.length + i.path.length).toBeLessThan(700);
  });
});

describe("defaults the user did not write are reported as defaults", () => {
  it("a stack name that is not a label value is named as the default of platform.environment", () => {
    const result = checkStack({ stack: "my stack", config: baseConfig() });
    expect(result.issues).toEqual([
      {
        path: "platform.environment",
        message:
          'defaults to the stack name "my stack", which is not a Kubernetes label value; allowed: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric; set platform.environment (and platform.cluster) explicitly',
      },
    ]);
  });

  it("an extra label an SLO alert sets itself is refused instead of silently replaced", () => {
    const config = { ...baseConfig(), services: [{ ...baseService(), labels: { slo: "mine" } }] };
    expect(checkStack({ stack: "test", config }).issues.map((i) => i.path)).toEqual(["services[0].labels.slo"]);
  });
});

describe("a pasted blob is answered in bounded time and text", () => {
  it("200,000 unknown keys give at most 100 listed problems and no stack overflow", () => {
    const platform = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`key${i}`, 1]));
    const result = checkStack({ stack: "test", config: { ...baseConfig(), platform } });
    const text = formatIssues(result.issues);
    expect(text.split("\n")).toHaveLength(1 + 100 + 1);
    expect(text.split("\n").at(-1)).toBe("  (199900 more problems not listed)");
  });
});
