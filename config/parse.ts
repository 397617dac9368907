import { DEFAULTS, RECORDED_QUANTILES } from "./defaults";
import { formatDuration, parseDuration } from "./duration";
import { IssueList, ConfigError, show } from "./errors";
import { PORT_NAME, k8sLabelKeyProblem, k8sLabelValueProblem, labelNameProblem, metricNameProblem } from "./names";
import { Fields, at, looksSecret, type Duration } from "./read";
import { closestKey } from "./suggest";
import { parseDashboards, parseServiceDashboard } from "./dashboards";
import { checkSlosAgainstPlatform, parseSlos } from "./slo";
import { parseAlerting } from "./alerting";
import { parsePlatform, url } from "./platform";
import { LIMITS, SECRET_POINTER, dnsLabelProblem, shorten, isCredentialKey, textProblem } from "./sinks";
import { sizeIssue, uniquenessIssues } from "./unique";
import * as naming from "./naming";
import { REMOTE_WRITE_SECRETS_KEY, THANOS_OBJECT_STORAGE_KEY } from "./remote-write";
import { parseProbe } from "./probe";
import {
  DEFAULT_ERROR_REGEX,
  INSTRUMENTATIONS,
  errorRegexCheck,
  Instrumentation,
  NameStyle,
  RequestSource,
  StatusConvention,
  presetOf,
  utf8NameProblem,
  type InstrumentationPreset,
  type PresetNames,
} from "./instrumentation";
import {
  SEVERITIES,
  type DurationHistogramConfig,
  type HttpMetricsConfig,
  type LatencyAlertConfig,
  type MetricsEndpointConfig,
  type PlatformConfig,
  type ServiceAlertsConfig,
  type ServiceConfig,
  type Severity,
  type StackConfig,
  type TargetAlertConfig,
  type ThresholdAlertConfig,
} from "./types";

/** Config keys of the project namespace (`kube-observability:<key>`). */
export const CONFIG_KEYS = ["platform", "services", "dashboards", "alerting"] as const;

/** Secret config keys: set with `pulumi config set --secret`, never part of the spec. */
export const SECRET_KEYS = [
  "grafanaAdminPassword",
  "grafanaApiUrl",
  "grafanaApiToken",
  "alertingSecrets",
  REMOTE_WRITE_SECRETS_KEY,
  THANOS_OBJECT_STORAGE_KEY,
] as const;

/** Longest service name: its dashboard uid `ko-<name>` must fit Grafana's 40 characters untruncated, so no two uids collide. */
export const MAX_SERVICE_NAME = 40 - "ko-".length;

/** Service names that other generated objects or files already use. */
const RESERVED_SERVICE_NAMES: Readonly<Record<string, string>> = {
  platform: "the platform's rule file is prometheus/rules/platform.yaml",
  [naming.platformRuleName]: "the platform's PrometheusRule has that name",
};

const serviceName = (s: string): string | undefined => {
  const why = dnsLabelProblem(s);
  if (why !== undefined) return why;
  if (s.length > MAX_SERVICE_NAME)
    return `is ${s.length} characters long; at most ${MAX_SERVICE_NAME} are allowed, so that its dashboard uid ko-<name> fits Grafana's 40 characters and no two services share a dashboard`;
  const reserved = RESERVED_SERVICE_NAMES[s];
  return reserved !== undefined ? `is reserved: ${reserved}` : undefined;
};

/** The scrape path of a ServiceMonitor endpoint: a URL path, nothing else. */
const metricsPath = (s: string): string | undefined =>
  /^\/[A-Za-z0-9\-._~/%!$&+,;=:@]{0,1023}$/.test(s)
    ? undefined
    : "is not a URL path; must start with '/', at most 1024 of letters, digits and - . _ ~ / % ! $ & + , ; = : @";

function parseMetricsEndpoint(f: Fields, platform: PlatformConfig | undefined): MetricsEndpointConfig | undefined {
  const m = f.object("metrics", ["port", "path", "scheme", "interval", "scrapeTimeout", "sampleLimit", "labelLimit"], {
    hint: "the metrics endpoint: port, path, interval",
  });
  if (!m) return undefined;
  const port = m.string("port", {
    hint: "the name of the Service port that serves metrics",
    check: (s) =>
      s.length <= 15 && PORT_NAME.test(s)
        ? undefined
        : "is not a port name; a ServiceMonitor selects ports by name: at most 15 of [a-z0-9-] with a letter",
  });
  const path = m.string("path", { default: DEFAULTS.metrics.path, check: metricsPath });
  const scheme = m.string("scheme", { default: DEFAULTS.metrics.scheme, oneOf: ["http", "https"] }) as "http" | "https" | undefined;
  const interval = m.duration("interval", {
    default: platform?.prometheus.scrapeInterval.text ?? DEFAULTS.prometheus.scrapeInterval,
    min: 1,
  });
  const defaultTimeout = interval !== undefined && interval.seconds < 10 ? interval.text : DEFAULTS.metrics.scrapeTimeout;
  let scrapeTimeout = m.duration("scrapeTimeout", { default: defaultTimeout, min: 1 });
  if (interval && scrapeTimeout && scrapeTimeout.seconds > interval.seconds) {
    m.problem(
      "scrapeTimeout",
      `${show(scrapeTimeout.text)} is longer than the scrape interval ${show(interval.text)}; Prometheus refuses a timeout above the interval`,
    );
    scrapeTimeout = undefined;
  }
  const sampleLimit = m.number("sampleLimit", { default: DEFAULTS.metrics.sampleLimit, integer: true, min: 1 });
  const labelLimit = m.number("labelLimit", { default: DEFAULTS.metrics.labelLimit, integer: true, min: 1 });
  if (
    port === undefined ||
    path === undefined ||
    scheme === undefined ||
    interval === undefined ||
    scrapeTimeout === undefined ||
    sampleLimit === undefined ||
    labelLimit === undefined
  ) {
    return undefined;
  }
  return { port, path, scheme, interval, scrapeTimeout, sampleLimit, labelLimit };
}

const metricName = (s: string): string | undefined => metricNameProblem(s);
const labelName = (s: string): string | undefined => labelNameProblem(s);

/** The name checks of a name style: classic names are Prometheus 2's, utf8 names Prometheus 3's (as far as our sinks allow). */
function nameChecks(style: NameStyle | undefined): { metric: (s: string) => string | undefined; label: (s: string) => string | undefined } {
  return style === NameStyle.utf8 ? { metric: utf8NameProblem, label: utf8NameProblem } : { metric: metricName, label: labelName };
}

function parseHistogram(
  h: Fields,
  instrumentation: Instrumentation,
  preset: InstrumentationPreset | undefined,
  names: PresetNames | undefined,
  checkName: (s: string) => string | undefined,
): DurationHistogramConfig | undefined {
  const metric = h.string("metric", {
    ...(names !== undefined ? { default: names.histogram } : {}),
    hint: "the request duration histogram, e.g. http_request_duration_seconds",
    check: (s) =>
      checkName(s) ??
      (/_(bucket|count|sum)$/.test(s)
        ? "names a histogram series; give the histogram's base name without _bucket, _count or _sum"
        : s.endsWith("_seconds") || instrumentation === Instrumentation.otel
          ? undefined
          : "has no unit suffix; a duration histogram must end in _seconds, the Prometheus base unit that thresholds and recorded latencies use"),
  });
  if (
    preset !== undefined &&
    names !== undefined &&
    metric !== undefined &&
    metric !== names.histogram &&
    !(names.histogramAliases ?? []).includes(metric) &&
    !h.has("buckets")
  ) {
    // A preset's buckets are its library's defaults for its own histogram, not for another one.
    h.problem(
      "buckets",
      `is required: ${show(metric)} is not the ${instrumentation} histogram ${show(names.histogram)}, so its buckets are not the library's defaults; declare the buckets ${show(metric)} is exported with`,
    );
    return undefined;
  }
  const list = h.list("buckets", {
    hint: "the declared bucket upper bounds, strictly increasing",
    nonEmpty: true,
    optional: preset !== undefined,
  });
  let buckets: number[] | undefined;
  if (list) {
    buckets = [];
    for (const { value, path } of list) {
      if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        h.issues.add(path, `${show(value)} is not a bucket bound; use a positive finite number (+Inf is implied)`);
        buckets = undefined;
        break;
      }
      const prev = buckets[buckets.length - 1];
      if (prev !== undefined && value <= prev) {
        h.issues.add(path, `${show(value)} does not follow ${show(prev)}; buckets must be strictly increasing`);
        buckets = undefined;
        break;
      }
      buckets.push(value);
    }
    if (buckets?.length === 0 && preset !== undefined) buckets = [...preset.buckets];
  }
  if (metric === undefined || buckets === undefined) return undefined;
  return { metric, buckets };
}

function parseHttp(f: Fields): HttpMetricsConfig | undefined {
  const h = f.object("http", ["instrumentation", "names", "requests", "duration", "inFlight"], {
    hint: "the service's HTTP metrics: instrumentation, or requests, duration, inFlight",
  });
  if (!h) return undefined;
  const instrumentation = h.string("instrumentation", { default: Instrumentation.custom, oneOf: INSTRUMENTATIONS }) as
    Instrumentation | undefined;
  const preset = instrumentation !== undefined ? presetOf(instrumentation) : undefined;
  const names = h.string("names", {
    default: preset?.defaultStyle ?? NameStyle.classic,
    oneOf: Object.values(NameStyle),
    check: (s) =>
      preset !== undefined && preset.names[s as NameStyle] === undefined
        ? `is not a name style ${instrumentation} exports; use classic`
        : undefined,
  }) as NameStyle | undefined;
  // A refused style still fills the classic defaults, so that it is the only problem reported.
  const presetNames = preset?.names[names ?? NameStyle.classic];
  const check = nameChecks(names);
  const r = h.object("requests", ["metric", "statusLabel", "routeLabel", "methodLabel", "errorStatusRegex", "statusConvention"], {
    optional: true,
  });
  if (instrumentation === Instrumentation.otel && r?.has("metric")) {
    r.problem(
      "metric",
      `is ambiguous with instrumentation otel: OpenTelemetry exports no request counter, so requests are counted from the histogram's _count; remove it, or use instrumentation custom to count this counter`,
    );
  }
  const counter = r?.has("metric")
    ? r.string("metric", {
        check: (s) =>
          check.metric(s) ??
          (s.endsWith("_total") ? undefined : "does not end in _total; a counter's name must, so rate() is applied to a counter"),
      })
    : presetNames?.counter;
  const statusLabel = r?.string("statusLabel", { default: presetNames?.statusLabel ?? DEFAULTS.requests.statusLabel, check: check.label });
  const routeLabel = r?.string("routeLabel", { default: presetNames?.routeLabel ?? DEFAULTS.requests.routeLabel, check: check.label });
  const methodLabel = r?.string("methodLabel", { default: presetNames?.methodLabel ?? DEFAULTS.requests.methodLabel, check: check.label });
  const statusConvention = r?.string("statusConvention", {
    default: preset?.statusConvention ?? StatusConvention.code,
    oneOf: Object.values(StatusConvention),
  }) as StatusConvention | undefined;
  const errorStatusRegex = r?.string("errorStatusRegex", {
    default: DEFAULT_ERROR_REGEX[statusConvention ?? StatusConvention.code],
    check: errorRegexCheck(statusConvention ?? StatusConvention.code),
  });
  const d = h.object("duration", ["metric", "buckets"], {
    hint: "the request duration histogram: metric, buckets",
    // Unknown instrumentation: its own problem, not a missing histogram too.
    optional: preset !== undefined || instrumentation === undefined,
  });
  const duration = d && instrumentation !== undefined ? parseHistogram(d, instrumentation, preset, presetNames, check.metric) : undefined;
  const inFlight = h.has("inFlight") ? h.optionalString("inFlight", { check: check.metric }) : presetNames?.inFlight;
  if (
    instrumentation === undefined ||
    names === undefined ||
    (r?.has("metric") && counter === undefined) ||
    (instrumentation === Instrumentation.otel && r?.has("metric")) ||
    statusLabel === undefined ||
    routeLabel === undefined ||
    methodLabel === undefined ||
    statusConvention === undefined ||
    errorStatusRegex === undefined ||
    duration === undefined ||
    (h.has("inFlight") && inFlight === undefined)
  ) {
    return undefined;
  }
  const requests = {
    source: counter === undefined ? RequestSource.histogram : RequestSource.counter,
    // Without a counter, every observation of the histogram is a request: its _count counts them.
    metric: counter ?? `${duration.metric}_count`,
    statusConvention,
    statusLabel,
    routeLabel,
    methodLabel,
    errorStatusRegex,
  };
  return { instrumentation, names, requests, duration, inFlight };
}

function alertFor(a: Fields, fallback: string): Duration | undefined {
  const d = a.duration("for", { default: fallback });
  if (d === undefined) return undefined;
  const min = parseDuration(DEFAULTS.alerts.minFor) ?? 60;
  if (d.seconds === 0) {
    a.problem(
      "for",
      `${show(d.text)} is refused: a threshold alert without 'for' fires on a single evaluation, so one scrape blip pages someone; use at least ${DEFAULTS.alerts.minFor}`,
    );
    return undefined;
  }
  if (d.seconds < min) {
    a.problem(
      "for",
      `${show(d.text)} is too short: a threshold alert needs 'for' of at least ${DEFAULTS.alerts.minFor} so one scrape blip does not page`,
    );
    return undefined;
  }
  return d;
}

const severity = (a: Fields, fallback: Severity): Severity | undefined =>
  a.string("severity", { default: fallback, oneOf: SEVERITIES }) as Severity | undefined;

function parseThresholdAlert(
  a: Fields,
  defaults: { threshold: number; for: string; severity: Severity },
  opts: { ratio: boolean },
): ThresholdAlertConfig | undefined {
  const enabled = a.boolean("enabled", true);
  const threshold = opts.ratio
    ? a.number("threshold", { default: defaults.threshold, above: 0, below: 1 })
    : a.number("threshold", { default: defaults.threshold, above: 0 });
  const forDuration = alertFor(a, defaults.for);
  const sev = severity(a, defaults.severity);
  if (enabled === undefined || threshold === undefined || forDuration === undefined || sev === undefined) return undefined;
  return { enabled, threshold, for: forDuration, severity: sev };
}

function parseAlerts(f: Fields): ServiceAlertsConfig | undefined {
  const a = f.object("alerts", ["errorRatio", "latency", "target"], { optional: true });
  if (!a) return undefined;
  const e = a.object("errorRatio", ["enabled", "threshold", "for", "severity"], { optional: true });
  const errorRatio = e && parseThresholdAlert(e, DEFAULTS.alerts.errorRatio, { ratio: true });
  const l = a.object("latency", ["enabled", "threshold", "quantile", "for", "severity"], { optional: true });
  const latencyBase = l && parseThresholdAlert(l, DEFAULTS.alerts.latency, { ratio: false });
  const quantile = l?.number("quantile", { default: DEFAULTS.alerts.latency.quantile });
  if (quantile !== undefined && !(RECORDED_QUANTILES as readonly number[]).includes(quantile)) {
    l?.problem("quantile", `${show(quantile)} is not a recorded quantile; use one of ${RECORDED_QUANTILES.join(", ")}`);
  }
  const t = a.object("target", ["enabled", "for", "severity"], { optional: true });
  const targetEnabled = t?.boolean("enabled", true);
  const targetFor = t?.duration("for", { default: DEFAULTS.alerts.target.for, min: 60 });
  const targetSeverity = t && severity(t, DEFAULTS.alerts.target.severity);
  if (!errorRatio || !latencyBase || quantile === undefined || !(RECORDED_QUANTILES as readonly number[]).includes(quantile))
    return undefined;
  if (targetEnabled === undefined || targetFor === undefined || targetSeverity === undefined) return undefined;
  const latency: LatencyAlertConfig = { ...latencyBase, quantile };
  const target: TargetAlertConfig = { enabled: targetEnabled, for: targetFor, severity: targetSeverity };
  return { errorRatio, latency, target };
}

const SERVICE_KEYS = [
  "name",
  "namespace",
  "team",
  "selector",
  "metrics",
  "http",
  "runbookBaseUrl",
  "labels",
  "alerts",
  "slos",
  "dashboard",
  "probe",
] as const;
/** Labels the generators set themselves; `labels` may not override them. */
const RESERVED_LABELS = [
  "alertname",
  "job",
  "namespace",
  "service",
  "severity",
  "team",
  // SLO alerts set these after the extra labels, and Prometheus sets alertstate on ALERTS: a user value would be lost.
  naming.slo.label,
  naming.slo.tierLabel,
  naming.slo.kindLabel,
  naming.alertsSeries.stateLabel,
];

/**
 * The platform as the services see it: its parsed config, and whether it sets a runbook base URL
 * (true even when the platform failed to parse, so that its error is not followed by one per service).
 */
interface PlatformContext {
  readonly platform: PlatformConfig | undefined;
  readonly setsRunbookBaseUrl: boolean;
}

function parseService(raw: unknown, path: string, ctx: PlatformContext, issues: IssueList): ServiceConfig | undefined {
  const platform = ctx.platform;
  const f = Fields.open(raw, path, issues, SERVICE_KEYS);
  if (!f) return undefined;
  const name = f.string("name", { hint: "the service name, a DNS label such as orders-api", check: serviceName });
  const namespace = f.string("namespace", { hint: "the namespace of the service's Kubernetes Service", check: (s) => dnsLabelProblem(s) });
  const team = f.string("team", {
    hint: "the owning team, which routes its alerts",
    check: (s) => k8sLabelValueProblem(s) ?? (s === "" ? "must not be empty" : undefined),
  });
  const selector = f.stringMap("selector", {
    nonEmpty: true,
    hint: "labels of the Kubernetes Service to scrape; an empty selector would select every Service in the namespace",
    keyCheck: k8sLabelKeyProblem,
    valueCheck: k8sLabelValueProblem,
  });
  const metrics = parseMetricsEndpoint(f, platform);
  const http = parseHttp(f);
  const runbookBaseUrl = f.optionalString("runbookBaseUrl", { check: url }) ?? platform?.runbookBaseUrl;
  const labels = f.stringMap("labels", {
    optional: true,
    maxKeys: LIMITS.labels,
    keyCheck: (k) =>
      labelNameProblem(k) ??
      (RESERVED_LABELS.includes(k) ? `is set by the generators; reserved: ${RESERVED_LABELS.join(", ")}` : undefined) ??
      (isCredentialKey(k) ? `names a credential; labels are printed in every notification, ${SECRET_POINTER}` : undefined),
    // Alert labels are Go templates to Prometheus and land in Slack and the runbooks' Markdown.
    valueCheck: (v) => textProblem(v, { max: LIMITS.shortText }),
  });
  const alerts = parseAlerts(f);
  const dashboard = parseServiceDashboard(f, name);
  const probe = parseProbe(f);
  const slos = parseSlos(f, http, { declared: f.has("probe"), interval: probe?.interval });
  if (
    alerts &&
    runbookBaseUrl === undefined &&
    !f.has("runbookBaseUrl") &&
    !ctx.setsRunbookBaseUrl &&
    (alerts.errorRatio.enabled || alerts.latency.enabled || alerts.target.enabled)
  ) {
    f.problem(
      "runbookBaseUrl",
      "is required while alerts are on (every alert links its runbook); set it here or as platform.runbookBaseUrl, or turn the service's alerts off",
    );
  }
  if (
    name === undefined ||
    namespace === undefined ||
    team === undefined ||
    selector === undefined ||
    metrics === undefined ||
    http === undefined ||
    labels === undefined ||
    alerts === undefined ||
    dashboard === undefined ||
    slos === undefined
  ) {
    return undefined;
  }
  return { name, namespace, team, selector, metrics, http, runbookBaseUrl, labels, alerts, slos, dashboard, probe };
}

/** Checks that need several fields at once. */
function crossCheck(
  platform: PlatformConfig,
  services: readonly ServiceConfig[],
  paths: ReadonlyMap<ServiceConfig, string>,
  issues: IssueList,
): void {
  for (const s of services) {
    const path = paths.get(s) ?? "services";
    checkSlosAgainstPlatform(platform, s.slos, path, issues);
    if (s.metrics.interval.seconds * 4 > 5 * 60) {
      // Rate windows are 5m: fewer than four samples in them make rate() jumpy or empty.
      issues.add(
        `${path}.metrics.interval`,
        `${show(s.metrics.interval.text)} leaves fewer than 4 samples in the 5m rate window; use at most ${formatDuration(75)}`,
      );
    }
  }
  if (platform.prometheus.evaluationInterval.seconds > 60) {
    issues.add(
      "platform.prometheus.evaluationInterval",
      `${show(platform.prometheus.evaluationInterval.text)} is too slow for 5m recording rules; use at most 1m`,
    );
  }
}

/** Input of {@link parseStack}: the stack name and the project's config keys without the `kube-observability:` prefix. */
export interface StackInput {
  readonly stack: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** Parses and validates a stack; returns every problem, with its field path, instead of throwing. */
export function checkStack(input: StackInput): { spec: StackConfig; issues: [] } | { spec: undefined; issues: IssueList["items"] } {
  const issues = new IssueList();
  for (const key of Object.keys(input.config).sort()) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      const meant = closestKey(key, [...CONFIG_KEYS, ...SECRET_KEYS]);
      // `pulumi config set platform.namespace x` without --path makes a key with a dot in its name.
      const head = /^([A-Za-z]+)[.[]/.exec(key)?.[1];
      const hint =
        head !== undefined && (CONFIG_KEYS as readonly string[]).includes(head)
          ? ` (a key inside ${head} is set with pulumi config set --path '${shorten(key, 80).slice(1, -1)}' <value>)`
          : meant !== undefined
            ? ` (did you mean kube-observability:${meant}?)`
            : "";
      const secret = looksSecret(key, input.config[key])
        ? `; it looks like a credential: ${SECRET_POINTER} (receiver credentials: alertingSecrets["<receiver>"])`
        : "";
      issues.add(
        at("", key),
        `unknown config key kube-observability:${shorten(key, 80).slice(1, -1)}${hint}${secret}; allowed: ${CONFIG_KEYS.join(", ")}`,
      );
    }
  }
  const tooBig = sizeIssue(input.config);
  if (tooBig !== undefined) return { spec: undefined, issues: [tooBig] };
  const platform = parsePlatform(input.config.platform, input.stack, issues);
  const rawPlatform = input.config.platform;
  const ctx: PlatformContext = {
    platform,
    setsRunbookBaseUrl:
      typeof rawPlatform === "object" &&
      rawPlatform !== null &&
      typeof (rawPlatform as Record<string, unknown>).runbookBaseUrl === "string",
  };
  const services: ServiceConfig[] = [];
  const paths = new Map<ServiceConfig, string>();
  const root = Fields.open({ services: input.config.services }, "", issues, ["services"]);
  const list = root?.list("services", { hint: "the services to monitor", nonEmpty: true, max: LIMITS.services }) ?? [];
  const firstByName = new Map<string, string>();
  for (const { value, path } of list) {
    const service = parseService(value, path, ctx, issues);
    const name = typeof value === "object" && value !== null ? (value as Record<string, unknown>).name : undefined;
    if (typeof name === "string") {
      const first = firstByName.get(name);
      if (first !== undefined) {
        issues.add(`${path}.name`, `${show(name)} is already the name of ${first}; service names must be unique in a stack`);
        continue;
      }
      firstByName.set(name, path);
    }
    if (service) {
      services.push(service);
      paths.set(service, path);
    }
  }
  if (platform) crossCheck(platform, services, paths, issues);
  const dashboards = parseDashboards(input.config.dashboards, platform, issues);
  const alerting = parseAlerting(input.config.alerting, serviceTeams(list), issues);
  uniquenessIssues(services, paths, input.config.alerting, issues);
  if (!issues.empty || !platform || !dashboards) return { spec: undefined, issues: issues.items };
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { spec: { stack: input.stack, platform, services, dashboards, alerting }, issues: [] };
}

/** Each declared service's path and team, for the alerting parser's team check. */
function serviceTeams(list: readonly { value: unknown; path: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { value, path } of list) {
    const team = typeof value === "object" && value !== null ? (value as Record<string, unknown>).team : undefined;
    // A team name refused at the service is that service's one problem, not also a team without receivers.
    if (typeof team === "string" && team !== "" && k8sLabelValueProblem(team) === undefined) out.set(path, team);
  }
  return out;
}

/** Parses and validates a stack; throws a {@link ConfigError} listing every problem. */
export function parseStack(input: StackInput): StackConfig {
  const result = checkStack(input);
  if (result.spec === undefined) throw new ConfigError(result.issues);
  return result.spec;
}
