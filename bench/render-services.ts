/**
 * Generates N realistic, valid services as raw stack config (what Pulumi.<stack>.yaml holds), for the
 * benchmark. Deterministic: the same N always gives the same services (seeded, no Math.random).
 */
import * as path from "node:path";
import { readStackFile } from "../render";

/** How one family of client libraries names its HTTP metrics. */
interface Convention {
  readonly requests: string;
  readonly statusLabel: string;
  readonly routeLabel: string;
  readonly methodLabel: string;
  readonly duration: string;
  readonly buckets: readonly number[];
  readonly inFlight: string | undefined;
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Real client-library conventions: their counter, histogram and label names differ on purpose. */
const CONVENTIONS: readonly Convention[] = [
  // Go client_golang, as orders-api in Pulumi.dev.yaml.
  {
    requests: "http_requests_total",
    statusLabel: "status",
    routeLabel: "path",
    methodLabel: "method",
    duration: "http_request_duration_seconds",
    buckets: DEFAULT_BUCKETS,
    inFlight: "http_requests_in_flight",
  },
  // Flask exporter, as payments-api in Pulumi.dev.yaml.
  {
    requests: "app_requests_total",
    statusLabel: "status",
    routeLabel: "endpoint",
    methodLabel: "method",
    duration: "app_request_duration_seconds",
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
    inFlight: undefined,
  },
  // promhttp middleware with handler labels.
  {
    requests: "http_requests_total",
    statusLabel: "code",
    routeLabel: "handler",
    methodLabel: "method",
    duration: "http_request_duration_seconds",
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
    inFlight: "http_requests_in_flight",
  },
  // prometheus-net (ASP.NET Core).
  {
    requests: "http_requests_received_total",
    statusLabel: "code",
    routeLabel: "endpoint",
    methodLabel: "method",
    duration: "http_request_duration_seconds",
    buckets: [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384, 32.768],
    inFlight: "http_requests_in_progress",
  },
  // Yabeda (Rails).
  {
    requests: "rails_requests_total",
    statusLabel: "status",
    routeLabel: "controller",
    methodLabel: "method",
    duration: "rails_request_duration_seconds",
    buckets: DEFAULT_BUCKETS,
    inFlight: undefined,
  },
  // starlette_exporter (Python ASGI).
  {
    requests: "starlette_requests_total",
    statusLabel: "status_code",
    routeLabel: "path",
    methodLabel: "method",
    duration: "starlette_request_duration_seconds",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    inFlight: "starlette_requests_in_progress",
  },
  // express-prom-bundle (Node.js).
  {
    requests: "http_requests_total",
    statusLabel: "status_code",
    routeLabel: "path",
    methodLabel: "method",
    duration: "http_request_duration_seconds",
    buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
    inFlight: undefined,
  },
];

/** Business domains: each gives a namespace and an owning team. */
const DOMAINS: readonly { readonly namespace: string; readonly team: string }[] = [
  { namespace: "shop", team: "backend" },
  { namespace: "payments", team: "payments" },
  { namespace: "search", team: "discovery" },
  { namespace: "catalog", team: "discovery" },
  { namespace: "identity", team: "platform-security" },
  { namespace: "shipping", team: "fulfilment" },
  { namespace: "inventory", team: "fulfilment" },
  { namespace: "notifications", team: "messaging" },
  { namespace: "analytics", team: "data" },
  { namespace: "pricing", team: "revenue" },
  { namespace: "support", team: "customer-care" },
  { namespace: "media", team: "content" },
];
const NOUNS = [
  "orders",
  "cart",
  "checkout",
  "users",
  "auth",
  "ledger",
  "refunds",
  "quotes",
  "stock",
  "labels",
  "emails",
  "events",
  "images",
  "reviews",
  "coupons",
  "tickets",
];
const KINDS = ["api", "web", "gateway", "worker", "svc"];
const PORTS = ["http-metrics", "metrics", "web", "prom"];
const INTERVALS = ["15s", "30s", "30s", "60s"];
const TIERS = ["frontend", "backend", "edge"];

/** mulberry32: a tiny seeded PRNG, so that every run benchmarks the same services. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** One raw service, as it would be written in a stack file. */
export function generateService(i: number): Record<string, unknown> {
  const rand = prng(i + 1);
  const domain = pick(rand, DOMAINS);
  const c = pick(rand, CONVENTIONS);
  const noun = pick(rand, NOUNS);
  const kind = pick(rand, KINDS);
  const name = `${noun}-${kind}-${String(i).padStart(4, "0")}`;
  // A third of the services prefix their metrics with their own name, as many in-house libraries do.
  const prefix = rand() < 0.33 ? `${noun}_` : "";
  const selectorKey = rand() < 0.6 ? "app.kubernetes.io/name" : "app";
  const service: Record<string, unknown> = {
    name,
    namespace: domain.namespace,
    team: domain.team,
    selector: { [selectorKey]: name },
    metrics: {
      port: pick(rand, PORTS),
      path: rand() < 0.85 ? "/metrics" : "/prometheus",
      interval: pick(rand, INTERVALS),
    },
    http: {
      requests: {
        metric: `${prefix}${c.requests}`,
        statusLabel: c.statusLabel,
        routeLabel: c.routeLabel,
        methodLabel: c.methodLabel,
        ...(rand() < 0.2 ? { errorStatusRegex: "5..|429" } : {}),
      },
      duration: { metric: `${prefix}${c.duration}`, buckets: [...c.buckets] },
      ...(c.inFlight !== undefined ? { inFlight: `${prefix}${c.inFlight}` } : {}),
    },
  };
  if (rand() < 0.5) service.labels = { tier: pick(rand, TIERS), cost_center: `cc-${1000 + (i % 97)}` };
  // Most services declare SLOs: availability, and latency at a declared bucket near half a second.
  if (rand() < 0.8) {
    const threshold = c.buckets.reduce((best, b) => (Math.abs(Math.log(b / 0.5)) < Math.abs(Math.log(best / 0.5)) ? b : best));
    service.slos = [
      { name: "availability", kind: "availability", objective: pick(rand, [99, 99.5, 99.9, 99.95]) },
      { name: "latency", kind: "latency", objective: pick(rand, [95, 99]), threshold },
    ];
  }
  // Some add business panels to their dashboard.
  if (rand() < 0.3) {
    service.dashboard = {
      panels: [
        {
          title: `${noun} processed per minute`,
          description: `${noun} the service completed, per minute. A drop with a flat request rate means requests succeed but work is not done.`,
          metric: `${noun}_processed_total`,
          aggregation: "perMinute",
        },
        {
          title: `${noun} failures by reason`,
          description: "Failures per minute by reason. One reason climbing points at a single dependency.",
          metric: `${noun}_failures_total`,
          aggregation: "perMinute",
          by: ["reason"],
        },
      ],
    };
  }
  const alerts: Record<string, unknown> = {};
  const r = rand();
  if (r < 0.15) alerts.latency = { threshold: 1 };
  else if (r < 0.25) alerts.latency = { threshold: 0.25, quantile: 0.9, severity: "ticket" };
  else if (r < 0.3) alerts.latency = { enabled: false };
  if (rand() < 0.2) alerts.errorRatio = { threshold: 0.02, for: "10m" };
  if (rand() < 0.1) alerts.target = { for: "10m", severity: "ticket" };
  if (Object.keys(alerts).length > 0) service.alerts = alerts;
  return service;
}

/** The raw config keys of a stack with `n` generated services, and the stack's real platform. */
export interface GeneratedStack {
  readonly stack: string;
  readonly config: Record<string, unknown>;
}

/**
 * The `dev` stack's platform from Pulumi.dev.yaml (so that platform changes are exercised too) with
 * `n` generated services in place of its two.
 */
export function generateStack(n: number, projectDir = path.join(__dirname, "..")): GeneratedStack {
  const dev = readStackFile(projectDir, "dev");
  const services = Array.from({ length: n }, (_, i) => generateService(i));
  const teams = [...new Set(services.map((s) => String(s.team)))].sort();
  return { stack: dev.stack, config: { ...dev.config, services, ...withTeams(dev.config.alerting, teams, dev.stack) } };
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The stack's alerting config with a receiver entry for every generated team that has none, copied
 * from one of the stack's own teams (a Slack one when there is one, its channel renamed). Empty when
 * the stack has no alerting config.
 */
function withTeams(alerting: unknown, teams: readonly string[], stack: string): { alerting?: Record<string, unknown> } {
  if (!isMap(alerting) || !isMap(alerting.teams)) return {};
  const existing = alerting.teams;
  const entries = Object.values(existing).filter(isMap);
  const template = entries.find((t) => isMap(t.chat) && t.chat.type === "slack") ?? entries[0];
  if (template === undefined) return {};
  const added: Record<string, unknown> = {};
  for (const team of teams) {
    if (team in existing) continue;
    const entry = structuredClone(template);
    if (isMap(entry.chat) && typeof entry.chat.channel === "string") entry.chat.channel = `#${team}-alerts-${stack}`;
    added[team] = entry;
  }
  return { alerting: { ...alerting, teams: { ...existing, ...added } } };
}

/**
 * Placeholder values for the secret config the program needs for a generated stack: the Grafana
 * admin password, and one credential per alerting receiver (named `heartbeat` and `<team>-<receiver>`,
 * as Pulumi.dev.yaml documents them), when the stack has alerting config.
 */
export function placeholderSecrets(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const secrets: Record<string, unknown> = { grafanaAdminPassword: "bench-only-password" };
  const alerting = config.alerting;
  if (isMap(alerting)) {
    const receivers: Record<string, string> = {};
    if (alerting.heartbeat !== undefined) receivers.heartbeat = "https://hc-ping.example.invalid/bench";
    for (const [team, entry] of Object.entries(isMap(alerting.teams) ? alerting.teams : {})) {
      for (const receiver of Object.keys(isMap(entry) ? entry : {})) {
        receivers[`${team}-${receiver}`] = `https://hooks.example.invalid/${team}-${receiver}`;
      }
    }
    secrets.alertingSecrets = receivers;
  }
  return secrets;
}
