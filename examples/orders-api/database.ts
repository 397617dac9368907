/**
 * The orders-api's upstream "database": an in-memory order store behind a connection that a drill
 * can break and restore, and slow down. A broken connection fails every call at once, as a refused
 * connection does; slow mode delays every call (each is one round trip) before it runs.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface Order {
  readonly id: string;
  readonly item: string;
  readonly quantity: number;
  readonly amountCents: number;
}

export type NewOrder = Omit<Order, "id">;

/** Thrown by every call while the connection is broken. */
export class DatabaseUnavailableError extends Error {
  constructor() {
    super("database connection refused");
    this.name = "DatabaseUnavailableError";
  }
}

/** Longest latency slow mode accepts, in milliseconds. */
export const MAX_LATENCY_MS = 30_000;

/** Orders kept; older ones are dropped so a long load run cannot exhaust memory. */
export const MAX_ORDERS = 10_000;

/** Orders `list()` returns at most, newest first. */
export const LIST_LIMIT = 20;

export interface DatabaseState {
  readonly connected: boolean;
  readonly latencyMs: number;
  readonly orders: number;
}

export class Database {
  private readonly orders = new Map<string, Order>();
  private nextId = 1;
  private connected = true;
  private latencyMs = 0;

  /**
   * @param signal aborts pending slow-mode waits, so a shutting-down server does not wait them out.
   */
  constructor(private readonly signal: AbortSignal) {}

  /** Breaks the connection: every call fails with `DatabaseUnavailableError` until `restore()`. */
  break(): void {
    this.connected = false;
  }

  restore(): void {
    this.connected = true;
  }

  /** Delays every call by `ms` (0 turns slow mode off). */
  setLatency(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
      throw new RangeError(`latency must be an integer from 0 to ${MAX_LATENCY_MS} ms, got ${ms}`);
    }
    this.latencyMs = ms;
  }

  state(): DatabaseState {
    return { connected: this.connected, latencyMs: this.latencyMs, orders: this.orders.size };
  }

  /** One round trip that reads nothing, as opening a transaction does. */
  async ping(): Promise<void> {
    await this.roundTrip();
  }

  /** The newest `LIST_LIMIT` orders, newest first. */
  async list(): Promise<readonly Order[]> {
    await this.roundTrip();
    return [...this.orders.values()].slice(-LIST_LIMIT).reverse();
  }

  async get(id: string): Promise<Order | undefined> {
    await this.roundTrip();
    return this.orders.get(id);
  }

  async insert(order: NewOrder): Promise<Order> {
    await this.roundTrip();
    const stored: Order = { id: String(this.nextId++), ...order };
    this.orders.set(stored.id, stored);
    // A Map iterates in insertion order, so the first key is the oldest order.
    if (this.orders.size > MAX_ORDERS) {
      const oldest = this.orders.keys().next();
      if (oldest.done !== true) this.orders.delete(oldest.value);
    }
    return stored;
  }

  private async roundTrip(): Promise<void> {
    if (!this.connected) throw new DatabaseUnavailableError();
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: this.signal });
    // The connection may have broken while the call waited.
    if (!this.connected) throw new DatabaseUnavailableError();
  }
}
