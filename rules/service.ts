import {
  naming,
  Severity,
  SloKind,
  StatusConvention,
  THRESHOLD_GATE_BUDGET_SHARE,
  type RequestCounterConfig,
  type ServiceConfig,
} from "../config";
import { humanSeconds, matcher, percent, rate, selector, sumBy } from "./promql";
import { generatedAlert, type AlertingRule, type GeneratedAlert, type GeneratedRules, type RecordingRule, type RuleGroup } from "./types";
import { budgetSpentGate, sloRules } from "./slo";

const { label, record, alert } = naming;
const BY_SERVICE = [label.namespace, label.job] as const;
/** Window of the golden-signal rates, and so of what the threshold alerts see. */
const RATE_WINDOW = "5m";

/** Status class of each Micrometer outcome. */
const OUTCOME_CLASS = { INFORMATIONAL: "1xx", SUCCESS: "2xx", REDIRECTION: "3xx", CLIENT_ERROR: "4xx", SERVER_ERROR: "5xx" } as const;

/** `inner` with the `status_class` label (`5xx`) read from the status label, whatever it holds. */
function withStatusClass(req: RequestCounterConfig, inner: string): string {
  const to = (expr: string, value: string, regex: string): string =>
    `label_replace(${expr}, "${label.statusClass}", "${value}", ${JSON.stringify(req.statusLabel)}, "${regex}")`;
  if (req.statusConvention !== StatusConvention.outcome) return to(inner, "${1}xx", "([0-9]).*");
  return Object.entries(OUTCOME_CLASS).reduce((expr, [outcome, cls]) => to(expr, cls, outcome), inner);
}

/** Golden-signal recording rules of one service, read by its alerts and dashboards. */
export function recordingRules(s: ServiceConfig): RecordingRule[] {
  const sel = naming.serviceMatchers(s);
  const req = s.http.requests;
  const bucket = `${s.http.duration.metric}_bucket`;
  const rules: RecordingRule[] = [
    {
      record: record.requestRateByStatusClass,
      expr: sumBy([...BY_SERVICE, label.statusClass], withStatusClass(req, rate(req.metric, sel, RATE_WINDOW))),
    },
    { record: record.requestRate, expr: sumBy(BY_SERVICE, rate(req.metric, sel, RATE_WINDOW)) },
    {
      // A service with no errors exports no error series: fall back to 0 so the ratio is 0, not absent.
      record: record.errorRate,
      expr: `${sumBy(BY_SERVICE, rate(req.metric, `${sel},${matcher(req.statusLabel, "=~", req.errorStatusRegex)}`, RATE_WINDOW))} or on (${BY_SERVICE.join(", ")}) (0 * ${selector(record.requestRate, sel)})`,
    },
    {
      // Zero traffic yields no ratio rather than NaN.
      record: record.errorRatio,
      expr: `${selector(record.errorRate, sel)} / on (${BY_SERVICE.join(", ")}) (${selector(record.requestRate, sel)} > 0)`,
    },
    { record: record.durationBucketRate, expr: sumBy([...BY_SERVICE, label.le], rate(bucket, sel, RATE_WINDOW)) },
    ...naming.RECORDED_QUANTILE_VALUES.map((q): RecordingRule => ({
      record: record.latencyQuantile,
      expr: `histogram_quantile(${q}, ${selector(record.durationBucketRate, sel)})`,
      labels: { [label.quantile]: String(q) },
    })),
  ];
  if (s.http.inFlight !== undefined) {
    rules.push({ record: record.inFlight, expr: sumBy(BY_SERVICE, selector(s.http.inFlight, sel)) });
  }
  return rules;
}

/** Labels every alert of a service carries: extra labels first, so ours win. */
function alertLabels(s: ServiceConfig, severity: string): Record<string, string> {
  return { ...s.labels, [label.service]: s.name, [label.team]: s.team, [label.severity]: severity };
}

function annotations(s: ServiceConfig, alertName: string, summary: string, description: string): Record<string, string> {
  const out: Record<string, string> = { summary, description };
  if (s.runbookBaseUrl !== undefined) out.runbook_url = naming.runbookUrl(s.runbookBaseUrl, alertName);
  return out;
}

/**
 * The clause that holds a threshold alert back for one rate window after an SLO page of the service
 * resolved (none for a service without SLOs). While the page fires, Alertmanager inhibits the
 * threshold alerts; when it resolves, the inhibition ends, but a threshold below the page's own can
 * still be crossed by the incident's tail in the window and would page a second time for the same
 * incident. After the window the incident has left it: a threshold alert that fires then is news.
 */
function afterSloPage(s: ServiceConfig): string {
  if (s.slos.length === 0) return "";
  const on = `on (${BY_SERVICE.join(", ")})`;
  const page = naming.firingAlerts([
    naming.serviceMatchers(s),
    matcher("alertname", "=", naming.slo.burnAlert),
    matcher(label.severity, "=", Severity.page),
  ]);
  return `\nunless ${on}\n(max_over_time(${page}[${RATE_WINDOW}]) unless ${on} ${page})`;
}

/**
 * The clause that gates a threshold alert on the budget of the service's SLOs of the same kind (none
 * without one): the alert keeps its configured severity, but fires only while such an SLO has spent
 * about 1% of its budget within the last hour. A 10-minute 2% blip against 99.9% spends 0.5% and is no
 * page by the SLO's own measure; an outage that matters passes the gate within a minute.
 */
function budgetGate(s: ServiceConfig, kind: SloKind): string {
  const gate = budgetSpentGate(s, kind);
  return gate === undefined ? "" : `\nand on (${BY_SERVICE.join(", ")})\n(${gate})`;
}

/** What the description adds when the alert is gated on an SLO's budget. */
function gateNote(s: ServiceConfig, kind: SloKind): string {
  return budgetSpentGate(s, kind) === undefined
    ? ""
    : ` It fires only while a ${kind} SLO of the service has spent at least ${percent(THRESHOLD_GATE_BUDGET_SHARE)} of its error budget within the last hour.`;
}

/** Threshold and target alerts of one service, with the labels each keeps and its threshold. */
export function serviceAlerts(s: ServiceConfig): GeneratedAlert[] {
  const sel = naming.serviceMatchers(s);
  // Every expression keeps the service's job and namespace: a recorded series, `by (namespace, job)` or `absent` of a selector.
  const pinned = naming.serviceLabels(s);
  const a = s.alerts;
  const rules: GeneratedAlert[] = [];
  const add = (rule: AlertingRule, keeps = pinned, threshold?: number): void => {
    rules.push(generatedAlert(rule, s.name, keeps, threshold));
  };
  if (a.errorRatio.enabled) {
    const t = a.errorRatio.threshold;
    add(
      {
        alert: alert.errorRatio,
        expr: `${selector(record.errorRatio, sel)} > ${t}${budgetGate(s, SloKind.availability)}${afterSloPage(s)}`,
        for: a.errorRatio.for.text,
        labels: alertLabels(s, a.errorRatio.severity),
        annotations: annotations(
          s,
          alert.errorRatio,
          `${s.name} is failing more than ${percent(t)} of requests.`,
          `{{ $labels.job }} in {{ $labels.namespace }} has failed {{ $value | humanizePercentage }} of its requests over the last 5 minutes (threshold ${percent(t)}, for ${a.errorRatio.for.text}).${gateNote(s, SloKind.availability)}`,
        ),
      },
      pinned,
      t,
    );
  }
  if (a.latency.enabled) {
    const t = a.latency.threshold;
    const p = `p${Math.round(a.latency.quantile * 100)}`;
    add(
      {
        alert: alert.latency,
        expr: `${selector(record.latencyQuantile, sel, matcher(label.quantile, "=", String(a.latency.quantile)))} > ${t}${budgetGate(s, SloKind.latency)}${afterSloPage(s)}`,
        for: a.latency.for.text,
        labels: alertLabels(s, a.latency.severity),
        annotations: annotations(
          s,
          alert.latency,
          `${s.name} ${p} latency is above ${humanSeconds(t)}.`,
          `{{ $labels.job }} in {{ $labels.namespace }} has a ${p} latency of {{ $value | humanizeDuration }} over the last 5 minutes (threshold ${humanSeconds(t)}, for ${a.latency.for.text}).${gateNote(s, SloKind.latency)}`,
        ),
      },
      { ...pinned, [label.quantile]: String(a.latency.quantile) },
      t,
    );
  }
  if (a.target.enabled) {
    add({
      alert: alert.targetDown,
      expr: `count by (${BY_SERVICE.join(", ")}) (${selector("up", sel)} == 0)`,
      for: a.target.for.text,
      labels: alertLabels(s, a.target.severity),
      annotations: annotations(
        s,
        alert.targetDown,
        `${s.name} has scrape targets down.`,
        `{{ $value }} scrape target(s) of {{ $labels.job }} in {{ $labels.namespace }} have been down for ${a.target.for.text}: the pods do not answer on their metrics port.`,
      ),
    });
    add({
      alert: alert.targetAbsent,
      expr: `absent(${selector("up", sel)})`,
      for: a.target.for.text,
      labels: alertLabels(s, a.target.severity),
      annotations: annotations(
        s,
        alert.targetAbsent,
        `${s.name} has no scrape targets.`,
        `Prometheus has found no scrape target for job {{ $labels.job }} in namespace {{ $labels.namespace }} for ${a.target.for.text}: the ServiceMonitor selects no Service or port, or the Service has no endpoints.`,
      ),
    });
  }
  // `max by (job, service)` of the probe job's series: the alert carries the probe's job.
  if (a.target.enabled && s.probe !== undefined) add(probeFailed(s), { [label.job]: naming.probe.jobName(s) });
  return rules;
}

/** The synthetic probe fails: the service does not answer from outside, whatever its own metrics say. */
function probeFailed(s: ServiceConfig): AlertingRule {
  const t = s.alerts.target;
  return {
    alert: alert.probeFailed,
    expr: `max by (${label.job}, ${label.service}) (${selector("probe_success", matcher(label.job, "=", naming.probe.jobName(s)))}) == 0`,
    for: t.for.text,
    // The probe's series carry the platform namespace (the Probe's); the alert is about the service, so it
    // names the service's namespace: grouped, routed and inhibited with the service's other alerts.
    labels: { ...alertLabels(s, t.severity), [label.namespace]: s.namespace },
    annotations: annotations(
      s,
      alert.probeFailed,
      `${s.name} fails its synthetic probe.`,
      `The blackbox exporter's probe of ${s.name} ({{ $labels.job }}) has failed for ${t.for.text}: the service does not answer its probe URL from inside the cluster.`,
    ),
  };
}

/** Threshold and target alerts of one service. */
export function alertingRules(s: ServiceConfig): AlertingRule[] {
  return serviceAlerts(s).map((a) => a.rule);
}

/** The rule groups of one service, and its alerts with their facts in group order. */
export function serviceRules(s: ServiceConfig): GeneratedRules {
  // The SLO groups before the threshold alerts, which read their 1h ratio (the budget gate) and their
  // pages: evaluated in file order (promtool's group_eval_order), a gate is not one evaluation late.
  const slo = sloRules(s);
  const groups: RuleGroup[] = [{ name: naming.ruleGroupName(s, "recording"), rules: recordingRules(s) }, ...slo.groups];
  const alerts = serviceAlerts(s);
  if (alerts.length > 0) groups.push({ name: naming.ruleGroupName(s, "alerts"), rules: alerts.map((a) => a.rule) });
  return { groups, alerts: [...slo.alerts, ...alerts] };
}

/** The rule groups of one service. */
export function serviceRuleGroups(s: ServiceConfig): readonly RuleGroup[] {
  return serviceRules(s).groups;
}
