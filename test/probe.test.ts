import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { Probe } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe";
import { checkStack, DEFAULTS, naming, PROBE_MODULE_NAMES, type ServiceConfig } from "../config";
import { SECRET_POINTER } from "../config/sinks";
import { alertingRules, serviceRuleGroups } from "../rules";
import { blackboxNetworkPolicy, probeObject } from "../manifests";
import { generateService } from "../generate";
import { checkRules, runTool } from "../render/tools";
import { toYaml } from "../render";
import { baseConfig, baseService, stackOf } from "./support/config";
import { renderToTemp } from "./support/tools";
import { crdProblems, crdSchemas, crdValidator, hasSharedCrds } from "./support/crd-schema";

const svc = "services[0]";
const probed = (probe: unknown): Record<string, unknown> => ({ ...baseService(), probe });

function problems(probe: unknown): string[] {
  return checkStack({ stack: "test", config: { ...baseConfig(), services: [probed(probe)] } }).issues.map((i) => `${i.path}: ${i.message}`);
}

const stack = stackOf({ ...baseConfig(), services: [probed({ url: "http://orders-api.shop.svc:8080/healthz" })] });
const s = stack.services[0] as ServiceConfig;

describe("a service's probe", () => {
  it("defaults to the http_2xx module every 30s", () => {
    expect(s.probe).toEqual({ url: "http://orders-api.shop.svc:8080/healthz", module: "http_2xx", interval: { text: "30s", seconds: 30 } });
  });

  it("is a Probe in the platform namespace naming the platform's blackbox exporter, with the service's job, service and team", () => {
    const p = probeObject(s, stack.platform);
    expect(p?.metadata).toMatchObject({ name: "orders-api", namespace: "monitoring", labels: { release: "kube-prometheus-stack" } });
    expect(p?.spec).toEqual({
      jobName: "orders-api-probe",
      interval: "30s",
      module: "http_2xx",
      prober: { url: "kube-observability-blackbox-exporter.monitoring.svc:9115", path: "/probe" },
      targets: {
        staticConfig: { static: ["http://orders-api.shop.svc:8080/healthz"], labels: { service: "orders-api", team: "backend" } },
      },
    });
  });

  it("is accepted by the Prometheus Operator's Probe schema, and the schema check can fail", () => {
    const p = probeObject(s, stack.platform);
    // The models are ES modules typed against @kubernetes-models/base, which tsc's node resolution does not see.
    const validate = (o: unknown): void => (new Probe(o as never) as unknown as { validate(): void }).validate();
    expect(() => validate(p)).not.toThrow();
    expect(() => validate({ ...p, spec: { interval: 30 } })).toThrow();
  });

  it.runIf(hasSharedCrds)(
    "is accepted by the pinned operator's (v0.93.1) Probe CRD with unknown fields refused, and the check can fail",
    () => {
      const validate = crdValidator(crdSchemas().get("monitoring.coreos.com/v1/Probe")!);
      const p = probeObject(s, stack.platform);
      expect(crdProblems(validate, p)).toEqual([]);
      expect(crdProblems(validate, { ...p, spec: { ...(p?.spec as object), proberUrl: "x" } })).not.toEqual([]);
    },
  );

  it("is one of the service's objects; a service without a probe has none", () => {
    expect(generateService(s, stack.platform).objects.map((o) => o.kind)).toEqual(["ServiceMonitor", "PrometheusRule", "Probe"]);
    const plain = stackOf(baseConfig()).services[0] as ServiceConfig;
    expect(generateService(plain, stack.platform).objects.map((o) => o.kind)).toEqual(["ServiceMonitor", "PrometheusRule"]);
  });

  it("lets the blackbox exporter out to the scrape ranges and to the probe URLs' ports, nowhere else", () => {
    expect(blackboxNetworkPolicy(stack.platform, stack.services)?.spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus-blackbox-exporter" } },
      policyTypes: ["Egress"],
      egress: [
        { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "172.16.0.0/12" } }, { ipBlock: { cidr: "192.168.0.0/16" } }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 8080, protocol: "TCP" }] },
      ],
    });
  });

  it("renders the pinned blackbox exporter chart's values with exactly the modules a probe may name", () => {
    const out = renderToTemp(stack);
    const values = yaml.load(fs.readFileSync(path.join(out, "blackbox-exporter", "helm-values.yaml"), "utf8")) as {
      fullnameOverride: string;
      config: { modules: Record<string, unknown> };
    };
    expect(values.fullnameOverride).toBe(naming.probe.serviceName);
    expect(Object.keys(values.config.modules)).toEqual(PROBE_MODULE_NAMES);
    expect(DEFAULTS.blackboxChart).toEqual({
      repository: "https://prometheus-community.github.io/helm-charts",
      name: "prometheus-blackbox-exporter",
      version: "11.17.2",
      appVersion: "v0.28.0",
    });
    expect(fs.existsSync(path.join(renderToTemp(stackOf(baseConfig())), "blackbox-exporter"))).toBe(false);
  });
});

describe("the probe alert", () => {
  const rule = alertingRules(s).find((r) => r.alert === naming.alert.probeFailed);
  it("fires when every probe of the service fails, for the target alerts' for, at their severity", () => {
    expect(rule?.expr).toBe('max by (job, service) (probe_success{job="orders-api-probe"}) == 0');
    expect(rule?.for).toBe("3m");
    expect(rule?.labels).toMatchObject({ service: "orders-api", team: "backend", severity: "page" });
  });

  it("promtool: pending while the probe fails for less than its for, firing after", () => {
    const out = renderToTemp(stack);
    expect(checkRules(out).every((r) => r.ok)).toBe(true);
    const dir = path.join(out, "prometheus", "probe");
    fs.mkdirSync(dir, { recursive: true });
    const series = { series: 'probe_success{job="orders-api-probe",service="orders-api",team="backend",instance="x"}', values: "1x5 0x10" };
    const test = {
      rule_files: ["../rules/orders-api.yaml"],
      evaluation_interval: "30s",
      group_eval_order: serviceRuleGroups(s).map((g) => g.name),
      tests: [
        {
          interval: "1m",
          input_series: [series],
          alert_rule_test: [
            { alertname: naming.alert.probeFailed, eval_time: "7m", exp_alerts: [] },
            {
              alertname: naming.alert.probeFailed,
              eval_time: "9m",
              exp_alerts: [
                {
                  exp_labels: { ...rule?.labels, job: "orders-api-probe" },
                  exp_annotations: {
                    ...rule?.annotations,
                    description: rule?.annotations.description?.replace("{{ $labels.job }}", "orders-api-probe"),
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, "probe.test.yaml"), toYaml(test));
    const run = runTool("promtool", ["test", "rules", "probe.test.yaml"], { cwd: dir });
    expect(run.output).toContain("SUCCESS");
    expect(run.ok).toBe(true);
  });
});

describe("bad probe input: one line per problem, naming the field, before any resource", () => {
  it.each([
    [
      "a scheme other than http or https",
      { url: "ftp://orders.shop.svc/" },
      `${svc}.probe.url: "ftp://orders.shop.svc/" has scheme "ftp"; a probe URL must be http or https`,
    ],
    [
      "the cloud metadata address",
      { url: "http://169.254.169.254/latest/meta-data/" },
      `${svc}.probe.url: "http://169.254.169.254/latest/meta-data/" points at a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer; probe the service's own address`,
    ],
    [
      "the metadata address written as one decimal number",
      { url: "http://2852039166/" },
      `${svc}.probe.url: "http://2852039166/" points at a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer; probe the service's own address`,
    ],
    [
      "an IPv6 link-local address",
      { url: "http://[fe80::1]:8080/" },
      `${svc}.probe.url: "http://[fe80::1]:8080/" points at a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer; probe the service's own address`,
    ],
    [
      "a metadata service by name",
      { url: "http://metadata.google.internal/computeMetadata/v1/" },
      `${svc}.probe.url: "http://metadata.google.internal/computeMetadata/v1/" points at a cloud metadata service; probe the service's own address`,
    ],
    [
      "credentials in the URL",
      { url: "https://user:pw@orders.shop.svc/" },
      `${svc}.probe.url: "https://user:pw@orders.shop.svc/" carries credentials; probe URLs end up in Probe objects and labels`,
    ],
    [
      "a credential in the query string (the URL lands in the instance label and every notification)",
      { url: "https://orders.shop.svc/health?api_key=abc123" },
      `${svc}.probe.url: "https://orders.shop.svc/health?api_key=abc123" has the query parameter "api_key", which carries a credential; ${SECRET_POINTER}`,
    ],
    [
      "Slack link syntax in the URL (a phishing link in every notification)",
      { url: "https://orders.shop.svc/|click-here>" },
      `${svc}.probe.url: "https://orders.shop.svc/|click-here>" is not an http(s) URL: only letters, digits and - . _ ~ : / ? # @ ! $ & + , ; = % are allowed (percent-encode the rest)`,
    ],
    [
      "an unknown module",
      { url: "http://orders.shop.svc/", module: "tcp_connect" },
      `${svc}.probe.module: "tcp_connect" is not allowed; use one of ${PROBE_MODULE_NAMES.join(", ")}`,
    ],
    ["no URL", { module: "http_2xx" }, `${svc}.probe.url: is required (the http(s) URL the blackbox exporter requests)`],
  ])("%s", (_name, probe, expected) => {
    expect(problems(probe)).toEqual([expected]);
  });
});

describe("the probe SLI kind", () => {
  const url = "http://orders-api.shop.svc:8080/healthz";
  const probeSlo = { name: "probe", kind: "probe", objective: 99.9 };
  const withSlo = (service: Record<string, unknown>, slo: Record<string, unknown>): Record<string, unknown> => ({
    ...baseConfig(),
    platform: { prometheus: { retention: "35d" } },
    services: [{ ...service, slos: [slo] }],
  });
  const sloProblems = (service: Record<string, unknown>, slo: Record<string, unknown>): string[] =>
    checkStack({ stack: "test", config: withSlo(service, slo) }).issues.map((i) => `${i.path}: ${i.message}`);

  it.each<[string, string | undefined, number]>([
    ["30s probes (120 an hour) guard the fast page with 60 probes", undefined, 60],
    ["10s probes (360 an hour) keep the SLO default of 100", "10s", 100],
    ["1m probes (60 an hour) guard it with 30", "1m", 30],
  ])("defaults minEvents to half the probes an hour holds, at most 100: %s", (_name, interval, minEvents) => {
    const probe = interval === undefined ? { url } : { url, interval };
    const parsed = stackOf(withSlo(probed(probe), probeSlo)).services[0]?.slos[0];
    expect(parsed?.kind).toBe("probe");
    expect(parsed?.minEvents).toBe(minEvents);
  });

  const ps = stackOf(withSlo(probed({ url }), probeSlo)).services[0] as ServiceConfig;
  const groups = serviceRuleGroups(ps);
  const rule = (record: string): string | undefined =>
    groups.flatMap((g) => g.rules).find((r) => "record" in r && r.record === record && r.labels?.slo === "probe")?.expr;
  const asService = (inner: string): string =>
    `label_replace(label_replace(${inner}, "namespace", "shop", "", ""), "job", "orders-api", "", "")`;

  it("counts the probes of the probe's job in 5 minutes as total events and their successes as good events", () => {
    expect(rule("slo:sli_total:increase5m")).toBe(asService(`sum(count_over_time(probe_success{job="orders-api-probe"}[5m]))`));
    expect(rule("slo:sli_good:increase5m")).toBe(
      `${asService(`sum(sum_over_time(probe_success{job="orders-api-probe"}[5m]))`)} or on (namespace, job) 0 * slo:sli_total:increase5m{job="orders-api",namespace="shop",slo="probe"}`,
    );
  });

  it("reads the raw windows up to an hour as failed probes over probes, with the service's namespace and job", () => {
    expect(rule("slo:sli_error:ratio_rate1h")).toBe(
      `1 - (${asService(`sum(sum_over_time(probe_success{job="orders-api-probe"}[1h]))`)} or on (namespace, job) 0 * ${asService(`sum(probe_success{job="orders-api-probe"})`)}) / on (namespace, job) (${asService(`sum(count_over_time(probe_success{job="orders-api-probe"}[1h]))`)} > 0)`,
    );
  });

  it("guards the fast page with the probes of the last hour, and names the service in the absent alert", () => {
    const alerts = groups.flatMap((g) => g.rules).flatMap((r) => ("alert" in r && r.labels.slo === "probe" ? [r] : []));
    const fast = alerts.find((r) => r.labels.slo_tier === "page-1h");
    expect(fast?.expr).toContain(
      `and on (namespace, job)\n(${asService(`sum(count_over_time(probe_success{job="orders-api-probe"}[1h]))`)} >= 60)`,
    );
    expect(alerts.find((r) => r.alert === naming.slo.absentAlert)?.expr).toBe(asService(`absent(probe_success{job="orders-api-probe"})`));
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    [
      "a probe SLO on a service without a probe",
      baseService(),
      probeSlo,
      `${svc}.slos[0].kind: is probe, but the service has no probe; a probe SLO counts the service's synthetic probes: add probe: {url: ...} to the service, or use availability`,
    ],
    [
      "a status regex on a probe SLO",
      probed({ url }),
      { ...probeSlo, errorStatusRegex: "5.." },
      `${svc}.slos[0].errorStatusRegex: applies only to availability and latency SLOs; a probe SLO counts successful probes (probe_success)`,
    ],
    [
      "a latency threshold on a probe SLO",
      probed({ url }),
      { ...probeSlo, threshold: 0.5 },
      `${svc}.slos[0].threshold: applies only to availability and latency SLOs; a probe SLO counts successful probes (probe_success)`,
    ],
    [
      "a minimum of events the probe's hour cannot hold",
      probed({ url, interval: "1m" }),
      { ...probeSlo, minEvents: 100 },
      `${svc}.slos[0].minEvents: 100 is more than the 60 probes an hour holds at the probe's interval 1m, so the fast page could never fire; use at most 60, or probe more often`,
    ],
  ])("refuses %s at the field, before any resource", (_name, service, slo, expected) => {
    expect(sloProblems(service, slo)).toEqual([expected]);
  });

  it("reports only the probe's own problem when the probe is refused", () => {
    expect(sloProblems(probed({ url: "ftp://orders.shop.svc/" }), probeSlo)).toEqual([
      `${svc}.probe.url: "ftp://orders.shop.svc/" has scheme "ftp"; a probe URL must be http or https`,
    ]);
  });
});
