/**
 * The fast drill for real: Pulumi.drill.yaml rendered by the same generators as every stack, every
 * scenario on its own local stack (real Prometheus, Alertmanager, orders-api and load), all at once.
 * The only time limits are the drill's own deadlines (the page within five minutes, resolution by
 * the rules' windows and the routing's intervals), which are the behaviour under test.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { SCENARIOS, formatTimeline, runDrill, type DrillResult } from "../local/drill";
import { readStackFile } from "../render";
import { parseStack } from "../config";
import { generate } from "../generate";
import { ROOT } from "./support/config";
import { renderToTemp } from "./support/tools";

describe("the fast drill (npm run drill -- --fast) on Pulumi.drill.yaml", () => {
  const stack = parseStack(readStackFile(ROOT, "drill"));
  const out = renderToTemp(stack);
  let results: DrillResult[] = [];
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    for (const r of results) fs.rmSync(r.dataDir, { recursive: true, force: true });
  });

  // The drill's own deadlines bound it; this only stops a hung run (about 8 minutes expected: the flapping scenario is the longest).
  it(
    "passes every check of every scenario: page in time, once, to the pager, resolved, heartbeats throughout",
    { timeout: 15 * 60_000 },
    async () => {
      const log: string[] = [];
      results = await runDrill(SCENARIOS, out, generate(stack), (line) => log.push(line));
      const failed = results.filter((r) => !r.ok).map((r) => `${r.scenario}:\n${formatTimeline(r.rows)}`);
      expect(failed, `${failed.join("\n\n")}\n\nlog:\n${log.join("\n")}`).toEqual([]);
      expect(results.map((r) => r.scenario)).toEqual(SCENARIOS.map((s) => s.name));
      // Every scenario paged the pager receiver and saw the page resolve after the recovery.
      for (const r of results) {
        expect(r.figures.pageMs, r.scenario).toBeDefined();
        expect(r.figures.resolvedMs, r.scenario).toBeDefined();
        expect(
          r.notifications.some((n) => n.receiver === "backend-pager" && n.status === "firing"),
          r.scenario,
        ).toBe(true);
      }
    },
  );
});
