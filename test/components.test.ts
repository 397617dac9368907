import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { Registered } from "./support/mocks";
import { installMocks, settle } from "./support/mocks";
import { captureDeclarations, isSecretValue, unwrapSecret, type Declared } from "./support/capture";
import { devStack } from "./support/config";
import { alertmanagerSecret, helmValues } from "../manifests";
import { naming } from "../config";
import { placeholderCredentials } from "../alerting";

const CANARY = "canary-grafana-Zq8v1";
const stack = devStack();
let registered: Registered[] = [];
let declared: Declared[] = [];

beforeAll(async () => {
  registered = await installMocks();
  const { monitoringStack } = await import("../components");
  await pulumi.runtime.runInPulumiStack(async () => {
    declared = captureDeclarations();
    monitoringStack(stack, {
      grafanaAdminPassword: CANARY,
      alertingCredentials: placeholderCredentials(stack.alerting!, { url: "https://canary.invalid/x", token: "canary-token" }),
    });
  });
  await settle();
});

function one(name: string): Declared {
  const found = declared.filter((d) => d.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

function inputs(name: string): Record<string, unknown> {
  const r = registered.find((x) => x.name === name);
  expect(r, name).toBeDefined();
  return r!.inputs;
}

describe("the platform component", () => {
  it("creates its children with stable names, each parented to it", () => {
    expect(one("platform").type).toBe(naming.typeToken.platform);
    const children = declared.filter((d) => d.parent === "platform").map((d) => `${d.type} ${d.name}`);
    expect(children.sort()).toEqual(
      [
        `${naming.alerting.typeToken} platform-alerting`,
        "kubernetes:core/v1:Namespace platform-namespace-monitoring",
        "kubernetes:core/v1:Secret platform-secret-grafana-admin",
        "kubernetes:helm.sh/v3:Release platform-chart",
        // orders-api has a probe: the platform deploys the blackbox exporter and lets it out.
        "kubernetes:helm.sh/v3:Release platform-blackbox-exporter",
        ...[
          "allow-apiserver",
          "allow-dns",
          "allow-scrape",
          "alertmanager",
          "blackbox-exporter",
          "default-deny",
          "grafana",
          "operator-webhook",
          "prometheus",
        ].map((p) => `kubernetes:networking.k8s.io/v1:NetworkPolicy platform-networkpolicy-kube-observability-${p}`),
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule platform-prometheusrule-kube-observability-platform",
        "kubernetes:yaml/v2:ConfigGroup platform-crds",
      ].sort(),
    );
    expect(declared.filter((d) => d.parent === "platform-alerting").map((d) => `${d.type} ${d.name}`)).toEqual([
      `kubernetes:core/v1:Secret platform-alerting-secret-${alertmanagerSecret.name}`,
    ]);
  });

  it("installs the chart after its namespace, the CRDs, the Grafana secret and the Alertmanager config secret", () => {
    expect(one("platform-chart").dependsOn).toEqual([
      `platform-alerting-secret-${alertmanagerSecret.name}`,
      "platform-crds",
      "platform-namespace-monitoring",
      "platform-secret-grafana-admin",
    ]);
  });

  it("creates the platform PrometheusRule only after the CRDs", () => {
    expect(one("platform-prometheusrule-kube-observability-platform").dependsOn).toContain("platform-crds");
  });

  it("pins the chart and gives it exactly the generated values, with CRDs left to the component", () => {
    const release = inputs("platform-chart");
    expect(release).toMatchObject({
      chart: "kube-prometheus-stack",
      version: stack.platform.chart.version,
      skipCrds: true,
      namespace: "monitoring",
      name: stack.platform.releaseName,
    });
    expect(release.values).toEqual(helmValues(stack.platform, alertmanagerSecret.name));
  });

  it("applies the CRDs of the chart's operator version", () => {
    const files = inputs("platform-crds").files as string[];
    expect(files.length).toBe(10);
    for (const f of files) expect(f).toContain(`/v${stack.platform.chart.operatorVersion}/`);
  });

  it("keeps the Grafana password a secret, in the Secret only, never in Helm values", () => {
    const secret = inputs("platform-secret-grafana-admin");
    expect(isSecretValue(secret.stringData)).toBe(true);
    expect(unwrapSecret(secret.stringData)).toMatchObject({ "admin-password": CANARY });
    for (const r of registered.filter((x) => x.name !== "platform-secret-grafana-admin")) {
      expect(JSON.stringify(r.inputs), r.name).not.toContain(CANARY);
    }
  });
});

describe("the service components", () => {
  it.each(stack.services.map((s) => [s.name, s] as const))(
    "%s: a ServiceMonitoring component after the CRDs, with a ServiceMonitor and a PrometheusRule under it, and its Probe if it has one",
    (name, s) => {
      expect(one(name)).toMatchObject({ type: naming.typeToken.service, parent: undefined, dependsOn: ["platform-crds"] });
      const children = declared.filter((d) => d.parent === name).map((d) => `${d.type} ${d.name}`);
      expect(children.sort()).toEqual([
        ...(s.probe !== undefined ? [`kubernetes:monitoring.coreos.com/v1:Probe ${name}-probe`] : []),
        `kubernetes:monitoring.coreos.com/v1:PrometheusRule ${name}-prometheusrule`,
        `kubernetes:monitoring.coreos.com/v1:ServiceMonitor ${name}-servicemonitor`,
      ]);
      const monitor = inputs(`${name}-servicemonitor`) as { metadata: { name: string; namespace: string; labels: Record<string, string> } };
      expect(monitor.metadata).toMatchObject({ name: s.name, namespace: s.namespace });
      expect(monitor.metadata.labels).toMatchObject({ ...naming.selectorLabels(stack.platform), [`${naming.PROJECT}.io/team`]: s.team });
    },
  );

  it("registers at most 3 resources per service, 4 with a probe", () => {
    expect(stack.services.some((s) => s.probe !== undefined)).toBe(true);
    for (const s of stack.services) {
      const own = declared.filter((d) => d.name === s.name || d.parent === s.name);
      expect(own.length).toBeLessThanOrEqual(s.probe !== undefined ? 4 : 3);
    }
  });
});

describe("argument checks", () => {
  it("refuses a Grafana without an admin password, naming the config key and how to set it", async () => {
    const { MonitoringPlatform } = await import("../components");
    expect(() => new MonitoringPlatform("no-password", { platform: stack.platform })).toThrow(
      /grafanaAdminPassword is required while platform\.grafana\.enabled is true \(there is no default password\); set it with `pulumi config set --secret grafanaAdminPassword <password>`/,
    );
  });
});
