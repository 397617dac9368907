import { describe, expect, it } from "vitest";
import { naming } from "../config";
import { alertingRules, recordingRules, ruleFiles, isAlertingRule } from "../rules";
import { toYaml } from "../render";
import { baseConfig, devStack, stackOf, withValue } from "./support/config";

const dev = devStack();

describe("golden rule files of the dev services", () => {
  // The golden files are the reviewed output; the assertions below name what they protect.
  it.each(dev.services.map((s) => [s.name, s] as const))(
    "%s recording and alerting rules match the reviewed golden file",
    async (name, s) => {
      await expect(toYaml({ recording: recordingRules(s), alerts: alertingRules(s) })).toMatchFileSnapshot(`golden/${name}.rules.yaml`);
    },
  );
});

describe("the golden files' probe alert", () => {
  it.each(dev.services.map((s) => [s.name, s] as const))(
    "%s has ServiceProbeFailed, with the service's namespace, exactly when it has a probe",
    (_name, s) => {
      const probe = alertingRules(s).filter((r) => r.alert === naming.alert.probeFailed);
      expect(probe.map((r) => r.labels.namespace)).toEqual(s.probe !== undefined ? [s.namespace] : []);
    },
  );
});

describe("recording rules", () => {
  it("use the same recorded names for services whose metrics are named differently", () => {
    const [orders, payments] = dev.services.map((s) => recordingRules(s).map((r) => r.record));
    expect(orders?.filter((r) => r !== naming.record.inFlight)).toEqual(payments);
    for (const name of orders ?? []) expect(name).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
  });

  it("read each service's own metric and label names", () => {
    const payments = dev.services.find((s) => s.name === "payments-api");
    const exprs = recordingRules(payments!)
      .map((r) => r.expr)
      .join("\n");
    expect(exprs).toContain("app_requests_total{");
    expect(exprs).toContain("app_request_duration_seconds_bucket{");
    expect(exprs).not.toContain("http_requests_total");
  });

  it("read the OpenTelemetry service's requests from its histogram's _count, its only metric", () => {
    const storefront = dev.services.find((s) => s.name === "storefront");
    const exprs = recordingRules(storefront!).map((r) => r.expr);
    expect(exprs.filter((e) => e.includes("rate(http_server_request_duration_count{"))).toHaveLength(3);
    expect(exprs.join("\n")).toContain('http_response_status_code=~"(?-s:5..)"');
    expect(exprs.join("\n")).not.toContain("_total");
  });

  it("select the service by job and namespace in every expression", () => {
    for (const s of dev.services) {
      for (const r of recordingRules(s)) expect(r.expr).toContain(`job="${s.name}",namespace="${s.namespace}"`);
    }
  });

  it("record p50, p90 and p99 latency from the recorded bucket rate", () => {
    const s = dev.services[0]!;
    const quantiles = recordingRules(s).filter((r) => r.record === naming.record.latencyQuantile);
    expect(quantiles.map((r) => r.labels?.quantile)).toEqual(["0.5", "0.9", "0.99"]);
    for (const q of quantiles) expect(q.expr).toContain(naming.record.durationBucketRate);
  });

  it("record in-flight requests only for a service that declares the gauge", () => {
    const [orders, payments] = dev.services;
    expect(recordingRules(orders!).some((r) => r.record === naming.record.inFlight)).toBe(true);
    expect(recordingRules(payments!).some((r) => r.record === naming.record.inFlight)).toBe(false);
  });
});

describe("alerting rules", () => {
  const all = ruleFiles(dev)
    .flatMap((f) => f.groups.flatMap((g) => g.rules))
    .filter(isAlertingRule);

  it("every alert carries severity and team, and every service alert its service", () => {
    for (const a of all) {
      expect(Object.keys(a.labels)).toEqual(expect.arrayContaining(["severity", "team"]));
      if (a.alert !== naming.alert.watchdog) expect(a.labels.service).toBeDefined();
    }
  });

  it("every alert has a summary, a templated description and a runbook URL", () => {
    for (const a of all) {
      expect(a.annotations.summary).toBeTruthy();
      expect(a.annotations.description).toBeTruthy();
      expect(a.annotations.runbook_url).toBe(naming.runbookUrl("https://runbooks.example.com/kube-observability", a.alert));
    }
    for (const a of all.filter((x) => x.alert !== naming.alert.watchdog))
      expect(a.annotations.description).toMatch(/\{\{ \$labels\.[a-z]+ \}\}/);
  });

  it("every golden-signal threshold alert has a for of at least one minute", () => {
    const threshold: string[] = [naming.alert.errorRatio, naming.alert.latency, naming.alert.targetDown, naming.alert.targetAbsent];
    const golden = all.filter((x) => threshold.includes(x.alert));
    expect(golden.length).toBe(4 * dev.services.length);
    for (const a of golden) expect(a.for).toMatch(/^\d+m$/);
  });

  it("the platform file carries an always-firing Watchdog", () => {
    const platform = ruleFiles(dev).find((f) => f.service === undefined);
    const watchdog = platform?.groups.flatMap((g) => g.rules).find((r) => isAlertingRule(r) && r.alert === naming.alert.watchdog);
    expect(watchdog?.expr).toBe("vector(1)");
  });

  it("take thresholds, for and severity from the service's config", () => {
    let config = withValue(baseConfig(), "services.0.alerts.errorRatio", { threshold: 0.05, for: "15m", severity: "ticket" });
    config = withValue(config, "services.0.alerts.latency", { threshold: 2, quantile: 0.9, for: "20m" });
    const s = stackOf(config).services[0]!;
    const [errorRatio, latency] = alertingRules(s);
    expect(errorRatio).toMatchObject({ for: "15m", labels: { severity: "ticket" } });
    expect(errorRatio?.expr).toMatch(/ > 0\.05$/);
    expect(latency?.expr).toContain('quantile="0.9"');
    expect(latency?.expr).toMatch(/ > 2$/);
    expect(latency?.for).toBe("20m");
  });

  it("put extra labels on alerts without letting them override ours", () => {
    const s = stackOf(withValue(baseConfig(), "services.0.labels", { tier: "frontend" })).services[0]!;
    for (const a of alertingRules(s)) expect(a.labels).toMatchObject({ tier: "frontend", team: "backend", service: "orders-api" });
  });

  it("generate no alert that is turned off", () => {
    let config = withValue(baseConfig(), "services.0.alerts.latency", { enabled: false });
    config = withValue(config, "services.0.alerts.target", { enabled: false });
    expect(alertingRules(stackOf(config).services[0]!).map((a) => a.alert)).toEqual([naming.alert.errorRatio]);
  });
});
