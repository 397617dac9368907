import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, settle, type Registered } from "./support/mocks";
import { isSecretValue, unwrapSecret } from "./support/capture";
import { engineConfig } from "./support/stack-config";
import { kindName, plainOccurrences, registeredObjects, renderedObjects } from "./support/registered";
import { ROOT } from "./support/config";
import { SECRET_PLACEHOLDER, SECRET_URL_PLACEHOLDER, readStackFile } from "../render";
import { placeholderCredentials } from "../alerting";
import { parseStack } from "../config";
import { scaleOut } from "../manifests";

const CANARY = "canary-remote-write-Mx52";
const prod = parseStack(readStackFile(ROOT, "prod"));
let registered: Registered[] = [];

beforeAll(async () => {
  registered = await installMocks(
    engineConfig("prod", {
      "kube-observability:grafanaAdminPassword": SECRET_PLACEHOLDER,
      "kube-observability:alertingSecrets": placeholderCredentials(prod.alerting!, {
        url: SECRET_URL_PLACEHOLDER,
        token: SECRET_PLACEHOLDER,
      }),
      "kube-observability:remoteWriteSecrets": { mimir: CANARY },
    }),
    "prod",
  );
  await import("../index");
  await settle();
});

describe("the Pulumi program on Pulumi.prod.yaml, under mocks", () => {
  it("puts the remote-write password in the remote-write Secret, inside a secret value", () => {
    const secret = registered.find(
      (r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name: string }).name === scaleOut.remoteWriteSecretName,
    );
    expect(isSecretValue(secret?.inputs.stringData)).toBe(true);
    const data = unwrapSecret(secret?.inputs.stringData) as Record<string, unknown>;
    expect(unwrapSecret(data["mimir-password"])).toBe(CANARY);
  });

  it("puts the remote-write password in no plain input of any resource, the Helm values included", () => {
    expect(registered.flatMap((r) => plainOccurrences(r.inputs, CANARY, `${r.type}:${r.name}`))).toEqual([]);
    const values = registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release")?.inputs.values;
    expect(JSON.stringify(values)).not.toContain(CANARY);
  });

  it("registers exactly the Kubernetes objects that render writes for prod, with the same content", () => {
    const rendered = renderedObjects(prod);
    const objects = registeredObjects(registered, CANARY);
    expect(objects.map(kindName).sort()).toEqual(rendered.map(kindName).sort());
    for (const o of objects) expect(o, kindName(o)).toEqual(rendered.find((x) => kindName(x) === kindName(o)));
  });
});
