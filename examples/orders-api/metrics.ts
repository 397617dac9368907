/**
 * The orders-api's Prometheus metrics, named as the dev stack (Pulumi.dev.yaml) describes the
 * service: `http_requests_total{method,path,status}`, `http_request_duration_seconds` with the
 * Prometheus default buckets, `http_requests_in_flight`, and the business counters the dev
 * dashboards show.
 *
 * Each service instance owns its own Registry, so two instances in one process (tests) never share
 * series. Default process metrics are not collected: prom-client's `nodejs_active_*_total` gauges
 * break `promtool check metrics` ("non-counter metrics should not have _total suffix"), and nothing
 * of ours queries them.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Metric names. */
export const metricName = {
  requests: "http_requests_total",
  duration: "http_request_duration_seconds",
  inFlight: "http_requests_in_flight",
  ordersCreated: "orders_created_total",
  paymentFailures: "payment_failures_total",
} as const;

/** Labels of the HTTP metrics: `path` is the route template, never the raw URL. */
export const httpLabel = { method: "method", path: "path", status: "status" } as const;
export type HttpLabel = (typeof httpLabel)[keyof typeof httpLabel];

/** Prometheus' (and prom-client's) default histogram buckets, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Why a payment, and so an order, failed: the `reason` label of `payment_failures_total`. */
export const PaymentFailureReason = {
  cardDeclined: "card_declined",
  insufficientFunds: "insufficient_funds",
  gatewayTimeout: "gateway_timeout",
  databaseUnavailable: "database_unavailable",
} as const;
export type PaymentFailureReason = (typeof PaymentFailureReason)[keyof typeof PaymentFailureReason];

/** The `path` label of requests that match no route, so unknown URLs cannot add series. */
export const UNMATCHED_PATH = "unmatched";

export interface OrdersApiMetrics {
  readonly registry: Registry;
  readonly requests: Counter<HttpLabel>;
  readonly duration: Histogram<HttpLabel>;
  readonly inFlight: Gauge;
  readonly ordersCreated: Counter;
  readonly paymentFailures: Counter<"reason">;
}

/** Creates the metrics of one service instance in a fresh registry. */
export function createMetrics(): OrdersApiMetrics {
  const registry = new Registry();
  const labelNames = Object.values(httpLabel);
  const paymentFailures = new Counter({
    name: metricName.paymentFailures,
    help: "Orders whose payment failed, by reason.",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  // Every reason is exported from the start at 0, so `rate()` and dashboards see a series before the first failure.
  for (const reason of Object.values(PaymentFailureReason)) paymentFailures.labels(reason).inc(0);
  return {
    registry,
    requests: new Counter({
      name: metricName.requests,
      help: "HTTP requests handled, by method, route template and status code.",
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: metricName.duration,
      help: "HTTP request duration in seconds, by method, route template and status code.",
      labelNames,
      buckets: [...DURATION_BUCKETS],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: metricName.inFlight,
      help: "HTTP requests currently being handled.",
      registers: [registry],
    }),
    ordersCreated: new Counter({
      name: metricName.ordersCreated,
      help: "Orders created and paid.",
      registers: [registry],
    }),
    paymentFailures,
  };
}
