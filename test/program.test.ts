import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { kindName, registeredObjects, renderedObjects } from "./support/registered";
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

describe("the Pulumi program on the real Pulumi.dev.yaml, under mocks", () => {
  it("registers exactly the Kubernetes objects that render writes, with the same content", () => {
    const rendered = renderedObjects(devStack());
    const objects = registeredObjects(registered, CANARY);
    expect(objects.map(kindName).sort()).toEqual(rendered.map(kindName).sort());
    for (const o of objects) expect(o, kindName(o)).toEqual(rendered.find((x) => kindName(x) === kindName(o)));
  });

  it("gives the chart exactly the rendered helm-values.yaml", () => {
    const out = renderToTemp(devStack());
    const values = yaml.load(fs.readFileSync(path.join(out, "kubernetes", "helm-values.yaml"), "utf8"));
    const releases = registered.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    // Two releases now that orders-api has a probe: the kube-prometheus-stack chart and the blackbox exporter.
    expect(releases.find((r) => r.name === "platform-chart")?.inputs.values).toEqual(values);
    const blackbox = yaml.load(fs.readFileSync(path.join(out, "blackbox-exporter", "helm-values.yaml"), "utf8"));
    expect(releases.find((r) => r.name === "platform-blackbox-exporter")?.inputs.values).toEqual(blackbox);
  });

  it("exports the namespace, the pinned chart and the services", async () => {
    expect(program.chart).toBe("kube-prometheus-stack@88.5.3");
    expect(program.services).toEqual([
      { name: "orders-api", namespace: "shop", team: "backend" },
      { name: "payments-api", namespace: "payments", team: "payments" },
      { name: "storefront", namespace: "shop", team: "backend" },
    ]);
  });
});
