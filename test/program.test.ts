import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { unwrapSecret } from "./support/capture";
import { engineConfig } from "./support/stack-config";
import { devStack } from "./support/config";
import { renderToTemp } from "./support/tools";
import { SECRET_PLACEHOLDER, SECRET_URL_PLACEHOLDER } from "../render";
import { placeholderCredentials } from "../alerting";

const CANARY = "canary-program-Hx41";
let registered: Registered[] = [];
let program: Record<string, unknown> = {};

beforeAll(async () => {
  // Placeholders as render uses them, so that the registered Secret can equal the rendered file.
  const credentials = placeholderCredentials(devStack().alerting!, { url: SECRET_URL_PLACEHOLDER, token: SECRET_PLACEHOLDER });
  registered = await installMocks(
    engineConfig("dev", { "kube-observability:grafanaAdminPassword": CANARY, "kube-observability:alertingSecrets": credentials }),
  );
  program = await import("../index");
  await settle();
});

/** A registered Kubernetes object in rendered form: secrets replaced by the render placeholder. */
function asRendered(r: Registered): Record<string, unknown> {
  const o = structuredClone(r.inputs);
  if (o.kind === "Secret") {
    const data = unwrapSecret(o.stringData) as Record<string, unknown>;
    o.stringData = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, unwrapSecret(v) === CANARY ? SECRET_PLACEHOLDER : unwrapSecret(v)]));
  }
  return o;
}

describe("the Pulumi program on the real Pulumi.dev.yaml, under mocks", () => {
  it("registers exactly the Kubernetes objects that render writes, with the same content", () => {
    const out = renderToTemp(devStack());
    const dir = path.join(out, "kubernetes");
    const rendered = fs
      .readdirSync(dir)
      .filter((f) => f !== "helm-values.yaml")
      .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>);
    const objects = registered.filter((r) => "kind" in r.inputs && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh")).map(asRendered);
    const key = (o: Record<string, unknown>): string => `${String(o.kind)}/${(o.metadata as { name: string }).name}`;
    expect(objects.map(key).sort()).toEqual(rendered.map(key).sort());
    for (const o of objects) expect(o, key(o)).toEqual(rendered.find((x) => key(x) === key(o)));
  });

  it("gives the chart exactly the rendered helm-values.yaml", () => {
    const out = renderToTemp(devStack());
    const values = yaml.load(fs.readFileSync(path.join(out, "kubernetes", "helm-values.yaml"), "utf8"));
    expect(registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release")?.inputs.values).toEqual(values);
  });

  it("exports the namespace, the pinned chart and the services", async () => {
    expect(program.chart).toBe("kube-prometheus-stack@88.5.3");
    expect(program.services).toEqual([
      { name: "orders-api", namespace: "shop", team: "backend" },
      { name: "payments-api", namespace: "payments", team: "payments" },
    ]);
  });
});
