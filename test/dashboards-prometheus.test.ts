/**
 * Every query of every generated dashboard runs against a real Prometheus and returns data.
 *
 * The Prometheus holds synthetic raw series for every dev service (their own metric names, the
 * kube-state-metrics and cAdvisor series the saturation and rollout panels read, ALERTS) over the
 * last three hours and the same hours a week earlier; the recorded series are backfilled from the
 * rendered rule files with `promtool tsdb create-blocks-from rules`, one dependency level at a
 * time, so the golden-signal and SLO panels read what the real rules record.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackDashboards } from "../dashboards";
import { ruleFiles, isAlertingRule, type RecordingRule, type RuleGroup } from "../rules";
import { toYaml } from "../format";
import { naming, RequestSource, type ServiceConfig, type StackConfig } from "../config";
import { freePort } from "../local/ports";
import { devStackWithProbeSlo } from "./support/config";
import { tempDir } from "./support/tools";

const run = promisify(execFile);

/** The end of the synthetic data: a fixed instant, so every run sees the same series. */
const END = 1_767_268_800; // 2026-01-01T12:00:00Z
const HOUR = 3600;
const WEEK = 7 * 24 * HOUR;
const STEP = 30;
/** Recent data, and the same span a week earlier for the "a week ago" panels. */
const WINDOWS: readonly (readonly [number, number])[] = [
  [END - WEEK - 3 * HOUR, END - WEEK],
  [END - 3 * HOUR, END],
];
const ROLLOUT = END - HOUR;
/** Grafana's own values for its variables in a 2h view with 30s scrapes. */
const GRAFANA_VARS: Record<string, string> = { __rate_interval: "2m", __interval: "1m", __range: "2h" };

// The dev stack with a probe SLO on orders-api (Pulumi.dev.yaml has the probe, not the SLO).
const stack: StackConfig = devStackWithProbeSlo();

// ---- Synthetic raw series --------------------------------------------------------------------

class OpenMetrics {
  private readonly families = new Map<string, string[]>();

  /** A series sampled every STEP over both windows; `value(t)` gives the sample at time t. */
  series(name: string, labels: Record<string, string>, value: (t: number) => number | undefined): void {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(",");
    const lines = this.families.get(name) ?? [];
    for (const [from, to] of WINDOWS) {
      for (let t = from; t <= to; t += STEP) {
        const v = value(t);
        if (v !== undefined) lines.push(`${name}{${text}} ${v} ${t}`);
      }
    }
    this.families.set(name, lines);
  }

  text(): string {
    return [...[...this.families.values()].flat(), "# EOF", ""].join("\n");
  }
}

/** Start of the window that holds `t`. */
const windowStart = (t: number): number => WINDOWS.find(([from, to]) => t >= from && t <= to)?.[0] ?? t;

/** A counter growing by `perSecond` from the start of its window. */
const counter =
  (perSecond: number) =>
  (t: number): number =>
    Math.round((t - windowStart(t)) * perSecond * 1000) / 1000;

function podsOf(workload: string): { oldRs: string; newRs: string; pods: string[] } {
  const newRs = `${workload}-5d8f7c9b4`;
  return { oldRs: `${workload}-6c7d8e9f1`, newRs, pods: [`${newRs}-x7k2p`, `${newRs}-q9z8m`] };
}

function serviceSeries(om: OpenMetrics, s: ServiceConfig, sloRecorded: boolean): void {
  const base = { job: s.name, namespace: s.namespace };
  const r = s.http.requests;
  const routes = ["/api/v1/items", "/healthz"];
  const statuses: [string, number][] = [
    ["200", 20],
    ["404", 1],
    ["500", 0.2],
  ];
  // A service without a request counter (OpenTelemetry) has the status label on its histogram instead.
  const fromHistogram = r.source === RequestSource.histogram;
  const histogramSplits: [Record<string, string>, number][] = fromHistogram
    ? statuses.map(([status, rate]) => [{ [r.statusLabel]: status }, rate])
    : [[{}, 21.2]];
  for (const route of routes) {
    if (!fromHistogram) {
      for (const [status, rate] of statuses) {
        om.series(r.metric, { ...base, [r.routeLabel]: route, [r.methodLabel]: "GET", [r.statusLabel]: status }, counter(rate));
      }
    }
    const bounds = [...s.http.duration.buckets.map(String), "+Inf"];
    for (const [split, total] of histogramSplits) {
      const labels = { ...base, [r.routeLabel]: route, [r.methodLabel]: "GET", ...split };
      bounds.forEach((le, i) => {
        // Cumulative share of requests at or under each bound: most fast, a tail slow.
        const share = Math.min(1, (i + 1) / (bounds.length - 2));
        om.series(`${s.http.duration.metric}_bucket`, { ...labels, le }, counter(total * share));
      });
      om.series(`${s.http.duration.metric}_count`, labels, counter(total));
      om.series(`${s.http.duration.metric}_sum`, labels, counter(total * 0.05));
    }
  }
  if (s.http.inFlight !== undefined) om.series(s.http.inFlight, { ...base, instance: "10.0.0.1:8080" }, (t) => 3 + (t % 5));
  // The demo orders-api's business counters (its contract); other panels get a counter by their metric.
  for (const p of s.dashboard.panels) {
    if (p.query.kind !== "metric") continue;
    const by = p.query.by;
    const values = by.length === 0 ? [{}] : ["card_declined", "timeout"].map((v) => Object.fromEntries(by.map((l) => [l, v])));
    for (const extra of values) om.series(p.query.metric, { ...base, ...extra }, counter(0.5));
  }

  // kube-state-metrics and cAdvisor: two pods of the new ReplicaSet, the old one drained at the rollout.
  const w = s.dashboard.workload;
  const { oldRs, newRs, pods } = podsOf(w);
  const ns = { namespace: s.namespace };
  for (const pod of pods) {
    om.series("container_cpu_usage_seconds_total", { ...ns, pod, container: "app" }, counter(0.25));
    om.series("container_memory_working_set_bytes", { ...ns, pod, container: "app" }, () => 128 * 1024 * 1024);
    om.series("kube_pod_container_status_restarts_total", { ...ns, pod, container: "app", job: "kube-state-metrics" }, (t) =>
      t > ROLLOUT + 600 ? 1 : 0,
    );
  }
  om.series("kube_deployment_status_observed_generation", { ...ns, deployment: w, job: "kube-state-metrics" }, (t) =>
    t >= ROLLOUT ? 8 : 7,
  );
  om.series("kube_replicaset_created", { ...ns, replicaset: oldRs, job: "kube-state-metrics" }, () => END - 2 * WEEK);
  om.series("kube_replicaset_created", { ...ns, replicaset: newRs, job: "kube-state-metrics" }, (t) =>
    t >= ROLLOUT ? ROLLOUT : undefined,
  );
  om.series("kube_replicaset_status_ready_replicas", { ...ns, replicaset: oldRs, job: "kube-state-metrics" }, (t) =>
    t >= ROLLOUT + 120 ? 0 : 2,
  );
  om.series("kube_replicaset_status_ready_replicas", { ...ns, replicaset: newRs, job: "kube-state-metrics" }, (t) =>
    t >= ROLLOUT + 60 ? 2 : t >= ROLLOUT ? 1 : undefined,
  );

  // The synthetic probe: the operator's labels for a Probe's series, one probe failing every ten minutes.
  if (s.probe !== undefined) {
    const probeLabels = {
      job: naming.probe.jobName(s),
      namespace: stack.platform.namespace,
      instance: s.probe.url,
      service: s.name,
      team: s.team,
    };
    om.series("probe_success", probeLabels, (t) => (t % 600 === 0 ? 0 : 1));
  }

  // An error-ratio alert that fired for half an hour.
  om.series(
    "ALERTS",
    { alertname: naming.alert.errorRatio, alertstate: "firing", ...base, service: s.name, severity: "page", team: s.team },
    (t) => (t >= END - 2 * HOUR && t < END - 90 * 60 ? 1 : undefined),
  );

  // SLO series: recorded by the real rules when the SLO engine generates them, synthetic otherwise.
  if (!sloRecorded) {
    for (const slo of s.slos) {
      const labels = { ...base, service: s.name, [naming.slo.label]: slo.name };
      om.series(naming.slo.record.objective, labels, () => slo.objective / 100);
      om.series(naming.slo.record.budgetRemaining, labels, () => 0.6);
      for (const window of naming.grafana.burnRateWindows) om.series(naming.slo.record.errorRatio(window), labels, () => 0.0005);
    }
  }
}

// ---- Prometheus --------------------------------------------------------------------------------

class Prometheus {
  private proc: ChildProcess | undefined;
  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const config = path.join(this.dir, "prometheus.yml");
    fs.writeFileSync(config, "global:\n  scrape_interval: 30s\n");
    this.proc = spawn(
      "/usr/bin/prometheus",
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(this.dir, "data")}`,
        "--storage.tsdb.retention.time=100y",
        `--web.listen-address=127.0.0.1:${this.port}`,
        "--query.lookback-delta=5m",
      ],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${this.url}/-/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("Prometheus did not become ready");
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGTERM");
    });
  }

  async query(expr: string, instant: boolean): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> {
    const params = new URLSearchParams({ query: expr });
    if (instant) params.set("time", String(END));
    else {
      params.set("start", String(END - 2 * HOUR));
      params.set("end", String(END));
      params.set("step", "60");
    }
    const res = await fetch(`${this.url}/api/v1/${instant ? "query" : "query_range"}`, { method: "POST", body: params });
    return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  }
}

/** Recording rules grouped by how many other recorded series they read (0: raw series only). */
function byDependencyLevel(groups: readonly RuleGroup[]): RecordingRule[][] {
  const rules = groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => !isAlertingRule(r)));
  const names = new Set(rules.map((r) => r.record));
  const reads = (r: RecordingRule): string[] =>
    [...names].filter(
      (n) => n !== r.record && new RegExp(`(^|[^a-zA-Z0-9_:])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^a-zA-Z0-9_:]|$)`).test(r.expr),
    );
  const level = new Map<RecordingRule, number>();
  const depth = (r: RecordingRule, seen: Set<RecordingRule>): number => {
    const known = level.get(r);
    if (known !== undefined) return known;
    if (seen.has(r)) throw new Error(`recording rules read each other in a cycle: ${r.record}`);
    seen.add(r);
    const deps = rules.filter((o) => o !== r && reads(r).includes(o.record));
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((o) => depth(o, seen)));
    level.set(r, d);
    return d;
  };
  const out: RecordingRule[][] = [];
  for (const r of rules) (out[depth(r, new Set())] ??= []).push(r);
  return out;
}

// ---- Dashboard queries -------------------------------------------------------------------------

interface PanelQuery {
  readonly name: string;
  readonly expr: string;
  readonly instant: boolean;
  readonly namespace: string | undefined;
}

interface JsonPanel {
  title?: string;
  type?: string;
  panels?: JsonPanel[];
  targets?: { refId?: string; expr?: string; instant?: boolean; range?: boolean }[];
}

/** Every query of every dashboard: panel targets, annotations and query variables. */
function dashboardQueries(): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const d of stackDashboards(stack)) {
    const service = stack.services.find((s) => naming.dashboardUid(s) === d.uid);
    const namespace = service?.namespace;
    const json = JSON.parse(JSON.stringify(d.model)) as {
      panels?: JsonPanel[];
      annotations?: { list?: { name?: string; expr?: string }[] };
      templating?: { list?: { name?: string; type?: string; query?: unknown }[] };
    };
    const panels = (json.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        out.push({ name: `${d.uid} › ${p.title} › ${t.refId}`, expr: t.expr ?? "", instant: t.instant === true, namespace });
      }
    }
    for (const a of json.annotations?.list ?? []) {
      if (a.expr !== undefined) out.push({ name: `${d.uid} › annotation ${a.name}`, expr: a.expr, instant: false, namespace });
    }
    for (const v of json.templating?.list ?? []) {
      if (v.type !== "query" || typeof v.query !== "string") continue;
      const m = /^label_values\((.*),\s*([a-zA-Z_]+)\)$/.exec(v.query);
      out.push({ name: `${d.uid} › variable ${v.name}`, expr: m ? `count by (${m[2]}) (${m[1]})` : v.query, instant: true, namespace });
    }
  }
  return out;
}

/** Substitutes Grafana's variables as Grafana would for a 2h view of the service's namespace. */
function substitute(q: PanelQuery): string {
  const vars: Record<string, string> = {
    ...GRAFANA_VARS,
    ...(q.namespace !== undefined ? { [naming.grafana.variable.namespace]: q.namespace } : {}),
  };
  return q.expr.replace(/\$\{?([a-zA-Z_]+)\}?/g, (whole, name: string) => vars[name] ?? whole);
}

const queries = dashboardQueries();
let prom: Prometheus;

beforeAll(async () => {
  const dir = tempDir("ko-dashboards-");
  const groups = ruleFiles(stack).flatMap((f) => f.groups);
  const recorded = new Set(groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => !isAlertingRule(r)).map((r) => r.record)));
  const om = new OpenMetrics();
  for (const s of stack.services) serviceSeries(om, s, recorded.has(naming.slo.record.budgetRemaining));
  fs.writeFileSync(path.join(dir, "data.om"), om.text());
  const data = path.join(dir, "data");
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", path.join(dir, "data.om"), data]);

  prom = new Prometheus(dir, await freePort());
  await prom.start();
  // A rule reading another recorded series needs that series in the TSDB first: one level per pass.
  const levels = byDependencyLevel(groups);
  for (const [i, rules] of levels.entries()) {
    const file = path.join(dir, `level-${i}.yaml`);
    fs.writeFileSync(file, toYaml({ groups: [{ name: `level-${i}`, rules }] }));
    const out = path.join(dir, `backfill-${i}`);
    for (const [from, to] of WINDOWS) {
      await run(
        "promtool",
        [
          "tsdb",
          "create-blocks-from",
          "rules",
          `--start=${from}`,
          `--end=${to}`,
          "--eval-interval=60s",
          `--url=${prom.url}`,
          `--output-dir=${out}`,
          file,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    }
    await prom.stop();
    for (const block of fs.readdirSync(out)) fs.renameSync(path.join(out, block), path.join(data, block));
    await prom.start();
  }
}, 120_000);

afterAll(async () => {
  await prom?.stop();
});

describe("dashboard queries against a real Prometheus", () => {
  it("finds queries in every dashboard, and the overview lists both dev services", () => {
    expect(queries.length).toBeGreaterThan(40);
    for (const d of stackDashboards(stack)) expect(queries.some((q) => q.name.startsWith(`${d.uid} ›`))).toBe(true);
  });

  // The SLO row's queries are `by (slo)`: a series per SLO, so a probe SLO, recorded from probe_success, shows there too.
  const sloQueries = queries.filter((q) => q.expr.includes(`by (${naming.slo.label})`) && q.namespace !== undefined);
  it.each(sloQueries.map((q) => [q.name, q] as const))("%s shows every SLO of its service, probe SLOs included", async (_name, q) => {
    const service = stack.services.find((s) => q.name.startsWith(`${naming.dashboardUid(s)} ›`));
    const res = await prom.query(substitute(q), q.instant);
    const shown = (res.data?.result ?? []).map((r) => (r as { metric: Record<string, string> }).metric[naming.slo.label]);
    expect([...new Set(shown)].sort()).toEqual((service?.slos ?? []).map((o) => o.name).sort());
  });

  it("has a probe SLO in the stack, so the check above covers one", () => {
    expect(stack.services.some((s) => s.slos.some((o) => o.kind === "probe"))).toBe(true);
    expect(sloQueries.length).toBeGreaterThan(0);
  });

  it.each(queries.map((q) => [q.name, q] as const))("%s returns data", async (_name, q) => {
    const expr = substitute(q);
    expect(expr).not.toMatch(/\$/);
    const res = await prom.query(expr, q.instant);
    expect(res.error).toBeUndefined();
    expect(res.status).toBe("success");
    expect(res.data?.result.length ?? 0).toBeGreaterThan(0);
  });
});
