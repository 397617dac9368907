import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { localAlertmanagerConfig, localPrometheusConfig, readRendered, readServiceMonitor, routeTimings, scrapeConfigs } from "../local";
import { relabelConfig, ServiceMonitorError } from "../local/scrape";
import * as path from "node:path";
import { naming, PROBE_MODULES } from "../config";
import { toYaml } from "../format";
import { runTool } from "../render/tools";
import { devStack } from "./support/config";
import { renderToTemp, tempDir } from "./support/tools";
import { generate } from "../generate";

const monitor = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "ServiceMonitor",
  metadata: { name: "orders-api", namespace: "shop" },
  spec: {
    endpoints: [
      {
        port: "http-metrics",
        path: "/metrics",
        scheme: "http",
        interval: "15s",
        scrapeTimeout: "10s",
        relabelings: [{ action: "replace", targetLabel: "job", replacement: "orders-api" }],
      },
    ],
    sampleLimit: 20000,
    labelLimit: 30,
  },
};

describe("ServiceMonitor → scrape config", () => {
  it("keeps interval, timeout, path, scheme, limits and relabelings, and adds the operator's job name and namespace label", () => {
    expect(scrapeConfigs(readServiceMonitor(monitor, "test"), "127.0.0.1:9000")).toEqual([
      {
        job_name: "serviceMonitor/shop/orders-api/0",
        static_configs: [{ targets: ["127.0.0.1:9000"], labels: { namespace: "shop", endpoint: "http-metrics" } }],
        scrape_interval: "15s",
        scrape_timeout: "10s",
        metrics_path: "/metrics",
        scheme: "http",
        sample_limit: 20000,
        label_limit: 30,
        relabel_configs: [{ action: "replace", target_label: "job", replacement: "orders-api" }],
      },
    ]);
  });

  it.each([
    [
      "lower-cases the action as the operator does",
      { action: "Replace", sourceLabels: ["a"], targetLabel: "b" },
      { action: "replace", source_labels: ["a"], target_label: "b" },
    ],
    [
      "maps every relabel field to its Prometheus name",
      { separator: ";", regex: "(.*)", modulus: 2, replacement: "$1" },
      { separator: ";", regex: "(.*)", modulus: 2, replacement: "$1" },
    ],
  ])("%s", (_, input, output) => {
    expect(relabelConfig(input)).toEqual(output);
  });

  it("refuses a relabel field it cannot translate, naming it", () => {
    expect(() => relabelConfig({ action: "replace", frobnicate: 1 })).toThrow("relabeling field frobnicate is not supported locally");
  });

  it("refuses a file that is not a ServiceMonitor, naming it", () => {
    expect(() => readServiceMonitor({ kind: "Service" }, "kubernetes/x.yaml")).toThrow(ServiceMonitorError);
    expect(() => readServiceMonitor({ kind: "Service" }, "kubernetes/x.yaml")).toThrow("kubernetes/x.yaml: not a ServiceMonitor");
  });

  it("the rendered dev stack scrapes orders-api locally and leaves the services without a local target out with their rules", () => {
    const r = readRendered(renderToTemp(devStack()), generate(devStack()));
    const local = localPrometheusConfig(r, { "orders-api": "127.0.0.1:9000" }, "127.0.0.1:9093");
    expect(local.scraped).toEqual(["orders-api"]);
    expect(local.leftOut).toEqual(["payments-api", "storefront"]);
    const config = local.config as { rule_files: string[]; scrape_configs: { job_name: string }[]; global: Record<string, unknown> };
    expect(config.rule_files.map((f) => f.split("/").pop())).toEqual([naming.ruleFileName("platform"), "orders-api.yaml"]);
    expect(config.scrape_configs.map((c) => c.job_name)).toEqual(["serviceMonitor/shop/orders-api/0"]);
    expect(config.global).toMatchObject({
      scrape_interval: "30s",
      evaluation_interval: "30s",
      external_labels: { cluster: "dev", environment: "dev" },
    });
  });
});

describe("Probe → scrape config through the local blackbox exporter", () => {
  const r = readRendered(renderToTemp(devStack()), generate(devStack()));
  const local = localPrometheusConfig(r, { "orders-api": "127.0.0.1:9000" }, "127.0.0.1:9093", "127.0.0.1:9115");

  it("scrapes the prober's /probe with the module and the target URL pointed at the local process, relabelled as the operator does", () => {
    const config = local.config as { scrape_configs: Record<string, unknown>[] };
    expect(local.probed).toEqual(["orders-api"]);
    expect(config.scrape_configs.find((c) => c.job_name === "probe/monitoring/orders-api")).toEqual({
      job_name: "probe/monitoring/orders-api",
      honor_timestamps: true,
      metrics_path: "/probe",
      params: { module: ["http_2xx"] },
      scrape_interval: "30s",
      static_configs: [
        { targets: ["http://127.0.0.1:9000/healthz"], labels: { namespace: "monitoring", service: "orders-api", team: "backend" } },
      ],
      relabel_configs: [
        { source_labels: ["job"], target_label: "__tmp_prometheus_job_name" },
        { target_label: "job", replacement: naming.probe.jobName({ name: "orders-api" }) },
        { source_labels: ["__address__"], target_label: "__param_target" },
        { source_labels: ["__param_target"], target_label: "instance" },
        { target_label: "__address__", replacement: "127.0.0.1:9115" },
      ],
    });
  });

  it("gives the exporter the modules the chart is given, which Debian's blackbox exporter accepts", () => {
    expect(r.blackboxConfig).toEqual({ modules: PROBE_MODULES });
    const dir = tempDir("ko-blackbox-");
    fs.writeFileSync(path.join(dir, "blackbox.yml"), toYaml(r.blackboxConfig));
    const check = runTool("prometheus-blackbox-exporter", [`--config.file=${path.join(dir, "blackbox.yml")}`, "--config.check"]);
    expect(check.output).toContain("Config file is ok");
    expect(check.ok).toBe(true);
  });

  it("probes nothing without a local exporter or for a service without a local process", () => {
    expect(localPrometheusConfig(r, { "orders-api": "127.0.0.1:9000" }, "127.0.0.1:9093").probed).toEqual([]);
    expect(localPrometheusConfig(r, { storefront: "127.0.0.1:9001" }, "127.0.0.1:9093", "127.0.0.1:9115").probed).toEqual([]);
  });
});

const amConfig = {
  global: { resolve_timeout: "5m" },
  route: {
    receiver: "backend-chat",
    group_by: ["alertname"],
    group_wait: "1m",
    routes: [
      { receiver: "heartbeat", matchers: ['alertname="Watchdog"'], group_wait: "0s", group_interval: "1m", repeat_interval: "1m" },
      { receiver: "backend-pager", matchers: ['severity="page"'], group_interval: "5m" },
    ],
  },
  receivers: [
    { name: "backend-pager", pagerduty_configs: [{ routing_key: "<secret>" }] },
    { name: "backend-chat", slack_configs: [{ api_url: "<secret>", channel: "#x" }] },
    { name: "heartbeat", webhook_configs: [{ url: "<secret>", send_resolved: false }] },
    { name: "null" },
  ],
  inhibit_rules: [{ source_matchers: ['severity="page"'], target_matchers: ['severity="warning"'], equal: ["service"] }],
  time_intervals: [{ name: "nights", time_intervals: [{ times: [{ start_time: "22:00", end_time: "23:59" }] }] }],
};

describe("receivers rewritten to the sink", () => {
  const local = localAlertmanagerConfig(amConfig, "http://127.0.0.1:7000");

  it("keeps every receiver's name and replaces its integrations with one webhook to the sink that sends resolved", () => {
    expect(local.receivers).toEqual(
      ["backend-pager", "backend-chat", "heartbeat", "null"].map((name) => ({
        name,
        webhook_configs: [{ url: `http://127.0.0.1:7000/receiver/${name}`, send_resolved: true }],
      })),
    );
  });

  it("keeps the route tree, inhibit rules, time intervals and global settings as rendered", () => {
    expect(local.route).toEqual(amConfig.route);
    expect(local.inhibit_rules).toEqual(amConfig.inhibit_rules);
    expect(local.time_intervals).toEqual(amConfig.time_intervals);
    expect(local.global).toEqual(amConfig.global);
  });

  it("leaves no secret placeholder in any receiver", () => {
    expect(JSON.stringify(local.receivers)).not.toContain("<secret>");
  });

  it("passes amtool check-config when made from the rendered dev stack", async () => {
    const out = renderToTemp(devStack());
    const rendered = readRendered(out, generate(devStack()));
    expect(rendered.alertmanager).toBeDefined();
    const file = `${out}/local-alertmanager.yaml`;
    fs.writeFileSync(file, yaml.dump(localAlertmanagerConfig(rendered.alertmanager?.config, "http://127.0.0.1:7000")));
    const { runTool } = await import("../render/tools");
    const run = runTool("amtool", ["check-config", file]);
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

describe("route timings", () => {
  it.each([
    [
      "the root takes Alertmanager's defaults where it sets none",
      0,
      { receiver: "backend-chat", groupWait: "1m", groupInterval: "5m", repeatInterval: "4h" },
    ],
    ["a child keeps its own values", 1, { receiver: "heartbeat", groupWait: "0s", groupInterval: "1m", repeatInterval: "1m" }],
    [
      "a child inherits what it does not set from its parent",
      2,
      { receiver: "backend-pager", groupWait: "1m", groupInterval: "5m", repeatInterval: "4h", groupBy: ["alertname"] },
    ],
  ])("%s", (_, index, expected) => {
    expect(routeTimings(amConfig)[index]).toMatchObject(expected);
  });
});
