import { beforeAll, describe, expect, it, vi } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { isSecretValue, unwrapSecret } from "./support/capture";
import { engineConfig } from "./support/stack-config";
import { plainOccurrences } from "./support/registered";
import { devStack } from "./support/config";
import { renderStack } from "../render";
import { alertmanagerSecret } from "../manifests";

// Recognisable fake credentials: a URL-shaped one and a token-shaped one.
const CANARY = "canary-alerting-Zq93";
const CREDENTIALS = {
  "backend-chat": `https://hooks.slack.example/${CANARY}/backend`,
  "payments-chat": `https://hooks.slack.example/${CANARY}/payments`,
  "platform-chat": `https://webhook.example/${CANARY}/platform`,
  heartbeat: `https://hc-ping.example/${CANARY}`,
};

let registered: Registered[] = [];
const logged: string[] = [];

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
  }
  registered = await installMocks(
    engineConfig("dev", { "kube-observability:grafanaAdminPassword": "grafana-pw", "kube-observability:alertingSecrets": CREDENTIALS }),
  );
  await import("../index");
  await settle();
  vi.restoreAllMocks();
});

describe("a recognisable fake credential set in config", () => {
  it("reaches the Alertmanager configuration Secret, inside a secret value", () => {
    const secret = registered.find(
      (r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name: string }).name === alertmanagerSecret.name,
    );
    expect(secret).toBeDefined();
    expect(isSecretValue(secret?.inputs.stringData)).toBe(true);
    const data = unwrapSecret(secret?.inputs.stringData) as Record<string, unknown>;
    const text = String(unwrapSecret(data[alertmanagerSecret.key]));
    for (const v of Object.values(CREDENTIALS)) expect(text).toContain(v);
  });

  it("appears in no non-secret input of any registered resource", () => {
    expect(registered.length).toBeGreaterThan(5);
    expect(registered.flatMap((r) => plainOccurrences(r.inputs, CANARY, `${r.type}:${r.name}`))).toEqual([]);
  });

  it("appears nowhere in the Helm values, which point the Alertmanager at the Secret by name", () => {
    // The kube-prometheus-stack release (the stack may also deploy the blackbox exporter's).
    const values = registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "platform-chart")?.inputs
      .values as Record<string, unknown>;
    expect(JSON.stringify(values)).not.toContain(CANARY);
    expect((values.alertmanager as { alertmanagerSpec: unknown }).alertmanagerSpec).toMatchObject({
      configSecret: alertmanagerSecret.name,
      useExistingSecret: true,
    });
  });

  it("appears in nothing the program logged", () => {
    expect(logged.join("")).not.toContain(CANARY);
  });

  it("appears in no rendered file", () => {
    const files = renderStack(devStack());
    expect(files.some((f) => f.path === "alertmanager/alertmanager.yaml")).toBe(true);
    expect(files.filter((f) => f.content.includes(CANARY)).map((f) => f.path)).toEqual([]);
  });
});
