/**
 * npm start -- [--ha] [--stack dev] [--out out/<stack>] [--rate 10] [--prometheus-port N] [--alertmanager-port N] [--service-port N]
 * Renders and checks the stack (`npm run check`), then runs it on this machine until Ctrl-C or
 * SIGTERM: real Prometheus and Alertmanager with the rendered rules and routing, the orders-api
 * demo service under steady load, and a sink that records every notification.
 * `--ha` runs the production shape instead (stack drill-ha unless --stack says otherwise): every
 * Prometheus replica, the Alertmanager cluster and VictoriaMetrics as the remote-write store.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeStack, localErrorMessage, startLocalStack, type LocalStack } from "../local";
import { checkHaShape, describeHaStack, startHaStack, type HaStack } from "../local/ha";
import { parseOptions, runMain, usageError, type OptionValues } from "./args";
import { check } from "./check";
import { defaultOutDir, renderAndLoad } from "./rendered-stack";

const USAGE =
  "usage: npm start -- [--ha] [--stack dev, drill-ha with --ha] [--out out/<stack>] [--rate 10] [--prometheus-port N] [--alertmanager-port N] [--service-port N]";

/** The stack `--ha` runs unless --stack names another: the drill's timings in production's shape. */
const HA_STACK = "drill-ha";

const OPTIONS = {
  ha: { type: "boolean" },
  stack: { type: "string" },
  out: { type: "string" },
  rate: { type: "string" },
  "prometheus-port": { type: "string" },
  "alertmanager-port": { type: "string" },
  "service-port": { type: "string" },
} as const;

function portFlag(
  flags: OptionValues<typeof OPTIONS>,
  name: "prometheus-port" | "alertmanager-port" | "service-port",
  errors: string[],
): number {
  const raw = flags[name];
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    errors.push(`--${name}: got ${JSON.stringify(raw)}, want an integer from 0 to 65535 (0 picks a free port)`);
  return n;
}

async function main(): Promise<number> {
  const { values: flags, errors } = parseOptions(process.argv.slice(2), OPTIONS);
  const ha = flags.ha === true;
  if (ha && (flags["prometheus-port"] ?? flags["alertmanager-port"]) !== undefined)
    errors.push("--ha picks a free port for every replica and member; drop --prometheus-port and --alertmanager-port");
  const ports = {
    prometheus: portFlag(flags, "prometheus-port", errors),
    alertmanager: portFlag(flags, "alertmanager-port", errors),
    service: portFlag(flags, "service-port", errors),
  };
  const rate = flags.rate === undefined ? undefined : Number(flags.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0))
    errors.push(`--rate: got ${JSON.stringify(flags.rate)}, want requests per second >= 0`);
  if (errors.length > 0) {
    return usageError("start", USAGE, errors);
  }
  const stackName = flags.stack ?? (ha ? HA_STACK : "dev");
  const outDir = defaultOutDir(stackName, flags.out);
  // --ha: the drill's check (rules and routing load); the fast stack's promtool tests are `npm run check`'s, minutes long.
  const generated = ha ? renderAndLoad("start", stackName, outDir) : check(stackName, outDir, "start").generated;
  if (generated === undefined) return 1;
  if (ha) {
    try {
      checkHaShape(outDir, stackName);
    } catch (error) {
      console.error(`start: ${localErrorMessage(error) ?? String(error)}`);
      return 1;
    }
  }

  // Signals are handled from here on, so a Ctrl-C during start-up still stops what has started.
  let signalled: NodeJS.Signals | undefined;
  let wake: () => void = () => undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    signalled ??= s;
    wake();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-observability-local-"));
  console.log(`\nStarting the local stack (data in ${dataDir})...`);
  let stack: LocalStack;
  let haStack: HaStack | undefined;
  const loadRate = rate === undefined ? {} : { loadRate: rate };
  try {
    if (ha) haStack = await startHaStack({ outDir, generated, stackName, dataDir, ...loadRate });
    stack = haStack ?? (await startLocalStack({ outDir, generated, dataDir, ports, ...loadRate }));
  } catch (error) {
    const message = localErrorMessage(error);
    if (message === undefined) throw error;
    console.error(`start: ${message}`);
    return 1;
  }
  let crashed: string | undefined;
  if (signalled === undefined) {
    console.log(`\n${haStack ? describeHaStack(haStack) : describeStack(stack)}`);
    const h = haStack;
    const watched = h
      ? [...h.ha.prometheus.map((_, i) => h.prometheusReplica(i)), ...h.ha.alertmanager.map((_, i) => h.alertmanagerMember(i)), h.store()]
      : [stack.prometheus(), stack.alertmanager()];
    await new Promise<void>((resolve) => {
      wake = resolve;
      for (const p of watched) {
        void p.exited.then((code) => {
          crashed ??= `${p.name} exited unexpectedly (${code}); see ${p.logFile}`;
          resolve();
        });
      }
    });
  }
  console.log(crashed === undefined ? `\nStopping (${signalled ?? "signal"})...` : `\nstart: ${crashed}; stopping the rest...`);
  const { load } = await stack.stop();
  const counts = new Map<string, number>();
  for (const n of stack.sink.notifications()) counts.set(`${n.receiver} ${n.status}`, (counts.get(`${n.receiver} ${n.status}`) ?? 0) + 1);
  console.log(`Notifications received: ${[...counts].map(([k, v]) => `${k} ×${v}`).join(", ") || "none"}`);
  if (load)
    console.log(
      `Load sent ${load.sent} requests (${Object.entries(load.byStatus)
        .map(([s, c]) => `${s}: ${c}`)
        .join(", ")}).`,
    );
  console.log(`Stopped every process. Data, configuration and logs kept in ${dataDir}`);
  return crashed === undefined ? 0 : 1;
}

runMain("start", main);
