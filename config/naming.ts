/**
 * Every name that more than one part of the product must agree on: recording rules, alert names,
 * labels, Kubernetes object names and labels, and the labels Prometheus selects on. Rules,
 * dashboards, routing and components import these; nothing spells them twice.
 */

/**
 * The parts of a service and of the platform that names are made of, by shape: every config type
 * module may import the names, so this one imports none of them.
 */
interface Named {
  readonly name: string;
}
interface NamedService extends Named {
  readonly namespace: string;
}
interface OwnedService extends Named {
  readonly team: string;
}

export const PROJECT = "kube-observability";

/** Labels the rules put on series and alerts. */
export const label = {
  /** Spec service name; the scrape job is relabelled to it, so `job` and `service` agree. */
  job: "job",
  namespace: "namespace",
  service: "service",
  team: "team",
  severity: "severity",
  statusClass: "status_class",
  quantile: "quantile",
  le: "le",
  /** A scrape target's address; on a Probe's series, the probed URL. */
  instance: "instance",
} as const;

/** Recorded series, `level:metric:operations`: the same names for every service, whatever its metrics are called. */
export const record = {
  /** Requests per second by status class (`2xx`, `5xx`...), 5m rate. */
  requestRateByStatusClass: "namespace_job_status_class:http_requests:rate5m",
  /** Requests per second, 5m rate. */
  requestRate: "namespace_job:http_requests:rate5m",
  /** Errors per second (status matching the service's error regex), 5m rate. */
  errorRate: "namespace_job:http_requests_errors:rate5m",
  /** Errors over requests, 5m rate. */
  errorRatio: "namespace_job:http_requests_errors:ratio_rate5m",
  /** Histogram bucket rates in seconds, by `le`, 5m rate: the base of quantiles and heatmaps. */
  durationBucketRate: "namespace_job_le:http_request_duration_seconds_bucket:rate5m",
  /** Latency quantiles in seconds, one series per `quantile` label. */
  latencyQuantile: "namespace_job_quantile:http_request_duration_seconds:histogram_quantile_rate5m",
  /** Requests in flight, summed over the service's targets. */
  inFlight: "namespace_job:http_requests_in_flight:sum",
} as const;

/** Alert names. */
export const alert = {
  errorRatio: "ServiceErrorRatioHigh",
  latency: "ServiceLatencyHigh",
  targetDown: "ServiceTargetDown",
  targetAbsent: "ServiceTargetAbsent",
  probeFailed: "ServiceProbeFailed",
  watchdog: "Watchdog",
  /**
   * Remote write minutes behind: a warning ahead of the chart's PrometheusRemoteWriteBehind (critical,
   * after 15m), which stays on; generated only when the stack remote-writes.
   */
  remoteWriteLagging: "PrometheusRemoteWriteLagging",
} as const;

/** The series Prometheus writes for every pending and firing alert, and its state label. */
export const alertsSeries = { metric: "ALERTS", stateLabel: "alertstate", firing: "firing" } as const;

/**
 * `ALERTS{…}` of firing alerts: the `matchers` (PromQL matchers such as `alertname="X"`, empty ones
 * dropped) with the state matcher between `before` and `after`; where it stands is part of the
 * rendered rules and tests, so callers keep their order.
 */
export function firingAlerts(before: readonly string[], after: readonly string[] = []): string {
  const state = `${alertsSeries.stateLabel}="${alertsSeries.firing}"`;
  return `${alertsSeries.metric}{${[...before, state, ...after].filter((m) => m !== "").join(",")}}`;
}

/** The blackbox exporter that runs the services' probes, and the job of each service's probe. */
export const probe = {
  /** Helm release of the blackbox exporter chart, in the platform namespace. */
  releaseName: "blackbox-exporter",
  /** Its Service (`fullnameOverride`), which every Probe names as its prober. */
  serviceName: `${PROJECT}-blackbox-exporter`,
  port: 9115,
  /** The `job` of a service's probe series: never the service's own job, whose `up` the target alerts read. */
  jobName: (s: Named): string => `${s.name}-probe`,
} as const;

/** The labels, and their values, that identify one service's scraped and recorded series. */
export function serviceLabels(s: NamedService): Readonly<Record<string, string>> {
  return { [label.job]: s.name, [label.namespace]: s.namespace };
}

/** The PromQL label matchers that select one service's scraped series: {@link serviceLabels} as equality matchers. */
export function serviceMatchers(s: NamedService): string {
  return `${label.job}="${s.name}",${label.namespace}="${s.namespace}"`;
}

/**
 * Labels Prometheus selects ServiceMonitors and PrometheusRules by. The chart is given these as
 * `matchLabels`, and every object we create carries them: one source, so they cannot drift.
 * `release` is the label the chart's own monitors and rules carry, so they stay selected too.
 */
export function selectorLabels(platform: { readonly releaseName: string }): Readonly<Record<string, string>> {
  return { release: platform.releaseName };
}

/** Kubernetes labels on every object of a service. */
export function serviceObjectLabels(s: OwnedService): Readonly<Record<string, string>> {
  return {
    "app.kubernetes.io/managed-by": PROJECT,
    "app.kubernetes.io/part-of": PROJECT,
    [`${PROJECT}.io/service`]: s.name,
    [`${PROJECT}.io/team`]: s.team,
  };
}

/** Kubernetes labels on the platform's own objects. */
export function platformObjectLabels(): Readonly<Record<string, string>> {
  return { "app.kubernetes.io/managed-by": PROJECT, "app.kubernetes.io/part-of": PROJECT };
}

/** Name of a service's ServiceMonitor and PrometheusRule. */
export function serviceObjectName(s: Named): string {
  return s.name;
}

/** Name of the platform's PrometheusRule (Watchdog and other platform alerts). */
export const platformRuleName = `${PROJECT}-platform`;

/** Rule group names of a service. */
export function ruleGroupName(s: Named, part: "recording" | "alerts"): string {
  return `${PROJECT}.${s.name}.${part}`;
}

/** Rule file name, without directory, that `render` writes for a service or the platform. */
export function ruleFileName(owner: Named | "platform"): string {
  return owner === "platform" ? "platform.yaml" : `${owner.name}.yaml`;
}

/** Grafana dashboard uid of a service: stable, at most 40 characters as Grafana requires. */
export function dashboardUid(s: Named): string {
  return `ko-${s.name}`.slice(0, 40);
}

/** Runbook URL of an alert. */
export function runbookUrl(base: string, alertName: string): string {
  return `${base.replace(/\/+$/, "")}/${alertName.toLowerCase()}`;
}

/** Pulumi type tokens, `package:module:Name`. */
export const typeToken = {
  platform: `${PROJECT}:index:MonitoringPlatform`,
  service: `${PROJECT}:index:ServiceMonitoring`,
} as const;

/** Quantiles the recording rules produce, as numbers. */
export const RECORDED_QUANTILE_VALUES = [0.5, 0.9, 0.99] as const;

/** Severity of the Watchdog: never routed by severity, only to the heartbeat receiver. */
export const WATCHDOG_SEVERITY = "none";

/** Team label of platform alerts. */
export const PLATFORM_TEAM = "platform";

/**
 * SLO names (the SLO engine's contract with routing and dashboards). Recorded SLO series carry
 * `namespace`, `job`, `service` and `slo` labels.
 */
export const slo = {
  /** Label naming the SLO on its series and alerts. */
  label: "slo",
  /** Label naming the burn-rate tier of an SLO alert (`page-1h`, `page-6h`, `ticket-1d`, `ticket-3d`; `absent` on the absent alert). */
  tierLabel: "slo_tier",
  /** Values of the tier label, fastest first: Alertmanager inhibits a slower tier of the same `slo` while a faster one fires. */
  tiers: ["page-1h", "page-6h", "ticket-1d", "ticket-3d"],
  /** Tier label value of {@link slo.absentAlert}. */
  absentTier: "absent",
  /** Rule group of one SLO: its ratio rules and alerts, evaluated in order at the evaluation interval. */
  ruleGroup: (service: string, sloName: string): string => `${PROJECT}.${service}.slo.${sloName}`,
  /** Rule group of one SLO's 5m event counts and period budget, evaluated every 5m (non-overlapping counts). */
  countGroup: (service: string, sloName: string): string => `${PROJECT}.${service}.slo.${sloName}.counts`,
  /** Label naming the SLO's kind (`availability`, `latency`). */
  kindLabel: "slo_kind",
  /** Burn-rate alert: one name for every tier; the tier and severity labels tell them apart. */
  burnAlert: "SLOErrorBudgetBurn",
  /** The SLI's source series are absent. */
  absentAlert: "SLOMetricsAbsent",
  record: {
    /** Good and total events over 5m, counted (increase), the base of every longer window. */
    goodEvents5m: "slo:sli_good:increase5m",
    totalEvents5m: "slo:sli_total:increase5m",
    /** Error ratio over a window: `slo:sli_error:ratio_rate<window>`. */
    errorRatio: (window: string): string => `slo:sli_error:ratio_rate${window}`,
    /** Objective as a ratio (0.999). */
    objective: "slo:objective:ratio",
    /** Share of the period's error budget left (1 = untouched, 0 = spent, below 0 = overspent). */
    budgetRemaining: "slo:error_budget:remaining_ratio",
    /**
     * Current burn rate (error ratio over 1h divided by the budget ratio); only `1h` is recorded
     * (12 recording rules per SLO at most). Other windows: `errorRatio(w) / (1 - objective)`.
     */
    burnRate: (window: string): string => `slo:burn_rate:ratio_rate${window}`,
  },
} as const;

/**
 * Grafana dashboards: uids, folders, tags, variables and the labels the chart's Grafana sidecar
 * selects dashboard ConfigMaps by. The Helm values and the ConfigMaps both read `sidecar`.
 */
export const grafana = {
  /** Uid of the overview; a service uid is `ko-<DNS label>`, which never starts with a dash, so they cannot clash. */
  overviewUid: "ko--overview",
  /** Tag on every generated dashboard; the dashboards' links list them by it. */
  tag: PROJECT,
  /** Template variables the queries use. */
  variable: { datasource: "datasource", namespace: "namespace" },
  sidecar: {
    /** ConfigMap label the sidecar watches, and its value. */
    label: "grafana_dashboard",
    labelValue: "1",
    /** ConfigMap annotation naming the folder the sidecar files the dashboard under. */
    folderAnnotation: "grafana_folder",
  },
  /** Uid of the chart's Alertmanager data source in Grafana. */
  alertmanagerDatasourceUid: "alertmanager",
  /** Folder of the overview: it belongs to no product team. */
  overviewFolder: PLATFORM_TEAM,
  /**
   * Burn-rate windows the SLO row plots: the long window of each of `slo.tiers`. The SLO engine
   * records `slo.record.errorRatio` for each; the dashboard divides it by the budget.
   */
  burnRateWindows: ["1h", "6h", "1d", "3d"],
  typeToken: `${PROJECT}:index:GrafanaDashboards`,
} as const;

/** File name of the promtool test file of one SLO, under `prometheus/tests/`. */
export function sloTestFileName(service: string, sloName: string): string {
  return `${service}-${sloName}.yaml`;
}

/** Grafana folder uid of a team: Grafana allows letters, digits, `-` and `_`, at most 40. */
export function grafanaFolderUid(team: string): string {
  return `ko-team-${team.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 40);
}

/**
 * Name of the ConfigMap that carries bucket `bucket` of a folder's (team's) dashboards to the sidecar:
 * `grafana-dashboards-<team>` for bucket 0, `grafana-dashboards-<team>-<bucket>` for the others, so
 * that a split keeps bucket 0's name.
 */
export function dashboardConfigMapName(folder: string, bucket: number): string {
  const base = `grafana-dashboards-${folder.toLowerCase().replace(/[^a-z0-9.-]/g, "-")}`;
  return bucket === 0 ? base : `${base}-${bucket}`;
}

/**
 * Alert routing: receiver names and the alerts of the chart's own rules that routing treats
 * specially. Receiver names double as the keys of the `alertingSecrets` secret config map, so each
 * credential is found by its receiver's name.
 */
export const alerting = {
  /** Receiver that notifies nobody: info alerts, the InfoInhibitor, the Watchdog when a stack has no heartbeat. */
  nullReceiver: "null",
  /** Receiver of the Watchdog: the dead-man's switch. Also the key of its credential. */
  heartbeatReceiver: "heartbeat",
  /** Key of the SMTP password in `alertingSecrets`. */
  smtpCredential: "smtp",
  /** Secret config key holding every routing credential, a map keyed by receiver name. */
  secretsConfigKey: "alertingSecrets",
  /** The chart's own alert that exists only to inhibit info alerts. */
  infoInhibitor: "InfoInhibitor",
  /** Severity of the chart's rules that pages (ours say `page`). */
  chartCriticalSeverity: "critical",
  typeToken: `${PROJECT}:index:AlertRouting`,
} as const;

/** Name of a team's receiver (and of its credential in `alertingSecrets`): `<team>-pager`, `<team>-chat`. */
export function receiverName(team: string, role: "pager" | "chat"): string {
  return `${team}-${role}`;
}

/** Rendered runbook file of an alert, relative to the output directory: the path part of its runbook URL. */
export function runbookFile(alertName: string): string {
  return `${runbookUrl("runbooks", alertName)}.md`;
}
