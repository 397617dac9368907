import { describe, expect, it } from "vitest";
import { checkStack } from "../config";
import { REFUSED } from "./support/hostile";

describe("hostile and careless config is refused at the field it is in, once", () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = checkStack({ stack: "test", config: c.config });
    expect(result.issues.map((i) => i.path)).toEqual(c.paths);
    expect(result.issues[0]?.message).toContain(c.says);
    // Error messages never expand a huge value.
    for (const i of result.issues) expect(i.message.length + i.path.length).toBeLessThan(700);
  });
});
