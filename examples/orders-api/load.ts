/**
 * Load generator for orders-api: a steady, open-loop request rate with a realistic mix of routes,
 * bounded by a duration, a request count or an abort signal. Open loop means requests are sent on
 * schedule whether or not earlier ones have answered, so slow mode shows up as requests in flight
 * rather than as a lower rate. The mix is drawn from a seeded generator, so a run is reproducible.
 *
 * Run: `npx tsx examples/orders-api/load.ts --url http://127.0.0.1:8080 [--rate 10] [--duration 60]
 * [--count N] [--seed 1]`. Without `--duration` or `--count` it runs until SIGINT or SIGTERM. It
 * prints one JSON line with the report when it stops.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { onShutdownSignal, parseNumberFlag, usageError } from "./cli";
import { CardToken } from "./payments";

/** The kinds of request the generator sends. */
export const RequestKind = {
  listOrders: "list_orders",
  getOrder: "get_order",
  getMissingOrder: "get_missing_order",
  createOrder: "create_order",
  createOrderDeclined: "create_order_declined",
  createOrderInsufficientFunds: "create_order_insufficient_funds",
  createOrderGatewayTimeout: "create_order_gateway_timeout",
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];

/**
 * Default weights: mostly reads, a quarter orders, a few declined cards. No gateway timeouts, so a
 * healthy service answers no 5xx and only a drill moves its error ratio.
 */
export const DEFAULT_MIX: Readonly<Record<RequestKind, number>> = {
  [RequestKind.listOrders]: 30,
  [RequestKind.getOrder]: 35,
  [RequestKind.getMissingOrder]: 5,
  [RequestKind.createOrder]: 25,
  [RequestKind.createOrderDeclined]: 3,
  [RequestKind.createOrderInsufficientFunds]: 2,
  [RequestKind.createOrderGatewayTimeout]: 0,
};

export interface LoadOptions {
  /** Base URL of the service, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Requests per second, sent on a fixed schedule. */
  readonly rate: number;
  /** Stop scheduling after this many milliseconds. */
  readonly durationMs?: number;
  /** Stop after this many scheduled requests (sent plus skipped). */
  readonly count?: number;
  /** Stop at once, cancelling requests in flight. */
  readonly signal?: AbortSignal;
  /** Relative weight of each kind of request. Defaults to `DEFAULT_MIX`. */
  readonly mix?: Readonly<Record<RequestKind, number>>;
  /** Seed of the mix. Defaults to 1. */
  readonly seed?: number;
  /** Time a request may take before it counts as failed, in milliseconds. Defaults to 10000. */
  readonly requestTimeoutMs?: number;
  /** Requests allowed in flight; a scheduled request beyond it is skipped. Defaults to 200. */
  readonly maxInFlight?: number;
}

export interface LoadReport {
  /** Requests sent (answered, failed or cancelled). */
  readonly sent: number;
  /** Requests answered, by HTTP status code. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests sent, by kind. */
  readonly byKind: Readonly<Record<RequestKind, number>>;
  /** Requests that got no answer: connection errors and timeouts. */
  readonly failed: number;
  /** Requests cancelled by the abort signal. */
  readonly cancelled: number;
  /** Scheduled requests not sent because `maxInFlight` were already in flight. */
  readonly skipped: number;
  readonly elapsedMs: number;
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickKind(mix: Readonly<Record<RequestKind, number>>, random: () => number): RequestKind {
  const entries = Object.values(RequestKind).map((kind) => [kind, mix[kind]] as const);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [kind, weight] of entries) {
    if (point < weight) return kind;
    point -= weight;
  }
  return RequestKind.listOrders;
}

interface PlannedRequest {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
}

const ITEMS = ["book", "lamp", "mug", "chair", "poster"] as const;

function plan(kind: RequestKind, random: () => number, knownIds: readonly string[]): PlannedRequest {
  const order = (card: string): PlannedRequest => ({
    method: "POST",
    path: "/orders",
    body: JSON.stringify({ item: ITEMS[Math.floor(random() * ITEMS.length)], quantity: 1 + Math.floor(random() * 3), card }),
  });
  switch (kind) {
    case RequestKind.listOrders:
      return { method: "GET", path: "/orders" };
    case RequestKind.getOrder: {
      const id = knownIds.length === 0 ? "1" : knownIds[Math.floor(random() * knownIds.length)];
      return { method: "GET", path: `/orders/${id ?? "1"}` };
    }
    case RequestKind.getMissingOrder:
      return { method: "GET", path: `/orders/missing-${Math.floor(random() * 1000)}` };
    case RequestKind.createOrder:
      return order(CardToken.ok);
    case RequestKind.createOrderDeclined:
      return order(CardToken.declined);
    case RequestKind.createOrderInsufficientFunds:
      return order(CardToken.insufficientFunds);
    case RequestKind.createOrderGatewayTimeout:
      return order(CardToken.gatewayTimeout);
  }
}

/** Order ids the generator remembers to read back. */
const KNOWN_IDS_LIMIT = 100;

/** The id in a created order's JSON body, if there is one. */
function createdId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

function checkOptions(options: LoadOptions, mix: Readonly<Record<RequestKind, number>>): void {
  const problems: string[] = [];
  if (!(Number.isFinite(options.rate) && options.rate > 0)) problems.push(`rate: got ${options.rate}, want a number > 0`);
  if (options.durationMs !== undefined && !(options.durationMs >= 0)) problems.push(`durationMs: got ${options.durationMs}, want >= 0`);
  if (options.count !== undefined && !(Number.isInteger(options.count) && options.count >= 0)) {
    problems.push(`count: got ${options.count}, want an integer >= 0`);
  }
  if (options.durationMs === undefined && options.count === undefined && options.signal === undefined) {
    problems.push("one of durationMs, count or signal is required, or the load never stops");
  }
  const weights = Object.values(mix);
  if (weights.some((w) => !(Number.isFinite(w) && w >= 0)) || weights.every((w) => w === 0)) {
    problems.push(`mix: got ${JSON.stringify(mix)}, want weights >= 0, at least one above 0`);
  }
  try {
    new URL(options.baseUrl);
  } catch {
    problems.push(`baseUrl: got ${JSON.stringify(options.baseUrl)}, want an absolute URL such as http://127.0.0.1:8080`);
  }
  if (problems.length > 0) throw new RangeError(`load options: ${problems.join("; ")}`);
}

/** Sends requests at `rate` per second until the duration, count or signal stops it, then waits for the answers. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const mix = options.mix ?? DEFAULT_MIX;
  checkOptions(options, mix);
  const random = seededRandom(options.seed ?? 1);
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxInFlight = options.maxInFlight ?? 200;
  const base = options.baseUrl.replace(/\/+$/, "");
  const intervalMs = 1000 / options.rate;
  const outer = options.signal ?? new AbortController().signal;

  const byStatus: Record<string, number> = {};
  const byKind = Object.fromEntries(Object.values(RequestKind).map((k) => [k, 0])) as Record<RequestKind, number>;
  const knownIds: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let slots = 0;
  let sent = 0;
  let failed = 0;
  let cancelled = 0;
  let skipped = 0;

  const send = async (kind: RequestKind, request: PlannedRequest): Promise<void> => {
    try {
      const res = await fetch(`${base}${request.path}`, {
        method: request.method,
        ...(request.body === undefined ? {} : { body: request.body, headers: { "Content-Type": "application/json" } }),
        signal: AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]),
      });
      const text = await res.text();
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const id = res.status === 201 ? createdId(text) : undefined;
      if (id !== undefined) {
        knownIds.push(id);
        if (knownIds.length > KNOWN_IDS_LIMIT) knownIds.shift();
      }
    } catch {
      if (outer.aborted) cancelled++;
      else failed++;
    }
  };

  const started = performance.now();
  for (;;) {
    const due = started + slots * intervalMs;
    if (options.count !== undefined && slots >= options.count) break;
    if (options.durationMs !== undefined && due - started >= options.durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal: outer });
      } catch {
        break;
      }
    }
    if (outer.aborted) break;
    slots++;
    if (inFlight.size >= maxInFlight) {
      // Keep the schedule: the slot passes unsent rather than bunching requests later.
      skipped++;
      continue;
    }
    const kind = pickKind(mix, random);
    byKind[kind]++;
    sent++;
    const pending = send(kind, plan(kind, random, knownIds)).finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  return { sent, byStatus, byKind, failed, cancelled, skipped, elapsedMs: Math.round(performance.now() - started) };
}

const USAGE = "usage: tsx examples/orders-api/load.ts --url http://127.0.0.1:8080 [--rate 10] [--duration SECONDS] [--count N] [--seed 1]";

async function main(argv: readonly string[]): Promise<void> {
  let values: Partial<Record<"url" | "rate" | "duration" | "count" | "seed", string>>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        url: { type: "string" },
        rate: { type: "string" },
        duration: { type: "string" },
        count: { type: "string" },
        seed: { type: "string" },
      },
    }).values;
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  if (values.url === undefined) usageError("--url is required", USAGE);
  const flag = (
    name: "rate" | "duration" | "count" | "seed",
    fallback: number | undefined,
    rule: Parameters<typeof parseNumberFlag>[2],
  ): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const parsed = parseNumberFlag(name, raw, rule);
    if (typeof parsed === "string") usageError(parsed, USAGE);
    return parsed;
  };
  const rate = flag("rate", 10, { min: 0.001 }) ?? 10;
  const duration = flag("duration", undefined, { min: 0 });
  const count = flag("count", undefined, { min: 0, integer: true });
  const seed = flag("seed", 1, { min: 0, integer: true }) ?? 1;

  const stop = new AbortController();
  const removeSignals = onShutdownSignal(() => stop.abort());
  const report = await runLoad({
    baseUrl: values.url,
    rate,
    seed,
    signal: stop.signal,
    ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
    ...(count === undefined ? {} : { count }),
  });
  removeSignals();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
