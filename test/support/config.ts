import * as path from "node:path";
import { readStackFile } from "../../render";
import { parseStack, type StackConfig } from "../../config";
import { LIMITS } from "../../config/sinks";

export const ROOT = path.resolve(__dirname, "..", "..");

/** A minimal valid service config, the base of the parse tables. */
export function baseService(): Record<string, unknown> {
  return {
    name: "orders-api",
    namespace: "shop",
    team: "backend",
    selector: { "app.kubernetes.io/name": "orders-api" },
    metrics: { port: "http-metrics" },
    http: {
      requests: { metric: "http_requests_total" },
      duration: { metric: "http_request_duration_seconds", buckets: [0.1, 0.5, 1] },
    },
    runbookBaseUrl: "https://runbooks.example.com",
  };
}

/** A minimal valid stack config. */
export function baseConfig(): Record<string, unknown> {
  return {
    platform: {},
    services: [baseService()],
    alerting: {
      allowNoHeartbeat: "unit-test stack, never deployed",
      teams: { backend: { chat: { type: "webhook" } }, platform: { chat: { type: "webhook" } } },
    },
  };
}

/** Sets (or, with `undefined`, deletes) the value at a dotted path such as `services.0.metrics.port`. */
export function withValue(config: Record<string, unknown>, dotted: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(config);
  const keys = dotted.split(".");
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] ?? "";
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** The real dev stack, parsed from Pulumi.dev.yaml. */
export function devStack(): StackConfig {
  return parseStack(readStackFile(ROOT, "dev"));
}

/** The dev stack with a probe SLO (`probe`, 99.9%) on orders-api, which has the probe. */
export function devStackWithProbeSlo(): StackConfig {
  const file = readStackFile(ROOT, "dev");
  const config = structuredClone(file.config) as { services: { name: string; slos?: unknown[] }[] };
  const orders = config.services.find((s) => s.name === "orders-api");
  if (orders === undefined) throw new Error("Pulumi.dev.yaml has no orders-api");
  orders.slos = [...(orders.slos ?? []), { name: "probe", kind: "probe", objective: 99.9 }];
  return parseStack({ ...file, config });
}

/** A stack from a config object, for tests. */
export function stackOf(config: Record<string, unknown>, stack = "test"): StackConfig {
  return parseStack({ stack, config });
}

/**
 * A service with `n` latency SLOs (thresholds on its buckets). The config allows at most LIMITS.slos SLOs a service,
 * whose rules stay well under the operator's limit; the split guards the limit whatever the config's limits become,
 * so the big service is built past the parser: the parsed SLOs copied under new names.
 */
export function serviceWithLatencySlos(n: number) {
  const parsedCount = Math.min(n, LIMITS.slos);
  const buckets = Array.from({ length: parsedCount }, (_, i) => Number((0.01 * (i + 1)).toFixed(2)));
  const service = withValue(baseService(), "http.duration.buckets", buckets);
  service.slos = buckets.map((threshold, i) => ({ name: `latency-${i + 1}`, kind: "latency", objective: 99, threshold }));
  const stack = stackOf(withValue({ ...baseConfig(), services: [service] }, "platform.prometheus.retention", "35d"));
  const parsed = stack.services[0]!;
  const slos = Array.from({ length: n }, (_, i) => ({ ...parsed.slos[i % parsedCount]!, name: `latency-${i + 1}` }));
  return { stack, service: { ...parsed, slos } };
}
