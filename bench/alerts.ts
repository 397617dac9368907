/**
 * Alert-quality benchmark: the same traffic scenarios through (a) our whole rule file of the service
 * (golden-signal recording rules, threshold alerts gated on the SLO budget, SLO tiers with their
 * holds), (b) the seed's rules (threshold alerts as configured, no SLO) and (c) a peer rule file
 * (Sloth's generated example by default), all in `promtool test rules` with the same input series.
 * Prints, side by side: first page after the incident starts, when the last page resolved after it
 * ended, page notifications and ticket notifications (episodes of the alerts Alertmanager would
 * deliver, its inhibitions applied to ours and the seed's).
 *
 *   npm run bench:alerts [-- --peer <rules.yml> --peer-page '<matchers>' --peer-ticket '<matchers>']
 *
 * promtool only reports failures, so each run asks for impossible values and reads the "got" lines.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { naming, Severity } from "../config";
import { toYaml } from "../render";
import { optionsOrExit } from "../scripts/args";
import { serviceRuleGroups, type RuleGroup } from "../rules";
import { steady, type Segment, type Traffic } from "../rules/slo/scenarios";
import { deliveredAlerts } from "../rules/slo/tests";
import { benchSeries, benchService, benchStack } from "./slo-bench-service";

const run = promisify(execFile);
const EVAL_SECONDS = 30;
const STEP = `${EVAL_SECONDS}s`;

interface Scenario {
  readonly name: string;
  readonly traffic: Traffic;
  /** Minute the incident starts and ends (ends = end of traffic when it never recovers). */
  readonly start: number;
  readonly end: number;
}

const R = 600; // requests per minute
const HISTORY = 360; // six clean hours, so every page window is full of normal traffic

/** Clean history, then the incident's segments, then `after` clean minutes. */
function scenario(
  name: string,
  incident: Segment[],
  after: number,
  opts: { history?: number; rate?: number; pods?: number } = {},
): Scenario {
  const history = opts.history ?? HISTORY;
  const rate = opts.rate ?? R;
  const minutes = incident.reduce((n, g) => n + g.minutes, 0);
  const segments = [steady(history, rate), ...incident, ...(after > 0 ? [steady(after, rate)] : [])];
  return { name, traffic: opts.pods === undefined ? { segments } : { segments, pods: opts.pods }, start: history, end: history + minutes };
}

const flapping = Array.from({ length: 8 }, () => [steady(5, R, 0.2), steady(10, R)]).flat();
const SCENARIOS: Scenario[] = [
  scenario("total outage 30m", [steady(30, R, 1)], 30),
  scenario("crash-looping pods, outage 30m (3 pods, restart every 3m)", [{ ...steady(30, R, 1), restartEvery: 3 }], 30, { pods: 3 }),
  scenario("2% blip for 10m", [steady(10, R, 0.02)], 60),
  scenario("bad deploy: 5% for 3m", [steady(3, R, 0.05)], 60),
  scenario("flapping: 20% 5m on / 10m off, 2h", flapping.slice(0, -1), 40),
  scenario("young service (6h): 30s of total errors", [steady(1, R, 0.5)], 60),
  scenario("low traffic (10/min): outage 30m", [steady(30, 10, 1)], 30, { rate: 10 }),
  scenario("trickle (1/min): outage 30m", [steady(30, 1, 1)], 30, { rate: 1 }),
  scenario("1 failure at 1 req/min", [steady(1, 1, 1)], 119, { rate: 1 }),
  scenario("latency regression (20% > 500ms, 1h)", [steady(60, R, 0, 0.2)], 60),
  scenario("10x burn (1% errors), 6h", [steady(360, R, 0.01)], 0),
  scenario("slow burn over a day (5x, 0.5% errors)", [steady(1440, R, 0.005)], 0),
  scenario("2x burn (0.2% errors), 48h", [steady(2880, R, 0.002)], 0),
];

interface RuleSet {
  readonly name: string;
  readonly ruleFile: string;
  /** Alerts delivered to the pager, and to the ticket queue, as an instant vector; `offset` shifts every selector. */
  readonly page: (offset: string) => string;
  readonly ticket: (offset: string) => string;
}

const USAGE = "usage: npm run bench:alerts -- [--peer <rules.yml>] [--peer-page '<matchers>'] [--peer-ticket '<matchers>']";

function args(): { peer: string; peerPage: string; peerTicket: string } {
  const v = optionsOrExit("bench:alerts", USAGE, process.argv.slice(2), {
    peer: { type: "string" },
    "peer-page": { type: "string" },
    "peer-ticket": { type: "string" },
  });
  return {
    peer: v.peer ?? path.resolve(__dirname, "..", "..", "shared", "reference", "sloth", "getting-started.generated.yml"),
    peerPage: v["peer-page"] ?? 'sloth_severity="page"',
    peerTicket: v["peer-ticket"] ?? 'sloth_severity="ticket"',
  };
}

/** Steps one query may span: promtool's engine loads at most 10,000 samples per query. */
const CHUNK_MINUTES = (480 * EVAL_SECONDS) / 60;

function metrics(delivered: (offset: string) => string, rangeSeconds: number): { key: string; expr: string }[] {
  const range = `[${rangeSeconds}s:${STEP}]`;
  const now = delivered("");
  return [
    { key: "first", expr: `min(min_over_time(timestamp(${now})${range}))` },
    { key: "last", expr: `max(max_over_time(timestamp(${now})${range}))` },
    // A notification goes out where an alert is delivered now and was not one evaluation earlier.
    { key: "episodes", expr: `sum(sum_over_time(((${now}) unless (${delivered(` offset ${STEP}`)}))${range}))` },
  ];
}

type Figures = Record<"first" | "last" | "episodes", number | undefined>;

interface Measured {
  readonly page: Figures;
  readonly ticket: Figures;
}

/** Parses promtool's failure report: one `got:` line per query, in order; `nil` when empty. */
function parseGot(output: string): (number | undefined)[] {
  return [...output.matchAll(/got: (.*)/g)].map((m) => {
    const v = /\{\} (\S+)/.exec(m[1] ?? "");
    return v ? Number(v[1]) : undefined;
  });
}

async function measure(set: RuleSet, sc: Scenario, dir: string): Promise<Measured> {
  const s = benchService(benchStack({ thresholdAlerts: true }));
  const minutes = sc.traffic.segments.reduce((n, g) => n + g.minutes, 0);
  // Stretches of CHUNK_MINUTES, each one step short of its left end so that none overlaps the next.
  const chunks: { to: number; seconds: number }[] = [];
  for (let to = minutes; to > 0; to -= CHUNK_MINUTES)
    chunks.push({ to, seconds: (to - Math.max(0, to - CHUNK_MINUTES)) * 60 - EVAL_SECONDS });
  const queries = chunks.flatMap((c) =>
    [...metrics(set.page, c.seconds), ...metrics(set.ticket, c.seconds)].map((q) => ({ ...q, at: `${c.to}m` })),
  );
  const file = path.join(dir, `${set.name}-${sc.name.replace(/[^a-z0-9]+/gi, "-")}.yaml`);
  const test = {
    rule_files: [set.ruleFile],
    evaluation_interval: STEP,
    tests: [
      {
        interval: STEP,
        input_series: benchSeries(s, sc.traffic, EVAL_SECONDS),
        promql_expr_test: queries.map((q) => ({ expr: q.expr, eval_time: q.at, exp_samples: [{ labels: "{}", value: -1 }] })),
      },
    ],
  };
  fs.writeFileSync(file, toYaml(test));
  let output: string;
  try {
    const r = await run("promtool", ["test", "rules", file], { maxBuffer: 64 << 20, timeout: 3_600_000 });
    output = r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
  const got = parseGot(output);
  if (got.length !== queries.length)
    throw new Error(`promtool gave ${got.length} answers for ${queries.length} queries on ${file}:\n${output.slice(0, 2000)}`);
  // Per chunk: page first, last, episodes, then ticket first, last, episodes.
  const pick = (offset: number): Figures => {
    const per = chunks.map((_, k) => got.slice(k * 6 + offset, k * 6 + offset + 3));
    const defined = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => x !== undefined);
    const firsts = defined(per.map((x) => x[0]));
    const lasts = defined(per.map((x) => x[1]));
    const eps = defined(per.map((x) => x[2]));
    return {
      first: firsts.length ? Math.min(...firsts) : undefined,
      last: lasts.length ? Math.max(...lasts) : undefined,
      episodes: eps.length ? eps.reduce((a, b) => a + b, 0) : undefined,
    };
  };
  return { page: pick(0), ticket: pick(3) };
}

function fmt(seconds: number | undefined): string {
  if (seconds === undefined) return "-";
  const sign = seconds < 0 ? "-" : "";
  const a = Math.abs(seconds);
  return a < 3600 ? `${sign}${Math.floor(a / 60)}m${String(Math.round(a % 60)).padStart(2, "0")}s` : `${sign}${(a / 3600).toFixed(2)}h`;
}

async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

async function main(): Promise<void> {
  const { peer, peerPage, peerTicket } = args();
  if (!fs.existsSync(peer)) throw new Error(`peer rule file ${peer} does not exist; pass one with --peer <file>`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ko-bench-alerts-"));
  const ours = benchService(benchStack({ thresholdAlerts: true }));
  const seed = benchService(benchStack({ thresholdAlerts: true, slos: false }));
  const write = (name: string, groups: readonly RuleGroup[]): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, toYaml({ groups }));
    return f;
  };
  const peerAlerts = (matchers: string) => (offset: string) => `${naming.firingAlerts([], [matchers])}${offset}`;
  const sets: RuleSet[] = [
    {
      name: "ours",
      ruleFile: write("ours.yaml", serviceRuleGroups(ours)),
      page: (o) => deliveredAlerts(ours, Severity.page, o),
      ticket: (o) => deliveredAlerts(ours, Severity.ticket, o),
    },
    {
      // The seed: threshold alerts as configured (error ratio pages; the latency alert is a warning, not counted).
      name: "seed",
      ruleFile: write("seed.yaml", serviceRuleGroups(seed)),
      page: (o) => deliveredAlerts(seed, Severity.page, o),
      ticket: (o) => deliveredAlerts(seed, Severity.ticket, o),
    },
    { name: "sloth", ruleFile: peer, page: peerAlerts(peerPage), ticket: peerAlerts(peerTicket) },
  ];
  const jobs = SCENARIOS.flatMap((sc) => sets.map((set) => async () => ({ sc, set, m: await measure(set, sc, dir) })));
  const started = process.hrtime.bigint();
  const results = await pool(jobs, Math.max(1, Math.min(2, os.cpus().length)));
  const wall = Number(process.hrtime.bigint() - started) / 1e9;

  console.log(
    `Alert quality, promtool ${EVAL_SECONDS}s evaluation, ${EVAL_SECONDS}s samples, ${HISTORY / 60}h of clean history before each incident unless named.`,
  );
  console.log(`peer: ${peer} (pages: {${peerPage}}, tickets: {${peerTicket}})`);
  console.log(
    "page at = first page after the incident starts; resolved = last page gone, after the incident ends; pages/tickets = notifications (alert episodes Alertmanager delivers).\n",
  );
  const header = ["scenario", "rules", "page at", "resolved", "pages", "tickets (first at)"];
  const rows: string[][] = [header];
  for (const { sc, set, m } of results) {
    const startS = sc.start * 60;
    const endS = sc.end * 60;
    const totalS = sc.traffic.segments.reduce((n, g) => n + g.minutes, 0) * 60;
    const resolved =
      m.page.last === undefined ? "-" : m.page.last + EVAL_SECONDS >= totalS ? "still firing" : fmt(m.page.last + EVAL_SECONDS - endS);
    rows.push([
      sc.name,
      set.name,
      m.page.first === undefined ? "no page" : fmt(m.page.first - startS),
      resolved,
      String(m.page.episodes ?? 0),
      `${m.ticket.episodes ?? 0}${m.ticket.first !== undefined ? ` (${fmt(m.ticket.first - startS)})` : ""}`,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
  console.log(`\n${results.length} promtool runs in ${wall.toFixed(0)}s; files in ${dir}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
