/**
 * The service both SLO benchmarks measure, spelled so that our rules, the seed's threshold alerts and
 * Sloth's getting-started example read the same series: job `myservice`, status label `code`,
 * `http_request_duration_seconds` histogram (whose `_count` Sloth's example reads).
 */
import { parseStack, type ServiceConfig, type StackConfig } from "../config";
import { counterValues } from "../rules/slo/tests";
import type { Traffic } from "../rules/slo/scenarios";

export const BENCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Fast requests take under this bound; slow ones fall between the latency threshold and the next bucket. */
const FAST_BOUND = 0.1;
const SLOW_BOUND = 1;

/** The bench stack; `slos: false` gives the seed's service, threshold alerts only and ungated. Defaults to SLOs on. */
export function benchStack(opts: { thresholdAlerts: boolean; slos?: boolean }): StackConfig {
  return parseStack({
    stack: "bench",
    config: {
      platform: {
        prometheus: { retention: "35d", scrapeInterval: "30s", evaluationInterval: "30s" },
        runbookBaseUrl: "https://runbooks.example.com",
      },
      // Routing is required of every stack; the benchmarks only read the rules.
      alerting: {
        allowNoHeartbeat: "benchmark stack, never deployed",
        defaultTeam: "myteam",
        teams: { myteam: { chat: { type: "webhook" } } },
      },
      services: [
        {
          name: "myservice",
          namespace: "default",
          team: "myteam",
          selector: { app: "myservice" },
          metrics: { port: "metrics", interval: "30s" },
          http: {
            requests: { metric: "http_requests_total", statusLabel: "code" },
            duration: { metric: "http_request_duration_seconds", buckets: BENCH_BUCKETS },
          },
          alerts: { target: { enabled: false }, errorRatio: { enabled: opts.thresholdAlerts }, latency: { enabled: opts.thresholdAlerts } },
          slos:
            opts.slos === false
              ? []
              : [
                  { name: "requests-availability", kind: "availability", objective: 99.9 },
                  { name: "requests-latency", kind: "latency", objective: 99, threshold: 0.5 },
                ],
        },
      ],
    },
  });
}

export function benchService(stack: StackConfig): ServiceConfig {
  const s = stack.services[0];
  if (!s) throw new Error("bench stack has no service");
  return s;
}

/**
 * Every raw series of a traffic at one sample per `stepSeconds`: requests by code, and the duration
 * histogram by code and bucket. The traffic's minutes are scaled to samples.
 */
export function benchSeries(
  s: ServiceConfig,
  traffic: Traffic,
  stepSeconds: number,
  extraLabels = "",
): { series: string; values: string }[] {
  const perStep = stepSeconds / 60;
  const pods = traffic.pods ?? 1;
  const counter = (share: (seg: Traffic["segments"][number]) => number): string =>
    counterValues(
      traffic.segments.map((seg) => ({
        minutes: Math.round(seg.minutes / perStep),
        increment: (seg.perMinute * perStep * share(seg)) / pods,
        ...(seg.restartEvery !== undefined ? { restartEvery: Math.round(seg.restartEvery / perStep) } : {}),
      })),
    );
  const out: { series: string; values: string }[] = [];
  for (let p = 0; p < pods; p++) {
    const sel = `job="${s.name}",namespace="${s.namespace}"${pods > 1 ? `,pod="${s.name}-${p}"` : ""}${extraLabels}`;
    out.push(...podSeries(sel, counter));
  }
  return out;
}

/** One pod's series: requests by code and the duration histogram by code and bucket. */
function podSeries(
  sel: string,
  counter: (share: (seg: Traffic["segments"][number]) => number) => string,
): { series: string; values: string }[] {
  const out: { series: string; values: string }[] = [];
  const codes: [string, (seg: Traffic["segments"][number]) => number][] = [
    ["200", (g) => 1 - g.errorRatio],
    ["500", (g) => g.errorRatio],
  ];
  for (const [code, share] of codes) {
    out.push({ series: `http_requests_total{${sel},code="${code}"}`, values: counter(share) });
    out.push({ series: `http_request_duration_seconds_count{${sel},code="${code}"}`, values: counter(share) });
    for (const le of [...BENCH_BUCKETS.map(String), "+Inf"]) {
      const bound = le === "+Inf" ? Infinity : Number(le);
      const inBucket = (g: Traffic["segments"][number]): number =>
        share(g) * ((bound >= FAST_BOUND ? 1 - g.slowRatio : 0) + (bound >= SLOW_BOUND ? g.slowRatio : 0));
      out.push({ series: `http_request_duration_seconds_bucket{${sel},code="${code}",le="${le}"}`, values: counter(inBucket) });
    }
  }
  return out;
}
