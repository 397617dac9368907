/**
 * Refusing configs, shared by the parse tables and the program-under-mocks test: each is the base
 * stack config with one mistake (hostile or careless), and the field paths it must be refused at.
 * Exactly those paths: one mistake, one problem.
 */
import { baseConfig, baseService, withValue } from "./config";

export interface RefusedCase {
  readonly name: string;
  readonly config: Record<string, unknown>;
  /** The paths of the problems, in the order they are reported. */
  readonly paths: readonly string[];
  /** A fragment of the first problem's message. */
  readonly says: string;
}

const svc = "services[0]";

function withService(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...baseConfig(), services: [{ ...baseService(), ...patch }] };
}

function withAlerting(patch: Record<string, unknown>): Record<string, unknown> {
  const base = baseConfig();
  return { ...base, alerting: { ...(base.alerting as Record<string, unknown>), ...patch } };
}

const availability = { name: "availability", kind: "availability", objective: 99.9, period: "7d" };

export const REFUSED: readonly RefusedCase[] = [
  {
    name: "a runbook base URL that rewrites the Slack link",
    config: withValue(baseConfig(), "services.0.runbookBaseUrl", "https://evil.example.com/x|runbook> <https://evil.example.com"),
    paths: [`${svc}.runbookBaseUrl`],
    says: "is not an http(s) URL",
  },
  {
    name: "a platform runbook URL with an angle bracket, and no follow-on problem for the services that rely on it",
    config: withValue(
      withValue(baseConfig(), "services.0.runbookBaseUrl", undefined),
      "platform.runbookBaseUrl",
      "https://a.example.com/<x>",
    ),
    paths: ["platform.runbookBaseUrl"],
    says: "is not an http(s) URL",
  },
  {
    name: "a protocol-relative Alertmanager link that leaves Grafana",
    config: withValue(baseConfig(), "dashboards", { alertmanagerUrl: "//other.example.com/x" }),
    paths: ["dashboards.alertmanagerUrl"],
    says: "protocol-relative",
  },
  {
    name: "a remote-write URL carrying an API key",
    config: withValue(baseConfig(), "platform.prometheus", {
      remoteWrite: [{ name: "mimir", kind: "mimir", url: "https://mimir.example.com/api/v1/push?api_key=abc123" }],
    }),
    paths: ["platform.prometheus.remoteWrite[0].url"],
    says: "remoteWriteSecrets",
  },
  {
    name: "a heartbeat API URL with userinfo",
    config: (() => {
      const c = withAlerting({ heartbeat: { type: "opsgenie", name: "kube", apiUrl: "https://user:key@api.opsgenie.com" } });
      delete (c.alerting as Record<string, unknown>).allowNoHeartbeat;
      return c;
    })(),
    paths: ["alerting.heartbeat.apiUrl"],
    says: "userinfo",
  },
  {
    name: "a label value that Prometheus would expand as a template",
    config: withService({ labels: { oncall: "{{ oncall }}" } }),
    paths: [`${svc}.labels.oncall`],
    says: "Go template",
  },
  {
    name: "a label key that names a credential",
    config: withService({ labels: { api_token: "abc" } }),
    paths: [`${svc}.labels.api_token`],
    says: "credential",
  },
  {
    name: "an SLO description that runs a query",
    config: withService({ slos: [{ ...availability, description: '{{ query "up" }}' }] }),
    paths: [`${svc}.slos[0].description`],
    says: "Go template",
  },
  {
    name: "a 5 MB SLO description",
    config: withService({ slos: [{ ...availability, description: "x".repeat(5 * 1024 * 1024) }] }),
    paths: [`${svc}.slos[0].description`],
    says: "at most 1000",
  },
  {
    name: "a 1 MB panel description",
    config: withService({
      dashboard: { panels: [{ title: "Orders", description: "y".repeat(1024 * 1024), metric: "orders_total", aggregation: "rate" }] },
    }),
    paths: [`${svc}.dashboard.panels[0].description`],
    says: "at most 1000",
  },
  {
    name: "teams backend and Backend, which share a ConfigMap name",
    config: {
      ...baseConfig(),
      services: [baseService(), { ...baseService(), name: "billing", team: "Backend" }],
      alerting: {
        allowNoHeartbeat: "unit-test stack, never deployed",
        teams: {
          backend: { chat: { type: "webhook" } },
          Backend: { chat: { type: "webhook" } },
          platform: { chat: { type: "webhook" } },
        },
      },
    },
    paths: ["services[1].team"],
    says: "grafana-dashboards-backend",
  },
  {
    name: "a service name too long for an untruncated dashboard uid",
    config: withService({ name: `${"a".repeat(40)}-orders` }),
    paths: [`${svc}.name`],
    says: "dashboard uid",
  },
  {
    name: "a service named like the platform's rule file",
    config: withService({ name: "platform" }),
    paths: [`${svc}.name`],
    says: "reserved",
  },
  {
    name: "two SLO test files with one name",
    config: {
      ...baseConfig(),
      services: [
        { ...baseService(), slos: [{ ...availability, name: "b-c" }] },
        { ...baseService(), name: "orders-api-b", slos: [{ ...availability, name: "c" }] },
      ],
    },
    paths: ["services[1].slos[0].name"],
    says: "orders-api-b-c.yaml",
  },
  {
    name: "a lookahead, which RE2 does not have",
    config: withValue(baseConfig(), "services.0.http.requests.errorStatusRegex", "5(?!03).."),
    paths: [`${svc}.http.requests.errorStatusRegex`],
    says: "RE2",
  },
  {
    name: "an error regex that matches every status",
    config: withValue(baseConfig(), "services.0.http.requests.errorStatusRegex", ".*"),
    paths: [`${svc}.http.requests.errorStatusRegex`],
    says: "matches every HTTP status",
  },
  {
    name: "a business panel whose PromQL does not parse",
    config: withService({
      dashboard: { panels: [{ title: "Orders", description: "Orders per second.", expr: "sum(rate(orders_total[$__rate_interval])" }] },
    }),
    paths: [`${svc}.dashboard.panels[0].expr`],
    says: "PromQL",
  },
  {
    name: "a time zone typo",
    config: withAlerting({ timeIntervals: { office: [{ weekdays: ["monday:friday"], location: "Europe/Berln" }] } }),
    paths: ["alerting.timeIntervals.office[0].location"],
    says: "IANA time zone",
  },
  {
    name: "a bad weekday, and no follow-on 'unknown interval' for the route that names it",
    config: withAlerting({
      timeIntervals: { office: [{ weekdays: ["Monday"] }] },
      routes: { ticket: { activeTimeIntervals: ["office"] } },
    }),
    paths: ["alerting.timeIntervals.office[0].weekdays[0]"],
    says: "weekday",
  },
  {
    name: "a bad team name, and no follow-on 'no receivers' for its service",
    config: {
      ...withService({ team: "back end" }),
      alerting: {
        allowNoHeartbeat: "unit-test stack, never deployed",
        teams: { "back end": { chat: { type: "webhook" } }, platform: { chat: { type: "webhook" } } },
      },
    },
    paths: [`${svc}.team`, 'alerting.teams["back end"]'],
    says: "Kubernetes label value",
  },
  {
    name: "a bad team name at a service, and no follow-on 'no receivers'",
    config: withService({ team: "back end" }),
    paths: [`${svc}.team`],
    says: "Kubernetes label value",
  },
  {
    name: "an email recipient with a template",
    config: withAlerting({
      smtp: { smarthost: "smtp.example.com:587", from: "am@example.com" },
      teams: { backend: { chat: { type: "email", to: "{{ .x }}@example.com" } }, platform: { chat: { type: "webhook" } } },
    }),
    paths: ["alerting.teams.backend.chat.to"],
    says: "email address",
  },
  {
    name: "an Opsgenie responder with a template",
    config: withAlerting({
      teams: { backend: { chat: { type: "opsgenie", responderTeam: "{{ .x }}" } }, platform: { chat: { type: "webhook" } } },
    }),
    paths: ["alerting.teams.backend.chat.responderTeam"],
    says: "Opsgenie team name",
  },
  {
    name: "a panel title with a bidi override",
    config: withService({
      dashboard: { panels: [{ title: "Orders \u202e", description: "Orders per second.", metric: "orders_total", aggregation: "rate" }] },
    }),
    paths: [`${svc}.dashboard.panels[0].title`],
    says: "bidirectional",
  },
  {
    name: "a config with an alias bomb's worth of values",
    config: { ...baseConfig(), platform: { x: Array.from({ length: 30 }, () => Array.from({ length: 10_000 }, () => 1)) } },
    paths: ["config"],
    says: "more than 250000 values",
  },
  {
    name: "an alert 'for' longer than Go's durations hold",
    config: withValue(baseConfig(), "services.0.alerts", { errorRatio: { for: "1000y" } }),
    paths: [`${svc}.alerts.errorRatio.for`],
    says: "at most 292y",
  },
  {
    name: "a Helm release name longer than Helm allows",
    config: withValue(baseConfig(), "platform.releaseName", "r".repeat(54)),
    paths: ["platform.releaseName"],
    says: "at most 53",
  },
  {
    name: "a Markdown link in a panel description",
    config: withService({
      dashboard: {
        panels: [
          { ...{ title: "Orders", metric: "orders_total", aggregation: "rate" }, description: "[runbook](https://evil.example.com)" },
        ],
      },
    }),
    paths: [`${svc}.dashboard.panels[0].description`],
    says: "Markdown link",
  },
  {
    name: "a Grafana variable in a runbook URL, which Grafana would fill in with the viewer's data",
    config: withValue(baseConfig(), "services.0.runbookBaseUrl", "https://evil.example.com/?u=${__user.login}"),
    paths: [`${svc}.runbookBaseUrl`],
    says: "is not an http(s) URL",
  },
  {
    name: "a key inside platform set without --path",
    config: { ...baseConfig(), "platform.namespace": "observability" },
    paths: ["platform.namespace"],
    says: "pulumi config set --path 'platform.namespace'",
  },
  {
    name: "a config key with a case slip",
    config: { ...baseConfig(), Dashboards: { delivery: "sidecar" } },
    paths: ["Dashboards"],
    says: "did you mean kube-observability:dashboards?",
  },
  {
    name: "a severity with a case slip",
    config: withValue(baseConfig(), "services.0.alerts", { latency: { severity: "Page" } }),
    paths: [`${svc}.alerts.latency.severity`],
    says: "did you mean page?",
  },
  {
    name: "a Slack webhook URL pasted into the receiver",
    config: withValue(baseConfig(), "alerting.teams.backend.chat", {
      type: "slack",
      channel: "#backend",
      api_url: "https://hooks.slack.com/services/T000/B000/XXXX",
    }),
    paths: ["alerting.teams.backend.chat.api_url"],
    says: `alertingSecrets["backend-chat"]`,
  },
  {
    name: "a webhook URL set as a config key of its own",
    config: { ...baseConfig(), slackWebhook: "https://hooks.slack.com/services/T000/B000/XXXX" },
    paths: ["slackWebhook"],
    says: "looks like a credential",
  },
  ...["kube-system", "kube-public", "kube-node-lease", "default"].map((ns): RefusedCase => ({
    name: `platform namespace ${ns}`,
    config: withValue(baseConfig(), "platform.namespace", ns),
    paths: ["platform.namespace"],
    says: "is refused as the monitoring namespace",
  })),
];
