/**
 * Rule-cost benchmark: rules and output series per SLO, and rule-group evaluation time on 30 days of
 * backfilled data, ours against a peer rule file (Sloth's generated example by default) for the same
 * SLO, per SLO kind, in one Prometheus on 127.0.0.1 that loads both rule sets.
 *
 *   npm run bench:rules [-- --peer <rules.yml> --series <raw series per metric> --scrape <seconds> --samples <n>]
 *
 * Data: `promtool tsdb create-blocks-from openmetrics` of 30 days of the raw series both rule sets
 * read (request counter, duration count, the bucket at the latency threshold), plus the 5m series
 * each one's period window reads, spaced as each records them in production at a 30s evaluation
 * interval: our counts every 5m (their group's interval), Sloth's 5m ratio every 30s. The peer's
 * latency rules are its availability rules with the error query swapped for the latency one, which
 * is what Sloth generates for an events SLI. Every group is evaluated every EVAL_SECONDS here (our
 * count group's 5m interval is lowered for the measurement), so per-evaluation times are medians of
 * the same number of evaluations; the cost per hour then weighs each group by its real interval.
 */
import { spawn, execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { toYaml } from "../render";
import { freePort } from "../local/ports";
import { optionsOrExit } from "../scripts/args";
import { sloRuleGroups, type RuleGroup } from "../rules";
import { parseDuration } from "../config";
import { benchService, benchStack } from "./slo-bench-service";

const run = promisify(execFile);
const DAY = 86400;
const PERIOD_DAYS = 30;
const EVAL_SECONDS = 10;
/** Production evaluation interval the backfilled recorded series and the per-hour costs assume. */
const PROD_EVAL_SECONDS = 30;
const LATENCY_LE = "0.5";

const USAGE = "usage: npm run bench:rules -- [--peer <rules.yml>] [--series 24] [--scrape 60] [--samples 12]";

interface PeerGroup {
  name: string;
  interval?: string;
  rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[];
}

function countRules(groups: readonly { rules: readonly { record?: string; alert?: string }[] }[]): { recording: number; alerting: number } {
  const all = groups.flatMap((g) => g.rules);
  return { recording: all.filter((r) => r.record !== undefined).length, alerting: all.filter((r) => r.alert !== undefined).length };
}

/** Labels of a rule set's recorded 5m series, to backfill what its period window reads. */
interface Recorded {
  readonly ours: Record<string, string>;
  readonly peer: Record<string, string> | undefined;
}

/** Writes 30 days of OpenMetrics, time-major, ending at `now`. */
async function writeOpenMetrics(
  file: string,
  opts: { series: number; scrape: number; now: number; kinds: { recorded: Recorded; badShare: (ls: string) => number }[] },
): Promise<number> {
  const out = fs.createWriteStream(file);
  const start = opts.now - PERIOD_DAYS * DAY;
  const codes = ["200", "404", "500"];
  const labelSets: string[] = [];
  for (let i = 0; labelSets.length < opts.series; i++) {
    const code = codes[i % codes.length] as string;
    labelSets.push(
      `job="myservice",namespace="default",code="${code}",path="/p${Math.floor(i / codes.length) % 8}",pod="myservice-${Math.floor(i / (codes.length * 8))}"`,
    );
  }
  // Per-series request rates: mostly 200s, a few 404s, 0.05% 500s; 0.5% of requests slower than 500ms.
  const rate = (ls: string): number => (ls.includes('code="500"') ? 0.005 : ls.includes('code="404"') ? 0.5 : 10);
  const totalPer5m = labelSets.reduce((n, ls) => n + rate(ls) * 300, 0);
  const lbl = (o: Record<string, string>): string =>
    Object.entries(o)
      .map(([k, v]) => `${k}="${v}"`)
      .join(",");
  let lines = 0;
  let buf = "";
  const flush = async (): Promise<void> => {
    if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
    buf = "";
  };
  for (let t = start; t <= opts.now; t += PROD_EVAL_SECONDS) {
    const age = t - start;
    if (age % opts.scrape === 0) {
      for (const ls of labelSets) {
        const v = rate(ls) * age;
        buf += `http_requests_total{${ls}} ${v.toFixed(3)} ${t}\nhttp_request_duration_seconds_count{${ls}} ${v.toFixed(3)} ${t}\n`;
        buf += `http_request_duration_seconds_bucket{${ls},le="${LATENCY_LE}"} ${(v * 0.995).toFixed(3)} ${t}\n`;
        lines += 3;
      }
    }
    for (const k of opts.kinds) {
      const badPer5m = labelSets.reduce((n, ls) => n + rate(ls) * 300 * k.badShare(ls), 0);
      // Our counts every 5m, as the count group records them; the peer's 5m ratio every evaluation.
      if (age % 300 === 0) {
        buf += `slo:sli_total:increase5m{${lbl(k.recorded.ours)}} ${totalPer5m} ${t}\n`;
        buf += `slo:sli_good:increase5m{${lbl(k.recorded.ours)}} ${totalPer5m - badPer5m} ${t}\n`;
        lines += 2;
      }
      if (k.recorded.peer !== undefined) {
        buf += `slo:sli_error:ratio_rate5m{${lbl(k.recorded.peer)}} ${badPer5m / totalPer5m} ${t}\n`;
        lines += 1;
      }
    }
    if (buf.length > 1 << 20) await flush();
  }
  buf += "# EOF\n";
  await flush();
  await new Promise<void>((r) => out.end(() => r()));
  return lines;
}

/** Per group (`<file>;<group>` in Prometheus' own metrics), the duration of its last evaluation. */
async function scrapeDurations(port: number): Promise<Map<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await res.text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^prometheus_rule_group_last_duration_seconds\{rule_group="[^;"]*;([^"]+)"\} (\S+)$/gm)) {
    out.set(m[1] ?? "", Number(m[2]));
  }
  return out;
}

/**
 * The peer's rules for our latency SLO: its availability rules with the error query rewritten to
 * "all requests minus those at or under the threshold", and its ids renamed. Undefined when the
 * peer file does not have Sloth's example's error query.
 */
function peerLatency(text: string): string | undefined {
  const errorQuery = /sum\(rate\(http_request_duration_seconds_count\{job="myservice",code=~"\(5\.\.\|429\)"\}\[(\w+)\]\)\)/g;
  if (!errorQuery.test(text)) return undefined;
  return text
    .replace(
      errorQuery,
      (_m, w: string) =>
        `(sum(rate(http_request_duration_seconds_count{job="myservice"}[${w}])) - sum(rate(http_request_duration_seconds_bucket{job="myservice",le="${LATENCY_LE}"}[${w}])))`,
    )
    .replaceAll("requests-availability", "requests-latency");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** One SLO kind's two rule sets. */
interface Pair {
  readonly kind: string;
  readonly ours: RuleGroup[];
  readonly peer: PeerGroup[] | undefined;
}

function recordedLabels(
  groups: readonly { rules: readonly { record?: string; labels?: Readonly<Record<string, string>> }[] }[],
): Record<string, string> | undefined {
  const r = groups.flatMap((g) => g.rules).find((x) => x.record !== undefined && x.labels !== undefined);
  return r?.labels ? { ...r.labels } : undefined;
}

/** Evaluations per hour of a group at its production interval. */
function perHour(group: { interval?: string }): number {
  return 3600 / (group.interval !== undefined ? (parseDuration(group.interval) ?? PROD_EVAL_SECONDS) : PROD_EVAL_SECONDS);
}

async function main(): Promise<void> {
  const flags = optionsOrExit("bench:rules", USAGE, process.argv.slice(2), {
    peer: { type: "string" },
    series: { type: "string" },
    scrape: { type: "string" },
    samples: { type: "string" },
  });
  const peerFile = flags.peer ?? path.resolve(__dirname, "..", "..", "shared", "reference", "sloth", "getting-started.generated.yml");
  const seriesCount = Number(flags.series ?? "24");
  const scrape = Number(flags.scrape ?? "60");
  const samplesWanted = Number(flags.samples ?? "12");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ko-bench-rules-"));

  const s = benchService(benchStack({ thresholdAlerts: false }));
  const oursGroups: RuleGroup[] = sloRuleGroups(s);
  const oursOf = (slo: string): RuleGroup[] => oursGroups.filter((g) => g.name.includes(`.slo.${slo}`));
  const peerText = fs.readFileSync(peerFile, "utf8");
  const peerLatencyText = peerLatency(peerText);
  const pairs: Pair[] = [
    { kind: "availability", ours: oursOf("requests-availability"), peer: (yaml.load(peerText) as { groups: PeerGroup[] }).groups },
    {
      kind: "latency",
      ours: oursOf("requests-latency"),
      peer: peerLatencyText !== undefined ? (yaml.load(peerLatencyText) as { groups: PeerGroup[] }).groups : undefined,
    },
  ];

  console.log(
    "Rules and output series per SLO (each recording rule yields one series per SLO; alerts add ALERTS series only while pending or firing):",
  );
  for (const p of pairs) {
    for (const [name, groups] of [
      ["ours", p.ours],
      ["peer", p.peer],
    ] as const) {
      if (groups === undefined) continue;
      const c = countRules(groups);
      const intervals = groups.map((g) => g.interval ?? `${PROD_EVAL_SECONDS}s`).join(" + ");
      console.log(
        `  ${p.kind.padEnd(12)} ${name.padEnd(5)} ${c.recording} recording rules (${c.recording} output series), ${c.alerting} alerting rules, ${groups.length} group(s) every ${intervals}`,
      );
    }
  }

  // Data up to a minute ago, so every raw window (5m to 3d) holds samples as it would live.
  const now = Math.floor(Date.now() / 1000 / 300) * 300 - 60;
  const om = path.join(dir, "data.om");
  let t0 = Date.now();
  const badAvailability = (ls: string): number => (ls.includes('code="500"') ? 1 : 0);
  const kinds = pairs.map((p) => ({
    recorded: { ours: recordedLabels(p.ours) ?? {}, peer: p.peer !== undefined ? recordedLabels(p.peer) : undefined },
    badShare: p.kind === "availability" ? badAvailability : () => 0.005,
  }));
  const lines = await writeOpenMetrics(om, { series: seriesCount, scrape, now, kinds });
  console.log(
    `\nData: ${seriesCount} raw series × 3 metrics every ${scrape}s for ${PERIOD_DAYS}d, our 5m counts every 5m, the peer's 5m ratio every ${PROD_EVAL_SECONDS}s: ${lines} samples (${((Date.now() - t0) / 1000).toFixed(0)}s to write).`,
  );
  const tsdb = path.join(dir, "tsdb");
  t0 = Date.now();
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=240h", om, tsdb], {
    maxBuffer: 64 << 20,
    timeout: 3_600_000,
  });
  fs.rmSync(om);
  console.log(`Backfill: ${((Date.now() - t0) / 1000).toFixed(0)}s.`);

  // Every group at the bench interval, so that each is measured over the same number of evaluations.
  const measured = (groups: readonly { name: string; interval?: string }[]): object[] =>
    groups.map((g) => ({ ...g, interval: `${EVAL_SECONDS}s` }));
  fs.writeFileSync(path.join(dir, "ours.yaml"), toYaml({ groups: measured(pairs.flatMap((p) => p.ours)) }));
  fs.writeFileSync(path.join(dir, "peer.yaml"), toYaml({ groups: measured(pairs.flatMap((p) => p.peer ?? [])) }));
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    toYaml({ global: { evaluation_interval: `${EVAL_SECONDS}s`, scrape_interval: "1h" }, rule_files: ["ours.yaml", "peer.yaml"] }),
  );
  const port = await freePort();
  const prom = spawn(
    "prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${tsdb}`,
      "--storage.tsdb.retention.time=40d",
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  prom.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((r) => prom.once("exit", () => ((exited = true), r())));
  try {
    const samples = new Map<string, number[]>();
    const deadline = Date.now() + 15 * 60_000;
    let taken = 0;
    // Skip the first evaluations: they pay for loading the blocks into the page cache.
    let skipped = 0;
    while (taken < samplesWanted && Date.now() < deadline && !exited) {
      await new Promise((r) => setTimeout(r, EVAL_SECONDS * 1000));
      let d: Map<string, number>;
      try {
        d = await scrapeDurations(port);
      } catch {
        continue;
      }
      if (d.size === 0) continue;
      if (skipped++ < 2) continue;
      for (const [g, v] of d) samples.set(g, [...(samples.get(g) ?? []), v]);
      taken++;
    }
    if (taken === 0) throw new Error(`no rule-group durations from Prometheus${exited ? " (it exited)" : ""}:\n${log}`);
    const ms = (g: string): number => median(samples.get(g) ?? [0]) * 1000;
    console.log(
      `\nRule-group evaluation time (median of ${taken} evaluations every ${EVAL_SECONDS}s, prometheus_rule_group_last_duration_seconds, both rule sets in one Prometheus):`,
    );
    for (const g of [...pairs.flatMap((p) => [...p.ours, ...(p.peer ?? [])])])
      console.log(`  ${g.name.padEnd(66)} ${ms(g.name).toFixed(2).padStart(8)} ms`);
    console.log(
      `\nPer SLO: one evaluation of every group, and the evaluation time per hour at the production intervals (groups ${PROD_EVAL_SECONDS}s, ours counts 5m):`,
    );
    for (const p of pairs) {
      if (p.peer === undefined) {
        console.log(`  ${p.kind}: no peer rules for this kind`);
        continue;
      }
      const once = (gs: readonly { name: string }[]): number => gs.reduce((n, g) => n + ms(g.name), 0);
      const hourly = (gs: readonly { name: string; interval?: string }[]): number => gs.reduce((n, g) => n + ms(g.name) * perHour(g), 0);
      const [o1, p1, oh, ph] = [once(p.ours), once(p.peer), hourly(p.ours), hourly(p.peer)];
      console.log(
        `  ${p.kind.padEnd(12)} per evaluation: ours ${o1.toFixed(2)} ms, peer ${p1.toFixed(2)} ms, ratio ${(o1 / p1).toFixed(3)} | per hour: ours ${(oh / 1000).toFixed(2)} s, peer ${(ph / 1000).toFixed(2)} s, ratio ${(oh / ph).toFixed(3)}`,
      );
    }
  } finally {
    if (!exited) prom.kill("SIGTERM");
    await exit;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
