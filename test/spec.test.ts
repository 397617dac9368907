import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, checkStack, parseDuration, formatDuration, ConfigError, DEFAULTS } from "../config";
import { baseConfig, baseService, devStack, stackOf, withValue } from "./support/config";

function problems(config: Record<string, unknown>): string[] {
  const r = checkStack({ stack: "test", config });
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("the real dev stack", () => {
  it("parses Pulumi.dev.yaml into services that name their metrics differently", () => {
    const spec = devStack();
    expect(spec.services.map((s) => s.name)).toEqual(["orders-api", "payments-api", "storefront"]);
    const [orders, payments] = spec.services;
    expect(orders?.http.requests.metric).toBe("http_requests_total");
    expect(orders?.http.requests.routeLabel).toBe("path");
    expect(orders?.http.duration.buckets).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    expect(orders?.http.inFlight).toBe("http_requests_in_flight");
    expect(orders?.team).toBe("backend");
    expect(payments?.http.requests.metric).toBe("app_requests_total");
    expect(payments?.http.requests.routeLabel).toBe("endpoint");
    expect(payments?.http.duration.metric).toBe("app_request_duration_seconds");
    expect(payments?.http.duration.buckets).toEqual([0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10]);
    expect(payments?.http.inFlight).toBeUndefined();
    expect(payments?.team).toBe("payments");
  });
});

describe("defaults", () => {
  it("fills every omitted field from the defaults file", () => {
    const spec = stackOf(baseConfig(), "staging");
    const s = spec.services[0];
    expect(spec.platform.namespace).toBe(DEFAULTS.platform.namespace);
    expect(spec.platform.environment).toBe("staging");
    expect(spec.platform.cluster).toBe("staging");
    expect(spec.platform.prometheus.retention.text).toBe(DEFAULTS.prometheus.retention);
    expect(s?.metrics.path).toBe("/metrics");
    expect(s?.metrics.interval.text).toBe(DEFAULTS.prometheus.scrapeInterval);
    expect(s?.metrics.scrapeTimeout.text).toBe("10s");
    expect(s?.http.requests.statusLabel).toBe("status");
    expect(s?.http.requests.errorStatusRegex).toBe("5..");
    expect(s?.alerts.errorRatio).toMatchObject({ enabled: true, threshold: 0.01, severity: "page" });
    expect(s?.alerts.errorRatio.for.text).toBe("5m");
    expect(s?.alerts.latency).toMatchObject({ threshold: 0.5, quantile: 0.99, severity: "warning" });
    expect(s?.alerts.latency.for.text).toBe("10m");
  });

  it("shortens the scrape timeout to the interval when the interval is under 10s", () => {
    const spec = stackOf(withValue(baseConfig(), "services.0.metrics.interval", "5s"));
    expect(spec.services[0]?.metrics.scrapeTimeout.text).toBe("5s");
  });

  it("takes the runbook base from the platform when the service names none", () => {
    const config = withValue(
      withValue(baseConfig(), "services.0.runbookBaseUrl", undefined),
      "platform.runbookBaseUrl",
      "https://rb.example.com",
    );
    expect(stackOf(config).services[0]?.runbookBaseUrl).toBe("https://rb.example.com");
  });
});

describe("durations", () => {
  it.each([
    ["30s", 30],
    ["5m", 300],
    ["1h30m", 5400],
    ["7d", 604800],
    ["250ms", 0.25],
    ["5x", undefined],
    ["m5", undefined],
    ["", undefined],
  ])("%s is %s seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    [3600, "1h"],
    [5400, "1h30m"],
    [86400 * 30, "30d"],
    [75, "1m15s"],
  ])("%s seconds format as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("bad input gives one clear error per problem, with its path", () => {
  const svc = "services[0]";
  it.each<[string, string, unknown, string]>([
    [
      "an unknown service key",
      "services.0.metricz",
      {},
      `${svc}.metricz: unknown key (did you mean metrics?); allowed: alerts, dashboard, http, labels, metrics, name, namespace, probe, runbookBaseUrl, selector, slos, team`,
    ],
    [
      "a name that is not a DNS label",
      "services.0.name",
      "Orders_API",
      `${svc}.name: "Orders_API" is not a DNS label; allowed: at most 63 of [a-z0-9-], starting and ending alphanumeric`,
    ],
    ["a missing team", "services.0.team", undefined, `${svc}.team: is required (the owning team, which routes its alerts)`],
    ["a team of the wrong type", "services.0.team", 42, `${svc}.team: must be a string, got 42`],
    [
      "an empty selector",
      "services.0.selector",
      {},
      `${svc}.selector: must not be empty (labels of the Kubernetes Service to scrape; an empty selector would select every Service in the namespace)`,
    ],
    [
      "a selector key Kubernetes refuses",
      "services.0.selector",
      { "bad key!": "x" },
      `${svc}.selector["bad key!"]: key "bad key!" is not a Kubernetes label key; allowed: an optional DNS prefix and '/', then at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric`,
    ],
    [
      "a duration like 5x",
      "services.0.metrics.interval",
      "5x",
      `${svc}.metrics.interval: "5x" is not a duration; use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)`,
    ],
    [
      "a timeout above the interval",
      "services.0.metrics.scrapeTimeout",
      "45s",
      `${svc}.metrics.scrapeTimeout: "45s" is longer than the scrape interval "30s"; Prometheus refuses a timeout above the interval`,
    ],
    [
      "a port that is a number",
      "services.0.metrics.port",
      "8080",
      `${svc}.metrics.port: "8080" is not a port name; a ServiceMonitor selects ports by name: at most 15 of [a-z0-9-] with a letter`,
    ],
    [
      "a path without a slash",
      "services.0.metrics.path",
      "metrics",
      `${svc}.metrics.path: "metrics" is not a URL path; must start with '/', at most 1024 of letters, digits and - . _ ~ / % ! $ & + , ; = : @`,
    ],
    [
      "a counter not ending in _total",
      "services.0.http.requests.metric",
      "http_requests",
      `${svc}.http.requests.metric: "http_requests" does not end in _total; a counter's name must, so rate() is applied to a counter`,
    ],
    [
      "a metric name Prometheus refuses",
      "services.0.http.requests.metric",
      "http-requests_total",
      `${svc}.http.requests.metric: "http-requests_total" is not a Prometheus metric name; allowed: [a-zA-Z_:][a-zA-Z0-9_:]*`,
    ],
    [
      "a metric name with a colon",
      "services.0.http.requests.metric",
      "job:http_requests_total",
      `${svc}.http.requests.metric: "job:http_requests_total" contains ':', which Prometheus reserves for recording rules; use the name the service exports`,
    ],
    [
      "a histogram without a unit",
      "services.0.http.duration.metric",
      "http_request_duration",
      `${svc}.http.duration.metric: "http_request_duration" has no unit suffix; a duration histogram must end in _seconds, the Prometheus base unit that thresholds and recorded latencies use`,
    ],
    [
      "a histogram named by its series",
      "services.0.http.duration.metric",
      "http_request_duration_seconds_bucket",
      `${svc}.http.duration.metric: "http_request_duration_seconds_bucket" names a histogram series; give the histogram's base name without _bucket, _count or _sum`,
    ],
    [
      "an empty bucket list",
      "services.0.http.duration.buckets",
      [],
      `${svc}.http.duration.buckets: must not be empty (the declared bucket upper bounds, strictly increasing)`,
    ],
    [
      "unsorted buckets",
      "services.0.http.duration.buckets",
      [0.1, 1, 0.5],
      `${svc}.http.duration.buckets[2]: 0.5 does not follow 1; buckets must be strictly increasing`,
    ],
    [
      "a bucket that is not a number",
      "services.0.http.duration.buckets",
      [0.1, "1"],
      `${svc}.http.duration.buckets[1]: "1" is not a bucket bound; use a positive finite number (+Inf is implied)`,
    ],
    [
      "a status label Prometheus refuses",
      "services.0.http.requests.statusLabel",
      "__status",
      `${svc}.http.requests.statusLabel: "__status" starts with '__', which Prometheus reserves for internal labels`,
    ],
    [
      "an error regex that does not compile",
      "services.0.http.requests.errorStatusRegex",
      "5(",
      `${svc}.http.requests.errorStatusRegex: "5(" is not an RE2 regular expression as Prometheus compiles it (missing closing )); RE2 has no lookaround or backreferences`,
    ],
    [
      "an extra label the generators own",
      "services.0.labels",
      { team: "x" },
      `${svc}.labels.team: key "team" is set by the generators; reserved: alertname, job, namespace, service, severity, team, slo, slo_tier, slo_kind, alertstate`,
    ],
    [
      "a threshold alert without for",
      "services.0.alerts.errorRatio.for",
      "0s",
      `${svc}.alerts.errorRatio.for: "0s" is refused: a threshold alert without 'for' fires on a single evaluation, so one scrape blip pages someone; use at least 1m`,
    ],
    [
      "a threshold alert with a too short for",
      "services.0.alerts.latency.for",
      "30s",
      `${svc}.alerts.latency.for: "30s" is too short: a threshold alert needs 'for' of at least 1m so one scrape blip does not page`,
    ],
    [
      "an error ratio threshold of 5",
      "services.0.alerts.errorRatio.threshold",
      5,
      `${svc}.alerts.errorRatio.threshold: 5 is out of range; must be above 0, below 1`,
    ],
    [
      "an unknown severity",
      "services.0.alerts.latency.severity",
      "critical",
      `${svc}.alerts.latency.severity: "critical" is not allowed; use one of page, ticket, warning, info`,
    ],
    [
      "a latency quantile that is not recorded",
      "services.0.alerts.latency.quantile",
      0.95,
      `${svc}.alerts.latency.quantile: 0.95 is not a recorded quantile; use one of 0.5, 0.9, 0.99`,
    ],
    [
      "a missing runbook base while alerts are on",
      "services.0.runbookBaseUrl",
      undefined,
      `${svc}.runbookBaseUrl: is required while alerts are on (every alert links its runbook); set it here or as platform.runbookBaseUrl, or turn the service's alerts off`,
    ],
    [
      "a runbook base that is not a URL",
      "services.0.runbookBaseUrl",
      "runbooks",
      `${svc}.runbookBaseUrl: "runbooks" is not an http(s) URL`,
    ],
    [
      "a retention like 5x",
      "platform.prometheus.retention",
      "5x",
      `platform.prometheus.retention: "5x" is not a duration; use a Prometheus duration: whole numbers with units ms, s, m, h, d, w, y (e.g. 30s, 5m, 1h30m)`,
    ],
    [
      "an unknown platform key",
      "platform.prometheous",
      {},
      `platform.prometheous: unknown key (did you mean prometheus?); allowed: alertmanager, cluster, distribution, environment, grafana, namespace, networkPolicy, production, prometheus, releaseName, resources, runbookBaseUrl`,
    ],
    [
      "a storage size that is not a quantity",
      "platform.prometheus.storage",
      { size: "lots" },
      `platform.prometheus.storage.size: "lots" is not a Kubernetes quantity such as 50Gi`,
    ],
    [
      "zero Prometheus replicas",
      "platform.prometheus.replicas",
      0,
      `platform.prometheus.replicas: 0 is out of range; must be a whole number, at least 1`,
    ],
    [
      "a scrape interval too slow for 5m windows",
      "services.0.metrics.interval",
      "2m",
      `${svc}.metrics.interval: "2m" leaves fewer than 4 samples in the 5m rate window; use at most 1m15s`,
    ],
  ])("%s", (_case, dotted, value, expected) => {
    expect(problems(withValue(baseConfig(), dotted, value))).toEqual([expected]);
  });

  it("refuses a stack without alert routing, which would notify nobody", () => {
    expect(problems({ ...baseConfig(), alerting: undefined })).toEqual([
      "alerting: is required: without it Alertmanager notifies nobody, not even the dead-man's switch; declare teams with their receivers and a heartbeat (or allowNoHeartbeat with the reason)",
    ]);
  });

  it("reports an unknown top-level config key", () => {
    expect(problems({ ...baseConfig(), servics: [] })).toEqual([
      `servics: unknown config key kube-observability:servics (did you mean kube-observability:services?); allowed: ${CONFIG_KEYS.join(", ")}`,
    ]);
  });

  it("reports a duplicate service name at the second service, naming the first", () => {
    const config = { ...baseConfig(), services: [baseService(), { ...baseService(), namespace: "other" }] };
    expect(problems(config)).toEqual([
      `services[1].name: "orders-api" is already the name of services[0]; service names must be unique in a stack`,
    ]);
  });

  it("reports no services as an error, not as an empty stack", () => {
    expect(problems({ ...baseConfig(), services: [] })).toEqual(["services: must not be empty (the services to monitor)"]);
  });

  it("collects every problem at once, in config order", () => {
    let config = withValue(baseConfig(), "services.0.name", "Bad Name");
    config = withValue(config, "services.0.metrics.interval", "5x");
    config = withValue(config, "services.0.http.duration.buckets", [1, 1]);
    config = withValue(config, "platform.namespace", "Monitoring");
    const found = problems(config).map((p) => p.split(":")[0]);
    expect(found).toEqual([
      "platform.namespace",
      "services[0].name",
      "services[0].metrics.interval",
      "services[0].http.duration.buckets[1]",
    ]);
  });

  it("parseStack throws one ConfigError whose message lists every problem", () => {
    const config = withValue(withValue(baseConfig(), "services.0.team", undefined), "services.0.metrics.port", undefined);
    let error: unknown;
    try {
      stackOf(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      [
        "invalid stack config: 2 problems",
        "  - services[0].team: is required (the owning team, which routes its alerts)",
        "  - services[0].metrics.port: is required (the name of the Service port that serves metrics)",
      ].join("\n"),
    );
  });
});
