import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runLoad, startOrdersApi, type OrdersApi } from "../examples/orders-api";

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses Prometheus text exposition into samples (comments skipped). */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] ?? ""] = pair[2] ?? "";
    }
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** A scrape of the service, with lookups by exact label set. */
class Scrape {
  constructor(
    readonly text: string,
    readonly samples: readonly Sample[],
  ) {}

  /** The value of the series with exactly these labels, 0 when it does not exist. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.samples.find((s) => s.name === name && sameLabels(s.labels, labels))?.value ?? 0;
  }

  /** Sum over every series of a metric. */
  total(name: string): number {
    return this.samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
  }

  series(name: string): readonly Sample[] {
    return this.samples.filter((s) => s.name === name);
  }
}

async function scrape(api: OrdersApi): Promise<Scrape> {
  const res = await fetch(`${api.url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return new Scrape(text, parseSamples(text));
}

/** Sends a request and returns its status, with the body read so the connection is reusable. */
async function request(base: string, method: string, urlPath: string, body?: unknown): Promise<number> {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function admin(api: OrdersApi, urlPath: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url}${urlPath}`, { method: urlPath === "/admin/state" ? "GET" : "POST" });
  return { status: res.status, body: await res.json() };
}

/** Scrapes until a request is in flight (up to about two seconds); returns the last gauge value. */
async function waitForInFlight(api: OrdersApi): Promise<number> {
  let inFlight = 0;
  for (let i = 0; i < 100 && inFlight === 0; i++) {
    inFlight = (await scrape(api)).value("http_requests_in_flight");
    if (inFlight === 0) await new Promise((r) => setTimeout(r, 20));
  }
  return inFlight;
}

/** Runs `promtool check metrics` on exposition text given on stdin. */
function promtoolCheckMetrics(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile("promtool", ["check", "metrics"], (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}

const http = { requests: "http_requests_total", duration: "http_request_duration_seconds", inFlight: "http_requests_in_flight" };
const order = { item: "book", quantity: 1 };

describe("orders-api routes and metrics", () => {
  let api: OrdersApi;
  beforeAll(async () => {
    api = await startOrdersApi({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await api.close();
  });

  it("listens on the loopback address it was given, on a free port", () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  });

  it.each([
    { name: "the health check answers 200", method: "GET", url: "/healthz", body: undefined, status: 200, path: "/healthz" },
    { name: "listing orders answers 200", method: "GET", url: "/orders", body: undefined, status: 200, path: "/orders" },
    {
      name: "an order paid with a good card answers 201",
      method: "POST",
      url: "/orders",
      body: { ...order, card: "tok_ok" },
      status: 201,
      path: "/orders",
    },
    {
      name: "an order without a card token is charged as a good card",
      method: "POST",
      url: "/orders",
      body: order,
      status: 201,
      path: "/orders",
    },
    {
      name: "a declined card answers 402",
      method: "POST",
      url: "/orders",
      body: { ...order, card: "tok_declined" },
      status: 402,
      path: "/orders",
    },
    {
      name: "insufficient funds answer 402",
      method: "POST",
      url: "/orders",
      body: { ...order, card: "tok_insufficient_funds" },
      status: 402,
      path: "/orders",
    },
    {
      name: "a payment gateway timeout answers 504",
      method: "POST",
      url: "/orders",
      body: { ...order, card: "tok_gateway_timeout" },
      status: 504,
      path: "/orders",
    },
    {
      name: "an order with an invalid quantity answers 400",
      method: "POST",
      url: "/orders",
      body: { item: "book", quantity: 0 },
      status: 400,
      path: "/orders",
    },
    { name: "a body that is not JSON answers 400", method: "POST", url: "/orders", body: "{not json", status: 400, path: "/orders" },
    {
      name: "an unknown order answers 404 under the route template",
      method: "GET",
      url: "/orders/no-such-order",
      body: undefined,
      status: 404,
      path: "/orders/:id",
    },
    {
      name: "a method the route does not serve answers 405",
      method: "DELETE",
      url: "/orders/1",
      body: undefined,
      status: 405,
      path: "/orders/:id",
    },
    {
      name: "an unknown path answers 404 under one fixed path label",
      method: "GET",
      url: "/no/such/path",
      body: undefined,
      status: 404,
      path: "unmatched",
    },
  ])("$name, counted once with method, path and status", async ({ method, url, body, status, path: template }) => {
    const labels = { method, path: template, status: String(status) };
    const before = await scrape(api);
    expect(await request(api.url, method, url, body)).toBe(status);
    const after = await scrape(api);
    expect(after.value(http.requests, labels) - before.value(http.requests, labels)).toBe(1);
    expect(after.value(`${http.duration}_count`, labels) - before.value(`${http.duration}_count`, labels)).toBe(1);
    expect(after.total(http.requests) - before.total(http.requests)).toBe(1);
  });

  it("reads back a created order by id, labelled with the template and never the raw URL", async () => {
    const created = await fetch(`${api.url}/orders`, { method: "POST", body: JSON.stringify({ item: "lamp", quantity: 3 }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(created.headers.get("location")).toBe(`/orders/${id}`);
    const res = await fetch(`${api.url}/orders/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, item: "lamp", quantity: 3, amountCents: 3750 });
    const after = await scrape(api);
    const paths = new Set(after.series(http.requests).map((s) => s.labels.path));
    expect(paths.has("/orders/:id")).toBe(true);
    expect([...paths].filter((p) => p !== undefined && p.includes(id) && p !== "/orders/:id")).toEqual([]);
  });

  it.each([
    { name: "a good card creates an order and no payment failure", card: "tok_ok", created: 1, reason: undefined },
    { name: "a declined card counts a card_declined payment failure", card: "tok_declined", created: 0, reason: "card_declined" },
    {
      name: "missing funds count an insufficient_funds payment failure",
      card: "tok_insufficient_funds",
      created: 0,
      reason: "insufficient_funds",
    },
    {
      name: "a gateway timeout counts a gateway_timeout payment failure",
      card: "tok_gateway_timeout",
      created: 0,
      reason: "gateway_timeout",
    },
  ])("$name", async ({ card, created, reason }) => {
    const before = await scrape(api);
    await request(api.url, "POST", "/orders", { ...order, card });
    const after = await scrape(api);
    expect(after.value("orders_created_total") - before.value("orders_created_total")).toBe(created);
    for (const r of ["card_declined", "insufficient_funds", "gateway_timeout", "database_unavailable"]) {
      const delta = after.value("payment_failures_total", { reason: r }) - before.value("payment_failures_total", { reason: r });
      expect({ reason: r, delta }).toEqual({ reason: r, delta: r === reason ? 1 : 0 });
    }
  });

  it("exports every payment failure reason at 0 before the first failure", async () => {
    const fresh = await startOrdersApi({ host: "127.0.0.1", port: 0 });
    try {
      const s = await scrape(fresh);
      expect(s.series("payment_failures_total").map((x) => [x.labels.reason, x.value])).toEqual([
        ["card_declined", 0],
        ["insufficient_funds", 0],
        ["gateway_timeout", 0],
        ["database_unavailable", 0],
      ]);
      expect(s.value("orders_created_total")).toBe(0);
      expect(s.value(http.inFlight)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("does not count scrapes and admin calls as the service's traffic", async () => {
    await admin(api, "/admin/state");
    await scrape(api);
    const after = await scrape(api);
    const paths = after.series(http.requests).map((s) => s.labels.path ?? "");
    expect(paths.filter((p) => p === "/metrics" || p.startsWith("/admin"))).toEqual([]);
  });

  it("records durations in the Prometheus default buckets", async () => {
    await request(api.url, "GET", "/healthz");
    const s = await scrape(api);
    const les = s
      .series(`${http.duration}_bucket`)
      .filter((x) => x.labels.path === "/healthz" && x.labels.status === "200")
      .map((x) => x.labels.le);
    expect(les).toEqual(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]);
  });

  it.each([
    { name: "a missing ms", query: "" },
    { name: "a word", query: "?ms=abc" },
    { name: "a negative number", query: "?ms=-1" },
    { name: "a fraction", query: "?ms=1.5" },
    { name: "more than 30 seconds", query: "?ms=30001" },
  ])("rejects slow mode with $name, naming the allowed range", async ({ query }) => {
    const { status, body } = await admin(api, `/admin/slow${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: expect.stringContaining("want an integer from 0 to 30000") });
    expect((await admin(api, "/admin/state")).body).toEqual({ database: expect.objectContaining({ latencyMs: 0 }) });
  });

  it("passes promtool check metrics once every route, status and reason has been exercised", async () => {
    await request(api.url, "GET", "/orders");
    await request(api.url, "POST", "/orders", { ...order, card: "tok_declined" });
    await admin(api, "/admin/database/break");
    await request(api.url, "POST", "/orders", order);
    await request(api.url, "GET", "/orders/1");
    await admin(api, "/admin/database/restore");
    const s = await scrape(api);
    for (const name of [http.requests, http.duration, http.inFlight, "orders_created_total", "payment_failures_total"]) {
      expect(s.text).toContain(`# TYPE ${name} `);
    }
    expect(s.text).toContain('status="503"');
    expect(await promtoolCheckMetrics(s.text)).toEqual({ code: 0, output: "" });
  });

  it("promtool does report a lint problem, so the check above can fail", async () => {
    const bad = "# HELP jobs_total Jobs.\n# TYPE jobs_total gauge\njobs_total 1\n";
    const result = await promtoolCheckMetrics(bad);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('non-counter metrics should not have "_total" suffix');
  });
});

describe("orders-api database and slow-mode drills", () => {
  let api: OrdersApi;
  beforeAll(async () => {
    api = await startOrdersApi({ host: "127.0.0.1", port: 0 });
  });
  // Each drill starts from a healthy, fast database, whatever the previous one left behind.
  afterEach(async () => {
    await admin(api, "/admin/database/restore");
    await admin(api, "/admin/slow/off");
  });
  afterAll(async () => {
    await api.close();
  });

  it("answers 503 on every order route while the database is broken, counts it, and recovers on restore", async () => {
    expect(await request(api.url, "POST", "/orders", order)).toBe(201);
    const before = await scrape(api);

    expect(await admin(api, "/admin/database/break")).toEqual({
      status: 200,
      body: { database: { connected: false, latencyMs: 0, orders: 1 } },
    });
    const broken = [
      { method: "GET", url: "/orders", template: "/orders", body: undefined },
      { method: "GET", url: "/orders/1", template: "/orders/:id", body: undefined },
      { method: "POST", url: "/orders", template: "/orders", body: order },
      // The database is reached before the card is charged, so even a declined card gets 503.
      { method: "POST", url: "/orders", template: "/orders", body: { ...order, card: "tok_declined" } },
    ] as const;
    for (const { method, url, body } of broken) {
      const status = await request(api.url, method, url, body);
      expect({ method, url, status }).toEqual({ method, url, status: 503 });
    }
    expect(await request(api.url, "GET", "/healthz")).toBe(200);
    const during = await scrape(api);
    const count503 = (s: Scrape, method: string, template: string): number =>
      s.value(http.requests, { method, path: template, status: "503" });
    expect(count503(during, "GET", "/orders") - count503(before, "GET", "/orders")).toBe(1);
    expect(count503(during, "GET", "/orders/:id") - count503(before, "GET", "/orders/:id")).toBe(1);
    expect(count503(during, "POST", "/orders") - count503(before, "POST", "/orders")).toBe(2);
    const failures = (s: Scrape, reason: string): number => s.value("payment_failures_total", { reason });
    expect(failures(during, "database_unavailable") - failures(before, "database_unavailable")).toBe(2);
    expect(failures(during, "card_declined")).toBe(failures(before, "card_declined"));
    expect(during.value("orders_created_total")).toBe(before.value("orders_created_total"));

    expect((await admin(api, "/admin/database/restore")).body).toEqual({ database: { connected: true, latencyMs: 0, orders: 1 } });
    expect(await request(api.url, "GET", "/orders")).toBe(200);
    expect(await request(api.url, "GET", "/orders/1")).toBe(200);
    expect(await request(api.url, "POST", "/orders", order)).toBe(201);
    const after = await scrape(api);
    expect(after.value("orders_created_total") - during.value("orders_created_total")).toBe(1);
    expect(after.value(http.requests, { method: "GET", path: "/orders", status: "503" })).toBe(
      during.value(http.requests, { method: "GET", path: "/orders", status: "503" }),
    );
  });

  /** Observations of `GET /orders` 200 in bucket `le`, from one scrape. */
  const ordersBucket = (s: Scrape, le: string): number =>
    s.value(`${http.duration}_bucket`, { method: "GET", path: "/orders", status: "200", le });

  it("slow mode moves observed durations above one second, and off brings them back under it", async () => {
    const before = await scrape(api);
    expect((await admin(api, "/admin/slow?ms=1200")).body).toEqual({
      database: expect.objectContaining({ connected: true, latencyMs: 1200 }),
    });
    expect(await request(api.url, "GET", "/orders")).toBe(200);
    const slow = await scrape(api);
    expect(ordersBucket(slow, "+Inf") - ordersBucket(before, "+Inf")).toBe(1);
    expect(ordersBucket(slow, "1") - ordersBucket(before, "1")).toBe(0);

    expect((await admin(api, "/admin/slow/off")).body).toEqual({ database: expect.objectContaining({ latencyMs: 0 }) });
    expect(await request(api.url, "GET", "/orders")).toBe(200);
    const fast = await scrape(api);
    expect(ordersBucket(fast, "1") - ordersBucket(slow, "1")).toBe(1);
  });

  it("a broken database fails fast even in slow mode", async () => {
    await admin(api, "/admin/slow?ms=5000");
    await admin(api, "/admin/database/break");
    const before = await scrape(api);
    expect(await request(api.url, "GET", "/orders")).toBe(503);
    const after = await scrape(api);
    const bucket = (s: Scrape, le: string): number =>
      s.value(`${http.duration}_bucket`, { method: "GET", path: "/orders", status: "503", le });
    expect(bucket(after, "1") - bucket(before, "1")).toBe(1);
  });

  it("counts a slow request as in flight until it is answered", async () => {
    await admin(api, "/admin/slow?ms=3000");
    const pending = request(api.url, "GET", "/orders");
    expect(await waitForInFlight(api)).toBe(1);
    expect(await pending).toBe(200);
    expect((await scrape(api)).value(http.inFlight)).toBe(0);
  });

  it("close() cuts a slow-mode wait short: the request gets 503 and the server closes", async () => {
    const own = await startOrdersApi({ host: "127.0.0.1", port: 0 });
    await fetch(`${own.url}/admin/slow?ms=30000`, { method: "POST" }).then((r) => r.arrayBuffer());
    const pending = fetch(`${own.url}/orders`).then((r) => r.status);
    expect(await waitForInFlight(own)).toBe(1);
    await own.close();
    expect(await pending).toBe(503);
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});

describe("load generator", () => {
  let api: OrdersApi;
  beforeAll(async () => {
    api = await startOrdersApi({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await api.close();
  });

  it("sends exactly the requested number of requests, and the service counts each one", async () => {
    const before = await scrape(api);
    const report = await runLoad({ baseUrl: api.url, rate: 200, count: 40 });
    const after = await scrape(api);
    expect(report.sent).toBe(40);
    expect({ failed: report.failed, cancelled: report.cancelled, skipped: report.skipped }).toEqual({
      failed: 0,
      cancelled: 0,
      skipped: 0,
    });
    expect(Object.values(report.byStatus).reduce((a, b) => a + b, 0)).toBe(40);
    expect(Object.values(report.byKind).reduce((a, b) => a + b, 0)).toBe(40);
    expect(after.total(http.requests) - before.total(http.requests)).toBe(40);
  });

  it("sends rate times duration requests when bounded by a duration", async () => {
    const report = await runLoad({ baseUrl: api.url, rate: 50, durationMs: 300 });
    expect(report.sent).toBe(15);
  });

  it("reaches every route its default mix weights, with no 5xx from a healthy service", async () => {
    const before = await scrape(api);
    const report = await runLoad({ baseUrl: api.url, rate: 500, count: 200, seed: 7 });
    const after = await scrape(api);
    const grew = (method: string, template: string, status: string): boolean =>
      after.value(http.requests, { method, path: template, status }) > before.value(http.requests, { method, path: template, status });
    expect({
      list: grew("GET", "/orders", "200"),
      get: grew("GET", "/orders/:id", "200"),
      missing: grew("GET", "/orders/:id", "404"),
      create: grew("POST", "/orders", "201"),
      declined: grew("POST", "/orders", "402"),
    }).toEqual({ list: true, get: true, missing: true, create: true, declined: true });
    expect(Object.keys(report.byStatus).filter((s) => s.startsWith("5"))).toEqual([]);
    expect(report.byKind.create_order_gateway_timeout).toBe(0);
  });

  it("sees the drill: every request answers 503 while the database is broken", async () => {
    await admin(api, "/admin/database/break");
    try {
      const report = await runLoad({
        baseUrl: api.url,
        rate: 200,
        count: 20,
        mix: {
          list_orders: 1,
          get_order: 1,
          get_missing_order: 0,
          create_order: 1,
          create_order_declined: 0,
          create_order_insufficient_funds: 0,
          create_order_gateway_timeout: 0,
        },
      });
      expect(report.byStatus).toEqual({ 503: 20 });
    } finally {
      await admin(api, "/admin/database/restore");
    }
  });

  it("stops when its signal aborts, accounting for every request it sent", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const report = await runLoad({ baseUrl: api.url, rate: 20, signal: stop.signal });
    expect(report.sent).toBeGreaterThan(0);
    const answered = Object.values(report.byStatus).reduce((a, b) => a + b, 0);
    expect(answered + report.failed + report.cancelled).toBe(report.sent);
  });

  it.each([
    { name: "no bound at all", options: { rate: 1 }, message: "one of durationMs, count or signal is required" },
    { name: "a zero rate", options: { rate: 0, count: 1 }, message: "rate: got 0, want a number > 0" },
    { name: "a relative base URL", options: { rate: 1, count: 1, baseUrl: "/orders" }, message: 'baseUrl: got "/orders"' },
  ])("rejects $name", async ({ options, message }) => {
    await expect(runLoad({ baseUrl: api.url, ...options })).rejects.toThrow(message);
  });
});

describe("command lines", () => {
  const root = path.resolve(__dirname, "..");
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  let api: OrdersApi;
  beforeAll(async () => {
    api = await startOrdersApi({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await api.close();
  });

  /** Starts the service's command line and resolves with its first stdout line and the child. */
  function startCli(): Promise<{ child: ReturnType<typeof spawn>; line: string }> {
    const child = spawn(tsx, ["examples/orders-api/server.ts", "--host", "127.0.0.1", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`orders-api exited early with ${code}`)));
      createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, line }));
    });
  }

  function exitCode(child: ReturnType<typeof spawn>): Promise<number | null> {
    return child.exitCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  it.each(["SIGTERM", "SIGINT"] as const)("the service prints its URL as one JSON line and exits 0 on %s", async (signal) => {
    const { child, line } = await startCli();
    try {
      const printed = JSON.parse(line) as { service: string; url: string };
      expect(printed).toEqual({ service: "orders-api", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/) });
      expect(await request(printed.url, "GET", "/healthz")).toBe(200);
      child.removeAllListeners("exit");
      const exited = exitCode(child);
      child.kill(signal);
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("the load generator's command line sends --count requests and prints its report", async () => {
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      execFile(tsx, ["examples/orders-api/load.ts", "--url", api.url, "--rate", "100", "--count", "12"], { cwd: root }, (error, out) => {
        if (error !== null) reject(error);
        else resolve({ stdout: out });
      });
    });
    const report = JSON.parse(stdout.trim()) as { sent: number; failed: number };
    expect({ sent: report.sent, failed: report.failed }).toEqual({ sent: 12, failed: 0 });
  });
});
