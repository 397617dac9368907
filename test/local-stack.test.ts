import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { MissingBinaryError, PortTakenError, startLocalStack, type LocalStack } from "../local";
import { logTail } from "../local/processes";
import { query } from "../local/drill/api";
import { naming } from "../config";
import { devStack } from "./support/config";
import { renderToTemp, tempDir } from "./support/tools";
import { generate } from "../generate";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls every second until `probe` answers; a monotonic clock, so a wall-clock jump cannot end the wait early. */
async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(1_000);
  }
  return undefined;
}

describe("the local stack runs the rendered monitoring for real", () => {
  const out = renderToTemp(devStack());
  const dataDir = tempDir("ko-local-");
  let stack: LocalStack | undefined;
  afterAll(async () => {
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("scrapes the demo service, evaluates the rendered rules, delivers the Watchdog to the sink and stops every process", async () => {
    stack = await startLocalStack({ outDir: out, generated: generate(devStack()), dataDir, loadRate: 5 });
    const s = stack;
    const bb = s.blackbox?.();
    expect(bb, "the dev stack has a probe, so the local stack runs the blackbox exporter").toBeDefined();
    const pids = [s.prometheus().pid, s.alertmanager().pid, bb?.pid ?? -1];
    expect(pids.every(alive)).toBe(true);

    // A scrape happened: the target is up under the job and namespace the rules select on.
    const up = await until(
      async () => (await query(s.urls.prometheus, `up{${naming.serviceMatchers({ name: "orders-api", namespace: "shop" })}} == 1`))[0],
      60_000,
    );
    expect(up?.metric).toMatchObject({ job: "orders-api", namespace: "shop" });

    // A rendered recording rule evaluated on the scraped series.
    const rate = await until(async () => (await query(s.urls.prometheus, `${naming.record.requestRate}{job="orders-api"}`))[0], 90_000);
    expect(rate?.values[0]?.[1]).toBeGreaterThan(0);

    // The OpenTelemetry demo: scraped too, its request rate recorded from its histogram's _count.
    expect(s.scraped).toContain("storefront");
    const storefrontRate = await until(
      async () => (await query(s.urls.prometheus, `${naming.record.requestRate}{job="storefront"} > 0`))[0],
      90_000,
    );
    expect(storefrontRate?.metric).toMatchObject({ job: "storefront", namespace: "shop" });

    // The Watchdog went through Alertmanager's rendered routing to the heartbeat receiver, at the sink.
    // Each hop is awaited in turn, so a failure says which hop did not happen.
    const firing = await until(async () => {
      const res = (await (await fetch(`${s.urls.prometheus}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: Record<string, string>; state: string }[] };
      };
      return res.data.alerts.find((a) => a.labels.alertname === naming.alert.watchdog && a.state === "firing");
    }, 90_000);
    const atAlertmanager = await until(async () => {
      const res = await fetch(`${s.urls.alertmanager}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${naming.alert.watchdog}"`)}`);
      const alerts = (await res.json()) as unknown[];
      return alerts.length > 0 ? alerts : undefined;
    }, 90_000);
    const beat = await until(
      async () => s.sink.notifications().find((n) => n.alerts.some((a) => a.labels.alertname === naming.alert.watchdog)),
      90_000,
    );
    const hops = {
      firingInPrometheus: firing !== undefined,
      receivedByAlertmanager: atAlertmanager !== undefined,
      notifications: s.sink.notifications().map((n) => `${n.receiver}:${n.alerts.map((a) => a.labels.alertname).join(",")}`),
      alertmanagerLog: beat ? "" : logTail(s.alertmanager().logFile, 20),
      prometheusLog: beat ? "" : logTail(s.prometheus().logFile, 20),
    };
    expect(beat?.receiver, JSON.stringify(hops, null, 2)).toBe(naming.alerting.heartbeatReceiver);
    expect(beat?.status).toBe("firing");

    // The real blackbox exporter probes the demo service as the Probe says: up while it answers, down once it stops.
    expect(s.probed).toEqual(["orders-api"]);
    const probeJob = naming.probe.jobName({ name: "orders-api" });
    const probeUp = await until(async () => (await query(s.urls.prometheus, `probe_success{job="${probeJob}"} == 1`))[0], 90_000);
    expect(probeUp?.metric).toMatchObject({ job: probeJob, namespace: "monitoring", service: "orders-api", team: "backend" });
    await s.stopService();
    const probeDown = await until(async () => (await query(s.urls.prometheus, `probe_success{job="${probeJob}"} == 0`))[0], 90_000);
    await s.startService();
    expect(probeDown?.metric.instance).toBe(`${s.urls.service}/healthz`);

    const { load } = await s.stop();
    expect(load?.sent).toBeGreaterThan(0);
    expect(pids.filter(alive)).toEqual([]);
    // Configuration and logs stay for the user.
    expect(fs.existsSync(path.join(dataDir, "logs", "prometheus.log"))).toBe(true);
  }, 420_000);
});

describe("the local stack fails clearly", () => {
  it("names the apt package when a server binary is missing, and leaves nothing running", async () => {
    const out = renderToTemp(devStack());
    const dataDir = tempDir("ko-local-");
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const started = startLocalStack({ outDir: out, generated: generate(devStack()), dataDir, loadRate: 0 });
      await expect(started).rejects.toThrow(MissingBinaryError);
      await expect(started).rejects.toThrow(
        "prometheus and prometheus-alertmanager and prometheus-blackbox-exporter are not installed (not found on PATH): install them with `sudo apt-get install prometheus prometheus-alertmanager prometheus-blackbox-exporter` (or run scripts/setup.sh)",
      );
    } finally {
      process.env.PATH = saved;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("names the port and the process that wanted it when a port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = tempDir("ko-local-");
    try {
      const started = startLocalStack({
        outDir: renderToTemp(devStack()),
        generated: generate(devStack()),
        dataDir,
        ports: { prometheus: port },
        loadRate: 0,
      });
      await expect(started).rejects.toThrow(PortTakenError);
      await expect(started).rejects.toThrow(`port 127.0.0.1:${port} for Prometheus is taken by another process`);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
