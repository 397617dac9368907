/**
 * The PromQL of every dashboard panel, as text. Panels on golden signals read the recorded series
 * (names from spec/naming); raw counters and histograms are rated over `$__rate_interval`, so a
 * panel neither gaps when zoomed out nor over-smooths when zoomed in.
 */
import { naming, PanelAggregation, type BusinessPanelConfig, type ServiceConfig } from "../config";
import { matcher, selector, sumBy } from "../rules/promql";

const { label, record, slo, grafana } = naming;

/** Grafana's rate window: at least four scrapes, growing with the step. */
export const RATE_INTERVAL = "$__rate_interval";
/** How far back the deploy comparison looks: the same hour of the same weekday. */
export const WEEK_AGO = "1w";

const ns = `$${grafana.variable.namespace}`;

/** The matchers of one service's series, with the namespace from the dashboard variable. */
export function serviceSelector(s: Pick<ServiceConfig, "name">): string {
  return naming.serviceMatchers({ name: s.name, namespace: ns });
}

/** `rate(metric{sel}[$__rate_interval])`. */
function rateOf(metric: string, sel: string): string {
  return `rate(${selector(metric, sel)}[${RATE_INTERVAL}])`;
}

/** Pods of the service's Deployment: `<workload>-<replicaset hash>-<pod suffix>`. */
function podMatchers(s: ServiceConfig): string {
  return `namespace="${ns}",pod=~${JSON.stringify(`${s.dashboard.workload}-[a-z0-9]+-[a-z0-9]+`)}`;
}

/** ReplicaSets of the service's Deployment: `<workload>-<hash>`. */
function replicaSetMatchers(s: ServiceConfig): string {
  return `namespace="${ns}",replicaset=~${JSON.stringify(`${s.dashboard.workload}-[a-z0-9]+`)}`;
}

/** The service's own request counter, errors only. */
function errorMatchers(s: ServiceConfig): string {
  const r = s.http.requests;
  return `${serviceSelector(s)},${matcher(r.statusLabel, "=~", r.errorStatusRegex)}`;
}

/** A selector read `offset` ago (for example {@link WEEK_AGO}), or now when undefined. */
function at(sel: string, offset: string | undefined): string {
  return offset === undefined ? sel : `${sel} offset ${offset}`;
}

/** Requests per second of the service, now or `offset` ago. */
export function requestRate(s: ServiceConfig, offset?: string): string {
  return `sum(${at(selector(record.requestRate, serviceSelector(s)), offset)})`;
}

/** Error ratio of the service, now or `offset` ago. */
export function errorRatio(s: ServiceConfig, offset?: string): string {
  return `sum(${at(selector(record.errorRatio, serviceSelector(s)), offset)})`;
}

/** A recorded latency quantile of the service, now or `offset` ago. */
export function latency(s: ServiceConfig, quantile: number, offset?: string): string {
  return `max(${at(selector(record.latencyQuantile, serviceSelector(s), matcher(label.quantile, "=", String(quantile))), offset)})`;
}

export function latencyQuantiles(s: ServiceConfig): string {
  return `max by (${label.quantile}) (${selector(record.latencyQuantile, serviceSelector(s))})`;
}

export function ratesByStatusClass(s: ServiceConfig): string {
  return sumBy([label.statusClass], selector(record.requestRateByStatusClass, serviceSelector(s)));
}

export function errorsByRoute(s: ServiceConfig): string {
  return sumBy([s.http.requests.routeLabel], rateOf(s.http.requests.metric, errorMatchers(s)));
}

/** The raw histogram, bucket rates by `le`: the heatmap's input. */
export function bucketRates(s: ServiceConfig): string {
  return sumBy([label.le], rateOf(`${s.http.duration.metric}_bucket`, serviceSelector(s)));
}

export function latencyByRoute(s: ServiceConfig, quantile: number): string {
  return `histogram_quantile(${quantile}, ${sumBy([label.le, s.http.requests.routeLabel], rateOf(`${s.http.duration.metric}_bucket`, serviceSelector(s)))})`;
}

export function inFlight(s: ServiceConfig): string {
  return `sum(${selector(record.inFlight, serviceSelector(s))})`;
}

/** cAdvisor CPU of the service's containers, per pod. */
export function cpuByPod(s: ServiceConfig): string {
  return sumBy(["pod"], rateOf("container_cpu_usage_seconds_total", `${podMatchers(s)},container!="",container!="POD"`));
}

/** cAdvisor working-set memory (what the OOM killer judges), per pod. */
export function memoryByPod(s: ServiceConfig): string {
  return sumBy(["pod"], selector("container_memory_working_set_bytes", `${podMatchers(s)},container!="",container!="POD"`));
}

/** kube-state-metrics container restarts, per pod. */
export function restartsByPod(s: ServiceConfig): string {
  return sumBy(["pod"], `increase(${selector("kube_pod_container_status_restarts_total", podMatchers(s))}[${RATE_INTERVAL}])`);
}

export function budgetRemainingMin(s: ServiceConfig): string {
  return `min(${selector(slo.record.budgetRemaining, serviceSelector(s))})`;
}

export function budgetRemainingBySlo(s: ServiceConfig): string {
  return `min by (${slo.label}) (${selector(slo.record.budgetRemaining, serviceSelector(s))})`;
}

/**
 * Burn rate over a window: the recorded error ratio over it in multiples of the budget ratio
 * (1 - objective). The SLO engine records the ratio for every tier window, the burn rate for 1h only.
 */
export function burnRateBySlo(s: ServiceConfig, window: string): string {
  const sel = serviceSelector(s);
  const on = `on (${label.namespace}, ${label.job}, ${slo.label})`;
  return `max by (${slo.label}) (${selector(slo.record.errorRatio(window), sel)} / ${on} (1 - ${selector(slo.record.objective, sel)}))`;
}

/** A business panel's query: the expression as declared, or the metric aggregated as declared. */
export function businessQuery(s: ServiceConfig, p: BusinessPanelConfig): string {
  const q = p.query;
  if (q.kind === "expr") return q.expr;
  const sel = serviceSelector(s);
  const inner = q.aggregation === PanelAggregation.gauge ? selector(q.metric, sel) : rateOf(q.metric, sel);
  const summed = q.by.length > 0 ? sumBy(q.by, inner) : `sum(${inner})`;
  return q.aggregation === PanelAggregation.perMinute ? `${summed} * 60` : summed;
}

/** Seconds since the newest ReplicaSet of the Deployment was created: the last rollout. */
export function sinceLastRollout(s: ServiceConfig): string {
  return `time() - max(${selector("kube_replicaset_created", replicaSetMatchers(s))})`;
}

/** Ready pods per ReplicaSet: the old one draining and the new one filling around a rollout. */
export function readyPodsByReplicaSet(s: ServiceConfig): string {
  return sumBy(["replicaset"], selector("kube_replicaset_status_ready_replicas", replicaSetMatchers(s)));
}

/** Firing alerts of the service, for the annotation. */
export function firingAlerts(s: ServiceConfig): string {
  return naming.firingAlerts([], [`${label.service}="${s.name}"`]);
}

/** Rollouts of the Deployment as kube-state-metrics sees them: its observed generation moving. */
export function rollouts(s: ServiceConfig): string {
  return `changes(kube_deployment_status_observed_generation{namespace="${ns}",deployment="${s.dashboard.workload}"}[$__interval]) > 0`;
}

/** Values of the namespace variable: where the service's recorded series live. */
export function namespaceValues(s: ServiceConfig): string {
  return `label_values(${selector(record.requestRate, `${label.job}="${s.name}"`)}, ${label.namespace})`;
}

/** Overview: one series per service of the stack, by namespace and job. */
export function overviewSelector(services: readonly Pick<ServiceConfig, "name">[]): string {
  return matcher(label.job, "=~", services.map((s) => s.name).join("|"));
}

const BY_SERVICE = [label.namespace, label.job];

export const overview = {
  requestRate: (sel: string): string => sumBy(BY_SERVICE, selector(record.requestRate, sel)),
  errorRatio: (sel: string): string => sumBy(BY_SERVICE, selector(record.errorRatio, sel)),
  latency: (sel: string, quantile: number): string =>
    `max by (${BY_SERVICE.join(", ")}) (${selector(record.latencyQuantile, sel, matcher(label.quantile, "=", String(quantile)))})`,
  budgetRemaining: (sel: string): string => `min by (${BY_SERVICE.join(", ")}) (${selector(slo.record.budgetRemaining, sel)})`,
};
