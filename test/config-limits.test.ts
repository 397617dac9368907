import { describe, expect, it } from "vitest";
import { LIMITS, parseStack } from "../config";
import { renderStack } from "../render";
import { baseService } from "./support/config";

/** The largest stack the parse limits let through: every list at its limit, every text at its length. */
function largestStack(): Record<string, unknown> {
  const text = (n: number, c = "x"): string => c.repeat(n);
  const labels = Object.fromEntries(Array.from({ length: LIMITS.labels }, (_, i) => [`label_${i}`, text(LIMITS.shortText)]));
  const slos = Array.from({ length: LIMITS.slos }, (_, i) => ({
    name: `slo-${i}`,
    kind: "availability",
    objective: 99.9,
    period: "7d",
    description: text(LIMITS.freeText),
  }));
  const matcherValue = text(LIMITS.promql - 40);
  const panels = Array.from({ length: LIMITS.panels }, (_, i) => ({
    title: `${i} ${text(LIMITS.shortText - 4)}`,
    description: text(LIMITS.freeText),
    legend: text(LIMITS.shortText),
    expr: `sum(orders_total{a="${matcherValue}"})`,
  }));
  const runbookBaseUrl = `https://runbooks.example.com/${text(LIMITS.url - 60, "r")}`;
  const service = { ...baseService(), labels, slos, dashboard: { panels }, runbookBaseUrl };
  const teamNames = Array.from({ length: LIMITS.teams }, (_, i) => `team-${i}`);
  const intervals = Object.fromEntries(
    Array.from({ length: LIMITS.timeIntervals }, (_, i) => [
      `interval-${i}`,
      Array.from({ length: LIMITS.timeRanges }, () => ({
        times: [{ start: "09:00", end: "17:00" }],
        weekdays: ["monday:friday"],
        location: "Europe/Berlin",
      })),
    ]),
  );
  return {
    platform: { prometheus: { retention: "30d" } },
    services: [service],
    alerting: {
      allowNoHeartbeat: "limits test, never deployed",
      timeIntervals: intervals,
      teams: Object.fromEntries([
        [
          "backend",
          { pager: { type: "pagerduty" }, chat: { type: "slack", channel: "#backend" }, muteTimeIntervals: Object.keys(intervals) },
        ],
        ["platform", { chat: { type: "webhook" } }],
        ...teamNames
          .slice(2)
          .map((t) => [
            t,
            { pager: { type: "pagerduty" }, chat: { type: "slack", channel: `#${t}` }, muteTimeIntervals: Object.keys(intervals) },
          ]),
      ]),
    },
  };
}

describe("size limits keep every object under what the API server accepts", () => {
  const files = renderStack(parseStack({ stack: "limits", config: largestStack() }));
  const kube = files.filter((f) => f.path.startsWith("kubernetes/"));
  const largest = [...kube].sort((a, b) => Buffer.byteLength(b.content) - Buffer.byteLength(a.content)).slice(0, 3);

  it("the largest stack the limits allow renders", () => {
    expect(kube.length).toBeGreaterThan(0);
    // The figures, for the README's known limits.
    console.log(largest.map((f) => `${f.path}: ${Buffer.byteLength(f.content)} bytes`).join("\n"));
  });

  it("every Kubernetes object is under 1 MiB as YAML, well under the API server's 1.5 MiB request limit", () => {
    expect(kube.filter((f) => Buffer.byteLength(f.content) >= 1024 * 1024).map((f) => f.path)).toEqual([]);
  });
});
