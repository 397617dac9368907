import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { isSecretValue, unwrapSecret } from "./support/capture";
import { engineConfig } from "./support/stack-config";
import { renderToTemp } from "./support/tools";
import { ROOT } from "./support/config";
import { SECRET_PLACEHOLDER, SECRET_URL_PLACEHOLDER, readStackFile } from "../render";
import { placeholderCredentials } from "../alerting";
import { naming, parseStack } from "../spec";

const CANARY = "canary-remote-write-Mx52";
const prod = parseStack(readStackFile(ROOT, "prod"));
let registered: Registered[] = [];

beforeAll(async () => {
  registered = await installMocks(
    engineConfig("prod", {
      "kube-observability:grafanaAdminPassword": SECRET_PLACEHOLDER,
      "kube-observability:alertingSecrets": placeholderCredentials(prod.alerting!, { url: SECRET_URL_PLACEHOLDER, token: SECRET_PLACEHOLDER }),
      "kube-observability:remoteWriteSecrets": { mimir: CANARY },
    }),
    "prod",
  );
  await import("../index");
  await settle();
});

/** Paths in a value where the canary occurs outside any secret-signed value. */
function plainOccurrences(value: unknown, at: string): string[] {
  if (isSecretValue(value)) return [];
  if (typeof value === "string") return value.includes(CANARY) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, `${at}.${k}`));
  return [];
}

/** A registered object as render writes it: the canary replaced by the render placeholder. */
function asRendered(r: Registered): Record<string, unknown> {
  const o = structuredClone(r.inputs);
  if (o.kind === "Secret") {
    const data = unwrapSecret(o.stringData) as Record<string, unknown>;
    o.stringData = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, unwrapSecret(v) === CANARY ? SECRET_PLACEHOLDER : unwrapSecret(v)]));
  }
  return o;
}

describe("the Pulumi program on Pulumi.prod.yaml, under mocks", () => {
  it("puts the remote-write password in the remote-write Secret, inside a secret value", () => {
    const secret = registered.find((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name: string }).name === naming.scaleOut.remoteWriteSecretName);
    expect(isSecretValue(secret?.inputs.stringData)).toBe(true);
    const data = unwrapSecret(secret?.inputs.stringData) as Record<string, unknown>;
    expect(unwrapSecret(data["mimir-password"])).toBe(CANARY);
  });

  it("puts the remote-write password in no plain input of any resource, the Helm values included", () => {
    expect(registered.flatMap((r) => plainOccurrences(r.inputs, `${r.type}:${r.name}`))).toEqual([]);
    const values = registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release")?.inputs.values;
    expect(JSON.stringify(values)).not.toContain(CANARY);
  });

  it("registers exactly the Kubernetes objects that render writes for prod, with the same content", () => {
    const dir = path.join(renderToTemp(prod), "kubernetes");
    const rendered = fs
      .readdirSync(dir)
      .filter((f) => f !== "helm-values.yaml")
      .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>);
    const objects = registered.filter((r) => "kind" in r.inputs && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh")).map(asRendered);
    const key = (o: Record<string, unknown>): string => `${String(o.kind)}/${(o.metadata as { name: string }).name}`;
    expect(objects.map(key).sort()).toEqual(rendered.map(key).sort());
    for (const o of objects) expect(o, key(o)).toEqual(rendered.find((x) => key(x) === key(o)));
  });
});
