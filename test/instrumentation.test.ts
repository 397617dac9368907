import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkStack, INSTRUMENTATION_PRESETS, INSTRUMENTATIONS, naming, type Instrumentation, type ServiceConfig } from "../config";
import { recordingRules, serviceRuleGroups } from "../rules";
import { sliSelectors } from "../rules/slo/sli";
import * as q from "../dashboards/queries";
import { checkRules, runTool, toolBinary } from "../render/tools";
import { toYaml } from "../render";
import { baseConfig, baseService, stackOf, withValue } from "./support/config";
import { renderToTemp } from "./support/tools";

const svc = "services[0]";

/** The test stack with a retention long enough for 30d SLOs. */
function configWith(services: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { ...baseConfig(), platform: { prometheus: { retention: "35d" } }, services };
}

/** A service described by its preset alone, plus `extra` http fields. */
function presetService(name: string, instrumentation: Instrumentation, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { http: _http, ...rest } = baseService();
  return { ...rest, name, selector: { app: name }, http: { instrumentation, ...extra } };
}

function parsedService(service: Record<string, unknown>): ServiceConfig {
  const s = stackOf(configWith([service])).services[0];
  if (s === undefined) throw new Error("no service parsed");
  return s;
}

function problems(service: Record<string, unknown>): string[] {
  return checkStack({ stack: "test", config: configWith([service]) }).issues.map((i) => `${i.path}: ${i.message}`);
}

describe("a preset fills the names its library exports", () => {
  it.each([
    {
      name: "otel counts requests from the duration histogram's _count, with the semantic conventions' attributes translated to classic labels",
      instrumentation: "otel",
      expected: {
        source: "histogram",
        metric: "http_server_request_duration_seconds_count",
        histogram: "http_server_request_duration_seconds",
        status: "http_response_status_code",
        route: "http_route",
        method: "http_request_method",
        errors: "5..",
        inFlight: undefined,
      },
    },
    {
      name: "micrometer counts requests from Spring's http.server.requests timer, by status and uri",
      instrumentation: "micrometer",
      expected: {
        source: "histogram",
        metric: "http_server_requests_seconds_count",
        histogram: "http_server_requests_seconds",
        status: "status",
        route: "uri",
        method: "method",
        errors: "5..",
        inFlight: undefined,
      },
    },
    {
      name: "prometheus-net counts its received-requests counter, by code and endpoint, with its in-progress gauge",
      instrumentation: "prometheus-net",
      expected: {
        source: "counter",
        metric: "http_requests_received_total",
        histogram: "http_request_duration_seconds",
        status: "code",
        route: "endpoint",
        method: "method",
        errors: "5..",
        inFlight: "http_requests_in_progress",
      },
    },
    {
      name: "express-prom-bundle counts requests from its only histogram, by status_code",
      instrumentation: "express-prom-bundle",
      expected: {
        source: "histogram",
        metric: "http_request_duration_seconds_count",
        histogram: "http_request_duration_seconds",
        status: "status_code",
        route: "path",
        method: "method",
        errors: "5..",
        inFlight: undefined,
      },
    },
    {
      name: "prometheus-flask-exporter counts requests from its histogram, whose labels include the path its counter lacks",
      instrumentation: "prometheus-flask-exporter",
      expected: {
        source: "histogram",
        metric: "flask_http_request_duration_seconds_count",
        histogram: "flask_http_request_duration_seconds",
        status: "status",
        route: "path",
        method: "method",
        errors: "5..",
        inFlight: undefined,
      },
    },
    {
      name: "client_golang is the seed's naming: a counter by status, path and method",
      instrumentation: "client_golang",
      expected: {
        source: "counter",
        metric: "http_requests_total",
        histogram: "http_request_duration_seconds",
        status: "status",
        route: "path",
        method: "method",
        errors: "5..",
        inFlight: undefined,
      },
    },
  ] as const)("$name", ({ instrumentation, expected }) => {
    const s = parsedService(presetService("svc", instrumentation));
    const r = s.http.requests;
    expect({
      source: r.source,
      metric: r.metric,
      histogram: s.http.duration.metric,
      status: r.statusLabel,
      route: r.routeLabel,
      method: r.methodLabel,
      errors: r.errorStatusRegex,
      inFlight: s.http.inFlight,
    }).toEqual(expected);
    expect(s.http.duration.buckets).toEqual(INSTRUMENTATION_PRESETS[instrumentation].buckets);
    expect(s.http.names).toBe("classic");
  });

  it.each([
    ["client_golang's buckets are prometheus.DefBuckets", "client_golang", [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]],
    [
      "prometheus-net's buckets are ExponentialBuckets(0.001, 2, 16), 1ms to 32.768s",
      "prometheus-net",
      [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384, 32.768],
    ],
    ["express-prom-bundle's buckets are its own six", "express-prom-bundle", [0.003, 0.03, 0.1, 0.3, 1.5, 10]],
  ] as const)("%s", (_name, instrumentation, buckets) => {
    expect(INSTRUMENTATION_PRESETS[instrumentation].buckets).toEqual(buckets);
  });

  it("micrometer's buckets are its percentile-histogram buckets from 1ms to 30s, both ends included", () => {
    const b = INSTRUMENTATION_PRESETS.micrometer.buckets;
    expect(b[0]).toBe(0.001);
    expect(b[1]).toBe(0.001048576); // 4^10 ns, the first power of four above 1ms
    expect(b[b.length - 1]).toBe(30);
    expect(b).toContain(1.073741824); // 4^15 ns
    expect(b).toHaveLength(68);
  });

  it("every field of a preset can be overridden", () => {
    const s = parsedService(
      presetService("svc", "micrometer", {
        requests: { statusLabel: "outcome", statusConvention: "outcome", routeLabel: "route" },
        inFlight: "http_server_requests_active_seconds_active_count",
      }),
    );
    expect(s.http.requests.statusLabel).toBe("outcome");
    expect(s.http.requests.errorStatusRegex).toBe("SERVER_ERROR");
    expect(s.http.requests.routeLabel).toBe("route");
    expect(s.http.requests.methodLabel).toBe("method");
    expect(s.http.inFlight).toBe("http_server_requests_active_seconds_active_count");
  });

  it("client_golang with the seed's in-flight gauge generates exactly the rules of orders-api's explicit config", () => {
    const explicit = parsedService(withValue(baseService(), "http.inFlight", "http_requests_in_flight"));
    const preset = parsedService({
      ...presetService("orders-api", "client_golang", { inFlight: "http_requests_in_flight", duration: { buckets: [0.1, 0.5, 1] } }),
      selector: explicit.selector,
    });
    expect(serviceRuleGroups(preset)).toEqual(serviceRuleGroups(explicit));
  });

  it("an OpenTelemetry service on the JavaScript exporter names its unsuffixed histogram and keeps the preset's buckets", () => {
    const s = parsedService(presetService("svc", "otel", { duration: { metric: "http_server_request_duration" } }));
    expect(s.http.requests.metric).toBe("http_server_request_duration_count");
    expect(s.http.duration.buckets).toEqual(INSTRUMENTATION_PRESETS.otel.buckets);
  });
});

describe("requests from a histogram's _count", () => {
  const s = parsedService(presetService("checkout", "otel"));
  const rules = recordingRules(s);
  const expr = (record: string): string | undefined => rules.find((r) => r.record === record)?.expr;
  it.each([
    [
      "the request rate is the rate of the histogram's _count",
      naming.record.requestRate,
      'sum by (namespace, job) (rate(http_server_request_duration_seconds_count{job="checkout",namespace="shop"}[5m]))',
    ],
    [
      "errors are the _count series whose status label matches the error regex",
      naming.record.errorRate,
      'sum by (namespace, job) (rate(http_server_request_duration_seconds_count{job="checkout",namespace="shop",http_response_status_code=~"(?-s:5..)"}[5m])) or on (namespace, job) (0 * namespace_job:http_requests:rate5m{job="checkout",namespace="shop"})',
    ],
  ])("%s", (_name, record, expected) => {
    expect(expr(record)).toBe(expected);
  });

  it("an availability SLO counts the histogram's _count, good events by the status label on the histogram", () => {
    const withSlo = parsedService({
      ...presetService("checkout", "otel"),
      slos: [{ name: "availability", kind: "availability", objective: 99.9 }],
    });
    const slo = withSlo.slos[0];
    if (slo === undefined) throw new Error("no slo");
    const sli = sliSelectors(withSlo, slo);
    expect(sli.events("total", "5m")).toBe(`increase(${sli.total}[5m])`);
    expect({ total: sli.total, good: sli.good, required: sli.required, requiredLabels: sli.requiredLabels }).toEqual({
      total: 'http_server_request_duration_seconds_count{job="checkout",namespace="shop"}',
      good: 'http_server_request_duration_seconds_count{job="checkout",namespace="shop",http_response_status_code!~"(?-s:5..)"}',
      required: ['http_server_request_duration_seconds_count{job="checkout",namespace="shop"}'],
      requiredLabels: { job: "checkout", namespace: "shop" },
    });
  });

  it("the outcome convention reads the status class from Micrometer's outcome", () => {
    const m = parsedService(presetService("svc", "micrometer", { requests: { statusLabel: "outcome", statusConvention: "outcome" } }));
    const byClass = recordingRules(m).find((r) => r.record === naming.record.requestRateByStatusClass)?.expr ?? "";
    expect(byClass).toContain('"status_class", "5xx", "outcome", "SERVER_ERROR")');
    expect(byClass).toContain('"status_class", "2xx", "outcome", "SUCCESS")');
  });

  it("promtool: request rate, error ratio and status classes of an OpenTelemetry service come from its histogram alone", () => {
    const stack = stackOf(configWith([presetService("checkout", "otel")]));
    const out = renderToTemp(stack);
    const dir = path.join(out, "prometheus", "instrumentation");
    fs.mkdirSync(dir, { recursive: true });
    const sel = 'job="checkout",namespace="shop"';
    const series = (status: string, perMinute: number): { series: string; values: string } => ({
      series: `http_server_request_duration_seconds_count{${sel},http_response_status_code="${status}",http_route="/pay",http_request_method="POST"}`,
      values: `0+${perMinute}x30`,
    });
    const test = {
      rule_files: ["../rules/checkout.yaml"],
      evaluation_interval: "30s",
      group_eval_order: serviceRuleGroups(stack.services[0] as ServiceConfig).map((g) => g.name),
      tests: [
        {
          interval: "1m",
          input_series: [series("200", 570), series("503", 30)],
          promql_expr_test: [
            {
              expr: `${naming.record.requestRate}{${sel}}`,
              eval_time: "10m",
              exp_samples: [{ labels: `${naming.record.requestRate}{${sel}}`, value: 10 }],
            },
            {
              expr: `${naming.record.errorRatio}{${sel}}`,
              eval_time: "10m",
              exp_samples: [{ labels: `${naming.record.errorRatio}{${sel}}`, value: 0.05 }],
            },
            {
              expr: `${naming.record.requestRateByStatusClass}{${sel}}`,
              eval_time: "10m",
              exp_samples: [
                { labels: `${naming.record.requestRateByStatusClass}{${sel},status_class="2xx"}`, value: 9.5 },
                { labels: `${naming.record.requestRateByStatusClass}{${sel},status_class="5xx"}`, value: 0.5 },
              ],
            },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, "histogram-requests.test.yaml"), toYaml(test));
    const run = runTool("promtool", ["test", "rules", "histogram-requests.test.yaml"], { cwd: dir });
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

describe("a stack with one service per preset", () => {
  const services = INSTRUMENTATIONS.filter((i) => i !== "custom").map((i) => {
    const buckets = INSTRUMENTATION_PRESETS[i].buckets;
    const threshold = buckets.find((b) => b >= 0.25) ?? buckets[0];
    return {
      ...presetService(`svc-${i.replace(/_/g, "-")}`, i),
      slos: [
        { name: "availability", kind: "availability", objective: 99.9 },
        { name: "latency", kind: "latency", objective: 99, threshold },
      ],
    };
  });
  const out = renderToTemp(stackOf(configWith(services)));
  it("renders a rule file per service that promtool check rules accepts", () => {
    const runs = checkRules(out);
    expect(runs).toHaveLength(services.length + 1);
    for (const run of runs) expect(run.output, run.command).toContain("SUCCESS");
  });
  it(
    "renders SLO tests that promtool test rules passes: availability counted from the OpenTelemetry histogram, latency from its buckets",
    { timeout: 900_000 },
    async () => {
      // One service's tests: every preset reaches the SLO engine through the same request series and buckets.
      // Asynchronous: each file replays hours of traffic (about a minute), too long to block vitest's worker.
      const dir = path.join(out, "prometheus", "tests");
      const files = fs.readdirSync(dir).filter((f) => f.startsWith("svc-otel"));
      expect(files).toHaveLength(2);
      const runs = await Promise.all(
        files.map(async (f) => {
          try {
            const r = await promisify(execFile)(toolBinary("promtool"), ["test", "rules", f], { cwd: dir, timeout: 900_000 });
            return { f, ok: true, output: `${r.stdout}${r.stderr}` };
          } catch (e) {
            const err = e as { stdout?: string; stderr?: string };
            return { f, ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
          }
        }),
      );
      for (const run of runs) {
        expect(run.output, run.f).toContain("SUCCESS");
        expect(run.ok, run.f).toBe(true);
      }
    },
  );
});

describe("Prometheus 3 UTF-8 names (not parsed by promtool 2.42 here, so exact expressions)", () => {
  const s = parsedService(presetService("checkout", "otel", { names: "utf8" }));
  const rules = recordingRules(s);
  const expr = (record: string): string | undefined => rules.find((r) => r.record === record)?.expr;
  it.each([
    [
      "the request rate selects the dotted _count name inside the braces, quoted",
      expr(naming.record.requestRate),
      'sum by (namespace, job) (rate({"http.server.request.duration_seconds_count",job="checkout",namespace="shop"}[5m]))',
    ],
    [
      "the error rate quotes the dotted status label",
      expr(naming.record.errorRate),
      'sum by (namespace, job) (rate({"http.server.request.duration_seconds_count",job="checkout",namespace="shop","http.response.status_code"=~"(?-s:5..)"}[5m])) or on (namespace, job) (0 * namespace_job:http_requests:rate5m{job="checkout",namespace="shop"})',
    ],
    [
      "the bucket rates select the dotted _bucket name",
      expr(naming.record.durationBucketRate),
      'sum by (namespace, job, le) (rate({"http.server.request.duration_seconds_bucket",job="checkout",namespace="shop"}[5m]))',
    ],
    [
      "the status class is read from the dotted status label",
      expr(naming.record.requestRateByStatusClass),
      'sum by (namespace, job, status_class) (label_replace(rate({"http.server.request.duration_seconds_count",job="checkout",namespace="shop"}[5m]), "status_class", "${1}xx", "http.response.status_code", "([0-9]).*"))',
    ],
    [
      "the dashboard's latency by route groups by the quoted route label",
      q.latencyByRoute(s, 0.99),
      'histogram_quantile(0.99, sum by (le, "http.route") (rate({"http.server.request.duration_seconds_bucket",job="checkout",namespace="$namespace"}[$__rate_interval])))',
    ],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
  it("classic is the default: the pinned Prometheus ingests translated names from the exporters the preset follows", () => {
    expect(parsedService(presetService("checkout", "otel")).http.names).toBe("classic");
  });
});

describe("bad instrumentation input: one line per problem, naming the field", () => {
  it.each([
    [
      "an unknown instrumentation",
      presetService("svc", "opentelemetry" as Instrumentation),
      `${svc}.http.instrumentation: "opentelemetry" is not allowed; use one of ${INSTRUMENTATIONS.join(", ")}`,
    ],
    [
      "otel with a request counter as well (ambiguous)",
      presetService("svc", "otel", { requests: { metric: "http_requests_total" } }),
      `${svc}.http.requests.metric: is ambiguous with instrumentation otel: OpenTelemetry exports no request counter, so requests are counted from the histogram's _count; remove it, or use instrumentation custom to count this counter`,
    ],
    [
      "a preset's histogram renamed without the buckets it is exported with",
      presetService("svc", "express-prom-bundle", { duration: { metric: "api_latency_seconds" } }),
      `${svc}.http.duration.buckets: is required: "api_latency_seconds" is not the express-prom-bundle histogram "http_request_duration_seconds", so its buckets are not the library's defaults; declare the buckets "api_latency_seconds" is exported with`,
    ],
    [
      "utf8 names for a library that exports classic names only",
      presetService("svc", "prometheus-net", { names: "utf8" }),
      `${svc}.http.names: "utf8" is not a name style prometheus-net exports; use classic`,
    ],
    [
      "a dotted label with classic names",
      presetService("svc", "otel", { requests: { routeLabel: "http.route" } }),
      `${svc}.http.requests.routeLabel: "http.route" is not a Prometheus label name; allowed: [a-zA-Z_][a-zA-Z0-9_]*`,
    ],
    [
      "a UTF-8 label our sinks cannot carry",
      presetService("svc", "otel", { names: "utf8", requests: { routeLabel: 'http.route"}' } }),
      `${svc}.http.requests.routeLabel: "http.route\\"}" is not a name we can select; allowed in utf8 names: [A-Za-z_][A-Za-z0-9_./-]*`,
    ],
    [
      "a status-code regex under the outcome convention",
      presetService("svc", "micrometer", { requests: { statusLabel: "outcome", statusConvention: "outcome", errorStatusRegex: "5.." } }),
      `${svc}.http.requests.errorStatusRegex: "5.." matches none of the outcome values INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR, UNKNOWN; it must match those that count as errors`,
    ],
    [
      "an unknown status convention",
      presetService("svc", "micrometer", { requests: { statusConvention: "family" } }),
      `${svc}.http.requests.statusConvention: "family" is not allowed; use one of code, class, outcome`,
    ],
  ])("%s", (_name, service, expected) => {
    expect(problems(service)).toEqual([expected]);
  });

  it("custom still needs the histogram it reads latency from", () => {
    expect(problems({ ...baseService(), http: { requests: { metric: "http_requests_total" } } })).toEqual([
      `${svc}.http.duration: is required (the request duration histogram: metric, buckets)`,
    ]);
  });
});
