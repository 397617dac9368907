/**
 * promtool unit tests generated per SLO. Each scenario is a test group with its own input series;
 * every claim's time comes from the burn-rate model (scenarios.ts), never from running the rules.
 * `promtool test rules <out>/prometheus/tests/*.yaml` runs them against the rendered rule files.
 */
import { naming, re2Matcher, type PlatformConfig, type ServiceConfig, type SloConfig } from "../../config";
import { matcher, selector } from "../promql";
import { sloAlertingRules } from "./alerts";
import { num, sloMatchers, sloSeriesLabels } from "./recording";
import {
  earliestPossible,
  eventsBetween,
  expectedFiring,
  NEVER_MARGIN,
  sloScenarios,
  tier,
  tierPeak,
  trafficMinutes,
  type Traffic,
} from "./scenarios";
import { leSpellings } from "./sli";
import { BURN_TIERS, budgetRatio, seconds, type BurnTier } from "./windows";

/** Input series resolution of the generated tests. */
export const TEST_SCRAPE_MINUTES = 1;

interface PromqlTest {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: readonly { labels: string; value: number }[];
}
interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
export interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly { series: string; values: string }[];
  readonly promql_expr_test?: readonly PromqlTest[];
  readonly alert_rule_test?: readonly AlertTest[];
}
export interface PromtoolTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly TestGroup[];
}

/** `m` minutes as a promtool duration (`90m`, `90m30s`). */
function at(minutes: number): string {
  const s = Math.round(minutes * 60);
  return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${s % 60}s`;
}

/** A cumulative counter in promtool's expanding notation, one value per minute from 0. */
export function counterValues(perMinute: readonly { minutes: number; increment: number }[]): string {
  const parts = ["0"];
  let v = 0;
  for (const seg of perMinute) {
    if (seg.minutes <= 0) continue;
    parts.push(`${num(v + seg.increment)}+${num(seg.increment)}x${seg.minutes - 1}`);
    v += seg.increment * seg.minutes;
  }
  return parts.join(" ");
}

const statusPairs = new Map<string, { bad: string; good: string }>();

/** A status the regex counts as bad and one it does not, preferring 500 and 200. */
export function statusPair(regex: string): { bad: string; good: string } {
  const known = statusPairs.get(regex);
  if (known !== undefined) return known;
  const pair = findStatusPair(regex);
  if (statusPairs.size < 1000) statusPairs.set(regex, pair);
  return pair;
}

function findStatusPair(regex: string): { bad: string; good: string } {
  // RE2 as Prometheus compiles it; the spec has checked that it matches some statuses and not all.
  // Codes first; then the class and Micrometer outcome spellings, for the other status conventions.
  const codes = ["500", "200", ...Array.from({ length: 500 }, (_, i) => String(100 + i)), "5xx", "2xx", "SERVER_ERROR", "SUCCESS"];
  const matches = re2Matcher(regex);
  const bad = codes.find(matches);
  const good = codes.find((c) => !matches(c));
  if (bad === undefined || good === undefined) throw new Error(`status regex ${regex} matches every status or none`);
  return { bad, good };
}

/** Raw input series of one SLO's SLI for a traffic. */
const countersByTraffic = new WeakMap<Traffic, Map<string, string>>();

export function sliInputSeries(s: ServiceConfig, slo: SloConfig, traffic: Traffic): { series: string; values: string }[] {
  const sel = naming.serviceMatchers(s);
  let counters = countersByTraffic.get(traffic);
  if (counters === undefined) {
    counters = new Map();
    countersByTraffic.set(traffic, counters);
  }
  const cache = counters;
  // The same traffic gives the same counter text for every service: spelled once per share.
  const count = (share: (seg: Traffic["segments"][number]) => number): string => {
    const increments = traffic.segments.map((seg) => ({ minutes: seg.minutes, increment: seg.perMinute * share(seg) }));
    const key = increments.map((x) => `${x.minutes}:${x.increment}`).join(",");
    let text = cache.get(key);
    if (text === undefined) {
      text = counterValues(increments);
      cache.set(key, text);
    }
    return text;
  };
  if (slo.kind === "availability") {
    const req = s.http.requests;
    const { bad, good } = statusPair(slo.errorStatusRegex ?? req.errorStatusRegex);
    return [
      { series: selector(req.metric, sel, matcher(req.statusLabel, "=", good)), values: count((g) => 1 - g.errorRatio) },
      { series: selector(req.metric, sel, matcher(req.statusLabel, "=", bad)), values: count((g) => g.errorRatio) },
    ];
  }
  const h = s.http.duration.metric;
  const le = leSpellings(slo.latencyThreshold ?? 0)[0] ?? "";
  return [
    { series: selector(`${h}_bucket`, sel, matcher(naming.label.le, "=", le)), values: count((g) => 1 - g.slowRatio) },
    { series: selector(`${h}_count`, sel), values: count(() => 1) },
  ];
}

function alertsOf(s: ServiceConfig, slo: SloConfig, extra: string): string {
  return naming.firingAlerts([naming.serviceMatchers(s), matcher(naming.slo.label, "=", slo.name)], [extra]);
}
const tierMatcher = (t: BurnTier): string => matcher(naming.slo.tierLabel, "=", t.name);
const burning = matcher("alertname", "=", naming.slo.burnAlert);

/** Claims about one tier in one scenario, from the model. */
function tierClaims(s: ServiceConfig, slo: SloConfig, traffic: Traffic, t: BurnTier, from: number, evalMinutes: number): PromqlTest[] {
  const end = trafficMinutes(traffic);
  const firing = `count(${alertsOf(s, slo, `${burning},${tierMatcher(t)}`)})`;
  const expected = expectedFiring(traffic, slo, t, { from, evalMinutes, scrapeMinutes: TEST_SCRAPE_MINUTES });
  if (expected !== undefined) {
    const out: PromqlTest[] = [{ expr: firing, eval_time: at(expected + evalMinutes), exp_samples: [{ labels: "{}", value: 1 }] }];
    const earliest = earliestPossible(traffic, slo, t, { from, evalMinutes });
    // Not before the formulas allow, with one scrape and one evaluation of slack.
    if (earliest !== undefined && earliest - TEST_SCRAPE_MINUTES - evalMinutes > from) {
      out.push({ expr: firing, eval_time: at(earliest - TEST_SCRAPE_MINUTES - evalMinutes), exp_samples: [] });
    }
    return out;
  }
  if (tierPeak(traffic, slo, t) < NEVER_MARGIN) {
    return [
      {
        expr: `count(max_over_time(${alertsOf(s, slo, `${burning},${tierMatcher(t)}`)}[${at(end)}]))`,
        eval_time: at(end),
        exp_samples: [],
      },
    ];
  }
  return []; // Too close to the threshold for the model to promise either way.
}

function scenarioGroup(name: string, s: ServiceConfig, slo: SloConfig, traffic: Traffic, tests: PromqlTest[]): TestGroup {
  return { name, interval: `${TEST_SCRAPE_MINUTES}m`, input_series: sliInputSeries(s, slo, traffic), promql_expr_test: tests };
}

function expand(text: string, s: ServiceConfig): string {
  return text.replace(/\{\{ \$labels\.job \}\}/g, s.name).replace(/\{\{ \$labels\.namespace \}\}/g, s.namespace);
}

/** The promtool test file of one SLO: the scenarios of the issue, each claim timed by the model. */
export function sloTestFile(platform: PlatformConfig, s: ServiceConfig, slo: SloConfig): PromtoolTestFile {
  const evalMinutes = platform.prometheus.evaluationInterval.seconds / 60;
  const sc = sloScenarios(slo);
  const groups: TestGroup[] = [];
  const fast = tier("page-1h");

  // Total outage: the fast page fires by the predicted time, and resets within its short window
  // plus one evaluation after recovery; after recovery no page tier starts firing, and once the fast
  // page has reset no page tier fires at all (Alertmanager's inhibition of the slower tiers ends
  // with the fast page, so any page tier firing then would page again after recovery).
  {
    const { traffic, start, end } = sc.outage;
    const tests = tierClaims(s, slo, traffic, fast, start, evalMinutes);
    const firing = `count(${alertsOf(s, slo, `${burning},${tierMatcher(fast)}`)})`;
    if (tests.length > 0 && tests[0]?.exp_samples.length === 1) {
      const reset = end + seconds(fast.short) / 60 + evalMinutes;
      const last = trafficMinutes(traffic);
      const pages = alertsOf(s, slo, `${burning},${matcher(naming.label.severity, "=", "page")}`);
      const step = platform.prometheus.evaluationInterval.text;
      tests.push({ expr: firing, eval_time: at(end), exp_samples: [{ labels: "{}", value: 1 }] });
      tests.push({ expr: firing, eval_time: at(reset), exp_samples: [] });
      tests.push({
        expr: `count(sum_over_time((${pages} unless ${pages} offset ${step})[${at(last - end)}:${step}]))`,
        eval_time: at(last),
        exp_samples: [],
      });
      tests.push({ expr: `count(max_over_time(${pages}[${at(last - reset)}]))`, eval_time: at(last), exp_samples: [] });
    }
    groups.push(
      scenarioGroup(
        "total outage: the fast page fires by the predicted time, resets after recovery, and no page tier fires after it",
        s,
        slo,
        traffic,
        tests,
      ),
    );
  }
  // 10× burn: the 6h page tier fires by the predicted time; the fast tier stays quiet.
  {
    const { traffic, start } = sc.burn10;
    const tests = [
      ...tierClaims(s, slo, traffic, tier("page-6h"), start, evalMinutes),
      ...tierClaims(s, slo, traffic, fast, start, evalMinutes),
    ];
    groups.push(scenarioGroup("10x burn: the 6h page tier fires by the predicted time", s, slo, traffic, tests));
  }
  // Slow 2× burn: a ticket, never a page.
  {
    const { traffic, start } = sc.burn2;
    const tests = [
      ...tierClaims(s, slo, traffic, tier("ticket-3d"), start, evalMinutes),
      ...BURN_TIERS.filter((t) => t.severity === "page").flatMap((t) => tierClaims(s, slo, traffic, t, start, evalMinutes)),
    ];
    groups.push(scenarioGroup("2x burn: a ticket, never a page", s, slo, traffic, tests));
  }
  // A 10-minute blip at 2% bad: no page (when the objective makes 2% a small burn).
  {
    const { traffic, start } = sc.blip;
    const tests = BURN_TIERS.filter((t) => t.severity === "page").flatMap((t) => tierClaims(s, slo, traffic, t, start, evalMinutes));
    groups.push(scenarioGroup("10-minute blip at 2%: no page", s, slo, traffic, tests));
  }
  // Zero traffic: no alert of this SLO at all (no NaN, no absent alert).
  {
    const { traffic } = sc.zero;
    const end = trafficMinutes(traffic);
    groups.push(
      scenarioGroup("zero traffic: nothing fires", s, slo, traffic, [
        { expr: `count(max_over_time(${alertsOf(s, slo, "")}[${at(end)}]))`, eval_time: at(end), exp_samples: [] },
      ]),
    );
  }
  // Absent series: the absent alert fires after its `for`, with its labels and annotations.
  {
    const absentRules = s.slos.flatMap((o) => sloAlertingRules(s, o).filter((r) => r.alert === naming.slo.absentAlert));
    const forMinutes = seconds(absentRules[0]?.for ?? "10m") / 60;
    const absentFiring = `count(${alertsOf(s, slo, matcher("alertname", "=", naming.slo.absentAlert))})`;
    groups.push({
      name: "absent series: the absent alert fires",
      interval: `${TEST_SCRAPE_MINUTES}m`,
      input_series: [{ series: selector("up", naming.serviceMatchers(s)), values: `1+0x${forMinutes + 5}` }],
      promql_expr_test: [
        { expr: absentFiring, eval_time: at(forMinutes - 1), exp_samples: [] },
        { expr: absentFiring, eval_time: at(forMinutes + 1), exp_samples: [{ labels: "{}", value: 1 }] },
      ],
      // Every SLO of the service measures absent series here, so every absent alert of the service fires.
      alert_rule_test: [
        {
          eval_time: at(forMinutes + 1),
          alertname: naming.slo.absentAlert,
          exp_alerts: absentRules.map((r) => ({
            exp_labels: { ...r.labels, [naming.label.job]: s.name, [naming.label.namespace]: s.namespace },
            exp_annotations: Object.fromEntries(Object.entries(r.annotations).map(([k, v]) => [k, expand(v, s)])),
          })),
        },
      ],
    });
  }
  // Uneven traffic: the recorded long window is the traffic-weighted ratio; an average of ratios is far off.
  {
    const { traffic, window } = sc.uneven;
    const end = trafficMinutes(traffic);
    const { bad, total } = eventsBetween(traffic, slo.kind, end - seconds(window) / 60, end);
    const exact = num(bad / total);
    const m = sloMatchers(s, slo);
    const labels = `{${Object.entries(sloSeriesLabels(s, slo))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(", ")}}`;
    const one = [{ labels, value: 1 }];
    groups.push(
      scenarioGroup(`uneven traffic: the ${window} ratio is within 1% of the exact ratio, an average of ratios is not`, s, slo, traffic, [
        {
          expr: `abs(${selector(naming.slo.record.errorRatio(window), m)} / ${exact} - 1) < bool 0.01`,
          eval_time: at(end),
          exp_samples: one,
        },
        {
          expr: `abs((1 - ${selector(naming.slo.record.budgetRemaining, m)}) * ${num(budgetRatio(slo.objective))} / ${exact} - 1) < bool 0.01`,
          eval_time: at(end),
          exp_samples: one,
        },
        {
          expr: `abs(avg_over_time(${selector(naming.slo.record.errorRatio("5m"), m)}[${window}]) / ${exact} - 1) > bool 0.5`,
          eval_time: at(end),
          exp_samples: one,
        },
      ]),
    );
  }
  return {
    rule_files: [`../rules/${naming.ruleFileName(s)}`],
    evaluation_interval: platform.prometheus.evaluationInterval.text,
    tests: groups,
  };
}

/** Path of an SLO's test file under the output directory. */
export function sloTestPath(s: ServiceConfig, slo: SloConfig): string {
  return `prometheus/tests/${naming.sloTestFileName(s.name, slo.name)}`;
}
