/**
 * Where user strings land, and the one checker or escaper of each landing place (sink). The parse
 * step runs a field's checkers before it accepts the value, so that a generator can write the value
 * into its sink as data: a checker says why a value is refused (or undefined), an escaper quotes a
 * value that the checkers accepted. `FIELD_SINKS` says which sinks each string field of the config
 * reaches; a test fails when a string field of {@link StackConfig} has no entry.
 */
import { RE2JS } from "re2js";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { DNS_LABEL } from "./names";

/** The places a user string can land. */
export const Sink = {
  /** A PromQL double-quoted string (label matcher value): escaped by {@link promqlString}. */
  promqlString: "promqlString",
  /** A regex Prometheus or Alertmanager compiles with Go's RE2, anchored as `^(?:…)$`. */
  re2: "re2",
  /** A PromQL expression written by the user (business panels), parsed with Prometheus' own grammar. */
  promql: "promql",
  /** Text Prometheus or Alertmanager expands as a Go text/template (alert labels, annotations, receiver fields). */
  goTemplate: "goTemplate",
  /** Slack's `<url|text>` link syntax and the Markdown of runbooks and Grafana descriptions. */
  linkSyntax: "linkSyntax",
  /** A URL a browser or Alertmanager follows. */
  url: "url",
  /** A Kubernetes object name or namespace (DNS label). */
  k8sName: "k8sName",
  /** A Kubernetes label key or value. */
  k8sLabel: "k8sLabel",
  /** A Kubernetes annotation value (data, at most 256 KiB together). */
  k8sAnnotation: "k8sAnnotation",
  /** Part of a rendered file name or of a ConfigMap/Secret key. */
  fileName: "fileName",
  /** Part of a Grafana dashboard or folder uid. */
  dashboardUid: "dashboardUid",
  /** A Prometheus metric or label name. */
  promName: "promName",
  /** Written into YAML or JSON by a serializer only: inert whatever it holds, length-limited. */
  data: "data",
  /** One value of a closed set (`oneOf`), a number-like text (duration, quantity, CIDR, clock) or a time zone. */
  closedSet: "closedSet",
} as const;
export type Sink = (typeof Sink)[keyof typeof Sink];

/**
 * Size limits, from the real limits: a Kubernetes object must stay well under the API server's
 * 1.5 MiB request limit (ConfigMap and Secret data under 1 MiB); with these limits the largest
 * Alertmanager Secret (about 610 KiB) and a service's rules (about 690 KiB, split over PrometheusRules)
 * stay under 1 MiB, and dashboards are split over ConfigMaps (see test/config-limits.test.ts).
 */
export const LIMITS = {
  /** A stack file, in bytes: 1000 services (the benchmark's largest) take about 1 MB. */
  stackFileBytes: 8 * 1024 * 1024,
  /** Values (objects, lists, scalars) in the config, aliases counted each time they are used (1000 services: 46,000). */
  configNodes: 250_000,
  /** Free text read by people: descriptions, titles, reasons. */
  freeText: 1000,
  /** Short text: titles, legends, units, label values. */
  shortText: 200,
  /** URLs. */
  url: 2048,
  /** A user PromQL expression. */
  promql: 4000,
  /** A user regex. */
  regex: 256,
  /** Services per stack: twice the benchmark's 1000. */
  services: 2000,
  /** SLOs per service. */
  slos: 16,
  /** Business panels per dashboard. */
  panels: 24,
  /** Extra labels per service. */
  labels: 16,
  /** Teams in alerting.teams. */
  teams: 100,
  /** Named time intervals, and ranges per interval. */
  timeIntervals: 32,
  timeRanges: 16,
  /** Remote-write endpoints. */
  remoteWrite: 8,
  /** Longest value shown in an error message, in characters. */
  shownValue: 60,
} as const;

// C0 and C1 controls and DEL, line and paragraph separators, and the bidirectional controls that make
// text display in another order than it is read ("Trojan source").
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/u;

/** With the `u` flag a surrogate range matches only unpaired surrogates, which no UTF-8 file can hold. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Well-known credential shapes: a value that looks like one is refused wherever it would be printed. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,}/, // Slack tokens
  /xapp-[A-Za-z0-9-]{8,}/,
  /hooks\.slack\.com\/services\//i, // a Slack webhook URL is its own credential
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bglpat-[A-Za-z0-9_-]{16,}/, // GitLab
  /\bglsa_[A-Za-z0-9_]{16,}/, // Grafana service account
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
  /\b[rs]k_(live|test)_[0-9A-Za-z]{16,}/, // Stripe
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY/,
  /\b(bearer|basic|geniekey)\s+[A-Za-z0-9+/=._~-]{12,}/i, // an Authorization header value
  /\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth)\s*[:=]\s*\S{4,}/i,
];

/** Key fragments that mean a credential: such a key belongs in secret config, never in the stack file. */
const CREDENTIAL_WORDS = [
  "password",
  "passwd",
  "token",
  "secret",
  "credential",
  "apikey",
  "bearer",
  "authorization",
  "basicauth",
  "privatekey",
];
/** Query parameter names that carry credentials (besides the words above). */
const CREDENTIAL_PARAMS = [
  "key",
  "apikey",
  "api_key",
  "auth",
  "sig",
  "signature",
  "code",
  "pass",
  "pwd",
  "accesskey",
  "access_key",
  "sessionid",
  "session",
];

/** Where a credential goes instead of the stack file. */
export const SECRET_POINTER = "put credentials in secret config (pulumi config set --secret), never in the stack file";

/** Whether a key (a config key, label name or query parameter) names a credential. */
export function isCredentialKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z]/g, "");
  return CREDENTIAL_WORDS.some((w) => k.includes(w));
}

/** Why `s` looks like a credential, or undefined. */
export function credentialProblem(s: string): string | undefined {
  return CREDENTIAL_PATTERNS.some((re) => re.test(s)) ? `looks like a credential; ${SECRET_POINTER}` : undefined;
}

/** Shortens a value for an error message: never the whole of a huge value, never a control character raw. */
export function shorten(s: string, max: number = LIMITS.shownValue): string {
  const cut = s.length > max ? `${[...s.slice(0, max)].join("")}... (${s.length} characters)` : s;
  // JSON quoting escapes controls; the separators and bidi controls are escaped too so the message reads as written.
  return JSON.stringify(cut).replace(
    /[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The options of {@link textProblem}. */
export interface TextRules {
  /** Longest text allowed. Defaults to {@link LIMITS.freeText}. */
  readonly max?: number;
  /** Whether the text reaches Slack's or Markdown's link syntax. Defaults to true. */
  readonly links?: boolean;
  /** Whether the text reaches a Go template. Defaults to true. */
  readonly template?: boolean;
  /** Whether empty text is refused. Defaults to true. */
  readonly nonEmpty?: boolean;
}

/** Go text/template delimiters: Prometheus expands alert labels and annotations, Alertmanager its receiver fields. */
export function goTemplateProblem(s: string): string | undefined {
  return s.includes("{{") || s.includes("}}")
    ? "contains '{{' or '}}', which Prometheus and Alertmanager would expand as a Go template; write the text without them"
    : undefined;
}

/** Slack's `<url|text>` and Markdown's backticks, tables and HTML: characters that would turn text into markup. */
export function linkSyntaxProblem(s: string): string | undefined {
  if (/[<>|`]/.test(s))
    return "contains one of < > | `, which Slack's <url|text> links and the runbooks' Markdown read as markup; write the text without them";
  if (/\]\s*\(/.test(s))
    return "contains '](', a Markdown link that Grafana and the runbooks would render as a link; write the URL as plain text";
  return undefined;
}

/**
 * Free text for people (descriptions, titles, label values): at most `max` characters of printable,
 * well-formed Unicode on one line, no Go template delimiters, no link syntax, no credential.
 */
export function textProblem(s: string, rules: TextRules = {}): string | undefined {
  const max = rules.max ?? LIMITS.freeText;
  if ((rules.nonEmpty ?? true) && s.trim() === "") return "must not be empty";
  if (s.length > max) return `is ${s.length} characters long; at most ${max} are allowed`;
  if (LONE_SURROGATE.test(s)) return "is not well-formed Unicode (a lone surrogate)";
  if (INVISIBLE.test(s)) return "contains a control character, a line separator or a bidirectional control; write plain text on one line";
  if (rules.template ?? true) {
    const why = goTemplateProblem(s);
    if (why !== undefined) return why;
  }
  if (rules.links ?? true) {
    const why = linkSyntaxProblem(s);
    if (why !== undefined) return why;
  }
  return credentialProblem(s);
}

/** Characters a URL we print or link may contain: RFC 3986 less `' ( ) * [ ]` (Markdown links) and everything else. */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#@!&+,;=%]*$/;

/** The options of {@link urlProblem}. */
export interface UrlRules {
  /** Whether a path on the same site (`/alerting/…`) is allowed as well. Defaults to false. */
  readonly sitePath?: boolean;
}

/**
 * A URL: `http://` or `https://` and a host (or, with `sitePath`, a path starting with one `/`),
 * without userinfo or credential-like query parameters, never protocol-relative, at most
 * {@link LIMITS.url} characters of a safe character set (so it is inert in Slack, Markdown and YAML).
 */
export function urlProblem(s: string, rules: UrlRules = {}): string | undefined {
  const what = rules.sitePath ? "an http(s) URL or a Grafana path starting with a single '/'" : "an http(s) URL";
  if (s.length > LIMITS.url) return `is ${s.length} characters long; ${what} of at most ${LIMITS.url} characters is allowed`;
  if (!URL_CHARS.test(s))
    return `is not ${what}: only letters, digits and - . _ ~ : / ? # @ ! $ & + , ; = % are allowed (percent-encode the rest)`;
  const absolute = /^https?:\/\/[^/?#]+/.exec(s);
  if (absolute === null) {
    if (rules.sitePath && s.startsWith("/") && !s.startsWith("//")) return queryCredentialProblem(new URL(s, "http://grafana.invalid"));
    return `is not ${what}${s.startsWith("//") ? " (a protocol-relative URL leaves the site)" : ""}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(s);
  } catch {
    return `is not ${what}`;
  }
  if (absolute[0].includes("@") || parsed.username !== "" || parsed.password !== "")
    return `carries userinfo (user:password@); ${SECRET_POINTER}`;
  return queryCredentialProblem(parsed) ?? credentialProblem(s);
}

function queryCredentialProblem(u: URL): string | undefined {
  for (const name of u.searchParams.keys()) {
    const n = name.toLowerCase();
    if (isCredentialKey(n) || CREDENTIAL_PARAMS.includes(n) || n.startsWith("x-amz-")) {
      return `has the query parameter ${JSON.stringify(name)}, which carries a credential; ${SECRET_POINTER}`;
    }
  }
  return undefined;
}

/** A Kubernetes name (namespace, object): a DNS label of at most `max` characters. */
export function dnsLabelProblem(s: string, max = 63): string | undefined {
  return s.length <= max && DNS_LABEL.test(s)
    ? undefined
    : `is not a DNS label; allowed: at most ${max} of [a-z0-9-], starting and ending alphanumeric`;
}

/** Part of a rendered file name or a ConfigMap/Secret key: Kubernetes allows `[-._a-zA-Z0-9]+`; we also refuse `.` and `..`. */
export function fileNameProblem(s: string): string | undefined {
  return /^[A-Za-z0-9][-._A-Za-z0-9]{0,199}$/.test(s)
    ? undefined
    : "is not a file name; allowed: at most 200 of [A-Za-z0-9-._], starting alphanumeric";
}

/** A Grafana uid: at most 40 of letters, digits, `-` and `_`. */
export function dashboardUidProblem(s: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,40}$/.test(s) ? undefined : "is not a Grafana uid; allowed: at most 40 of [A-Za-z0-9_-]";
}

/** The RE2 engine's verdict on a regex as Prometheus anchors it (`^(?:re)$`), or undefined when it compiles. */
export function re2Problem(s: string): string | undefined {
  if (s.length > LIMITS.regex) return `is ${s.length} characters long; at most ${LIMITS.regex} are allowed`;
  if (LONE_SURROGATE.test(s) || INVISIBLE.test(s)) return "contains a control character or is not well-formed Unicode";
  try {
    // Alone too: `5..)|(.*` compiles once anchored, but only because it closes the anchoring group.
    RE2JS.compile(s);
    RE2JS.compile(`^(?:${s})$`);
    return undefined;
  } catch (e) {
    // RE2's message quotes the anchored regex; the value is already in the message.
    const detail = (e as Error).message.replace(/^error parsing regexp: /, "").replace(/: `[^]*$/, "");
    return `is not an RE2 regular expression as Prometheus compiles it (${detail}); RE2 has no lookaround or backreferences`;
  }
}

/** A test of whole strings against RE2 `re`, anchored as Prometheus anchors it. The regex must have passed {@link re2Problem}. */
export function re2Matcher(re: string): (s: string) => boolean {
  const compiled = RE2JS.compile(`^(?:${re})$`);
  return (s) => compiled.matches(s);
}

/** The regex of an HTTP status label must count some statuses as errors and not all. */
export function statusRegexProblem(s: string): string | undefined {
  const why = re2Problem(s);
  if (why !== undefined) return why;
  // 500 and 200 first: for the usual regexes two matches decide, and a stack of 1000 services parses fast.
  const codes = ["500", "200", ...Array.from({ length: 500 }, (_, i) => String(100 + i))];
  const matches = re2Matcher(s);
  let some = false;
  let notAll = false;
  for (const c of codes) {
    if (matches(c)) some = true;
    else notAll = true;
    if (some && notAll) return undefined;
  }
  return some
    ? "matches every HTTP status from 100 to 599, so every request would be an error; use a regex such as 5.."
    : "matches no HTTP status from 100 to 599; an error regex such as 5.. must match the statuses that count as errors";
}

/** Grafana variables PromQL cannot parse, replaced by a value of the same kind before parsing. */
const GRAFANA_VARIABLES: readonly [RegExp, string][] = [
  [/\$__(rate_interval|interval|range)(_ms|_s)?\b|\$\{__(rate_interval|interval|range)(_ms|_s)?\}/g, "5m"],
  [/\$\{[A-Za-z0-9_]+(:[A-Za-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[A-Za-z0-9_]+\]\]/g, "x"],
];

/** A user PromQL expression, parsed with Prometheus' grammar once Grafana's variables are replaced. */
export function promqlProblem(expr: string): string | undefined {
  if (expr.trim() === "") return "must not be empty";
  if (expr.length > LIMITS.promql) return `is ${expr.length} characters long; at most ${LIMITS.promql} are allowed`;
  // Newlines and tabs are whitespace to PromQL; other controls and separators are refused as in text.
  if (LONE_SURROGATE.test(expr) || INVISIBLE.test(expr.replace(/[\t\n\r]/g, " "))) return "contains a control character";
  let text = expr;
  for (const [re, value] of GRAFANA_VARIABLES) text = text.replace(re, value);
  let at = -1;
  promqlParser.parse(text).iterate({
    enter: (n) => {
      if (at < 0 && n.type.isError) at = n.from;
      return at < 0;
    },
  });
  if (at < 0) return undefined;
  const where =
    at >= text.length
      ? "at the end (an unclosed bracket or a missing operand?)"
      : `at character ${at + 1} (${shorten(text.slice(at, at + 20), 20)})`;
  return `is not a PromQL expression: Prometheus' parser stops ${where}`;
}

/** Time zones Go's tzdata knows by these names as Node's ICU knows them (canonical and link names). */
const ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("timeZone"));

/**
 * An IANA time zone as Alertmanager loads it (Go's `time.LoadLocation`: case-sensitive, `UTC` and
 * `Local` included). Judged with Node's ICU time zone data: a canonical name, or a link name ICU
 * accepts spelt with the same case as the database.
 */
export function timeZoneProblem(s: string): string | undefined {
  const why = "is not an IANA time zone such as Europe/Berlin (checked against the time zone database, case-sensitive)";
  if (s === "UTC" || s === "Local") return undefined;
  if (ZONES.has(s)) return undefined;
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(s) || s.length > 64) return why;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: s });
    return undefined;
  } catch {
    return why;
  }
}

/** Escapes text as a PromQL double-quoted string: JSON's escapes are a subset of Go's, and the checkers refuse lone surrogates. */
export function promqlString(s: string): string {
  return JSON.stringify(s);
}

/** Escapes text as an RE2 literal (Go's `regexp.QuoteMeta`), for a regex matcher over exact values. */
export function re2Literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The sinks of every string field of {@link StackConfig}, by path: `[]` is any list element, `{}`
 * any map key, `*` any map value. test/config-sinks.test.ts walks the config types and fails for a
 * string field without an entry here.
 */
export const FIELD_SINKS: Readonly<Record<string, readonly Sink[]>> = {
  stack: [Sink.data, Sink.k8sLabel],
  "platform.namespace": [Sink.k8sName],
  "platform.releaseName": [Sink.k8sName, Sink.k8sLabel],
  "platform.environment": [Sink.k8sLabel, Sink.data],
  "platform.cluster": [Sink.k8sLabel, Sink.data],
  "platform.runbookBaseUrl": [Sink.url, Sink.goTemplate, Sink.linkSyntax],
  "platform.distribution": [Sink.closedSet],
  "platform.chart.repository": [Sink.data],
  "platform.chart.name": [Sink.data],
  "platform.chart.version": [Sink.data],
  "platform.chart.operatorVersion": [Sink.data],
  "platform.prometheus.retention.text": [Sink.closedSet],
  "platform.prometheus.retentionSize": [Sink.closedSet],
  "platform.prometheus.storage.size": [Sink.closedSet],
  "platform.prometheus.storage.storageClassName": [Sink.k8sName],
  "platform.prometheus.scrapeInterval.text": [Sink.closedSet],
  "platform.prometheus.evaluationInterval.text": [Sink.closedSet],
  "platform.prometheus.remoteWrite[].name": [Sink.k8sName, Sink.fileName],
  "platform.prometheus.remoteWrite[].kind": [Sink.closedSet],
  "platform.prometheus.remoteWrite[].url": [Sink.url, Sink.data],
  "platform.prometheus.remoteWrite[].tenant": [Sink.data],
  "platform.prometheus.remoteWrite[].auth": [Sink.closedSet],
  "platform.prometheus.remoteWrite[].username": [Sink.data],
  "platform.prometheus.remoteWrite[].queue.batchSendDeadline.text": [Sink.closedSet],
  "platform.prometheus.thanosSidecar.queryNamespace": [Sink.k8sName],
  "platform.alertmanagerStorage.size": [Sink.closedSet],
  "platform.alertmanagerStorage.storageClassName": [Sink.k8sName],
  "platform.resources.*.requests.cpu": [Sink.closedSet],
  "platform.resources.*.requests.memory": [Sink.closedSet],
  "platform.resources.*.limits.cpu": [Sink.closedSet],
  "platform.resources.*.limits.memory": [Sink.closedSet],
  "platform.networkPolicy.uiNamespace": [Sink.k8sName],
  "platform.networkPolicy.scrapeCidrs[]": [Sink.closedSet],
  "platform.networkPolicy.apiServerCidrs[]": [Sink.closedSet],
  "services[].name": [Sink.k8sName, Sink.k8sLabel, Sink.promqlString, Sink.fileName, Sink.dashboardUid, Sink.goTemplate],
  "services[].namespace": [Sink.k8sName, Sink.promqlString],
  "services[].team": [Sink.k8sLabel, Sink.promqlString, Sink.goTemplate, Sink.fileName, Sink.dashboardUid, Sink.k8sAnnotation],
  "services[].selector.{}": [Sink.k8sLabel],
  "services[].selector.*": [Sink.k8sLabel],
  "services[].metrics.port": [Sink.k8sName],
  "services[].metrics.path": [Sink.url],
  "services[].metrics.scheme": [Sink.closedSet],
  "services[].metrics.interval.text": [Sink.closedSet],
  "services[].metrics.scrapeTimeout.text": [Sink.closedSet],
  "services[].http.requests.metric": [Sink.promName],
  "services[].http.requests.statusLabel": [Sink.promName],
  "services[].http.requests.routeLabel": [Sink.promName],
  "services[].http.requests.methodLabel": [Sink.promName],
  "services[].http.requests.errorStatusRegex": [Sink.re2, Sink.promqlString],
  "services[].http.duration.metric": [Sink.promName],
  "services[].http.inFlight": [Sink.promName],
  "services[].http.instrumentation": [Sink.closedSet],
  "services[].http.names": [Sink.closedSet],
  "services[].http.requests.source": [Sink.closedSet],
  "services[].http.requests.statusConvention": [Sink.closedSet],
  "services[].probe.url": [Sink.url, Sink.k8sLabel, Sink.data],
  "services[].probe.module": [Sink.closedSet],
  "services[].probe.interval.text": [Sink.closedSet],
  "services[].runbookBaseUrl": [Sink.url, Sink.goTemplate, Sink.linkSyntax],
  "services[].labels.{}": [Sink.promName, Sink.goTemplate],
  "services[].labels.*": [Sink.goTemplate, Sink.linkSyntax, Sink.data],
  "services[].alerts.errorRatio.for.text": [Sink.closedSet],
  "services[].alerts.errorRatio.severity": [Sink.closedSet],
  "services[].alerts.latency.for.text": [Sink.closedSet],
  "services[].alerts.latency.severity": [Sink.closedSet],
  "services[].alerts.target.for.text": [Sink.closedSet],
  "services[].alerts.target.severity": [Sink.closedSet],
  "services[].slos[].name": [Sink.k8sName, Sink.promqlString, Sink.goTemplate, Sink.fileName],
  "services[].slos[].kind": [Sink.closedSet],
  "services[].slos[].period.text": [Sink.closedSet],
  "services[].slos[].errorStatusRegex": [Sink.re2, Sink.promqlString],
  "services[].slos[].absentFor.text": [Sink.closedSet],
  "services[].slos[].description": [Sink.goTemplate, Sink.linkSyntax, Sink.data],
  "services[].slos[].tiers[].name": [Sink.closedSet],
  "services[].slos[].tiers[].severity": [Sink.closedSet],
  "services[].slos[].tiers[].for.text": [Sink.closedSet],
  "services[].slos[].tiers[].hold": [Sink.closedSet],
  "services[].slos[].tiers[].long": [Sink.closedSet],
  "services[].slos[].tiers[].short": [Sink.closedSet],
  "services[].dashboard.workload": [Sink.k8sName, Sink.promqlString],
  "services[].dashboard.panels[].title": [Sink.data, Sink.linkSyntax],
  "services[].dashboard.panels[].description": [Sink.data, Sink.linkSyntax],
  "services[].dashboard.panels[].unit": [Sink.data],
  "services[].dashboard.panels[].legend": [Sink.data],
  "services[].dashboard.panels[].query.kind": [Sink.closedSet],
  "services[].dashboard.panels[].query.expr": [Sink.promql, Sink.data],
  "services[].dashboard.panels[].query.metric": [Sink.promName],
  "services[].dashboard.panels[].query.aggregation": [Sink.closedSet],
  "services[].dashboard.panels[].query.by[]": [Sink.promName],
  "dashboards.delivery": [Sink.closedSet],
  "dashboards.alertmanagerUrl": [Sink.url, Sink.data],
  "alerting.groupBy[]": [Sink.promName],
  "alerting.resolveTimeout.text": [Sink.closedSet],
  "alerting.defaultTeam": [Sink.k8sLabel, Sink.promqlString],
  "alerting.teams[].name": [Sink.k8sLabel, Sink.promqlString, Sink.fileName, Sink.dashboardUid],
  "alerting.teams[].pager.type": [Sink.closedSet],
  "alerting.teams[].pager.channel": [Sink.goTemplate],
  "alerting.teams[].pager.to": [Sink.goTemplate],
  "alerting.teams[].pager.responderTeam": [Sink.goTemplate],
  "alerting.teams[].chat.type": [Sink.closedSet],
  "alerting.teams[].chat.channel": [Sink.goTemplate],
  "alerting.teams[].chat.to": [Sink.goTemplate],
  "alerting.teams[].chat.responderTeam": [Sink.goTemplate],
  "alerting.teams[].routes.*.groupWait.text": [Sink.closedSet],
  "alerting.teams[].routes.*.groupInterval.text": [Sink.closedSet],
  "alerting.teams[].routes.*.repeatInterval.text": [Sink.closedSet],
  "alerting.teams[].routes.*.muteTimeIntervals[]": [Sink.closedSet],
  "alerting.teams[].routes.*.activeTimeIntervals[]": [Sink.closedSet],
  "alerting.heartbeat.type": [Sink.closedSet],
  "alerting.heartbeat.name": [Sink.url],
  "alerting.heartbeat.apiUrl": [Sink.url],
  "alerting.heartbeat.repeatInterval.text": [Sink.closedSet],
  "alerting.noHeartbeatReason": [Sink.data],
  "alerting.smtp.smarthost": [Sink.data],
  "alerting.smtp.from": [Sink.goTemplate],
  "alerting.smtp.username": [Sink.data],
  "alerting.timeIntervals[].name": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].times[].start": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].times[].end": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].weekdays[]": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].daysOfMonth[]": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].months[]": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].years[]": [Sink.closedSet],
  "alerting.timeIntervals[].ranges[].location": [Sink.closedSet],
};
