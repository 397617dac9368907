import { expect, it } from "vitest";
import { installMocks, programError } from "./support/mocks";
import { engineConfig } from "./support/stack-config";
import { ROOT } from "./support/config";
import { SECRET_PLACEHOLDER, SECRET_URL_PLACEHOLDER, readStackFile } from "../render";
import { placeholderCredentials } from "../alerting";
import { parseStack } from "../config";

it("a prod stack without its remote-write credential ends the program with the command to set it, before any resource", async () => {
  const prod = parseStack(readStackFile(ROOT, "prod"));
  const registered = await installMocks(
    engineConfig("prod", {
      "kube-observability:grafanaAdminPassword": SECRET_PLACEHOLDER,
      "kube-observability:alertingSecrets": placeholderCredentials(prod.alerting!, {
        url: SECRET_URL_PLACEHOLDER,
        token: SECRET_PLACEHOLDER,
      }),
      "kube-observability:remoteWriteSecrets": { mimri: "x" },
    }),
    "prod",
  );
  const error = await programError();
  expect((error as Error).constructor.name).toBe("RunError");
  expect((error as Error).message).toBe(
    [
      "invalid stack config: 2 problems",
      `  - remoteWriteSecrets["mimir"]: is missing: remote-write endpoint "mimir" has auth basic; set it with pulumi config set --secret --path 'remoteWriteSecrets["mimir"]' <value>`,
      `  - remoteWriteSecrets["mimri"]: is set but no remote-write endpoint with auth basic or bearer is named "mimri"; endpoints needing one: mimir`,
    ].join("\n"),
  );
  expect(registered).toEqual([]);
});
