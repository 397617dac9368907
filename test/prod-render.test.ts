import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { SECRET_PLACEHOLDER, readStackFile } from "../render";
import { parseStack } from "../config";
import { ROOT } from "./support/config";
import { renderToTemp } from "./support/tools";
import { scaleOut } from "../manifests";

const out = renderToTemp(parseStack(readStackFile(ROOT, "prod")));
const read = (file: string): Record<string, unknown> => yaml.load(fs.readFileSync(path.join(out, file), "utf8")) as Record<string, unknown>;

/** The receivers amtool resolves a label set to on the rendered prod configuration. */
function amtoolReceivers(labels: Record<string, string>): string[] {
  const args = [
    "config",
    "routes",
    "test",
    `--config.file=${path.join(out, "alertmanager", "alertmanager.yaml")}`,
    ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
  ];
  return execFileSync("amtool", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    .trim()
    .split(",")
    .map((s) => s.trim());
}

describe("render handles prod like dev", () => {
  it("writes the NetworkPolicies, the remote-write Secret with a placeholder, and the namespace's Pod Security labels", () => {
    const files = fs.readdirSync(path.join(out, "kubernetes")).sort();
    expect(files.filter((f) => f.startsWith("networkpolicy-"))).toHaveLength(8);
    const secret = read(`kubernetes/secret-${scaleOut.remoteWriteSecretName}.yaml`);
    expect(secret.stringData).toEqual({ "mimir-password": SECRET_PLACEHOLDER, "mimir-username": "prod-cluster" });
    expect(
      (read("kubernetes/namespace-monitoring.yaml").metadata as { labels: Record<string, string> }).labels[
        "pod-security.kubernetes.io/enforce"
      ],
    ).toBe("privileged");
  });

  it("gives the chart values that keep the remote-write meta-alerts on and reference the credentials by Secret name", () => {
    const values = read("kubernetes/helm-values.yaml") as {
      defaultRules: { rules: Record<string, boolean> };
      prometheus: { prometheusSpec: { remoteWrite: unknown[] } };
    };
    expect(values.defaultRules.rules.prometheus).toBe(true);
    expect(JSON.stringify(values.prometheus.prometheusSpec.remoteWrite)).toContain(scaleOut.remoteWriteSecretName);
    expect(JSON.stringify(values)).not.toContain(SECRET_PLACEHOLDER);
  });
});

describe("the chart's remote-write meta-alerts reach the platform team (amtool config routes test on the rendered prod config)", () => {
  // Labels as the chart's `prometheus` rule group emits them: no team label, the chart's severities.
  const chartAlert = (alertname: string, severity: string): Record<string, string> => ({
    alertname,
    severity,
    namespace: "monitoring",
    job: "kube-prometheus-stack-prometheus",
  });

  it.each([
    ["PrometheusRemoteStorageFailures", "critical", "platform-pager"],
    ["PrometheusRemoteWriteBehind", "critical", "platform-pager"],
    ["PrometheusRemoteWriteDesiredShards", "warning", "platform-chat"],
  ])("%s (%s) goes to %s", (alertname, severity, receiver) => {
    expect(amtoolReceivers(chartAlert(alertname, severity))).toEqual([receiver]);
  });

  it("routes another team's page elsewhere (the check can fail)", () => {
    expect(amtoolReceivers({ alertname: "PrometheusRemoteWriteBehind", severity: "page", team: "payments" })).toEqual(["payments-pager"]);
  });
});
