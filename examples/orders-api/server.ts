/**
 * orders-api: the demo service the dev stack monitors. Plain node:http, instrumented with
 * prom-client (see metrics.ts), backed by an in-memory "database" whose connection a drill can
 * break, restore and slow down through the admin endpoints.
 *
 * Application routes (`/orders...`, `/healthz`, and unknown paths) are counted as traffic. The
 * control endpoints (`/metrics`, `/admin/...`) are not: scrapes and drill commands are not the
 * service's users, and must not move its error ratio or latency.
 *
 * Run: `npx tsx examples/orders-api/server.ts [--host 127.0.0.1] [--port 8080]` (`--port 0` picks a
 * free port). It prints one JSON line, `{"service":"orders-api","url":"http://127.0.0.1:8080"}`,
 * once listening, and exits 0 after closing on SIGINT or SIGTERM.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { parseArgs } from "node:util";
import { onShutdownSignal, parseNumberFlag, usageError } from "./cli";
import { Database, DatabaseUnavailableError, MAX_LATENCY_MS, type NewOrder } from "./database";
import { closeServer, errorReply, HttpError, json, listen, readJson, send, type Reply } from "./http";
import { createMetrics, PaymentFailureReason, UNMATCHED_PATH, type OrdersApiMetrics } from "./metrics";
import { CardToken, charge, paymentFailureStatus } from "./payments";
import { matchRoute, type Params, type Route } from "./router";

export interface OrdersApiOptions {
  /** Address to listen on. Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free port. Defaults to 0. */
  readonly port?: number;
}

export interface OrdersApi {
  /** Base URL, e.g. `http://127.0.0.1:40123`, without a trailing slash. */
  readonly url: string;
  /** Stops accepting connections, cuts slow-mode waits short and resolves once the server has closed. */
  close(): Promise<void>;
}

/** Price of one item, in cents: the demo has a single price list entry. */
const UNIT_PRICE_CENTS = 1250;

/** Longest time `close()` lets open connections finish before cutting them. */
const CLOSE_GRACE_MS = 2_000;

interface Context {
  readonly req: IncomingMessage;
  readonly params: Params;
  readonly query: URLSearchParams;
}

type Handler = (ctx: Context) => Promise<Reply>;

function route(method: string, path: string, handler: Handler): Route<Handler> {
  return { method, path, handler };
}

/** Control endpoints: served, but not counted as the service's traffic. */
function isControlPath(path: string): boolean {
  return path === "/metrics" || path.startsWith("/admin/");
}

/** Parses the body of `POST /orders`: `{"item": string, "quantity": integer, "card"?: string}`. */
function parseNewOrder(body: unknown): { order: NewOrder; card: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be an object like {"item": "book", "quantity": 1, "card": "tok_ok"}');
  }
  const { item, quantity, card } = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof item !== "string" || item.length === 0 || item.length > 100) {
    problems.push(`item: got ${JSON.stringify(item)}, want a string of 1 to 100 characters`);
  }
  if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
    problems.push(`quantity: got ${JSON.stringify(quantity)}, want an integer from 1 to 1000`);
  }
  if (card !== undefined && typeof card !== "string") {
    problems.push(`card: got ${JSON.stringify(card)}, want a card token string such as "${CardToken.ok}"`);
  }
  if (problems.length > 0 || typeof item !== "string" || typeof quantity !== "number") {
    throw new HttpError(400, problems.join("; "));
  }
  return {
    order: { item, quantity, amountCents: quantity * UNIT_PRICE_CENTS },
    card: typeof card === "string" ? card : CardToken.ok,
  };
}

function routes(db: Database, metrics: OrdersApiMetrics): Route<Handler>[] {
  const state = (): Reply => json(200, { database: db.state() });
  return [
    route("GET", "/healthz", async () => json(200, { status: "ok" })),
    route("GET", "/orders", async () => json(200, { orders: await db.list() })),
    route("GET", "/orders/:id", async ({ params }) => {
      const id = params.id ?? "";
      const order = await db.get(id);
      return order === undefined ? errorReply(404, `order ${JSON.stringify(id)} not found`) : json(200, order);
    }),
    route("POST", "/orders", async ({ req }) => {
      const { order, card } = parseNewOrder(await readJson(req));
      try {
        // Reach the database before charging, as opening a transaction would: with the database
        // down, every order fails with 503 whatever its card.
        await db.ping();
        const payment = charge(card);
        if (!payment.ok) {
          metrics.paymentFailures.labels(payment.reason).inc();
          return errorReply(paymentFailureStatus[payment.reason], `payment failed: ${payment.reason}`);
        }
        const stored = await db.insert(order);
        metrics.ordersCreated.inc();
        return json(201, stored, { Location: `/orders/${stored.id}` });
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) {
          metrics.paymentFailures.labels(PaymentFailureReason.databaseUnavailable).inc();
        }
        throw error;
      }
    }),
    route("GET", "/metrics", async () => ({
      status: 200,
      contentType: metrics.registry.contentType,
      body: await metrics.registry.metrics(),
    })),
    route("GET", "/admin/state", async () => state()),
    route("POST", "/admin/database/break", async () => {
      db.break();
      return state();
    }),
    route("POST", "/admin/database/restore", async () => {
      db.restore();
      return state();
    }),
    route("POST", "/admin/slow", async ({ query }) => {
      const raw = query.get("ms");
      const ms = raw === null || raw === "" ? Number.NaN : Number(raw);
      if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
        throw new HttpError(400, `ms: got ${JSON.stringify(raw)}, want an integer from 0 to ${MAX_LATENCY_MS}`);
      }
      db.setLatency(ms);
      return state();
    }),
    route("POST", "/admin/slow/off", async () => {
      db.setLatency(0);
      return state();
    }),
  ];
}

/** The reply to a handler's error: its own status, 503 for the database or shutdown, 500 otherwise. */
function replyToError(error: unknown): Reply {
  if (error instanceof HttpError) return errorReply(error.status, error.message, error.headers);
  if (error instanceof DatabaseUnavailableError) return errorReply(503, "database unavailable");
  if (error instanceof Error && error.name === "AbortError") return errorReply(503, "shutting down");
  return errorReply(500, "internal error");
}

/** The request target as a URL; a target that does not parse matches no route. */
function parseRequestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://orders-api");
  } catch {
    return new URL(`http://orders-api/${UNMATCHED_PATH}`);
  }
}

/** Starts an orders-api instance with its own metrics registry and database. */
export async function startOrdersApi(options: OrdersApiOptions = {}): Promise<OrdersApi> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const shutdown = new AbortController();
  const db = new Database(shutdown.signal);
  const metrics = createMetrics();
  const table = routes(db, metrics);

  const server: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? "GET";
    const url = parseRequestUrl(req.url);
    const match = matchRoute(table, method, url.pathname);
    const path = match.kind === "found" ? match.route.path : match.kind === "method-not-allowed" ? match.path : UNMATCHED_PATH;
    const traffic = !isControlPath(match.kind === "not-found" ? url.pathname : path);
    if (traffic) metrics.inFlight.inc();

    const run = async (): Promise<Reply> => {
      switch (match.kind) {
        case "found":
          return match.route.handler({ req, params: match.params, query: url.searchParams });
        case "method-not-allowed":
          throw new HttpError(405, `${method} is not allowed on ${match.path}`, { Allow: match.allow.join(", ") });
        case "not-found":
          throw new HttpError(404, "no such route");
      }
    };
    run()
      .catch(replyToError)
      .then((reply) => {
        try {
          send(res, reply, shutdown.signal.aborted);
        } finally {
          // Recorded in the tick that writes the reply, so a scrape the client sends next sees it.
          if (traffic) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const labels = { method, path, status: String(reply.status) };
            metrics.requests.inc(labels);
            metrics.duration.observe(labels, seconds);
            metrics.inFlight.dec();
          }
        }
      })
      // Only a failure to write the reply gets here; drop the connection rather than crash.
      .catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  });

  const url = await listen(server, host, port, "orders-api");

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (() => {
        shutdown.abort();
        return closeServer(server, CLOSE_GRACE_MS);
      })();
      return closed;
    },
  };
}

const USAGE = "usage: tsx examples/orders-api/server.ts [--host 127.0.0.1] [--port 8080]";

/** Port the command line listens on when `--port` is not given. */
const DEFAULT_PORT = 8080;

async function main(argv: readonly string[]): Promise<void> {
  let values: { host?: string | undefined; port?: string | undefined };
  try {
    values = parseArgs({ args: [...argv], options: { host: { type: "string" }, port: { type: "string" } } }).values;
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const port = values.port === undefined ? DEFAULT_PORT : parseNumberFlag("port", values.port, { min: 0, max: 65535, integer: true });
  if (typeof port === "string") usageError(port, USAGE);
  const api = await startOrdersApi({ host: values.host ?? "127.0.0.1", port });
  process.stdout.write(`${JSON.stringify({ service: "orders-api", url: api.url })}\n`);
  onShutdownSignal(() => {
    api.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`orders-api: close failed: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`orders-api: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
