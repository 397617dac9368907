/** Runs one HA scenario on a fresh production-shaped local stack and gathers what the HA report shows. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Severity } from "../../../config";
import { HaShapeError, startHaStack } from "../../ha";
import { localErrorMessage } from "../../errors";
import { DEMO_SERVICE } from "../../stack";
import { queryRange } from "../api";
import { drillFigures } from "../figures";
import { runAndGather, SERIES_STEP, type DrillResult } from "../run";
import { notificationsFor } from "../timeline";
import { HaDrill, type HaMeasures } from "./context";
import type { HaScenario } from "./scenarios";
import type { Generated } from "../../../generate";

export interface HaFigures extends HaMeasures {
  /** Notifications per receiver and status, Watchdog heartbeats included. */
  readonly byReceiver: Readonly<Record<string, { readonly firing: number; readonly resolved: number }>>;
  /** Page notifications of the service since the fault, and how many of them repeat a group already paged. */
  readonly pages: number;
  readonly duplicatePages: number;
  /** The worst remote-write lag of replica 0 over the run, seconds (to a sample step). */
  readonly worstLagS: number | undefined;
  readonly prometheusReplicas: number;
  readonly alertmanagers: number;
  readonly ruleEngine: string;
}

export interface HaDrillResult extends DrillResult {
  readonly ha: HaFigures;
  readonly remoteWriteNotes: readonly string[];
}

function byReceiver(r: Pick<DrillResult, "notifications">): Record<string, { firing: number; resolved: number }> {
  const out: Record<string, { firing: number; resolved: number }> = {};
  for (const n of r.notifications) {
    const e = (out[n.receiver] ??= { firing: 0, resolved: 0 });
    if (n.status === "resolved") e.resolved++;
    else e.firing++;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The result of a scenario whose stack did not start: one failed row, nothing measured. */
function startFailed(scenario: HaScenario, dataDir: string, message: string): HaDrillResult {
  const at = Date.now();
  const none = { alerts: [], burnRate: [], errorRatio: [], latency: [] };
  return {
    scenario: scenario.name,
    title: scenario.title,
    description: scenario.description,
    startedAt: at,
    faultAt: Number.NaN,
    recoveredAt: Number.NaN,
    endedAt: at,
    figures: drillFigures({
      scenario: scenario.name,
      faultAt: Number.NaN,
      recoveredAt: Number.NaN,
      endedAt: at,
      service: DEMO_SERVICE,
      notifications: [],
      alerts: [],
      stepMs: SERIES_STEP * 1000,
      thresholdAlert: scenario.thresholdAlert,
    }),
    rows: [{ event: "the HA stack starts", atMs: 0, deadlineMs: undefined, ok: false, detail: message.split("\n")[0] ?? message }],
    marks: [],
    notifications: [],
    series: none,
    routes: [],
    scraped: [],
    leftOut: [],
    alertmanagerSource: "rendered",
    evaluationInterval: "",
    dataDir,
    ok: false,
    remoteWriteNotes: [],
    ha: { byReceiver: {}, pages: 0, duplicatePages: 0, worstLagS: undefined, prometheusReplicas: 0, alertmanagers: 0, ruleEngine: "" },
  };
}

/** Runs `scenario` against the rendered stack in `outDir`; the stack's data stays in a temporary directory. */
export async function runHaScenario(
  scenario: HaScenario,
  outDir: string,
  stackName: string,
  generated: Generated,
  log: (line: string) => void,
): Promise<HaDrillResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kube-observability-ha-drill-${scenario.name}-`));
  let stack;
  try {
    stack = await startHaStack({ outDir, generated, stackName, dataDir, ...scenario.stack });
  } catch (error) {
    // A stack that does not start fails its scenario, not the drill: the others run on.
    const message = localErrorMessage(error);
    if (message === undefined || error instanceof HaShapeError) throw error;
    log(`FAIL  the stack did not start: ${message}`);
    return startFailed(scenario, dataDir, message);
  }
  try {
    log(
      `Prometheus ${stack.ha.prometheus.join(" ")}, Alertmanager ${stack.ha.alertmanager.join(" ")}, VictoriaMetrics ${stack.ha.victoria}${stack.ha.vmalert ? `, vmalert ${stack.ha.vmalert}` : ""}; data in ${dataDir}`,
    );
    for (const note of stack.ruleEngineNotes) log(note);
    const d = new HaDrill(stack, generated, DEMO_SERVICE, log);
    const result = await runAndGather(d, scenario, dataDir);
    const { endedAt, notifications } = result;
    const pages = notificationsFor(notifications, {
      service: d.service,
      severities: [Severity.page],
      status: "firing",
      from: d.faultAt,
      to: endedAt,
    });
    const lag = await queryRange(
      stack.ha.prometheus[0] ?? "",
      "max(prometheus_remote_storage_highest_timestamp_in_seconds - ignoring (remote_name, url) group_right prometheus_remote_storage_queue_highest_sent_timestamp_seconds)",
      d.startedAt,
      endedAt,
      SERIES_STEP,
    ).catch(() => []);
    const lags = lag.flatMap((s) => s.values.map(([, v]) => v)).filter((v) => Number.isFinite(v));
    return {
      ...result,
      remoteWriteNotes: stack.remoteWriteNotes,
      ha: {
        ...d.measures,
        byReceiver: byReceiver({ notifications }),
        pages: pages.length,
        duplicatePages: pages.length - new Set(pages.map((n) => n.groupKey)).size,
        worstLagS: lags.length ? Math.max(...lags) : undefined,
        prometheusReplicas: stack.shape.prometheusReplicas,
        alertmanagers: stack.shape.alertmanagerReplicas,
        ruleEngine: stack.ruleEngine === "vmalert" ? "vmalert" : `Prometheus ×${stack.shape.prometheusReplicas}`,
      },
    };
  } finally {
    await stack.stop();
  }
}

/** Runs HA scenarios, each on its own stack, all at once (the longest, the ten-minute outage, sets the pace). */
export async function runHaDrill(
  scenarios: readonly HaScenario[],
  outDir: string,
  stackName: string,
  generated: Generated,
  log: (line: string) => void,
  parallel = true,
): Promise<HaDrillResult[]> {
  const tagged = (s: HaScenario) => (scenarios.length > 1 && parallel ? (line: string) => log(`${s.name.padEnd(24)} ${line}`) : log);
  if (parallel) return Promise.all(scenarios.map((s) => runHaScenario(s, outDir, stackName, generated, tagged(s))));
  const results: HaDrillResult[] = [];
  for (const s of scenarios) results.push(await runHaScenario(s, outDir, stackName, generated, tagged(s)));
  return results;
}
