/** Runs one scenario on a fresh local stack and gathers everything the report shows. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { naming } from "../../config";
import type { Generated } from "../../generate";
import type { RouteTiming } from "../alertmanager-config";
import type { Notification } from "../sink";
import { DEMO_SERVICE, startLocalStack } from "../stack";
import { queryRange, type Sample } from "./api";
import { drillFigures, type DrillFigures } from "./figures";
import { Drill, type Mark } from "./context";
import type { Scenario } from "./scenarios";
import { passed, type TimelineRow } from "./timeline";

export interface DrillSeries {
  readonly errorRatio: readonly Sample[];
  readonly burnRate: readonly Sample[];
  readonly latency: readonly Sample[];
  /** The service's firing alerts (`ALERTS`), one series per alert. */
  readonly alerts: readonly Sample[];
}

export interface DrillResult {
  readonly scenario: string;
  readonly title: string;
  readonly description: string;
  readonly startedAt: number;
  readonly faultAt: number;
  /** When the fault was undone; NaN when the scenario never got there. */
  readonly recoveredAt: number;
  readonly endedAt: number;
  /** Fault → page, recovery → resolved, and the seed's threshold alert on the same fault. */
  readonly figures: DrillFigures;
  readonly rows: readonly TimelineRow[];
  readonly marks: readonly Mark[];
  readonly notifications: readonly Notification[];
  readonly series: DrillSeries;
  /** Route timings as rendered; the local stack ran them unchanged. */
  readonly routes: readonly RouteTiming[];
  readonly scraped: readonly string[];
  readonly leftOut: readonly string[];
  readonly alertmanagerSource: "rendered" | "fallback";
  readonly evaluationInterval: string;
  readonly dataDir: string;
  readonly ok: boolean;
}

/** Step of the series the report charts and the figures read, seconds. */
export const SERIES_STEP = 15;

export async function gatherSeries(d: Drill, end: number): Promise<DrillSeries> {
  const prom = d.stack.urls.prometheus;
  const step = SERIES_STEP;
  const sel = d.selector;
  const range = (expr: string): Promise<Sample[]> => queryRange(prom, expr, d.startedAt, end, step).catch(() => []);
  return {
    errorRatio: await range(`max(${naming.record.errorRatio}{${sel}})`),
    burnRate: await range(`max by (${naming.slo.label}) (${naming.slo.record.burnRate("1h")}{${sel}})`),
    latency: await range(`max(${naming.record.latencyQuantile}{${sel},${naming.label.quantile}="0.99"})`),
    alerts: await range(
      `max by (alertname, ${naming.label.severity}, ${naming.slo.tierLabel}) (${naming.firingAlerts([], [`${naming.label.service}="${d.service}"`])})`,
    ),
  };
}

/**
 * Runs `scenario` against the rendered stack in `outDir`, the files of `generated`; the stack's data
 * stays in a temporary directory.
 */
export async function runScenario(
  scenario: Scenario,
  outDir: string,
  generated: Generated,
  log: (line: string) => void,
): Promise<DrillResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kube-observability-drill-${scenario.name}-`));
  const stack = await startLocalStack({ outDir, generated, dataDir });
  try {
    log(
      `Prometheus ${stack.urls.prometheus}, Alertmanager ${stack.urls.alertmanager}, ${DEMO_SERVICE} ${stack.urls.service}, sink ${stack.urls.sink}; data in ${dataDir}`,
    );
    return await runAndGather(new Drill(stack, generated, DEMO_SERVICE, log), scenario, dataDir);
  } finally {
    await stack.stop();
  }
}

/**
 * Runs a scenario on its drill context (a scenario that throws fails its last row, not the drill),
 * then gathers its result: series, the sink's notifications, figures, rows. The plain and the HA drill share it.
 */
export async function runAndGather<D extends Drill>(
  d: D,
  scenario: {
    readonly name: string;
    readonly title: string;
    readonly description: string;
    readonly thresholdAlert: string;
    run(d: D): Promise<void>;
  },
  dataDir: string,
): Promise<DrillResult> {
  try {
    await scenario.run(d);
  } catch (error) {
    d.row({
      event: "scenario ran to the end",
      atMs: d.since(Date.now()),
      deadlineMs: undefined,
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const endedAt = Date.now();
  const series = await gatherSeries(d, endedAt);
  const notifications = [...d.stack.sink.notifications()];
  const figures = drillFigures({
    scenario: scenario.name,
    faultAt: d.faultAt,
    recoveredAt: d.recoveredAt,
    endedAt,
    service: d.service,
    notifications,
    alerts: series.alerts,
    stepMs: SERIES_STEP * 1000,
    thresholdAlert: scenario.thresholdAlert,
  });
  const { stack } = d;
  return {
    scenario: scenario.name,
    title: scenario.title,
    description: scenario.description,
    startedAt: d.startedAt,
    faultAt: d.faultAt,
    recoveredAt: d.recoveredAt,
    endedAt,
    figures,
    rows: d.rows,
    marks: d.marks,
    notifications,
    series,
    routes: stack.routes,
    scraped: stack.scraped,
    leftOut: stack.leftOut,
    alertmanagerSource: stack.alertmanagerSource,
    evaluationInterval: stack.rendered.evaluationInterval,
    dataDir,
    ok: passed(d.rows),
  };
}

/**
 * Runs scenarios, each on its own local stack (own ports, data and sink), all at once when
 * `parallel`: the drill then takes as long as its longest scenario. Log lines carry the scenario's
 * name when several run together. Results come back in the order given.
 */
export async function runDrill(
  scenarios: readonly Scenario[],
  outDir: string,
  generated: Generated,
  log: (line: string) => void,
  parallel = true,
): Promise<DrillResult[]> {
  const tagged = (s: Scenario) => (scenarios.length > 1 && parallel ? (line: string) => log(`${s.name.padEnd(20)} ${line}`) : log);
  if (parallel) return Promise.all(scenarios.map((s) => runScenario(s, outDir, generated, tagged(s))));
  const results: DrillResult[] = [];
  for (const s of scenarios) results.push(await runScenario(s, outDir, generated, tagged(s)));
  return results;
}
