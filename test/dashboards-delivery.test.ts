/** Wiring of the GrafanaDashboards component under Pulumi mocks: both delivery paths and their checks. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { dashboardJson, stackDashboards } from "../dashboards";
import { naming, type StackConfig } from "../config";
import { captureDeclarations, isSecretValue, unwrapSecret, type Declared } from "./support/capture";
import { baseConfig, devStack, stackOf } from "./support/config";
import { installMocks, settle, type Registered } from "./support/mocks";

const URL_CANARY = "https://canary-grafana-Xk2.example.com";
const TOKEN_CANARY = "glsa_canary_token_Pq7";
const sidecarStack = devStack();
const apiStack: StackConfig = stackOf({ ...baseConfig(), dashboards: { delivery: "grafanaApi" } });

let registered: Registered[] = [];
let declared: Declared[] = [];
let GrafanaDashboards: typeof import("../components").GrafanaDashboards;

beforeAll(async () => {
  registered = await installMocks();
  ({ GrafanaDashboards } = await import("../components"));
  await pulumi.runtime.runInPulumiStack(async () => {
    declared = captureDeclarations();
    new GrafanaDashboards("side", { stack: sidecarStack });
    new GrafanaDashboards("api", { stack: apiStack, grafanaUrl: URL_CANARY, grafanaToken: TOKEN_CANARY });
  });
  await settle();
});

const children = (parent: string): string[] =>
  declared
    .filter((d) => d.parent === parent)
    .map((d) => `${d.type} ${d.name}`)
    .sort();
const inputs = (name: string): Record<string, unknown> => {
  const r = registered.find((x) => x.name === name);
  expect(r, name).toBeDefined();
  return r!.inputs;
};

describe("sidecar delivery (the default)", () => {
  it("creates one ConfigMap per team folder, not per service, parented to the component", () => {
    expect(declared.find((d) => d.name === "side")?.type).toBe(naming.grafana.typeToken);
    expect(children("side")).toEqual([
      "kubernetes:core/v1:ConfigMap side-grafana-dashboards-backend",
      "kubernetes:core/v1:ConfigMap side-grafana-dashboards-payments",
      "kubernetes:core/v1:ConfigMap side-grafana-dashboards-platform",
    ]);
  });

  it("puts the normalised dashboard JSON in its team's ConfigMap, labelled for the sidecar and annotated with the team folder", () => {
    const cm = inputs("side-grafana-dashboards-backend") as {
      metadata: { namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
      data: Record<string, string>;
    };
    const orders = stackDashboards(sidecarStack).find((d) => d.uid === "ko-orders-api")!;
    const storefront = stackDashboards(sidecarStack).find((d) => d.uid === "ko-storefront")!;
    // Both of the backend team's services: one ConfigMap per team folder.
    expect(cm.data).toEqual({ "ko-orders-api.json": dashboardJson(orders.model), "ko-storefront.json": dashboardJson(storefront.model) });
    expect(cm.metadata.namespace).toBe("monitoring");
    expect(cm.metadata.labels[naming.grafana.sidecar.label]).toBe(naming.grafana.sidecar.labelValue);
    expect(cm.metadata.annotations).toEqual({ [naming.grafana.sidecar.folderAnnotation]: "backend" });
  });
});

describe("Grafana API delivery", () => {
  it("creates a provider, a folder per team and a dashboard each, all parented to the component", () => {
    expect(children("api")).toEqual([
      "grafana:oss/dashboard:Dashboard api-ko--overview",
      "grafana:oss/dashboard:Dashboard api-ko-orders-api",
      "grafana:oss/folder:Folder api-folder-ko-team-backend",
      "grafana:oss/folder:Folder api-folder-ko-team-platform",
      "pulumi:providers:grafana api-grafana",
    ]);
  });

  it("keeps the Grafana URL and token secret", () => {
    const provider = inputs("api-grafana");
    expect(isSecretValue(provider.url)).toBe(true);
    expect(isSecretValue(provider.auth)).toBe(true);
    expect(unwrapSecret(provider.url)).toBe(URL_CANARY);
    expect(unwrapSecret(provider.auth)).toBe(TOKEN_CANARY);
    const plain = JSON.stringify(registered.filter((r) => r.name !== "api-grafana").map((r) => r.inputs));
    expect(plain).not.toContain(TOKEN_CANARY);
    expect(plain).not.toContain(URL_CANARY);
  });

  it("files each dashboard in its team's folder, overwriting hand edits, with the normalised JSON", () => {
    const d = inputs("api-ko-orders-api");
    expect(d.folder).toBe(naming.grafanaFolderUid("backend"));
    expect(d.overwrite).toBe(true);
    expect(d.configJson).toBe(dashboardJson(stackDashboards(apiStack).find((x) => x.uid === "ko-orders-api")!.model));
    expect(inputs("api-folder-ko-team-backend")).toMatchObject({ uid: "ko-team-backend", title: "backend" });
  });
});

describe("delivery checks", () => {
  it.each([
    [
      "API delivery without the token",
      () => new GrafanaDashboards("bad1", { stack: apiStack, grafanaUrl: URL_CANARY }),
      "grafanaApiUrl and grafanaApiToken are both required while dashboards.delivery is grafanaApi",
    ],
    [
      "sidecar delivery with API secrets set",
      () => new GrafanaDashboards("bad2", { stack: sidecarStack, grafanaUrl: URL_CANARY, grafanaToken: TOKEN_CANARY }),
      "grafanaApiUrl/grafanaApiToken are set but dashboards.delivery is sidecar",
    ],
  ])("%s is refused with an error naming both settings", (_case, make, message) => {
    expect(make).toThrow(message);
  });
});
