import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrdersApi, type OrdersApi } from "../examples/orders-api";
import { startStorefront, STOREFRONT_SERVICE, type Storefront } from "../examples/storefront";
import { devStack } from "./support/config";

/** The storefront as Pulumi.dev.yaml describes it. */
const described = devStack().services.find((s) => s.name === STOREFRONT_SERVICE);

describe("the OpenTelemetry demo exports exactly what the dev stack's otel description selects", () => {
  let orders: OrdersApi;
  let storefront: Storefront;
  let text = "";
  beforeAll(async () => {
    orders = await startOrdersApi();
    storefront = await startStorefront({ ordersUrl: orders.url });
    await (await fetch(`${storefront.url}/checkout/recent`)).text();
    const post = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ item: "book", quantity: 1 }) };
    await (await fetch(`${storefront.url}/checkout`, post)).text();
    await fetch(`${orders.url}/admin/database/break`, { method: "POST" });
    await (await fetch(`${storefront.url}/checkout/recent`)).text();
    text = await (await fetch(`${storefront.url}/metrics`)).text();
  });
  afterAll(async () => {
    await storefront.close();
    await orders.close();
  });

  it("is described with the otel preset, counting requests from the histogram", () => {
    expect(described?.http.instrumentation).toBe("otel");
    expect(described?.http.requests.source).toBe("histogram");
  });

  it("exports the request series the rules rate, with the status, route and method labels on it", () => {
    const r = described!.http.requests;
    const lines = text.split("\n").filter((l) => l.startsWith(`${r.metric}{`));
    expect(lines.length).toBe(3);
    const broken = lines.find((l) => l.includes(`${r.statusLabel}="503"`));
    expect(broken).toContain(`${r.routeLabel}="/checkout/recent"`);
    expect(broken).toContain(`${r.methodLabel}="GET"`);
    expect(lines.some((l) => l.includes(`${r.statusLabel}="201"`) && l.includes(`${r.routeLabel}="/checkout"`))).toBe(true);
  });

  it("exports a bucket for every declared bound, so latency SLO thresholds match a real le", () => {
    const d = described!.http.duration;
    const les = [...text.matchAll(new RegExp(`^${d.metric}_bucket\\{[^}]*http_route="/checkout"[^}]*le="([^"]+)"`, "gm"))].map((m) => m[1]);
    expect(les).toEqual([...d.buckets.map(String), "+Inf"]);
  });

  it("counts no scrape as traffic", () => {
    expect(text).not.toContain('http_route="/metrics"');
  });
});
