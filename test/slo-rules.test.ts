import { describe, expect, it } from "vitest";
import { naming, parseDuration, SLO_TIER_TABLE, type ServiceConfig, type SloConfig } from "../config";
import { alertingRules, BURN_TIERS, burnFactor, serviceRuleGroups, sloAlertingRules, sloRecordingRules } from "../rules";
import { baseConfig, stackOf, withValue } from "./support/config";

function service(slos: unknown[]): ServiceConfig {
  const config = withValue(withValue(baseConfig(), "services.0.slos", slos), "platform.prometheus", { retention: "35d" });
  const s = stackOf(config).services[0];
  if (!s) throw new Error("no service");
  return s;
}
const availability = { name: "availability", kind: "availability", objective: 99.9 };
const latency = { name: "latency", kind: "latency", objective: 99, threshold: 1 };
const svc = service([availability, latency]);
const [avail, lat] = svc.slos as [SloConfig, SloConfig];

describe("burn-rate factors come from the budget share of each tier and the period", () => {
  it.each<[string, string, number[]]>([
    ["30 days gives the workbook's 14.4, 6, 3, 1", "30d", [14.4, 6, 3, 1]],
    ["28 days gets its own factors", "28d", [13.44, 5.6, 2.8, 0.933333333333]],
    ["7 days gets its own factors", "7d", [3.36, 1.4, 0.7, 0.233333333333]],
  ])("%s", (_name, period, factors) => {
    expect(BURN_TIERS.map((t) => burnFactor(t, parseDuration(period) ?? 0))).toEqual(factors);
  });

  it("name the tiers of the one table in the order routing inhibits them, fastest first", () => {
    expect(SLO_TIER_TABLE.map((t) => t.name)).toEqual([...naming.slo.tiers]);
    expect(BURN_TIERS.map((t) => t.name)).toEqual([...naming.slo.tiers]);
  });

  it("pairs page tiers 1h/5m and 6h/30m, ticket tiers 1d/2h and 3d/6h", () => {
    expect(BURN_TIERS.map((t) => `${t.severity} ${t.name} ${t.long}/${t.short}`)).toEqual([
      "page page-1h 1h/5m",
      "page page-6h 6h/30m",
      "ticket ticket-1d 1d/2h",
      "ticket ticket-3d 3d/6h",
    ]);
  });
});

describe("recording rules of an SLO", () => {
  const rules = sloRecordingRules(svc, avail);

  it("are at most 12 per SLO", () => {
    expect(rules.length).toBeLessThanOrEqual(12);
    expect(sloRecordingRules(svc, lat).length).toBeLessThanOrEqual(12);
  });

  it("never read raw series over more than one hour", () => {
    for (const r of [...rules, ...sloRecordingRules(svc, lat)]) {
      for (const m of r.expr.matchAll(/(?:rate|increase)\(([a-z_]+)\{[^}]*\}\[([0-9a-z]+)\]\)/g)) {
        expect(m[1]?.startsWith("slo:")).toBe(false);
        expect(parseDuration(m[2] ?? "") ?? Infinity).toBeLessThanOrEqual(3600);
      }
    }
  });

  it("build windows over an hour, and the period, from sums of the recorded 5m counts, never an average of ratios", () => {
    const byName = new Map(rules.map((r) => [r.record, r.expr]));
    const m = `job="orders-api",namespace="shop",slo="availability"`;
    expect(byName.get("slo:sli_error:ratio_rate1d")).toBe(
      `1 - sum_over_time(slo:sli_good:increase5m{${m}}[1d]) / (sum_over_time(slo:sli_total:increase5m{${m}}[1d]) > 0)`,
    );
    expect(byName.get(naming.slo.record.budgetRemaining)).toBe(
      `1 - (1 - sum_over_time(slo:sli_good:increase5m{${m}}[30d]) / (sum_over_time(slo:sli_total:increase5m{${m}}[30d]) > 0)) / 0.001`,
    );
    for (const r of rules) expect(r.expr).not.toMatch(/avg_over_time/);
  });

  it("record the objective, the remaining budget and the current burn rate for dashboards", () => {
    expect(rules.map((r) => r.record)).toEqual(
      expect.arrayContaining([naming.slo.record.objective, naming.slo.record.budgetRemaining, naming.slo.record.burnRate("1h")]),
    );
    expect(rules.find((r) => r.record === naming.slo.record.objective)?.expr).toBe("vector(0.999)");
  });

  it("label every series with namespace, job, service, slo and kind", () => {
    for (const r of rules) {
      expect(r.labels).toEqual({
        job: "orders-api",
        namespace: "shop",
        service: "orders-api",
        slo: "availability",
        slo_kind: "availability",
      });
    }
  });

  it("count availability's bad events by the status label and regex, its any-character dots kept off newlines (Prometheus 2's meaning, also on 3)", () => {
    expect(rules[1]?.expr).toContain(`http_requests_total{job="orders-api",namespace="shop",status!~"(?-s:5..)"}`);
  });

  it("read latency's good events from the bucket at the threshold, in both spellings exporters use", () => {
    expect(sloRecordingRules(svc, lat)[1]?.expr).toContain(
      `http_request_duration_seconds_bucket{job="orders-api",namespace="shop",le=~"1|1\\\\.0"}`,
    );
    expect(sloRecordingRules(svc, lat)[0]?.expr).toContain("http_request_duration_seconds_count{");
  });

  it("read the 5m, 30m and 1h windows from raw series, so the page tiers never wait for the 5m counts", () => {
    const byName = new Map(rules.map((r) => [r.record, r.expr]));
    for (const w of ["5m", "30m", "1h"])
      expect(byName.get(naming.slo.record.errorRatio(w))).toMatch(new RegExp(`rate\\(http_requests_total\\{[^}]*\\}\\[${w}\\]\\)`));
    for (const w of ["2h", "6h", "1d", "3d"]) expect(byName.get(naming.slo.record.errorRatio(w))).not.toContain("http_requests_total");
  });

  it("yield no ratio, rather than NaN, when there is no traffic", () => {
    for (const r of rules.filter((x) => x.record.startsWith("slo:sli_error:"))) expect(r.expr).toMatch(/> 0\)$/);
  });
});

describe("burn-rate alerts of an SLO", () => {
  const alerts = sloAlertingRules(svc, avail);
  const burn = alerts.filter((a) => a.alert === naming.slo.burnAlert);

  it("one per tier, with severity, slo, tier and kind labels for routing and inhibition", () => {
    expect(burn.map((a) => a.labels)).toEqual(
      BURN_TIERS.map((t) => ({
        service: "orders-api",
        team: "backend",
        severity: t.severity,
        slo: "availability",
        slo_tier: t.name,
        slo_kind: "availability",
      })),
    );
  });

  it("AND the long window with the short one at the tier's threshold, and need enough events to page", () => {
    const m = `job="orders-api",namespace="shop",slo="availability"`;
    expect(burn[0]?.expr).toBe(
      [
        `(slo:sli_error:ratio_rate1h{${m}} > (14.4 * 0.001)`,
        "and on (namespace, job, slo)",
        `slo:sli_error:ratio_rate5m{${m}} > (14.4 * 0.001))`,
        "and on (namespace, job)",
        `(sum by (namespace, job) (increase(http_requests_total{job="orders-api",namespace="shop"}[1h])) >= 100)`,
      ].join("\n"),
    );
    // The 6h page reads its guard from the recorded 5m counts; tickets have none.
    expect(burn[1]?.expr).toContain(`(avg_over_time(slo:sli_total:increase5m{${m}}[6h]) * 72 >= 100)`);
    expect(burn[3]?.expr).not.toContain("avg_over_time");
  });

  it("use the configured minimum of events", () => {
    const s = service([{ ...availability, minEvents: 500 }]);
    expect(sloAlertingRules(s, s.slos[0] as SloConfig)[1]?.expr).toContain("* 72 >= 500)");
  });

  it("carry a summary, a templated description and a runbook URL", () => {
    for (const a of alerts) {
      expect(a.annotations.summary).toBeTruthy();
      expect(a.annotations.description).toMatch(/\{\{ \$labels\.job \}\}/);
      expect(a.annotations.runbook_url).toBe(naming.runbookUrl("https://runbooks.example.com", a.alert));
    }
  });

  it("alert when the SLI's series are absent, once per SLO", () => {
    const absent = sloAlertingRules(svc, lat).find((a) => a.alert === naming.slo.absentAlert);
    expect(absent?.expr).toBe(
      `absent(http_request_duration_seconds_count{job="orders-api",namespace="shop"}) or on (namespace, job) absent(http_request_duration_seconds_bucket{job="orders-api",namespace="shop",le=~"1|1\\\\.0"})`,
    );
    expect(absent?.labels.slo_tier).toBe(naming.slo.absentTier);
    expect(absent?.for).toBe("10m");
  });

  it("live in the service's rule file, two groups per SLO: the 5m counts every 5m, then ratios before the alerts at the evaluation interval", () => {
    const groups = serviceRuleGroups(svc).filter((g) => g.name.includes(".slo."));
    expect(groups.map((g) => `${g.name} ${g.interval ?? "-"}`)).toEqual([
      "kube-observability.orders-api.slo.availability.counts 5m",
      "kube-observability.orders-api.slo.availability -",
      "kube-observability.orders-api.slo.latency.counts 5m",
      "kube-observability.orders-api.slo.latency -",
    ]);
    expect(groups[0]?.rules.map((r) => ("record" in r ? r.record : r.alert))).toEqual([
      "slo:sli_total:increase5m",
      "slo:sli_good:increase5m",
      naming.slo.record.budgetRemaining,
    ]);
    const kinds = groups[1]?.rules.map((r) => ("record" in r ? "record" : "alert"));
    expect(kinds).toEqual([...Array(9).fill("record"), ...Array(5).fill("alert")]);
  });

  it("keep the 6h page tier quiet while the fast page has fired within its 30m short window, so recovery brings no second page", () => {
    expect(burn[1]?.expr.split("\n").slice(-2)).toEqual([
      "unless on (namespace, job, slo)",
      `max_over_time(ALERTS{job="orders-api",namespace="shop",slo="availability",alertname="SLOErrorBudgetBurn",slo_tier="page-1h",alertstate="firing"}[30m])`,
    ]);
    expect(burn[0]?.expr).not.toContain("ALERTS");
    expect(burn[2]?.expr).not.toContain("ALERTS");
  });
});

describe("one page per incident, judged by the budget really spent", () => {
  const burn = sloAlertingRules(svc, avail).filter((a) => a.alert === naming.slo.burnAlert);
  const m = `job="orders-api",namespace="shop",slo="availability"`;

  it("hold the page tiers 8m after their condition clears (keep_firing_for), the tickets not at all", () => {
    expect(burn.map((a) => `${a.labels.slo_tier} ${a.keep_firing_for ?? "-"} ${a.for ?? "-"}`)).toEqual([
      "page-1h 8m -",
      "page-6h 8m -",
      "ticket-1d - -",
      "ticket-3d - -",
    ]);
  });

  it("scale a counted long window's ratio by the share of it that holds data, so a young service is judged by the budget it spent", () => {
    expect(burn[0]?.expr).not.toContain("timestamp(");
    expect(burn[3]?.expr.split("\n")[0]).toBe(
      `(slo:sli_error:ratio_rate3d{${m}} > on (namespace, job, slo) ((1 * 0.001) / clamp_max((time() - min_over_time(timestamp(slo:sli_total:increase5m{${m}})[3d:1h])) / 255600, 1))`,
    );
    expect(burn[1]?.expr).toContain("[6h:5m])) / 21300, 1)");
  });

  it("follow the tier configuration: a tier turned off has no alert, severity, for and hold as set", () => {
    const s = service([
      { ...availability, tiers: { "page-6h": { severity: "ticket", for: "2m", hold: "20m" }, "ticket-1d": { enabled: false } } },
    ]);
    const rules = sloAlertingRules(s, s.slos[0] as SloConfig).filter((a) => a.alert === naming.slo.burnAlert);
    expect(rules.map((a) => `${a.labels.slo_tier} ${a.labels.severity} ${a.for ?? "-"} ${a.keep_firing_for ?? "-"}`)).toEqual([
      "page-1h page - 8m",
      "page-6h ticket 2m 20m",
      "ticket-3d ticket - -",
    ]);
    // A tier that no longer pages needs neither the events guard nor the faster page's quiet period.
    expect(rules[1]?.expr).not.toContain("ALERTS");
    expect(rules[1]?.expr).not.toContain("avg_over_time");
  });
});

describe("threshold alerts of a service with SLOs follow the budget", () => {
  it("gate the error-ratio alert on an availability SLO having spent 1% of its budget in the last hour, over enough events", () => {
    const errorRatio = alertingRules(svc).find((a) => a.alert === naming.alert.errorRatio);
    expect(errorRatio?.labels.severity).toBe("page");
    expect(errorRatio?.expr.split("\n").slice(0, 3)).toEqual([
      `namespace_job:http_requests_errors:ratio_rate5m{job="orders-api",namespace="shop"} > 0.01`,
      "and on (namespace, job)",
      `((slo:sli_error:ratio_rate1h{job="orders-api",namespace="shop",slo="availability"} > (7.2 * 0.001) and on (namespace, job) sum by (namespace, job) (increase(http_requests_total{job="orders-api",namespace="shop"}[1h])) >= 100))`,
    ]);
  });

  it("gate the latency alert on a latency SLO", () => {
    const latencyAlert = alertingRules(svc).find((a) => a.alert === naming.alert.latency);
    expect(latencyAlert?.expr).toContain(`slo:sli_error:ratio_rate1h{job="orders-api",namespace="shop",slo="latency"} > (7.2 * 0.01)`);
    expect(latencyAlert?.expr).not.toContain(`slo="availability"`);
  });

  it("keep the seed's alerts as configured for a service without SLOs", () => {
    const plain = service([]);
    const errorRatio = alertingRules(plain).find((a) => a.alert === naming.alert.errorRatio);
    expect(errorRatio?.expr).toBe(`namespace_job:http_requests_errors:ratio_rate5m{job="orders-api",namespace="shop"} > 0.01`);
  });
});
