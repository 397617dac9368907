import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { naming, type ServiceConfig } from "../config";
import { alertingRules, isAlertingRule, serviceRuleGroups } from "../rules";
import { platformRuleGroups, WATCHDOG_FOR } from "../rules/platform";
import { checkRules, runTool } from "../render/tools";
import { toYaml } from "../render";
import { devStack } from "./support/config";
import { expandTemplate, renderToTemp } from "./support/tools";

const dev = devStack();
const out = renderToTemp(dev);

describe("promtool check rules", () => {
  const runs = checkRules(out);
  it("finds a rule file for the platform and every service", () => {
    expect(runs.map((r) => path.basename(r.command.split(" ").pop() ?? ""))).toEqual([
      "orders-api.yaml",
      "payments-api.yaml",
      "platform.yaml",
      "storefront.yaml",
    ]);
  });
  it.each(runs.map((r) => [r.command.split("/").pop(), r] as const))("accepts %s", (_name, run) => {
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

/**
 * Golden-signal behaviour, checked by promtool test rules on the rendered files: inputs are
 * scraped every minute; a counter growing by 60·r per minute has rate r from the second sample on.
 */
function behaviourTest(s: ServiceConfig): unknown {
  const sel = `job="${s.name}",namespace="${s.namespace}"`;
  const req = s.http.requests;
  const ok = 10; // requests per second that succeed
  const bad = 1; // requests per second that fail with 500
  const minutes = 40;
  const counter = (perSecond: number): string => `0+${perSecond * 60}x${minutes}`;
  // Every request takes between the bucket below and the bucket at the latency threshold's next bound.
  const slowBound = s.http.duration.buckets.find((b) => b > s.alerts.latency.threshold) ?? 10;
  const buckets = [...s.http.duration.buckets.map(String), "+Inf"].map((le) => ({
    series: `${s.http.duration.metric}_bucket{${sel},le="${le}"}`,
    values: le === "+Inf" || Number(le) >= slowBound ? counter(ok + bad) : `0x${minutes}`,
  }));
  const labels = { job: s.name, namespace: s.namespace };
  const ratio = bad / (ok + bad);
  // Histogram interpolation inside the (previous bound, slowBound] bucket.
  const below = [...s.http.duration.buckets].reverse().find((b) => b < slowBound) ?? 0;
  const p = s.alerts.latency.quantile;
  const total = ok + bad;
  const latency = below + (slowBound - below) * ((p * total) / total); // the same float steps as Prometheus
  const [errorRule, latencyRule] = alertingRules(s);
  const firstTrue = 1; // minutes: rate() needs two samples
  const forMinutes = (d: { seconds: number }): number => d.seconds / 60;
  const alertLabels = (rule: typeof errorRule): Record<string, string> => ({ ...labels, ...rule!.labels });
  const annotations = (rule: typeof errorRule, value: number): Record<string, string> =>
    Object.fromEntries(Object.entries(rule!.annotations).map(([k, v]) => [k, expandTemplate(v, labels, value)]));
  // promtool evaluates a file's groups in map order unless told: the alerts read the recording
  // group's output, so without an order they would fire one evaluation late on some runs.
  const group_eval_order = serviceRuleGroups(s).map((g) => g.name);
  const errorFires = firstTrue + forMinutes(s.alerts.errorRatio.for);
  const latencyFires = firstTrue + forMinutes(s.alerts.latency.for);
  return {
    rule_files: [`../rules/${naming.ruleFileName(s)}`],
    evaluation_interval: "30s",
    group_eval_order,
    tests: [
      {
        interval: "1m",
        input_series: [
          { series: `${req.metric}{${sel},${req.statusLabel}="200",${req.methodLabel}="GET",${req.routeLabel}="/a"}`, values: counter(ok) },
          {
            series: `${req.metric}{${sel},${req.statusLabel}="500",${req.methodLabel}="GET",${req.routeLabel}="/a"}`,
            values: counter(bad),
          },
          ...buckets,
          // The latency SLO's total, which the latency alert's budget gate reads (already the request series above
          // when requests are counted from the histogram's _count).
          ...(req.metric === `${s.http.duration.metric}_count`
            ? []
            : [{ series: `${s.http.duration.metric}_count{${sel}}`, values: counter(ok + bad) }]),
          { series: `up{${sel},instance="a"}`, values: `1x${minutes}` },
        ],
        promql_expr_test: [
          {
            expr: `${naming.record.requestRate}{${sel}}`,
            eval_time: "10m",
            exp_samples: [{ labels: `${naming.record.requestRate}{${sel}}`, value: ok + bad }],
          },
          {
            expr: `${naming.record.errorRatio}{${sel}}`,
            eval_time: "10m",
            exp_samples: [{ labels: `${naming.record.errorRatio}{${sel}}`, value: ratio }],
          },
          {
            expr: `${naming.record.requestRateByStatusClass}{${sel}}`,
            eval_time: "10m",
            exp_samples: [
              { labels: `${naming.record.requestRateByStatusClass}{${sel},status_class="2xx"}`, value: ok },
              { labels: `${naming.record.requestRateByStatusClass}{${sel},status_class="5xx"}`, value: bad },
            ],
          },
          {
            expr: `${naming.record.latencyQuantile}{${sel},quantile="${p}"}`,
            eval_time: "10m",
            exp_samples: [{ labels: `${naming.record.latencyQuantile}{${sel},quantile="${p}"}`, value: latency }],
          },
        ],
        alert_rule_test: [
          // Pending until `for` has passed since the condition first held, firing from then on.
          { alertname: naming.alert.errorRatio, eval_time: `${errorFires - 1}m`, exp_alerts: [] },
          {
            alertname: naming.alert.errorRatio,
            eval_time: `${errorFires}m`,
            exp_alerts: [{ exp_labels: alertLabels(errorRule), exp_annotations: annotations(errorRule, ratio) }],
          },
          { alertname: naming.alert.latency, eval_time: `${latencyFires - 1}m`, exp_alerts: [] },
          {
            alertname: naming.alert.latency,
            eval_time: `${latencyFires}m`,
            exp_alerts: [
              { exp_labels: { ...alertLabels(latencyRule), quantile: String(p) }, exp_annotations: annotations(latencyRule, latency) },
            ],
          },
          { alertname: naming.alert.targetDown, eval_time: "30m", exp_alerts: [] },
          { alertname: naming.alert.targetAbsent, eval_time: "30m", exp_alerts: [] },
        ],
      },
      {
        // One of two targets down; then no target at all.
        interval: "1m",
        input_series: [
          { series: `up{${sel},instance="a"}`, values: `1x${minutes}` },
          { series: `up{${sel},instance="b"}`, values: `0x${minutes}` },
        ],
        alert_rule_test: [
          { alertname: naming.alert.targetDown, eval_time: `${forMinutes(s.alerts.target.for) - 1}m`, exp_alerts: [] },
          {
            alertname: naming.alert.targetDown,
            eval_time: `${forMinutes(s.alerts.target.for) + 1}m`,
            exp_alerts: [
              { exp_labels: { ...labels, ...alertingRules(s)[2]!.labels }, exp_annotations: annotations(alertingRules(s)[2], 1) },
            ],
          },
        ],
      },
      {
        interval: "1m",
        input_series: [{ series: `up{job="someone-else"}`, values: `1x${minutes}` }],
        alert_rule_test: [
          {
            alertname: naming.alert.targetAbsent,
            eval_time: `${forMinutes(s.alerts.target.for) + 1}m`,
            exp_alerts: [
              { exp_labels: { ...labels, ...alertingRules(s)[3]!.labels }, exp_annotations: annotations(alertingRules(s)[3], 1) },
            ],
          },
        ],
      },
    ],
  };
}

describe("promtool test rules: the Watchdog", () => {
  it("is pending for WATCHDOG_FOR, longer than Prometheus takes to discover Alertmanager, then fires for good", () => {
    const dir = path.join(out, "prometheus", "watchdog");
    fs.mkdirSync(dir, { recursive: true });
    const pendingS = Number(/^(\d+)s$/.exec(WATCHDOG_FOR)?.[1]);
    expect(pendingS).toBeGreaterThan(5);
    const rule = platformRuleGroups(dev.platform)[0]?.rules.find(isAlertingRule);
    const firing = [{ exp_labels: { severity: naming.WATCHDOG_SEVERITY, team: naming.PLATFORM_TEAM }, exp_annotations: rule?.annotations }];
    const test = {
      rule_files: ["../rules/platform.yaml"],
      evaluation_interval: "5s",
      tests: [
        {
          interval: "5s",
          input_series: [],
          alert_rule_test: [
            { alertname: naming.alert.watchdog, eval_time: `${pendingS - 5}s`, exp_alerts: [] },
            { alertname: naming.alert.watchdog, eval_time: `${pendingS}s`, exp_alerts: firing },
            { alertname: naming.alert.watchdog, eval_time: "1h", exp_alerts: firing },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, "watchdog.test.yaml"), toYaml(test));
    const run = runTool("promtool", ["test", "rules", "watchdog.test.yaml"], { cwd: dir });
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

/**
 * After an SLO page resolves, the threshold alert it inhibited stays quiet for one rate window, then
 * pages again only if the errors go on. Traffic of 100 req/s: clean for an hour, a 10-minute total
 * outage, then 1.2% errors, above the error-ratio threshold (1%) but under the fast page's (1.44%).
 */
function afterPageTest(s: ServiceConfig, ruleFile: string): unknown {
  const sel = `job="${s.name}",namespace="${s.namespace}"`;
  const req = s.http.requests;
  const series = (status: string): string =>
    `${req.metric}{${sel},${req.statusLabel}="${status}",${req.methodLabel}="GET",${req.routeLabel}="/a"}`;
  const labels = { job: s.name, namespace: s.namespace };
  const [errorRule] = alertingRules(s);
  const firingAt = (value: number) => [
    {
      exp_labels: { ...labels, ...errorRule!.labels },
      exp_annotations: Object.fromEntries(Object.entries(errorRule!.annotations).map(([k, v]) => [k, expandTemplate(v, labels, value)])),
    },
  ];
  const page = `ALERTS{${sel},alertname="${naming.slo.burnAlert}",severity="page",alertstate="firing"}`;
  return {
    rule_files: [ruleFile],
    evaluation_interval: "30s",
    group_eval_order: serviceRuleGroups(s).map((g) => g.name),
    tests: [
      {
        interval: "1m",
        input_series: [
          // Minutes 0–60 clean, 61–70 every request fails, 71–130 1.2% fail.
          { series: series("200"), values: "0+6000x60 360000+0x9 365928+5928x59" },
          { series: series("500"), values: "0x60 6000+6000x9 60072+72x59" },
        ],
        promql_expr_test: [
          { expr: `count(${page})`, eval_time: "68m", exp_samples: [{ labels: "{}", value: 1 }] },
          // The fast page resolves once its 5m window has cleared and its 8m hold has passed.
          { expr: `count(${page})`, eval_time: "86m", exp_samples: [] },
        ],
        alert_rule_test: [
          // During the incident: firing, and Alertmanager inhibits it while the page fires.
          { alertname: naming.alert.errorRatio, eval_time: "68m", exp_alerts: firingAt(1) },
          // The page has resolved and the inhibition ended: held back, no second page for the same incident.
          { alertname: naming.alert.errorRatio, eval_time: "86m", exp_alerts: [] },
          { alertname: naming.alert.errorRatio, eval_time: "92m", exp_alerts: [] },
          // The errors go on after the window and its for (and have spent the budget the gate asks): news, so it pages.
          { alertname: naming.alert.errorRatio, eval_time: "100m", exp_alerts: firingAt(0.012) },
        ],
      },
    ],
  };
}

describe("promtool test rules: a threshold alert after the SLO page that inhibited it", () => {
  const s = dev.services.find((x) => x.slos.length > 0)!;
  const dir = path.join(out, "prometheus", "after-page");
  fs.mkdirSync(dir, { recursive: true });
  const run = (ruleFile: string) => {
    fs.writeFileSync(path.join(dir, "after-page.test.yaml"), toYaml(afterPageTest(s, ruleFile)));
    return runTool("promtool", ["test", "rules", "after-page.test.yaml"], { cwd: dir });
  };

  it("stays quiet for a rate window after the page resolves, then pages if the errors go on", () => {
    const result = run(`../rules/${naming.ruleFileName(s)}`);
    expect(result.output).toContain("SUCCESS");
    expect(result.ok).toBe(true);
  });

  it("without that clause it fires right after the page resolves (the second page this prevents)", () => {
    const rules = fs.readFileSync(path.join(out, "prometheus", "rules", naming.ruleFileName(s)), "utf8");
    const mutant = rules.replace(/\n\s*unless on \(namespace, job\)\n\s*\(max_over_time\(ALERTS\{[^\n]*\}\)/g, "");
    expect(mutant).not.toBe(rules);
    fs.writeFileSync(path.join(dir, "mutant.yaml"), mutant);
    const result = run("mutant.yaml");
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/alertname: ServiceErrorRatioHigh, time: 1h26m/);
  });
});

describe("promtool test rules: golden-signal rules behave as specified", () => {
  const dir = path.join(out, "prometheus", "behaviour");
  fs.mkdirSync(dir, { recursive: true });
  it.each(dev.services.map((s) => [s.name, s] as const))(
    "%s: the error-ratio and latency alerts fire exactly when their for has passed; target down and absent fire on missing targets",
    (name, s) => {
      const file = path.join(dir, `${name}.test.yaml`);
      fs.writeFileSync(file, toYaml(behaviourTest(s)));
      const run = runTool("promtool", ["test", "rules", path.basename(file)], { cwd: dir });
      expect(run.output).toContain("SUCCESS");
      expect(run.ok).toBe(true);
    },
  );
});
