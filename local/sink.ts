/**
 * The notification sink: an in-process HTTP server that stands in for every receiver of the local
 * Alertmanager. Each receiver posts Alertmanager's webhook payload to `/receiver/<name>`; the sink
 * records the receiver, status, alerts and arrival time. `GET /notifications` lists them as JSON.
 */
import { createServer, type Server } from "node:http";
import { HOST } from "./ports";

/** One alert inside a notification. */
export interface NotifiedAlert {
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** One notification as a receiver got it. */
export interface Notification {
  /** Arrival time, ms since the epoch. */
  readonly at: number;
  readonly receiver: string;
  /** `firing` or `resolved`: the group's status. */
  readonly status: string;
  readonly groupKey: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly alerts: readonly NotifiedAlert[];
}

export interface Sink {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every notification so far, oldest first. */
  notifications(): readonly Notification[];
  /** Calls `listener` on each new notification; returns a function that removes it. */
  onNotification(listener: (n: Notification) => void): () => void;
  close(): Promise<void>;
}

/** The webhook URL of a receiver on the sink. */
export function receiverUrl(sinkUrl: string, receiver: string): string {
  return `${sinkUrl}/receiver/${encodeURIComponent(receiver)}`;
}

function record(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Reads Alertmanager's webhook payload (version 4); unknown fields are ignored. */
export function parseWebhook(receiver: string, body: unknown, at: number): Notification {
  const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const alerts = Array.isArray(o.alerts) ? o.alerts : [];
  return {
    at,
    receiver,
    status: text(o.status),
    groupKey: text(o.groupKey),
    groupLabels: record(o.groupLabels),
    alerts: alerts.map((a: unknown) => {
      const x = typeof a === "object" && a !== null ? (a as Record<string, unknown>) : {};
      return { status: text(x.status), labels: record(x.labels), startsAt: text(x.startsAt), endsAt: text(x.endsAt) };
    }),
  };
}

/** Starts the sink on 127.0.0.1 (port 0 picks a free one). */
export async function startSink(port = 0): Promise<Sink> {
  const received: Notification[] = [];
  const listeners = new Set<(n: Notification) => void>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink");
    const m = /^\/receiver\/([^/]+)$/.exec(url.pathname);
    if (req.method === "POST" && m?.[1] !== undefined) {
      const receiver = decodeURIComponent(m[1]);
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end("body is not JSON\n");
          return;
        }
        const n = parseWebhook(receiver, body, Date.now());
        received.push(n);
        for (const l of listeners) l(n);
        res.writeHead(200).end();
      });
      return;
    }
    if (req.method === "GET" && url.pathname === "/notifications") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(`${JSON.stringify(received, null, 2)}\n`);
      return;
    }
    res.writeHead(404).end("POST /receiver/<name> or GET /notifications\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = address !== null && typeof address === "object" ? address.port : port;
  return {
    url: `http://${HOST}:${bound}`,
    notifications: () => received,
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
