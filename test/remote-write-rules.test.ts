import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { naming } from "../config";
import { isAlertingRule } from "../rules";
import { platformRuleGroups, REMOTE_WRITE_LAGGING } from "../rules/platform";
import { runTool } from "../render/tools";
import { toYaml } from "../render";
import { baseConfig, devStack, stackOf, withValue } from "./support/config";
import { expandTemplate, renderToTemp } from "./support/tools";

const endpoint = { name: "store", kind: "victoriaMetrics", url: "http://vm:8428/api/v1/write" };
const withRemoteWrite = stackOf(withValue(baseConfig(), "platform.prometheus.remoteWrite", [endpoint]));

describe("the remote-write alert is generated with the platform rules", () => {
  it("only when the stack remote-writes", () => {
    const names = (groups: ReturnType<typeof platformRuleGroups>) =>
      groups.flatMap((g) => g.rules.filter(isAlertingRule).map((r) => r.alert));
    expect(names(platformRuleGroups(devStack().platform))).toEqual([naming.alert.watchdog]);
    expect(names(platformRuleGroups(withRemoteWrite.platform))).toEqual([naming.alert.watchdog, naming.alert.remoteWriteLagging]);
  });

  it("is a platform warning, so it reaches chat and leaves paging to the chart's PrometheusRemoteWriteBehind", () => {
    const rule = platformRuleGroups(withRemoteWrite.platform)[1]?.rules.find(isAlertingRule);
    expect(rule?.labels).toEqual({ severity: "warning", team: naming.PLATFORM_TEAM });
    expect(naming.alert.remoteWriteLagging).not.toBe("PrometheusRemoteWriteBehind");
  });
});

/**
 * promtool on the rendered platform file: Prometheus ingests one sample a second (highest timestamp
 * = t) and the store stops accepting at 5m (highest sent stays at 300). The lag passes 120 s at 7m
 * (first seen at 7m30s, evaluating every 30s), then the alert must hold for 5m.
 */
describe("promtool test rules: the remote-write alert fires during a ten-minute outage", () => {
  it("fires 7m30s into the outage, before ten minutes, and not while remote write keeps up", () => {
    const out = renderToTemp(withRemoteWrite);
    const dir = path.join(out, "prometheus", "remote-write");
    fs.mkdirSync(dir, { recursive: true });
    const rule = platformRuleGroups(withRemoteWrite.platform)[1]?.rules.find(isAlertingRule);
    const target = { instance: "prometheus-0:9090", job: "prometheus" };
    const queue = { ...target, remote_name: "store", url: endpoint.url };
    const sel = (l: Record<string, string>): string =>
      Object.entries(l)
        .map(([k, v]) => `${k}="${v}"`)
        .join(",");
    const outageStartS = 300;
    const firesAtS = outageStartS + 30 * Math.ceil((REMOTE_WRITE_LAGGING.lagSeconds + 1) / 30) + 5 * 60;
    const lag = firesAtS - outageStartS;
    const labels = { ...queue, ...rule?.labels };
    const firing = [
      {
        exp_labels: labels,
        exp_annotations: Object.fromEntries(
          Object.entries(rule?.annotations ?? {}).map(([k, v]) => [
            k,
            expandTemplate(v.replace("{{ $value | humanizeDuration }}", `${Math.floor(lag / 60)}m ${lag % 60}s`), labels, lag),
          ]),
        ),
      },
    ];
    const test = {
      rule_files: ["../rules/platform.yaml"],
      evaluation_interval: "30s",
      tests: [
        {
          interval: "30s",
          input_series: [
            { series: `prometheus_remote_storage_highest_timestamp_in_seconds{${sel(target)}}`, values: "0+30x60" },
            {
              series: `prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${sel(queue)}}`,
              values: `0+30x10 ${outageStartS}x50`,
            },
          ],
          alert_rule_test: [
            { alertname: naming.alert.remoteWriteLagging, eval_time: `${outageStartS}s`, exp_alerts: [] },
            { alertname: naming.alert.remoteWriteLagging, eval_time: `${firesAtS - 30}s`, exp_alerts: [] },
            { alertname: naming.alert.remoteWriteLagging, eval_time: `${firesAtS}s`, exp_alerts: firing },
          ],
        },
      ],
    };
    expect(firesAtS - outageStartS).toBeLessThan(10 * 60);
    fs.writeFileSync(path.join(dir, "remote-write.test.yaml"), toYaml(test));
    const run = runTool("promtool", ["test", "rules", "remote-write.test.yaml"], { cwd: dir });
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});
