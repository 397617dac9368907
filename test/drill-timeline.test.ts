import { describe, expect, it } from "vitest";
import { drillFigures, reportMarkdown, renderChart, type DrillResult, type DrillFigures } from "../local/drill";
import { CHART_WIDTH } from "../local/drill/chart";
import { alertRules, dashboardQueries, substituteVariables } from "../local/drill/rules";
import { naming } from "../config";
import { generate } from "../generate";
import { devStack } from "./support/config";
import { deadlineRow, durationMs, formatOffset, formatTimeline, heartbeatGaps, notificationsFor, passed } from "../local/drill/timeline";
import { parseWebhook, type Notification } from "../local/sink";

const T0 = 1_000_000;

function note(at: number, status: string, labels: Record<string, string>, receiver = "backend-pager"): Notification {
  return parseWebhook(receiver, { status, groupKey: `{}:${labels.alertname ?? ""}`, alerts: [{ status, labels }] }, at);
}

const page = { alertname: "SLOErrorBudgetBurn", service: "orders-api", severity: "page" };
const warning = { alertname: "ServiceLatencyHigh", service: "orders-api", severity: "warning" };
const watchdog = { alertname: "Watchdog", severity: "none" };

describe("timeline rows", () => {
  it.each([
    ["an event in time passes", 120_000, 300_000, true, true],
    ["an event exactly at its deadline passes", 300_000, 300_000, true, true],
    ["a late event fails", 301_000, 300_000, true, false],
    ["an event that never happened fails", undefined, 300_000, true, false],
    ["an event in time that breaks a further condition fails", 60_000, 300_000, false, false],
    ["an event without a deadline passes when it happened", 900_000, undefined, true, true],
  ])("%s", (_, atMs, deadlineMs, holds, ok) => {
    expect(deadlineRow("page", atMs, deadlineMs, "", holds).ok).toBe(ok);
  });

  it("a scenario passes only when every row passes", () => {
    expect(passed([deadlineRow("a", 1, 2), deadlineRow("b", 3, 2)])).toBe(false);
    expect(passed([deadlineRow("a", 1, 2), deadlineRow("b", 2, 2)])).toBe(true);
  });

  it("prints event, time since fault, deadline and result as a table", () => {
    expect(
      formatTimeline([
        deadlineRow("page notification arrives", 95_000, 300_000, "to backend-pager"),
        deadlineRow("resolved", undefined, 600_000),
      ]),
    ).toBe(
      [
        "event                      since fault  deadline  result  detail",
        "page notification arrives  +1:35        ≤ +5:00   pass    to backend-pager",
        "resolved                   never        ≤ +10:00  FAIL    did not happen",
      ].join("\n"),
    );
  });

  it.each([
    ["before the fault", -61_000, "-1:01"],
    ["at the fault", 0, "+0:00"],
    ["minutes after", 725_400, "+12:05"],
  ])("formats an offset %s", (_, ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it.each([
    ["seconds", "30s", 30_000],
    ["minutes", "5m", 300_000],
    ["a compound duration", "1h30m", 5_400_000],
    ["zero", "0s", 0],
    ["milliseconds", "1s500ms", 1_500],
  ])("reads a Prometheus duration in %s", (_, text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it("refuses what is not a Prometheus duration", () => {
    expect(() => durationMs("5 minutes")).toThrow('not a duration: "5 minutes"');
  });
});

describe("notification analysis", () => {
  const all = [
    note(T0 + 10_000, "firing", watchdog, "heartbeat"),
    note(T0 + 60_000, "firing", page),
    note(T0 + 70_000, "firing", warning, "backend-chat"),
    note(T0 + 500_000, "resolved", page),
    note(T0 + 70_000, "firing", { ...page, service: "payments-api" }),
  ];

  it("counts the pages of one service in a window, by status", () => {
    expect(
      notificationsFor(all, { service: "orders-api", severities: ["page"], status: "firing", from: T0, to: T0 + 600_000 }).map((n) => n.at),
    ).toEqual([T0 + 60_000]);
    expect(
      notificationsFor(all, { service: "orders-api", severities: ["page"], status: "resolved", from: T0, to: T0 + 600_000 }).map(
        (n) => n.at,
      ),
    ).toEqual([T0 + 500_000]);
  });

  it("leaves out notifications before the window", () => {
    expect(
      notificationsFor(all, { service: "orders-api", severities: ["page"], status: "firing", from: T0 + 61_000, to: T0 + 600_000 }),
    ).toEqual([]);
  });

  it("finds the longest silence between heartbeats, counting the window's edges", () => {
    const beats = [0, 60_000, 120_000, 300_000].map((t) => note(T0 + t, "firing", watchdog, "heartbeat"));
    expect(heartbeatGaps(beats, "Watchdog", T0, T0 + 330_000)).toEqual({ count: 4, maxGapMs: 180_000 });
    expect(heartbeatGaps([], "Watchdog", T0, T0 + 100_000)).toEqual({ count: 0, maxGapMs: 100_000 });
  });

  it("reads Alertmanager's webhook payload, ignoring what it does not know", () => {
    expect(
      parseWebhook(
        "x",
        {
          status: "firing",
          groupKey: "k",
          groupLabels: { a: "b" },
          alerts: [{ status: "firing", labels: { alertname: "A", n: 1 }, startsAt: "s" }],
          extra: true,
        },
        5,
      ),
    ).toEqual({
      at: 5,
      receiver: "x",
      status: "firing",
      groupKey: "k",
      groupLabels: { a: "b" },
      alerts: [{ status: "firing", labels: { alertname: "A" }, startsAt: "s", endsAt: "" }],
    });
  });
});

describe("rules and dashboards as the drill reads them", () => {
  it("takes each threshold alert's threshold and for from the generation, as the service's config sets them", () => {
    const g = generate(devStack());
    const own = g.services[0];
    if (own === undefined) throw new Error("the dev stack has no service");
    const rules = alertRules(own.ruleFile.alerts);
    const error = rules.find((r) => r.alert === naming.alert.errorRatio);
    expect(error?.threshold).toBe(own.service.alerts.errorRatio.threshold);
    expect(error?.forMs).toBe(own.service.alerts.errorRatio.for.seconds * 1000);
    expect(rules.find((r) => r.alert === naming.alert.latency)?.threshold).toBe(own.service.alerts.latency.threshold);
    expect(rules.find((r) => r.alert === naming.alert.targetAbsent)?.threshold).toBeUndefined();
  });

  it("replaces Grafana variables in both spellings and leaves unknown ones", () => {
    expect(
      substituteVariables('rate(x{namespace="$namespace"}[$__rate_interval]) + ${namespace} + $other', {
        namespace: "shop",
        __rate_interval: "1m",
      }),
    ).toBe('rate(x{namespace="shop"}[1m]) + shop + $other');
  });

  it("finds panel queries in rows and collapsed rows, and annotation queries", () => {
    const model = {
      panels: [
        { title: "Error ratio", targets: [{ expr: "sum(err_ratio)" }] },
        { type: "row", panels: [{ title: "Nested", targets: [{ expr: "max(err_ratio)" }, { expr: "other" }] }] },
      ],
      annotations: { list: [{ name: "Firing alerts", expr: "ALERTS{}" }, { name: "Built-in" }] },
    };
    expect(dashboardQueries(model, "err_ratio")).toEqual({
      panels: [
        { title: "Error ratio", expr: "sum(err_ratio)" },
        { title: "Nested", expr: "max(err_ratio)" },
      ],
      annotations: [{ name: "Firing alerts", expr: "ALERTS{}" }],
    });
  });
});

describe("figures: fault to page, recovery to resolved, and the seed's threshold alert", () => {
  const firingFrom = (start: number, end: number) =>
    Array.from({ length: (end - start) / 15_000 + 1 }, (_, i) => [(start + i * 15_000) / 1000, 1] as const);
  const base = {
    scenario: "database",
    faultAt: T0,
    recoveredAt: T0 + 420_000,
    endedAt: T0 + 900_000,
    service: "orders-api",
    stepMs: 15_000,
    thresholdAlert: "ServiceErrorRatioHigh",
    notifications: [note(T0 + 69_000, "firing", page), note(T0 + 600_000, "resolved", page)],
    alerts: [{ metric: { alertname: "ServiceErrorRatioHigh" }, values: firingFrom(T0 + 330_000, T0 + 540_000) }],
  };

  it("measures the page from the fault and the resolved notification from the recovery", () => {
    expect(drillFigures(base)).toEqual<DrillFigures>({
      scenario: "database",
      pageMs: 69_000,
      pageAlerts: ["SLOErrorBudgetBurn"],
      resolvedMs: 180_000,
      thresholdAlert: "ServiceErrorRatioHigh",
      thresholdFiringMs: 330_000,
      thresholdResolvedMs: 135_000,
    });
  });

  it("a page group without a resolved notification after the recovery has no resolved time", () => {
    expect(
      drillFigures({ ...base, notifications: [note(T0 + 69_000, "firing", page), note(T0 + 300_000, "resolved", page)] }).resolvedMs,
    ).toBeUndefined();
  });

  it("a threshold alert still firing at the end has no resolution time, one that never fired neither", () => {
    expect(
      drillFigures({
        ...base,
        alerts: [{ metric: { alertname: "ServiceErrorRatioHigh" }, values: firingFrom(T0 + 330_000, T0 + 900_000) }],
      }).thresholdResolvedMs,
    ).toBeUndefined();
    expect(drillFigures({ ...base, alerts: [] })).toMatchObject({ thresholdFiringMs: undefined, thresholdResolvedMs: undefined });
  });

  it("a threshold alert that stopped before the recovery resolved at the recovery", () => {
    expect(
      drillFigures({ ...base, alerts: [{ metric: { alertname: "ServiceErrorRatioHigh" }, values: firingFrom(T0 + 60_000, T0 + 120_000) }] })
        .thresholdResolvedMs,
    ).toBe(0);
  });
});

describe("report", () => {
  const notifications = [note(T0 + 150_000, "firing", page), note(T0 + 70_000, "firing", watchdog, "heartbeat")];
  const result: DrillResult = {
    recoveredAt: T0 + 420_000,
    figures: drillFigures({
      scenario: "database",
      faultAt: T0 + 60_000,
      recoveredAt: T0 + 420_000,
      endedAt: T0 + 600_000,
      service: "orders-api",
      notifications,
      alerts: [],
      stepMs: 15_000,
      thresholdAlert: "ServiceErrorRatioHigh",
    }),
    scenario: "database",
    title: "The database breaks",
    description: "d",
    startedAt: T0,
    faultAt: T0 + 60_000,
    endedAt: T0 + 600_000,
    rows: [deadlineRow("page notification arrives", 90_000, 300_000, "to backend-pager")],
    marks: [{ at: T0 + 60_000, label: "database broken" }],
    notifications,
    series: {
      errorRatio: [{ metric: {}, values: Array.from({ length: 40 }, (_, i) => [(T0 + i * 15_000) / 1000, i > 4 ? 0.95 : 0] as const) }],
      burnRate: [{ metric: { slo: "availability" }, values: [[(T0 + 300_000) / 1000, 900]] }],
      latency: [],
      alerts: [
        {
          metric: { alertname: "SLOErrorBudgetBurn", severity: "page" },
          values: Array.from({ length: 10 }, (_, i) => [(T0 + 120_000 + i * 15_000) / 1000, 1] as const),
        },
      ],
    },
    routes: [
      {
        receiver: "backend-pager",
        matchers: ['severity="page"'],
        groupBy: [],
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: "4h",
      },
    ],
    scraped: ["orders-api"],
    leftOut: ["payments-api"],
    alertmanagerSource: "rendered",
    evaluationInterval: "30s",
    dataDir: "/tmp/x",
    ok: true,
  };

  it("draws a PNG of the declared width, taller than one panel", async () => {
    const { png } = await renderChart(result);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    // Three series panels and the alert bars stacked: well over three panels' 150 pixels.
    expect(png.readUInt32BE(20)).toBeGreaterThan(3 * 150);
  });

  it("sets the scenario, its result, the axis titles, alert names and drill actions as text in the chart", async () => {
    const { svg } = await renderChart(result);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(
      expect.arrayContaining([
        "Drill database: passed",
        "Minutes since the fault",
        "Error ratio (5m)",
        "Burn rate (1h)",
        "p99 latency (s)",
        "SLOErrorBudgetBurn",
        "Watchdog heartbeat",
        "database broken",
        "availability",
      ]),
    );
  });

  it("a failed scenario says so in the chart's title", async () => {
    const { svg } = await renderChart({ ...result, ok: false });
    expect(svg).toContain("Drill database: FAILED");
  });

  it("writes the timeline, the production timings, the chart and the notifications in markdown", () => {
    const md = reportMarkdown([result]);
    expect(md).toContain("| page notification arrives | +1:30 | ≤ +5:00 | pass | to backend-pager |");
    expect(md).toContain('| backend-pager | severity="page" | 30s | 5m | 4h |');
    expect(md).toContain("![database](database.png)");
    expect(md).toContain("Notifications (1, plus 1 Watchdog heartbeats):");
    expect(md).toContain("Left out (no local process): payments-api.");
    expect(md).toContain(
      "| [database](#database) | passed | +1:30 (SLOErrorBudgetBurn; within 5:00) | never | ServiceErrorRatioHigh | never |  |",
    );
  });
});
