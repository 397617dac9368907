/**
 * Steady load for storefront: alternately lists recent orders and checks out one book, on a fixed
 * schedule (open loop), until the signal aborts. Every checkout goes through to orders-api, so the
 * orders-api sees this traffic too.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface StorefrontLoadOptions {
  /** Base URL of storefront. */
  readonly baseUrl: string;
  /** Requests per second. */
  readonly rate: number;
  readonly signal: AbortSignal;
}

export interface StorefrontLoadReport {
  /** Requests answered, by HTTP status code. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Requests that got no answer. */
  readonly failed: number;
}

/** Runs until `signal` aborts; resolves with what was answered. */
export async function runStorefrontLoad(options: StorefrontLoadOptions): Promise<StorefrontLoadReport> {
  const byStatus: Record<string, number> = {};
  let failed = 0;
  const pending = new Set<Promise<void>>();
  const periodMs = 1000 / options.rate;
  const start = Date.now();
  for (let i = 0; !options.signal.aborted; i++) {
    const checkout = i % 2 === 1;
    const sent = fetch(`${options.baseUrl}${checkout ? "/checkout" : "/checkout/recent"}`, {
      method: checkout ? "POST" : "GET",
      ...(checkout ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify({ item: "book", quantity: 1 }) } : {}),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(10_000)]),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      },
      () => {
        if (!options.signal.aborted) failed++;
      },
    );
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
    await sleep(Math.max(0, start + (i + 1) * periodMs - Date.now()), undefined, { signal: options.signal }).catch(() => undefined);
  }
  await Promise.all(pending);
  return { byStatus, failed };
}
