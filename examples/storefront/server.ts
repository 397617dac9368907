/**
 * storefront: the second demo service, instrumented the way most services met in 2026 are: the
 * OpenTelemetry SDK for Node.js (`@opentelemetry/sdk-metrics`) recording the semantic conventions'
 * `http.server.request.duration` histogram, exported by `@opentelemetry/exporter-prometheus` on
 * `/metrics`. No request counter, no hand-written Prometheus names: the names Prometheus sees are the
 * exporter's translation (`http_server_request_duration_bucket{http_route=...}`), and the stack
 * describes the service with `instrumentation: otel`.
 *
 * It depends on orders-api over HTTP: a checkout lists or places an order there. When the orders
 * database breaks, orders-api answers 503 and so does every checkout, which is how the drill's
 * database scenario pages on both services.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from "@opentelemetry/semantic-conventions";
import { closeServer, errorReply, HttpError, json, listen, readJson, send, type Reply } from "../orders-api/http";
import { matchRoute, type Route } from "../orders-api/router";

/** The service name: its OpenTelemetry `service.name` and its name in the stack. */
export const STOREFRONT_SERVICE = "storefront";

/**
 * The semantic conventions' advisory bucket boundaries for `http.server.request.duration`, in
 * seconds, as OpenTelemetry's HTTP instrumentations pass them (the SDK's own default buckets are
 * meant for milliseconds).
 */
export const STOREFRONT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Route label of requests that match no route: raw URLs never become series. */
const UNMATCHED_ROUTE = "unmatched";

/** Where Prometheus scrapes. */
export const METRICS_PATH = "/metrics";

/** How long close() lets in-flight requests finish before cutting connections. */
const CLOSE_GRACE_MS = 2_000;

export interface StorefrontOptions {
  readonly host?: string;
  readonly port?: number;
  /** Base URL of the orders-api it places orders with. */
  readonly ordersUrl: string;
}

export interface Storefront {
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage) => Promise<Reply>;

/** A call to orders-api; its 5xx (or no answer) is this service's 503: the dependency is down. */
async function orders(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
  } catch {
    throw new HttpError(503, "orders-api unreachable");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status >= 500) throw new HttpError(503, `orders-api answered ${res.status}`);
  return { status: res.status, body };
}

function routes(ordersUrl: string): Route<Handler>[] {
  const r = (method: string, path: string, handler: Handler): Route<Handler> => ({ method, path, handler });
  return [
    r("GET", "/healthz", async () => json(200, { status: "ok" })),
    r("GET", "/checkout/recent", async () => {
      const { status, body } = await orders(ordersUrl, "/orders");
      return json(status, body);
    }),
    r("POST", "/checkout", async (req) => {
      const { status, body } = await orders(ordersUrl, "/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(await readJson(req)),
      });
      // A declined card (402) stays the client's problem; a created order is a completed checkout.
      return json(status, body);
    }),
  ];
}

/** Starts a storefront instance with its own MeterProvider and Prometheus exporter. */
export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  // The exporter serves its text through our server's /metrics rather than a port of its own.
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: STOREFRONT_SERVICE }),
    readers: [exporter],
  });
  const duration = provider.getMeter(STOREFRONT_SERVICE).createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
    description: "Duration of HTTP server requests.",
    unit: "s",
    advice: { explicitBucketBoundaries: [...STOREFRONT_BUCKETS] },
  });
  const table = routes(options.ordersUrl);
  const shutdown = new AbortController();

  const server: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? "GET";
    const pathname = new URL(req.url ?? "/", "http://storefront").pathname;
    // Scrapes are answered by the exporter itself, and are not traffic: they would dilute the error ratio.
    if (method === "GET" && pathname === METRICS_PATH) {
      exporter.getMetricsRequestHandler(req, res);
      return;
    }
    const match = matchRoute(table, method, pathname);
    const route = match.kind === "found" ? match.route.path : match.kind === "method-not-allowed" ? match.path : UNMATCHED_ROUTE;
    const run = async (): Promise<Reply> => {
      if (match.kind === "found") return match.route.handler(req);
      if (match.kind === "method-not-allowed") throw new HttpError(405, `${method} is not allowed on ${match.path}`);
      throw new HttpError(404, "no such route");
    };
    run()
      .catch((error: unknown) => (error instanceof HttpError ? errorReply(error.status, error.message) : errorReply(500, "internal error")))
      .then((reply) => {
        try {
          send(res, reply, shutdown.signal.aborted);
        } finally {
          duration.record(Number(process.hrtime.bigint() - started) / 1e9, {
            [ATTR_HTTP_REQUEST_METHOD]: method,
            [ATTR_HTTP_ROUTE]: route,
            [ATTR_HTTP_RESPONSE_STATUS_CODE]: reply.status,
          });
        }
      })
      .catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  });

  const url = await listen(server, options.host ?? "127.0.0.1", options.port ?? 0, STOREFRONT_SERVICE);

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        shutdown.abort();
        await closeServer(server, CLOSE_GRACE_MS);
        await provider.shutdown();
      })();
      return closed;
    },
  };
}
