/**
 * Instrumentation presets: the names, labels, status convention and default buckets that each
 * common HTTP instrumentation library exports, as data. `http.instrumentation` picks one; every
 * field it fills can still be set in stack config. Each preset names the library version it was
 * checked against (the library's source at that version, not a blog post).
 */
import { re2Matcher, re2Problem, statusRegexProblem } from "./sinks";

/** The libraries a service's HTTP metrics may come from. */
export const Instrumentation = {
  /** OpenTelemetry HTTP semantic conventions: one histogram, `http.server.request.duration`, no counter. */
  otel: "otel",
  /** Spring Boot's Micrometer timer `http.server.requests`. */
  micrometer: "micrometer",
  /** prometheus-net's ASP.NET Core middleware (`UseHttpMetrics`). */
  prometheusNet: "prometheus-net",
  /** express-prom-bundle's Express middleware. */
  expressPromBundle: "express-prom-bundle",
  /** prometheus-flask-exporter's default metrics. */
  prometheusFlaskExporter: "prometheus-flask-exporter",
  /** The seed's Go service: client_golang with a request counter and histogram. */
  clientGolang: "client_golang",
  /** Every name given in stack config; nothing filled but the label defaults. */
  custom: "custom",
} as const;
export type Instrumentation = (typeof Instrumentation)[keyof typeof Instrumentation];
export const INSTRUMENTATIONS: readonly Instrumentation[] = Object.values(Instrumentation);

/** How metric and label names are spelled in Prometheus. */
export const NameStyle = {
  /** Names translated to `[a-zA-Z_:][a-zA-Z0-9_:]*` (dots become underscores): every Prometheus. */
  classic: "classic",
  /** Prometheus 3's UTF-8 names, kept as the library spells them (`http.route`); selected with quotes. */
  utf8: "utf8",
} as const;
export type NameStyle = (typeof NameStyle)[keyof typeof NameStyle];

/** What the status label holds, and so how an error and a status class are read from it. */
export const StatusConvention = {
  /** The numeric HTTP status code (`503`). */
  code: "code",
  /** The status class (`5xx`). */
  class: "class",
  /** Micrometer's outcome (`SERVER_ERROR`, `CLIENT_ERROR`, `SUCCESS`, `REDIRECTION`, `INFORMATIONAL`). */
  outcome: "outcome",
} as const;
export type StatusConvention = (typeof StatusConvention)[keyof typeof StatusConvention];

/** Error regex of each status convention when the service sets none. */
export const DEFAULT_ERROR_REGEX: Readonly<Record<StatusConvention, string>> = {
  code: "5..",
  class: "5xx",
  outcome: "SERVER_ERROR",
};

/** What a status label holds under the class and outcome conventions (the code convention: HTTP statuses 100 to 599). */
export const CONVENTION_VALUES = {
  class: ["1xx", "2xx", "3xx", "4xx", "5xx"],
  outcome: ["INFORMATIONAL", "SUCCESS", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN"],
} as const;

/**
 * The check of an error regex under a status convention: an RE2 regex that matches some of the
 * values the status label holds and not all (for codes, the HTTP statuses: `statusRegexProblem`).
 */
export function errorRegexCheck(convention: StatusConvention): (s: string) => string | undefined {
  if (convention === StatusConvention.code) return statusRegexProblem;
  const values = CONVENTION_VALUES[convention];
  return (s) => {
    const why = re2Problem(s);
    if (why !== undefined) return why;
    const matches = re2Matcher(s);
    const n = values.filter(matches).length;
    if (n === 0) return `matches none of the ${convention} values ${values.join(", ")}; it must match those that count as errors`;
    if (n === values.length) return `matches every ${convention} value, so every request would be an error`;
    return undefined;
  };
}

/** Where requests are counted from. */
export const RequestSource = {
  /** A request counter ending in `_total`. */
  counter: "counter",
  /** The duration histogram's `_count`: libraries that export no counter (OpenTelemetry). */
  histogram: "histogram",
} as const;
export type RequestSource = (typeof RequestSource)[keyof typeof RequestSource];

/** The names a library exports, in one name style. */
export interface PresetNames {
  /** Request counter; undefined when requests are counted from the histogram's `_count`. */
  readonly counter: string | undefined;
  /** Duration histogram, base name (no `_bucket`). */
  readonly histogram: string;
  readonly statusLabel: string;
  readonly routeLabel: string;
  readonly methodLabel: string;
  /** Gauge of requests in flight; undefined when the library exports none by default. */
  readonly inFlight: string | undefined;
  /** Other exporters' spellings of the same histogram, with the same default buckets. Defaults to none. */
  readonly histogramAliases?: readonly string[];
}

/** One library's defaults. */
export interface InstrumentationPreset {
  /** The library and version the names were checked against. */
  readonly follows: string;
  /** Names in each style the library can be ingested in; classic always. */
  readonly names: { readonly classic: PresetNames; readonly utf8?: PresetNames };
  /** The style the pinned Prometheus (v3.14) ingests from the exporter named in `follows`. */
  readonly defaultStyle: NameStyle;
  readonly statusConvention: StatusConvention;
  /** The library's default bucket bounds in seconds (`+Inf` implied). */
  readonly buckets: readonly number[];
}

/**
 * Micrometer's percentile-histogram buckets of a timer: powers of 4 in nanoseconds with a third of
 * the previous power between them (`PercentileHistogramBuckets`), clipped to the timer's expected
 * range (1ms to 30s by default), plus both ends of that range (`getHistogramBuckets`).
 */
function micrometerTimerBuckets(minNanos: number, maxNanos: number): number[] {
  const nanos = new Set<number>([1, 2, 3, minNanos, maxNanos]);
  for (let exp = 2; exp < 64; exp += 2) {
    const start = 2 ** exp;
    const delta = Math.floor(start / 3);
    // Above 2^53 a double loses integers; those buckets are far beyond any expected range.
    if (start > maxNanos) break;
    for (let current = start; current < start * 4 - delta; current += delta) nanos.add(current);
  }
  return [...nanos]
    .filter((n) => n >= minNanos && n <= maxNanos)
    .sort((a, b) => a - b)
    .map((n) => n / 1e9);
}

/** client_golang's `prometheus.DefBuckets` (v1.x). */
const GO_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** prometheus_client (Python)'s `Histogram.DEFAULT_BUCKETS` (0.x). */
const PYTHON_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Every preset but `custom`, which fills nothing. */
export const INSTRUMENTATION_PRESETS: Readonly<Record<Exclude<Instrumentation, "custom">, InstrumentationPreset>> = {
  otel: {
    follows:
      "OpenTelemetry semantic conventions 1.x (HTTP server metrics, stable), translated as the OpenTelemetry specification's Prometheus compatibility says (unit suffix `_seconds`): Prometheus 3's OTLP receiver (classic with its default translation strategy UnderscoreEscapingWithSuffixes, utf8 with NoUTF8EscapingWithSuffixes), the Collector's prometheus exporter and the Go and Java SDK exporters. The JavaScript exporter @opentelemetry/exporter-prometheus 0.223.0 adds no unit suffix: set duration.metric to http_server_request_duration.",
    names: {
      classic: {
        counter: undefined,
        histogram: "http_server_request_duration_seconds",
        statusLabel: "http_response_status_code",
        routeLabel: "http_route",
        methodLabel: "http_request_method",
        inFlight: undefined,
        // @opentelemetry/exporter-prometheus (JavaScript) appends no unit suffix.
        histogramAliases: ["http_server_request_duration"],
      },
      utf8: {
        counter: undefined,
        histogram: "http.server.request.duration_seconds",
        statusLabel: "http.response.status_code",
        routeLabel: "http.route",
        methodLabel: "http.request.method",
        inFlight: undefined,
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    // The semantic conventions' advisory bucket boundaries of http.server.request.duration.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  },
  micrometer: {
    follows:
      "Micrometer 1.13+ (Prometheus client_java 1.x) under Spring Boot 3.x, timer http.server.requests with management.metrics.distribution.percentiles-histogram.http.server.requests=true (without it no _bucket series exist)",
    names: {
      classic: {
        counter: undefined,
        histogram: "http_server_requests_seconds",
        statusLabel: "status",
        routeLabel: "uri",
        methodLabel: "method",
        inFlight: undefined,
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    buckets: micrometerTimerBuckets(1e6, 30e9),
  },
  "prometheus-net": {
    follows:
      "prometheus-net.AspNetCore 8.2.1 (UseHttpMetrics: HttpRequestCountMiddleware, HttpRequestDurationMiddleware, HttpInProgressMiddleware)",
    names: {
      classic: {
        counter: "http_requests_received_total",
        histogram: "http_request_duration_seconds",
        statusLabel: "code",
        // The endpoint-routing route pattern, added when the app uses endpoint routing.
        routeLabel: "endpoint",
        methodLabel: "method",
        inFlight: "http_requests_in_progress",
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    // Histogram.ExponentialBuckets(0.001, 2, 16): 1ms to 32.768s.
    buckets: Array.from({ length: 16 }, (_, i) => 0.001 * 2 ** i),
  },
  "express-prom-bundle": {
    follows: "express-prom-bundle 8.0.0 (prom-client 15), with includeMethod and includePath on (both default to off)",
    names: {
      classic: {
        counter: undefined,
        histogram: "http_request_duration_seconds",
        statusLabel: "status_code",
        routeLabel: "path",
        methodLabel: "method",
        inFlight: undefined,
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
  },
  "prometheus-flask-exporter": {
    follows:
      "prometheus-flask-exporter 0.23.2 (default metrics, prefix flask, group_by path); its counter flask_http_request_total has no path label, so requests are counted from the histogram",
    names: {
      classic: {
        counter: undefined,
        histogram: "flask_http_request_duration_seconds",
        statusLabel: "status",
        routeLabel: "path",
        methodLabel: "method",
        inFlight: undefined,
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    buckets: PYTHON_DEFAULT_BUCKETS,
  },
  client_golang: {
    follows:
      "the seed's Go service: client_golang 1.x with a middleware counting http_requests_total and observing http_request_duration_seconds by status, path and method (promhttp's own InstrumentHandler* take the names you give them), prometheus.DefBuckets",
    names: {
      classic: {
        counter: "http_requests_total",
        histogram: "http_request_duration_seconds",
        statusLabel: "status",
        routeLabel: "path",
        methodLabel: "method",
        inFlight: undefined,
      },
    },
    defaultStyle: "classic",
    statusConvention: "code",
    buckets: GO_DEFAULT_BUCKETS,
  },
};

/** The preset of an instrumentation; undefined for `custom`. */
export function presetOf(instrumentation: Instrumentation): InstrumentationPreset | undefined {
  return instrumentation === Instrumentation.custom ? undefined : INSTRUMENTATION_PRESETS[instrumentation];
}

/**
 * A UTF-8 metric or label name as Prometheus 3 accepts it, restricted to what every sink of ours
 * carries unescaped: PromQL strings (quoted), YAML, Grafana legends (`{{name}}`).
 */
const UTF8_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/** Why a UTF-8-style metric or label name is refused, or undefined. */
export function utf8NameProblem(name: string): string | undefined {
  if (!UTF8_NAME.test(name)) return "is not a name we can select; allowed in utf8 names: [A-Za-z_][A-Za-z0-9_./-]*";
  if (name.startsWith("__")) return "starts with '__', which Prometheus reserves for internal labels";
  return undefined;
}
