/**
 * Alert-quality benchmark: the same traffic scenarios through (a) our SLO rules, (b) the seed's
 * threshold alerts and (c) a peer rule file (Sloth's generated example by default), all in
 * `promtool test rules` with the same input series. Prints detection time, reset time and pages.
 *
 *   npm run bench:alerts [-- --peer <rules.yml> --peer-page '<matchers>']
 *
 * promtool only reports failures, so each run asks for impossible values and reads the "got" lines.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { naming } from "../config";
import { toYaml } from "../render";
import { optionsOrExit } from "../scripts/args";
import { recordingRules, alertingRules, sloRuleGroups, type RuleGroup } from "../rules";
import { steady, type Traffic } from "../rules/slo/scenarios";
import { benchSeries, benchService, benchStack } from "./slo-bench-service";

const run = promisify(execFile);
const EVAL_SECONDS = 30;

interface Scenario {
  readonly name: string;
  readonly traffic: Traffic;
  /** Minute the incident starts and ends (ends = end of traffic when it never recovers). */
  readonly start: number;
  readonly end: number;
}

const R = 600; // requests per minute
const HISTORY = 360; // six clean hours, so every page window is full of normal traffic
const SCENARIOS: Scenario[] = [
  { name: "total outage", traffic: { segments: [steady(HISTORY, R), steady(30, R, 1)] }, start: HISTORY, end: HISTORY + 30 },
  { name: "10x burn (1% errors)", traffic: { segments: [steady(HISTORY, R), steady(360, R, 0.01)] }, start: HISTORY, end: HISTORY + 360 },
  { name: "2x burn (0.2% errors)", traffic: { segments: [steady(HISTORY, R), steady(720, R, 0.002)] }, start: HISTORY, end: HISTORY + 720 },
  {
    name: "2% blip for 10m",
    traffic: { segments: [steady(HISTORY, R), steady(10, R, 0.02), steady(60, R)] },
    start: HISTORY,
    end: HISTORY + 10,
  },
  {
    name: "1 failure at 1 req/min",
    traffic: { segments: [steady(HISTORY, 1), steady(1, 1, 1), steady(119, 1)] },
    start: HISTORY,
    end: HISTORY + 1,
  },
  {
    name: "latency regression (20% > 500ms, 1h)",
    traffic: { segments: [steady(HISTORY, R), steady(60, R, 0, 0.2), steady(60, R)] },
    start: HISTORY,
    end: HISTORY + 60,
  },
  {
    name: "recovery after 10m outage",
    traffic: { segments: [steady(HISTORY, R), steady(10, R, 1), steady(60, R)] },
    start: HISTORY,
    end: HISTORY + 10,
  },
];

interface RuleSet {
  readonly name: string;
  readonly ruleFile: string;
  /** Matchers of the alerts that page, the fastest page, and tickets (none when the set has no tickets). */
  readonly page: string;
  readonly fastPage: string;
  readonly ticket: string | undefined;
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

function metrics(sel: string, end: string): { key: string; expr: string }[] {
  const firing = naming.firingAlerts([], [sel]);
  const range = `[${end}:${EVAL_SECONDS}s]`;
  return [
    { key: "first", expr: `min(min_over_time(timestamp(${firing})${range}))` },
    { key: "last", expr: `max(max_over_time(timestamp(${firing})${range}))` },
    // An episode starts where an alert fires now and did not one evaluation earlier.
    { key: "episodes", expr: `sum(count_over_time((${firing} unless ${firing} offset ${EVAL_SECONDS}s)${range}))` },
  ];
}

interface Measured {
  readonly page: Record<string, number | undefined>;
  readonly fastPage: Record<string, number | undefined>;
  readonly ticket: Record<string, number | undefined> | undefined;
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
  const end = `${minutes}m`;
  const selectors = [set.page, set.fastPage, ...(set.ticket !== undefined ? [set.ticket] : [])];
  const queries = selectors.flatMap((sel) => metrics(sel, end));
  const file = path.join(dir, `${set.name}-${sc.name.replace(/[^a-z0-9]+/gi, "-")}.yaml`);
  const test = {
    rule_files: [set.ruleFile],
    evaluation_interval: `${EVAL_SECONDS}s`,
    tests: [
      {
        interval: `${EVAL_SECONDS}s`,
        input_series: benchSeries(s, sc.traffic, EVAL_SECONDS),
        promql_expr_test: queries.map((q) => ({ expr: q.expr, eval_time: end, exp_samples: [{ labels: "{}", value: -1 }] })),
      },
    ],
  };
  fs.writeFileSync(file, toYaml(test));
  let output: string;
  try {
    const r = await run("promtool", ["test", "rules", file], { maxBuffer: 64 << 20, timeout: 1_800_000 });
    output = r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
  const got = parseGot(output);
  if (got.length !== queries.length)
    throw new Error(`promtool gave ${got.length} answers for ${queries.length} queries on ${file}:\n${output.slice(0, 2000)}`);
  const pick = (i: number): Record<string, number | undefined> => ({ first: got[i * 3], last: got[i * 3 + 1], episodes: got[i * 3 + 2] });
  return { page: pick(0), fastPage: pick(1), ticket: set.ticket !== undefined ? pick(2) : undefined };
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
  const ours = benchService(benchStack({ thresholdAlerts: false }));
  const seed = benchService(benchStack({ thresholdAlerts: true }));
  const write = (name: string, groups: RuleGroup[]): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, toYaml({ groups }));
    return f;
  };
  const sets: RuleSet[] = [
    {
      name: "ours",
      ruleFile: write("ours.yaml", sloRuleGroups(ours)),
      page: 'alertname="SLOErrorBudgetBurn",severity="page"',
      fastPage: 'alertname="SLOErrorBudgetBurn",slo_tier="page-1h"',
      ticket: 'alertname="SLOErrorBudgetBurn",severity="ticket"',
    },
    {
      // The seed pages on the error ratio; its latency alert is a warning, counted here as a page so it is compared at all.
      name: "seed-threshold",
      ruleFile: write("seed.yaml", [
        { name: "seed.recording", rules: recordingRules(seed) },
        { name: "seed.alerts", rules: alertingRules(seed) },
      ]),
      page: 'alertname=~"ServiceErrorRatioHigh|ServiceLatencyHigh"',
      fastPage: 'alertname=~"ServiceErrorRatioHigh|ServiceLatencyHigh"',
      ticket: undefined,
    },
    { name: "peer", ruleFile: peer, page: peerPage, fastPage: peerPage, ticket: peerTicket },
  ];
  const jobs = SCENARIOS.flatMap((sc) => sets.map((set) => async () => ({ sc, set, m: await measure(set, sc, dir) })));
  const started = process.hrtime.bigint();
  const results = await pool(jobs, Math.max(1, Math.min(2, os.cpus().length)));
  const wall = Number(process.hrtime.bigint() - started) / 1e9;

  console.log(
    `Alert quality, promtool ${EVAL_SECONDS}s evaluation, ${EVAL_SECONDS}s samples, ${HISTORY / 60}h of clean history before each incident.`,
  );
  console.log(`peer: ${peer} (pages: {${peerPage}})`);
  console.log(
    "detect = first page after the incident starts; reset = page gone after the incident ends; pages/tickets = alert episodes.\n",
  );
  const header = ["scenario", "rules", "detect", "fast reset", "all-page reset", "pages", "tickets (first)"];
  const rows: string[][] = [header];
  for (const { sc, set, m } of results) {
    const startS = sc.start * 60;
    const endS = sc.end * 60;
    const reset = (x: Record<string, number | undefined>): string =>
      x.last === undefined
        ? "-"
        : x.last + EVAL_SECONDS >= sc.traffic.segments.reduce((n, g) => n + g.minutes, 0) * 60
          ? "still firing"
          : fmt(x.last + EVAL_SECONDS - endS);
    rows.push([
      sc.name,
      set.name,
      m.page.first === undefined ? "no page" : fmt(m.page.first - startS),
      reset(m.fastPage),
      reset(m.page),
      String(m.page.episodes ?? 0),
      m.ticket === undefined
        ? "n/a"
        : `${m.ticket.episodes ?? 0}${m.ticket.first !== undefined ? ` (${fmt(m.ticket.first - startS)})` : ""}`,
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
