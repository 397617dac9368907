/**
 * Rule-cost benchmark: rules and output series per SLO, and rule-group evaluation time on 30 days of
 * backfilled data, ours against a peer rule file (Sloth's generated example by default) for the
 * same availability SLO, in one Prometheus run on 127.0.0.1.
 *
 *   npm run bench:rules [-- --peer <rules.yml> --series <raw series per metric> --scrape <seconds>]
 *
 * Data: `promtool tsdb create-blocks-from openmetrics` of 30 days of the raw request counters both
 * rule sets read, plus the 5m series each one's 30-day window reads (our good/total counts, Sloth's
 * 5m ratio), so both period rules scan a full month as they would in production.
 */
import { spawn, execFile } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { toYaml } from "../render";
import { isAlertingRule, sloRuleGroups, type RuleGroup } from "../rules";
import { benchService, benchStack } from "./slo-bench-service";

const run = promisify(execFile);
const DAY = 86400;
const PERIOD_DAYS = 30;
const EVAL_SECONDS = 10;

function flag(name: string, fallback: string): string {
  const a = process.argv.slice(2);
  const i = a.indexOf(name);
  return i >= 0 && a[i + 1] !== undefined ? (a[i + 1] as string) : fallback;
}

interface PeerGroup {
  name: string;
  rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[];
}

function countRules(groups: readonly { rules: readonly { record?: string; alert?: string }[] }[]): { recording: number; alerting: number } {
  const all = groups.flatMap((g) => g.rules);
  return { recording: all.filter((r) => r.record !== undefined).length, alerting: all.filter((r) => r.alert !== undefined).length };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr !== null ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** Writes 30 days of OpenMetrics, time-major, ending now. */
async function writeOpenMetrics(file: string, opts: { series: number; scrape: number; now: number; sloLabels: Record<string, string>; slothLabels: Record<string, string> }): Promise<number> {
  const out = fs.createWriteStream(file);
  const start = opts.now - PERIOD_DAYS * DAY;
  const codes = ["200", "404", "500"];
  const labelSets: string[] = [];
  for (let i = 0; labelSets.length < opts.series; i++) {
    const code = codes[i % codes.length] as string;
    labelSets.push(`job="myservice",namespace="default",code="${code}",path="/p${Math.floor(i / codes.length) % 8}",pod="myservice-${Math.floor(i / (codes.length * 8))}"`);
  }
  // Per-series request rates: mostly 200s, a few 404s, 0.05% 500s; steady so values are easy to reason about.
  const rate = (ls: string): number => (ls.includes('code="500"') ? 0.005 : ls.includes('code="404"') ? 0.5 : 10);
  const totalPer5m = labelSets.reduce((n, ls) => n + rate(ls) * 300, 0);
  const badPer5m = labelSets.filter((ls) => ls.includes('code="500"')).reduce((n, ls) => n + rate(ls) * 300, 0);
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
  for (let t = start; t <= opts.now; t += 30) {
    const age = t - start;
    if (age % opts.scrape === 0) {
      for (const ls of labelSets) {
        const v = (rate(ls) * age).toFixed(3);
        buf += `http_requests_total{${ls}} ${v} ${t}\nhttp_request_duration_seconds_count{${ls}} ${v} ${t}\n`;
        lines += 2;
      }
    }
    // The 5m series the period rules read, every 30s as a 30s evaluation interval records them.
    buf += `slo:sli_total:increase5m{${lbl(opts.sloLabels)}} ${totalPer5m} ${t}\n`;
    buf += `slo:sli_good:increase5m{${lbl(opts.sloLabels)}} ${totalPer5m - badPer5m} ${t}\n`;
    buf += `slo:sli_error:ratio_rate5m{${lbl(opts.slothLabels)}} ${badPer5m / totalPer5m} ${t}\n`;
    lines += 3;
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const peerFile = flag("--peer", path.resolve(__dirname, "..", "..", "shared", "reference", "sloth", "getting-started.generated.yml"));
  const seriesCount = Number(flag("--series", "24"));
  const scrape = Number(flag("--scrape", "60"));
  const samplesWanted = Number(flag("--samples", "12"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ko-bench-rules-"));

  const s = benchService(benchStack({ thresholdAlerts: false }));
  const oursGroups: RuleGroup[] = sloRuleGroups(s);
  const oursAvailability = oursGroups.filter((g) => g.name.endsWith(".requests-availability"));
  const peer = yaml.load(fs.readFileSync(peerFile, "utf8")) as { groups: PeerGroup[] };

  console.log("Rules per SLO (availability SLO of the same service):");
  for (const [name, groups] of [
    ["ours", oursAvailability],
    ["peer", peer.groups],
  ] as const) {
    const c = countRules(groups);
    // Every recording rule aggregates to one series per SLO; alerts add ALERTS series only while firing.
    console.log(`  ${name.padEnd(5)} ${c.recording} recording rules (${c.recording} output series), ${c.alerting} alerting rules, ${groups.length} group(s)`);
  }
  const latency = oursGroups.find((g) => g.name.endsWith(".requests-latency"));
  if (latency) console.log(`  ours latency SLO: ${latency.rules.filter((r) => !isAlertingRule(r)).length} recording rules`);

  const recorded = oursAvailability[0]?.rules.find((r) => !isAlertingRule(r) && r.labels !== undefined);
  const sloLabels = { ...((recorded && !isAlertingRule(recorded) ? recorded.labels : {}) ?? {}) };
  const slothRule = peer.groups[0]?.rules[0];
  const slothLabels = Object.fromEntries(Object.entries(slothRule?.labels ?? {}).filter(([k]) => k !== "__name__"));

  const now = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
  const om = path.join(dir, "data.om");
  let t0 = Date.now();
  const lines = await writeOpenMetrics(om, { series: seriesCount, scrape, now, sloLabels, slothLabels });
  console.log(`\nData: ${seriesCount} raw series × 2 metrics every ${scrape}s for ${PERIOD_DAYS}d, plus 3 recorded 5m series every 30s: ${lines} samples (${((Date.now() - t0) / 1000).toFixed(0)}s to write).`);
  const tsdb = path.join(dir, "tsdb");
  t0 = Date.now();
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=240h", om, tsdb], { maxBuffer: 64 << 20, timeout: 3_600_000 });
  fs.rmSync(om);
  console.log(`Backfill: ${((Date.now() - t0) / 1000).toFixed(0)}s.`);

  fs.writeFileSync(path.join(dir, "ours.yaml"), toYaml({ groups: oursAvailability }));
  fs.copyFileSync(peerFile, path.join(dir, "peer.yaml"));
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
    const ours = oursAvailability.map((g) => median(samples.get(g.name) ?? [0])).reduce((a, b) => a + b, 0);
    const theirs = peer.groups.map((g) => median(samples.get(g.name) ?? [0])).reduce((a, b) => a + b, 0);
    console.log(`\nRule-group evaluation time (median of ${taken} evaluations, prometheus_rule_group_last_duration_seconds):`);
    for (const g of [...oursAvailability.map((x) => x.name), ...peer.groups.map((x) => x.name)]) {
      console.log(`  ${g.padEnd(60)} ${(median(samples.get(g) ?? [0]) * 1000).toFixed(2)} ms`);
    }
    console.log(`  ours total ${(ours * 1000).toFixed(2)} ms, peer total ${(theirs * 1000).toFixed(2)} ms, ratio ours/peer = ${(ours / theirs).toFixed(3)} (1/${(theirs / ours).toFixed(1)})`);
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
